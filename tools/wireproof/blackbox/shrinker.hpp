// Delta debugging on a byte string: removes chunks (halves, quarters, ... single bytes) while the
// failure persists, until no single byte can be removed (1-minimal) or the budget runs out.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace wireproof::blackbox {

struct ShrinkBudget {
  std::size_t max_tests = 400;
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

struct ShrinkResult {
  std::string minimal;
  std::size_t tests = 0;        // predicate calls made
  bool exhausted = false;       // stopped by the budget before reaching 1-minimality
};

// `still_fails` must hold for `input` (it is not re-checked). It is only called on strict
// sub-sequences of `input`, each at most once per distinct candidate.
ShrinkResult shrink_bytes(std::string input, const std::function<bool(std::string_view)>& still_fails,
                          const ShrinkBudget& budget);

}  // namespace wireproof::blackbox
