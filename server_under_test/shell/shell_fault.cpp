#include "shell/shell_fault.hpp"

namespace gnp::shell {

namespace {
constexpr ShellFaultInfo kShellFaults[] = {
    {ShellFault::busy_silent_close, "busy-silent-close", "10.3/2"},
    {ShellFault::no_lingering_close, "no-lingering-close", "7.3/2"},
};
}  // namespace

std::span<const ShellFaultInfo> shell_faults() { return kShellFaults; }

std::optional<ShellFault> shell_fault_from_name(std::string_view name) { return fault_named<ShellFault>(kShellFaults, name); }

}  // namespace gnp::shell
