#include "shrinker.hpp"

#include <unordered_set>

namespace wireproof::blackbox {

ShrinkResult shrink_bytes(std::string input, const std::function<bool(std::string_view)>& still_fails,
                          const ShrinkBudget& budget) {
  ShrinkResult result;
  std::unordered_set<std::string> rejected;  // candidates already known to pass
  auto out_of_budget = [&] {
    return result.tests >= budget.max_tests ||
           (budget.deadline && std::chrono::steady_clock::now() >= *budget.deadline);
  };
  auto fails = [&](const std::string& candidate) {
    if (rejected.contains(candidate)) return false;
    ++result.tests;
    if (still_fails(candidate)) return true;
    rejected.insert(candidate);
    return false;
  };

  std::size_t chunk = input.size() / 2 == 0 ? 1 : input.size() / 2;
  while (!input.empty()) {
    bool removed_any = false;
    // Try removing each chunk in turn; after a removal the same offset holds new bytes.
    for (std::size_t at = 0; at < input.size();) {
      if (out_of_budget()) {
        result.exhausted = true;
        result.minimal = std::move(input);
        return result;
      }
      std::string candidate = input.substr(0, at) + input.substr(std::min(input.size(), at + chunk));
      if (fails(candidate)) {
        input = std::move(candidate);
        removed_any = true;
      } else {
        at += chunk;
      }
    }
    if (chunk == 1 && !removed_any) break;  // 1-minimal: no single byte can go
    if (chunk > 1) chunk /= 2;  // at 1, passes repeat while they remove something
  }
  result.minimal = std::move(input);
  return result;
}

}  // namespace wireproof::blackbox
