// The traffic of the stateful phase: rounds, each one connection's pipeline, sent (cut by a
// segmentation strategy) and answered completely before the next round starts. Running in rounds
// makes the oracle's sequential order exact (PROTOCOL.md 8.8: a request sees every SET/DEL whose
// response was sent before it was received).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "harness/segmentation.hpp"

namespace wireproof::stateful {

struct Round {
  std::string connection;             // "c1", "c2", ...; a closed connection is reopened by its next round
  std::vector<std::string> requests;  // as generated, each normally ending with its terminator
  Strategy strategy = Strategy::whole;
  std::uint64_t seed = 0;             // for Strategy::random
  std::vector<std::size_t> explicit_cuts;  // replayed pieces (from a scenario); replace the strategy

  std::string bytes() const;
  std::vector<std::size_t> cuts() const;
  std::string segmentation() const;  // "whole", "random(seed 7)", "3 pieces"
};

struct Traffic {
  std::vector<Round> rounds;

  std::size_t requests() const;
  // The keys the rounds' well-formed SET, GET and DEL requests name, sorted.
  std::set<std::string> keys() const;
};

// The connection the phase uses to make keys absent before a run, whatever an earlier run (or
// another client) left in the store: SET then DEL of each key, which answers OK, OK in any state.
inline constexpr const char* kResetConnection = "reset";
Round reset_round(const std::set<std::string>& keys);

}  // namespace wireproof::stateful
