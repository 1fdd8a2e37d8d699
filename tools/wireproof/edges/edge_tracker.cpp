#include "edges/edge_tracker.hpp"

#include <algorithm>
#include <cstring>

namespace wireproof::edges {

std::uint8_t hit_count_bucket(std::uint8_t count) {
  if (count <= 2) return count;
  if (count == 3) return 4;
  if (count <= 7) return 8;
  if (count <= 15) return 16;
  if (count <= 31) return 32;
  if (count <= 127) return 64;
  return 128;
}

EdgeTracker::EdgeTracker(std::size_t map_size) : virgin_(map_size, 0xFF) {}

ExecCoverage EdgeTracker::observe(std::span<const std::uint8_t> trace) {
  ExecCoverage result;
  const std::size_t size = std::min(trace.size(), virgin_.size());
  const std::uint8_t* counts = trace.data();
  std::size_t i = 0;
  while (i < size) {
    // Most of the map stays zero in an exec: skip it a word at a time.
    if (i + 8 <= size) {
      std::uint64_t word;
      std::memcpy(&word, counts + i, sizeof word);
      if (word == 0) {
        i += 8;
        continue;
      }
    }
    const std::uint8_t count = counts[i];
    if (count != 0) {
      ++result.edges_hit;
      const std::uint8_t bucket = hit_count_bucket(count);
      std::uint8_t& virgin = virgin_[i];
      if (virgin & bucket) {
        if (virgin == 0xFF) {
          ++result.new_edges;
          ++edges_;
        } else {
          ++result.new_buckets;
        }
        virgin = static_cast<std::uint8_t>(virgin & ~bucket);
      }
    }
    ++i;
  }
  return result;
}

}  // namespace wireproof::edges
