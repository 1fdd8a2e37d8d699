// Deliberate faults for mutation testing of the conformance suite (PROTOCOL.md 11.7).
//
// The core is compiled twice: `gnp_core` (the reference; every GNP_FAULT(...) is the constant
// false and compiles away) and `gnp_core_faulty` (GNP_FAULT_INJECTION defined; one fault may be
// chosen at start-up by the `gnp-server-mutant` binary). Nothing else ever links the faulty one.
//
// Faults that need state of their own (what one read held, what one connection has seen) are not
// fault points in the core: they live in the faulty build's filter around the reference
// Connection (server_under_test/faults/faulty_connection.hpp). TLS faults are declared with the
// TLS code (server_under_test/tls/tls_fault.hpp).
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace gnp {

enum class Fault {
  none,
  // framing (PROTOCOL.md 4)
  split_terminator_loses_byte,  // a terminator split across reads drops the byte after it
  limit_on_read_buffer,         // 8192 applied to everything buffered, not to one request
  limit_off_by_one,             // a request of exactly 8192 bytes is refused
  nul_hides_terminator,         // scanning stops at a NUL byte, like strstr
  // encoding (5.1)
  accept_overlong_utf8,
  accept_surrogates,
  // syntax (5.2, 5.3)
  accept_bare_lf,
  accept_double_space,
  // headers (5.4, 5.5)
  accept_duplicate_header,
  case_sensitive_header_names,
  accept_sequence_overflow,
  // responses (6)
  size_counts_code_points,      // Size counts code points instead of bytes
  // commands (8)
  case_insensitive_commands,
  echo_joins_without_space,
  get_missing_is_empty_ok,
  quit_keeps_open,
  // close behaviour (3, 7)
  no_greeting,
  close_after_bad_request,
  too_large_keeps_open,
  too_large_silent_close,
  // limits (10)
  no_request_timeout,
  // at the edge: the filter around Connection in the faulty build (faulty_connection.hpp)
  sequence_from_previous,       // echoes the Sequence of the previous request
  reorder_pipelined,            // swaps the first two responses produced from one read
  pipeline_depth_drop,          // responses past the 64th of one read are dropped
  deferred_del_in_pipeline,     // a DEL followed by more requests in one read applies at its end
  stale_cross_connection_read,  // GET answers from a per-connection cache of earlier GETs
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
