// wireproof: GNP/1 conformance and fuzzing harness. This file only dispatches subcommands.
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "certify/certify_command.hpp"
#include "blackbox/commands.hpp"
#include "coverage/coverage_command.hpp"
#include "version/version.hpp"

namespace {

constexpr const char* kUsage =
    "usage: wireproof COMMAND [options]   (wireproof COMMAND --help for details)\n"
    "\n"
    "commands:\n"
    "  certify   run the conformance scenarios against a server; exit 0 iff every MUST passes\n"
    "  coverage  print (or --check) the PROTOCOL.md requirement -> checks table of docs/COVERAGE.md\n"
    "  repro     replay saved findings or scenarios against a server\n"
    "  fuzz      send generated and mutated requests, judge answers against the reference\n"
    "  diff      send the same traffic to two servers and compare their answers\n"
    "\n"
    "wireproof --version prints the version; -h is --help everywhere.\n"
    "exit status: 0 success, 1 findings or failures, 2 usage or setup error\n";

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a peer that closes must show up as an error, not kill us
  const std::vector<std::string> all(argv + 1, argv + argc);
  if (all.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string& command = all.front();
  const std::span<const std::string> rest(all.data() + 1, all.size() - 1);
  try {
    if (command == "--version") {
      std::cout << wireproof::version_line("wireproof") << "\n";
      return 0;
    }
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsage;
      return 0;
    }
    if (command == "certify") return wireproof::certify::run_certify(rest);
    if (command == "coverage") return wireproof::coverage::run_coverage(rest);
    if (command == "repro") return wireproof::blackbox::run_repro(rest);
    if (command == "fuzz") return wireproof::blackbox::run_fuzz(rest);
    if (command == "diff") return wireproof::blackbox::run_diff(rest);
  } catch (const std::exception& e) {
    std::cerr << "wireproof " << command << ": " << e.what() << "\n";
    return 2;
  }
  std::cerr << "wireproof: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}
