// Generates GNP/1 request streams for black-box fuzzing: mostly well-formed requests (every
// command, argument counts off by one, headers, Sequence edge values, UTF-8 text) pipelined
// 1..6 deep, or a corpus entry, then 0..3 mutations.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "rng.hpp"

namespace wireproof::blackbox {

// One request, terminator included.
std::string generate_request(Rng& rng);

struct GeneratedStream {
  std::string bytes;
  std::string origin;  // e.g. "generated x3 + flip-bit,splice" or "corpus[4]", for reports
};

GeneratedStream generate_stream(Rng& rng, std::span<const std::string> corpus);

}  // namespace wireproof::blackbox
