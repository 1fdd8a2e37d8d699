// Placeholder so the CLI can link while the black-box commands are being written.
#include <iostream>

#include "commands.hpp"

namespace wireproof::blackbox {

namespace {
int not_yet(const char* name) {
  std::cerr << "wireproof " << name << ": not implemented yet\n";
  return 2;
}
}  // namespace

int run_repro(std::span<const std::string>) { return not_yet("repro"); }
int run_fuzz(std::span<const std::string>) { return not_yet("fuzz"); }
int run_diff(std::span<const std::string>) { return not_yet("diff"); }

}  // namespace wireproof::blackbox
