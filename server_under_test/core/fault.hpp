// Deliberate faults for mutation testing of the conformance suite (PROTOCOL.md 11.7).
//
// The core is compiled twice: `gnp_core` (the reference; every GNP_FAULT(...) is the constant
// false and compiles away) and `gnp_core_faulty` (GNP_FAULT_INJECTION defined; one fault may be
// chosen at start-up by the `gnp-server-mutant` binary). Nothing else ever links the faulty one.
//
// Faults that need state of their own (what one read held, what one connection has seen) are not
// fault points in the core: they live in the faulty build's filter around the reference
// Connection (server_under_test/faults/faulty_connection.hpp). TLS and shell faults are declared
// with their code (server_under_test/tls/tls_fault.hpp, server_under_test/shell/shell_fault.hpp).
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace gnp {

enum class Fault {
  none,
  // framing (PROTOCOL.md 4): framer.cpp, connection.cpp
  split_terminator_loses_byte,  // a terminator split across reads drops the byte after it
  limit_on_read_buffer,         // 8192 applied to everything buffered, not to one request
  limit_off_by_one,             // a request of exactly 8192 bytes is refused
  limit_allows_8193,            // the limit check lets one octet more through
  too_large_needs_another_octet,  // too-large waits for an octet after the 8192nd
  nul_hides_terminator,         // scanning stops at a NUL byte, like strstr
  too_large_drops_earlier_responses,  // the too-large path clears output not yet sent
  eof_answers_unfinished,       // an unfinished request at end of stream gets ERR bad-request
  // encoding (5.1): utf8.cpp, request_parser.cpp
  accept_overlong_utf8,
  accept_surrogates,
  accept_above_10ffff,
  accept_f5_ff,                 // lead octets 0xF5-0xFF pass as single characters
  accept_stray_continuation,
  accept_truncated_utf8,        // a sequence cut short by the end of the text passes
  reject_noncharacters,         // U+FFFE, U+FFFF and U+FEFF are refused
  syntax_before_encoding,       // the UTF-8 check runs after the line checks
  // lines and controls (5.2)
  accept_bare_lf,
  accept_c0_controls,           // only NUL, CR and LF are checked
  accept_del_octet,             // 0x7F passes (a `< 0x20` check)
  reject_c1_controls,           // U+0080-U+009F refused as controls
  reject_ht_in_header_value,    // HT refused everywhere, as a control
  // command line (5.3)
  accept_double_space,
  accept_ht_in_command_line,
  trim_command_line,            // leading and trailing SP are trimmed instead of refused
  // headers (5.4, 5.5, 5.6)
  accept_duplicate_header,
  case_sensitive_header_names,
  accept_space_before_colon,    // `Name : v` is read as `Name: v`
  accept_bad_header_name_char,  // any octet but `:` may be in a name
  ignore_line_without_colon,
  accept_empty_header_name,
  repeated_check_only_sequence, // only a repeated Sequence is refused
  reject_colon_in_header_value, // `A:b:c` refused
  reject_unknown_headers,
  size_header_meaningful,       // a request's Size header cuts the ECHO body
  accept_sequence_overflow,
  accept_sequence_sign,         // `+1` parses
  accept_non_ascii_digits,      // fullwidth digits U+FF10-U+FF19 parse
  accept_empty_sequence,        // `Sequence:` with no value counts as absent
  reject_leading_zero_sequence,
  reject_max_sequence,          // the range check is `< 2^63-1`
  command_before_headers,       // an unknown command is answered before the headers are checked
  // responses (6): response_writer.cpp
  size_counts_code_points,      // Size counts code points instead of bytes
  size_zero_on_empty_ok,
  size_on_errors,
  message_on_ok,
  not_found_without_message,
  empty_message_bad_arguments,
  size_before_sequence,
  lowercase_ok,
  lowercase_header_names,
  no_space_after_colon,
  server_header,                // every response carries `Server: gnp`
  error_code_underscores,       // `ERR not_found`
  greeting_announces_version,   // the greeting has a body `GNP/1`
  // commands (8): dispatch.cpp
  case_insensitive_commands,
  echo_joins_without_space,
  echo_first_argument_only,
  get_missing_is_empty_ok,
  del_missing_ok,
  set_keeps_first_value,        // SET inserts, never replaces
  keys_case_insensitive,
  ignore_extra_arguments,       // GET/DEL use the first key and ignore the rest
  arity_before_name,            // `ping x` is checked for arguments like PING
  bad_arguments_without_sequence,
  not_found_without_sequence,
  quit_keeps_open,
  // close behaviour (3, 7): connection.cpp, dispatch.cpp
  no_greeting,
  close_after_bad_request,
  close_after_bad_encoding,
  close_after_not_found,
  too_large_keeps_open,
  too_large_silent_close,
  // limits (10): connection.cpp
  no_request_timeout,
  no_idle_timeout,
  idle_timer_not_restarted,     // the idle timer restarts only when a request completes
  request_timer_restarted,      // every octet of an unfinished request restarts its timer
  timeout_answers_unfinished,   // the request timeout first answers the partial request
  unbounded_output,             // reading never stops for unsent output
  // at the edge: the filter around Connection in the faulty build (faulty_connection.hpp)
  sequence_from_previous,       // echoes the Sequence of the previous request
  sequence_echoed_as_sent,      // echoes the Sequence digits as sent, leading zeros included
  sequence_on_bad_request,      // a bad-request answer echoes a Sequence found in the request
  message_quotes_offending_octet,  // the bad-request Message quotes the raw octet
  reorder_pipelined,            // swaps the first two responses produced from one read
  pipeline_depth_drop,          // responses past the 64th of one read are dropped
  one_request_per_read,         // complete requests after the first of a read are lost
  response_held_while_partial,  // a read ending in a partial request holds its responses back
  deferred_del_in_pipeline,     // a DEL followed by more requests in one read applies at its end
  stale_cross_connection_read,  // GET answers from a per-connection cache of earlier GETs
  per_connection_store,         // each connection has a store of its own
  quit_drains_pipeline,         // requests after QUIT in the same read still change the store
  greeting_after_first_read,    // the greeting waits for the client's first octets
};

// One selectable fault: its --fault name and the requirement (PROTOCOL.md `S/N` ID) a
// conformance run must fail. The same shape serves the TLS faults (tls_fault.hpp).
template <class Id>
struct FaultEntry {
  Id fault;
  std::string_view name;         // as given to --fault
  std::string_view requirement;  // e.g. "4.2/3"

  // The PROTOCOL.md section of the requirement, e.g. "4.2".
  constexpr std::string_view section() const { return requirement.substr(0, requirement.find('/')); }
};
using FaultInfo = FaultEntry<Fault>;

// The entry of `entries` named `name` (as given to --fault): the one lookup of the core, TLS and
// shell fault lists.
template <class Id>
std::optional<Id> fault_named(std::span<const FaultEntry<Id>> entries, std::string_view name) {
  for (const FaultEntry<Id>& entry : entries) {
    if (entry.name == name) return entry.fault;
  }
  return std::nullopt;
}

// The faults of the sans-IO core (TLS faults: tls_faults()).
std::span<const FaultInfo> all_faults();
std::optional<Fault> fault_from_name(std::string_view name);

#ifdef GNP_FAULT_INJECTION
inline constexpr bool kFaultInjection = true;
inline Fault g_active_fault = Fault::none;  // set once at start-up, before any connection
#define GNP_FAULT(name) (::gnp::g_active_fault == ::gnp::Fault::name)
#else
inline constexpr bool kFaultInjection = false;  // fast paths that bypass fault points stay on
#define GNP_FAULT(name) false
#endif

}  // namespace gnp
