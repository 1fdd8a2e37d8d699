// Shrinks failing stateful traffic to minimal traffic that fails the same way (same section and
// outcome class): fewest rounds, then fewest requests per round, then simpler requests and whole
// segmentation, by the project's delta debugger (blackbox::shrink_sequence) over rounds and over
// each round's requests. A failure that needs its cuts is re-labelled 4.4 (4.4: behaviour must
// not depend on segmentation).
#pragma once

#include <functional>
#include <optional>

#include "stateful/divergence.hpp"
#include "blackbox/shrinker.hpp"
#include "stateful/traffic.hpp"

namespace wireproof::stateful {

// Runs a candidate (on new connections, keys reset first) and returns its first difference.
using Replay = std::function<std::optional<Divergence>(const Traffic&)>;

struct ShrunkTraffic {
  Traffic minimal;
  Divergence divergence;  // of `minimal`
  std::size_t replays = 0;
  bool exhausted = false;  // the budget ran out first
};

// `failing` fails with `first`; its rounds after first.round are dropped at once.
ShrunkTraffic shrink_traffic(Traffic failing, const Divergence& first, const Replay& replay,
                             const blackbox::ShrinkBudget& budget);

// Connections renamed c1, c2, ... in the order they are first used (behaviour unchanged).
Traffic renumber_connections(const Traffic& traffic);

}  // namespace wireproof::stateful
