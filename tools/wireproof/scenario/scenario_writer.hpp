// Writes a Scenario back as .gnpt text (docs/SCENARIOS.md), e.g. to keep a shrunk fuzz finding as
// a conformance scenario. parse_scenario(write_scenario(s)) gives back s (ids and files aside).
#pragma once

#include <string>

#include "harness/response_reader.hpp"
#include "scenario/scenario.hpp"

namespace wireproof::scenario {

// Long runs of one byte are written as "x" * N so 8 KiB requests stay readable.
std::string write_scenario(const Scenario& scenario);

// The `expect` step that matches this frame (status, code, Sequence, body; Message is never
// compared), for turning recorded traffic into a scenario.
ExpectResponse expectation_from_frame(const ResponseFrame& frame, const std::string& connection);

// A byte string in scenario syntax: "..." pieces, runs of 16+ equal bytes as "x" * N.
std::string write_bytes(std::string_view bytes);

}  // namespace wireproof::scenario
