// A closed-loop load generator: C connections, each keeping P requests in flight, on one epoll
// thread (like redis-benchmark) so client cost is the same whichever server it drives.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "load_options.hpp"

namespace wireproof::load {

struct LoadResult {
  std::uint64_t responses = 0;  // measured window only
  std::uint64_t errors = 0;     // ERR / -ERR responses, malformed data, lost connections
  double seconds = 0;
  std::vector<std::uint32_t> latencies_ns;  // one per measured response
  std::string failure;                      // set when the run could not be done at all
};

LoadResult run_load(const LoadOptions& options);

}  // namespace wireproof::load
