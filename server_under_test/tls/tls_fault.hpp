// Deliberate faults of the TLS layer for mutation testing (PROTOCOL.md 9, 11.7), declared with
// the TLS code rather than in the sans-IO core: the checks of client_auth.cpp (built twice, as
// gnp_tls and gnp_tls_faulty) and the close_notify the shell sends after an auth failure.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/fault.hpp"

namespace gnp::tls {

enum class TlsFault {
  none,
  dates_unchecked,           // expired and not-yet-valid certificates are let in
  dates_before_fingerprint,  // an unknown expired certificate is reported as expired
  no_close_notify,           // auth errors close the TCP connection without close_notify
};
using TlsFaultInfo = FaultEntry<TlsFault>;

std::span<const TlsFaultInfo> tls_faults();
std::optional<TlsFault> tls_fault_from_name(std::string_view name);

#ifdef GNP_FAULT_INJECTION
inline TlsFault g_active_tls_fault = TlsFault::none;  // set once at start-up
#define GNP_TLS_FAULT(name) (::gnp::tls::g_active_tls_fault == ::gnp::tls::TlsFault::name)
#else
#define GNP_TLS_FAULT(name) false
#endif

}  // namespace gnp::tls
