// A small seeded generator (splitmix64) with its own range reduction, so a seed gives the same
// traffic on every platform and standard library (std distributions are implementation-defined).
#pragma once

#include <cstddef>
#include <cstdint>

namespace wireproof::blackbox {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n); n == 0 gives 0.
  std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(next() % n); }
  // True with probability num/den.
  bool chance(std::size_t num, std::size_t den) { return below(den) < num; }
  template <typename Container>
  const auto& pick(const Container& items) {
    return items[below(std::size(items))];
  }

 private:
  std::uint64_t state_;
};

}  // namespace wireproof::blackbox
