// Which scenario set a run used, so a report or a baseline can say "suite 3f2a9c1e0b7d5a44 (103
// scenarios)" and a baseline written for another suite is recognised as such.
#pragma once

#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace wireproof::certify {

// 16 hex digits: FNV-1a 64 over every scenario's id and its text as scenario_writer writes it (so
// comments and layout do not count, every step and expectation does), in id order.
std::string suite_hash(const std::vector<scenario::Scenario>& scenarios);

}  // namespace wireproof::certify
