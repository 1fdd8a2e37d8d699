// A deterministic stream of realistic pipelined GNP/1 requests, shared by every benchmark so the
// figures are comparable.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gnp_bench {

struct Workload {
  std::string stream;                    // the requests back to back
  std::vector<std::string_view> frames;  // each request, terminator included, viewing `stream`
};

// Requests are appended until the stream holds at least `min_bytes`. The mix: PING, ECHO of a few
// words (some non-ASCII), SET with short and occasional multi-KiB values, GET and DEL of keys that
// were set, most with a Sequence header and some with an extra client header.
Workload make_workload(std::size_t min_bytes);

inline constexpr std::size_t kWorkloadBytes = 1 << 20;

// Built once on first use.
const Workload& standard_workload();

}  // namespace gnp_bench
