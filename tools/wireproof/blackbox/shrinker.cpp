#include "blackbox/shrinker.hpp"

namespace wireproof::blackbox {

ShrinkResult shrink_bytes(std::string input, const std::function<bool(std::string_view)>& still_fails,
                          const ShrinkBudget& budget) {
  return shrink_sequence<std::string>(
      std::move(input), [&](const std::string& candidate) { return still_fails(candidate); }, budget);
}

}  // namespace wireproof::blackbox
