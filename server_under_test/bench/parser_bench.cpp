// Request parsing (PROTOCOL.md 5): time per request over the mixed requests of the workload.
#include <benchmark/benchmark.h>

#include "core/request_parser.hpp"
#include "workload.hpp"

namespace {

void BM_ParseRequest(benchmark::State& state) {
  const auto& frames = gnp_bench::standard_workload().frames;
  gnp::Request request;
  std::size_t i = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string_view frame = frames[i];
    if (parse_request(frame, request)) {
      state.SkipWithError("a workload request failed to parse");
      break;
    }
    benchmark::DoNotOptimize(request.command.data());
    bytes += frame.size();
    if (++i == frames.size()) i = 0;
  }
  // One iteration is one request, so the reported time is ns per request.
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_ParseRequest);

}  // namespace
