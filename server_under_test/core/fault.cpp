#include "fault.hpp"

namespace gnp {

namespace {
// Each fault names the one requirement of docs/PROTOCOL.md it breaks.
constexpr FaultInfo kFaults[] = {
    {Fault::split_terminator_loses_byte, "split-terminator-loses-byte", "4.4/2"},
    {Fault::limit_on_read_buffer, "limit-on-read-buffer", "4.2/4"},
    {Fault::limit_off_by_one, "limit-off-by-one", "4.2/3"},
    {Fault::nul_hides_terminator, "nul-hides-terminator", "4.1/2"},
    {Fault::accept_overlong_utf8, "accept-overlong-utf8", "5.1/3"},
    {Fault::accept_surrogates, "accept-surrogates", "5.1/4"},
    {Fault::accept_bare_lf, "accept-bare-lf", "5.2/3"},
    {Fault::accept_double_space, "accept-double-space", "5.3/2"},
    {Fault::accept_duplicate_header, "accept-duplicate-header", "5.4/4"},
    {Fault::case_sensitive_header_names, "case-sensitive-header-names", "5.4/8"},
    {Fault::accept_sequence_overflow, "accept-sequence-overflow", "5.5/6"},
    {Fault::size_counts_code_points, "size-counts-code-points", "6.4/3"},
    {Fault::case_insensitive_commands, "case-insensitive-commands", "8.7/2"},
    {Fault::echo_joins_without_space, "echo-joins-without-space", "8.2/1"},
    {Fault::get_missing_is_empty_ok, "get-missing-is-empty-ok", "8.4/3"},
    {Fault::quit_keeps_open, "quit-keeps-open", "8.6/1"},
    {Fault::no_greeting, "no-greeting", "3.1/1"},
    {Fault::close_after_bad_request, "close-after-bad-request", "7.2/1"},
    {Fault::too_large_keeps_open, "too-large-keeps-open", "4.3/2"},
    {Fault::too_large_silent_close, "too-large-silent-close", "4.3/1"},
    {Fault::no_request_timeout, "no-request-timeout", "10.2/1"},
    {Fault::sequence_from_previous, "sequence-from-previous", "6.3/1"},
    {Fault::reorder_pipelined, "reorder-pipelined", "6.1/1"},
    {Fault::pipeline_depth_drop, "pipeline-depth-drop", "6.1/1"},
    {Fault::deferred_del_in_pipeline, "deferred-del-in-pipeline", "8.8/3"},
    {Fault::stale_cross_connection_read, "stale-cross-connection-read", "8.8/2"},
};
}  // namespace

std::span<const FaultInfo> all_faults() { return kFaults; }

std::optional<Fault> fault_from_name(std::string_view name) {
  for (const FaultInfo& info : kFaults) {
    if (info.name == name) return info.fault;
  }
  return std::nullopt;
}

}  // namespace gnp
