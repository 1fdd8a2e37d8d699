// The faults gnp-server-mutant offers by name: the core's (fault.hpp), the TLS layer's
// (tls_fault.hpp) and the shell's (shell_fault.hpp). In the reference build (no GNP_FAULT_INJECTION) nothing can be activated.
#pragma once

#include <string_view>
#include <vector>

namespace gnp::shell {

struct NamedFault {
  std::string_view name;         // as given to --fault
  std::string_view requirement;  // the PROTOCOL.md requirement ID a conformance run must fail
};

// Core faults first, then TLS, then shell faults, each in its declaration order.
std::vector<NamedFault> mutant_faults();
bool is_mutant_fault(std::string_view name);
// Makes `name` the one active fault. False for an unknown name, and always in the reference build.
bool activate_fault(std::string_view name);

}  // namespace gnp::shell
