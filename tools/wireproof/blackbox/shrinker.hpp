// Delta debugging on a sequence (bytes of a stream, rounds of a stateful traffic, requests of a
// round): removes chunks (halves, quarters, ... single elements) while the failure persists,
// until no single element can be removed (1-minimal) or the budget runs out.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace wireproof::blackbox {

struct ShrinkBudget {
  std::size_t max_tests = 400;
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

template <typename Sequence>
struct ShrinkResultOf {
  Sequence minimal;
  std::size_t tests = 0;        // predicate calls made
  bool exhausted = false;       // stopped by the budget before reaching 1-minimality
};

using ShrinkResult = ShrinkResultOf<std::string>;

// `still_fails` must hold for `input` (it is not re-checked). It is only called on strict
// sub-sequences of `input`, each at most once per distinct candidate. `Sequence` is a std::string
// or a std::vector of ordered elements (e.g. indices).
template <typename Sequence>
ShrinkResultOf<Sequence> shrink_sequence(Sequence input, const std::function<bool(const Sequence&)>& still_fails,
                                         const ShrinkBudget& budget) {
  ShrinkResultOf<Sequence> result;
  std::set<Sequence> rejected;  // candidates already known to pass
  auto out_of_budget = [&] {
    return result.tests >= budget.max_tests ||
           (budget.deadline && std::chrono::steady_clock::now() >= *budget.deadline);
  };
  auto fails = [&](const Sequence& candidate) {
    if (rejected.contains(candidate)) return false;
    ++result.tests;
    if (still_fails(candidate)) return true;
    rejected.insert(candidate);
    return false;
  };

  std::size_t chunk = input.size() / 2 == 0 ? 1 : input.size() / 2;
  while (!input.empty()) {
    bool removed_any = false;
    // Try removing each chunk in turn; after a removal the same offset holds new elements.
    for (std::size_t at = 0; at < input.size();) {
      if (out_of_budget()) {
        result.exhausted = true;
        result.minimal = std::move(input);
        return result;
      }
      Sequence candidate(input.begin(), input.begin() + static_cast<std::ptrdiff_t>(at));
      const std::size_t resume = std::min(input.size(), at + chunk);
      candidate.insert(candidate.end(), input.begin() + static_cast<std::ptrdiff_t>(resume), input.end());
      if (fails(candidate)) {
        input = std::move(candidate);
        removed_any = true;
      } else {
        at += chunk;
      }
    }
    if (chunk == 1 && !removed_any) break;  // 1-minimal: no single element can go
    if (chunk > 1) chunk /= 2;  // at 1, passes repeat while they remove something
  }
  result.minimal = std::move(input);
  return result;
}

ShrinkResult shrink_bytes(std::string input, const std::function<bool(std::string_view)>& still_fails,
                          const ShrinkBudget& budget);

}  // namespace wireproof::blackbox
