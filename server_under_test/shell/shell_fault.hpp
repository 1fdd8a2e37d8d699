// Deliberate faults of the network shell for mutation testing (PROTOCOL.md 7.3, 10.3, 11.7),
// declared with the shell rather than in the sans-IO core. The shell is compiled once per core
// variant; in gnp_shell (no GNP_FAULT_INJECTION) every GNP_SHELL_FAULT(...) is false.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "core/fault.hpp"

namespace gnp::shell {

enum class ShellFault {
  none,
  busy_silent_close,   // beyond the connection limit: closed without `ERR busy`
  no_lingering_close,  // a closing frame is followed by an immediate close, unread input and all
};
using ShellFaultInfo = FaultEntry<ShellFault>;

std::span<const ShellFaultInfo> shell_faults();
std::optional<ShellFault> shell_fault_from_name(std::string_view name);

#ifdef GNP_FAULT_INJECTION
inline ShellFault g_active_shell_fault = ShellFault::none;  // set once at start-up
#define GNP_SHELL_FAULT(name) (::gnp::shell::g_active_shell_fault == ::gnp::shell::ShellFault::name)
#else
#define GNP_SHELL_FAULT(name) false
#endif

}  // namespace gnp::shell
