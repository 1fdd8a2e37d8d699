// The server(s) a command talks to, as given by --server CMD and --connect ADDR (in order; diff
// takes two), pulled out of the arguments before the rest is parsed.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "target.hpp"

namespace wireproof::blackbox {

struct Side {
  bool spawn = true;  // --server (else --connect)
  std::string value;  // the command or the address text
};

// Removes every --server/--connect (both "--x v" and "--x=v") from `args` into the result;
// the remaining arguments go to `rest`. Throws cli::UsageError for a missing value.
std::vector<Side> take_sides(std::span<const std::string> args, std::vector<std::string>& rest);

// Starts or attaches. Throws SetupError (could not start) or cli::UsageError (bad address).
Target open_side(const Side& side);

}  // namespace wireproof::blackbox
