#include "shell/mutant_faults.hpp"

#include "core/fault.hpp"
#include "shell/shell_fault.hpp"
#include "tls/tls_fault.hpp"

namespace gnp::shell {

std::vector<NamedFault> mutant_faults() {
  std::vector<NamedFault> faults;
  for (const FaultInfo& info : all_faults()) faults.push_back({info.name, info.requirement});
  for (const tls::TlsFaultInfo& info : tls::tls_faults()) faults.push_back({info.name, info.requirement});
  for (const ShellFaultInfo& info : shell_faults()) faults.push_back({info.name, info.requirement});
  return faults;
}

bool is_mutant_fault(std::string_view name) {
  return fault_from_name(name).has_value() || tls::tls_fault_from_name(name).has_value() ||
         shell_fault_from_name(name).has_value();
}

bool activate_fault(std::string_view name) {
#ifdef GNP_FAULT_INJECTION
  if (const std::optional<Fault> fault = fault_from_name(name)) {
    g_active_fault = *fault;
    return true;
  }
  if (const std::optional<tls::TlsFault> fault = tls::tls_fault_from_name(name)) {
    tls::g_active_tls_fault = *fault;
    return true;
  }
  if (const std::optional<ShellFault> fault = shell_fault_from_name(name)) {
    g_active_shell_fault = *fault;
    return true;
  }
#else
  (void)name;
#endif
  return false;
}

}  // namespace gnp::shell
