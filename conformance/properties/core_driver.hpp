// Runs byte streams through the sans-IO core (gnp::Connection) the way a transport would: one
// receive() per piece, output drained after each, no clock (timeouts never fire).
#pragma once

#include <string>
#include <vector>

#include "core/store.hpp"

namespace wireproof::properties {

struct CoreRun {
  std::string output;  // every byte the connection produced, greeting included
  bool closing = false;
};

// Feeds `pieces` in order to a fresh Connection over `store`.
CoreRun run_core(const std::vector<std::string>& pieces, gnp::Store& store);

// Feeds `bytes` as one piece to a fresh Connection over a fresh store.
CoreRun run_core_whole(const std::string& bytes);

}  // namespace wireproof::properties
