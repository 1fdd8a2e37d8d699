// main() of the property binaries. In the binary linked against gnp_core_faulty it also selects
// the fault named by GNP_FAULT, so the mutation tests can prove the properties catch it.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "properties/property_check.hpp"

#ifdef GNP_FAULT_INJECTION
#include <algorithm>

#include "core/fault.hpp"

namespace {

// GNP_FAULT takes the name as in fault.cpp (split-terminator-loses-byte) or as the enum
// (split_terminator_loses_byte). Returns false, after saying why, on an unknown name.
bool select_fault_from_environment() {
  const char* value = std::getenv("GNP_FAULT");
  if (value == nullptr || *value == '\0') {
    std::fprintf(stderr, "GNP_FAULT not set: testing the faulty core with no fault active\n");
    return true;
  }
  std::string name = value;
  std::replace(name.begin(), name.end(), '_', '-');
  const std::optional<gnp::Fault> fault = gnp::fault_from_name(name);
  if (!fault) {
    std::fprintf(stderr, "GNP_FAULT='%s' is not a known fault; known faults:\n", value);
    for (const gnp::FaultInfo& info : gnp::all_faults()) {
      std::fprintf(stderr, "  %.*s\n", static_cast<int>(info.name.size()), info.name.data());
    }
    return false;
  }
  gnp::g_active_fault = *fault;
  std::fprintf(stderr, "GNP_FAULT: core fault '%s' is active\n", name.c_str());
  return true;
}

}  // namespace
#endif

int main(int argc, char** argv) {
  wireproof::properties::apply_rc_params_override();
#ifdef GNP_FAULT_INJECTION
  if (!select_fault_from_environment()) return 2;
#endif
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
