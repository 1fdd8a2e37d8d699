// wireproof-blackbox: runs repro, fuzz or diff without the full CLI, for the end-to-end tests
// (the wireproof CLI dispatches to the same functions).
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "version.hpp"

int main(int argc, char** argv) {
  if (wireproof::print_version_if_asked(argc, argv, "wireproof-blackbox")) return 0;
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << "usage: wireproof-blackbox (repro|fuzz|diff) ARGS...\n";
    return 2;
  }
  const std::span<const std::string> rest(args.data() + 1, args.size() - 1);
  if (args[0] == "repro") return wireproof::blackbox::run_repro(rest);
  if (args[0] == "fuzz") return wireproof::blackbox::run_fuzz(rest);
  if (args[0] == "diff") return wireproof::blackbox::run_diff(rest);
  std::cerr << "wireproof-blackbox: unknown subcommand '" << args[0] << "' (repro, fuzz, diff)\n";
  return 2;
}
