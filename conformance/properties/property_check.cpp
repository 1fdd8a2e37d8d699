#include "properties/property_check.hpp"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace wireproof::properties {

namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string this_binary() {
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string("<this test binary>") : exe.string();
}

// Environment that changes what a run tests; repeated verbatim in the reproduce lines.
std::string selecting_environment(std::initializer_list<const char*> names) {
  std::string out;
  for (const char* name : names) {
    if (const char* value = std::getenv(name)) out += std::string(name) + "=" + shell_quote(value) + " ";
  }
  return out;
}

std::string regex_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view(".[]()*+?^$\\|{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string reproduce_instructions(const std::string& test_id, const std::string& gtest_name,
                                   const rc::detail::Reproduce& reproduce, const char* ctest_directory) {
  rc::detail::Configuration config = rc::detail::configuration();
  config.reproduce = {{test_id, reproduce}};
  const std::string params = rc::detail::configToMinimalString(config);
  std::string out = "Reproduce this counterexample with:\n  RC_PARAMS=" + shell_quote(params) + " " +
                    selecting_environment({"GNP_FAULT", "WIREPROOF_SERVER", "WIREPROOF_CONNECT",
                                           "WIREPROOF_DEFAULT_SERVER"}) +
                    shell_quote(this_binary()) +
                    " --gtest_filter=" + shell_quote(gtest_name) + "\n";
  if (const char* ctest_dir = ctest_directory) {
    out += "or through ctest:\n  WIREPROOF_RC_PARAMS=" + shell_quote(params) + " " +
           selecting_environment({"WIREPROOF_SERVER", "WIREPROOF_CONNECT"}) + "ctest --test-dir " +
           shell_quote(ctest_dir) + " -R " + shell_quote("^" + regex_escape(gtest_name) + "$") +
           " --output-on-failure\n";
  }
  return out;
}

void apply_rc_params_override() {
  if (const char* params = std::getenv("WIREPROOF_RC_PARAMS")) setenv("RC_PARAMS", params, 1);
}

}  // namespace wireproof::properties
