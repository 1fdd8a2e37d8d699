// What one exec's hit counts add to what a run has seen, judged as AFL++ judges them: each map
// entry's count is put in a bucket (1, 2, 3, 4-7, 8-15, 16-31, 32-127, 128+), and a "virgin map"
// keeps, per entry, the buckets never seen yet. An exec is interesting when it reaches an entry
// never reached before (a new edge) or a known entry in a new bucket (a loop or repetition taken
// a different number of times). Sans-IO: works on any byte span.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace wireproof::edges {

// AFL++'s count_class_lookup8: the bucket bit of a hit count (0 stays 0).
std::uint8_t hit_count_bucket(std::uint8_t count);

struct ExecCoverage {
  std::size_t edges_hit = 0;    // entries this exec reached ("since the last exec")
  std::size_t new_edges = 0;    // of those, entries never reached before in the run
  std::size_t new_buckets = 0;  // entries reached before, now with a hit count in a new bucket
  bool new_coverage() const { return new_edges > 0 || new_buckets > 0; }
};

class EdgeTracker {
 public:
  explicit EdgeTracker(std::size_t map_size);

  // Merges one exec's raw hit counts (`trace`, at most map_size bytes) into the virgin map.
  // Does not change `trace`; the caller clears the shared map before the next exec.
  ExecCoverage observe(std::span<const std::uint8_t> trace);

  std::size_t map_size() const { return virgin_.size(); }
  std::size_t edges() const { return edges_; }  // entries reached at least once since the start
  // AFL++'s virgin_bits: bit b of entry i still set = bucket b of edge i never seen.
  std::span<const std::uint8_t> virgin() const { return virgin_; }

 private:
  std::vector<std::uint8_t> virgin_;
  std::size_t edges_ = 0;
};

}  // namespace wireproof::edges
