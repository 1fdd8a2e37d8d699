// Compares what two servers sent for the same request stream, frame by frame (status, code,
// Sequence, Size, body; Message text ignored, 6.5), then how each connection ended.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "blackbox/verdict.hpp"

namespace wireproof::blackbox {

struct TrafficDifference {
  std::size_t frame_index = 0;  // 0 = greeting, i = answer to request i
  std::string signature;        // what differs, without the index: for deduplication
  std::string summary;          // one line
  std::string detail;           // both frames escaped, the request bytes
};

// `requests[i]` is the request frame i + 1 answers (as the reference framing cuts the stream).
std::optional<TrafficDifference> compare_traffic(const Observation& a, const Observation& b,
                                                 const std::vector<std::string>& requests);

}  // namespace wireproof::blackbox
