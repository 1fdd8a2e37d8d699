// gnp::Connection end to end (framing, parsing, dispatch against the store, response writing):
// the whole workload in 1500-byte reads, output drained after each read as a shell would.
#include <benchmark/benchmark.h>

#include "core/connection.hpp"
#include "workload.hpp"

namespace {

void BM_ConnectionEndToEnd(benchmark::State& state) {
  const gnp_bench::Workload& workload = gnp_bench::standard_workload();
  const std::string_view stream = workload.stream;
  const auto chunk = static_cast<std::size_t>(state.range(0));
  gnp::Store store;
  gnp::ConnectionConfig config;
  config.send_greeting = false;
  const gnp::TimePoint now{};
  std::size_t output_bytes = 0;
  for (auto _ : state) {
    gnp::Connection connection(store, config, now);
    for (std::size_t pos = 0; pos < stream.size(); pos += chunk) {
      std::string_view piece = stream.substr(pos, chunk);
      while (!piece.empty()) {
        piece.remove_prefix(connection.receive(piece, now));
        output_bytes += connection.output().size();
        connection.consume_output(connection.output().size());
      }
    }
    if (connection.requests_answered() != workload.frames.size() || connection.closing()) {
      state.SkipWithError("not every request was answered");
      break;
    }
  }
  const auto requests = static_cast<double>(workload.frames.size());
  state.counters["per_request"] = benchmark::Counter(
      requests, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * workload.frames.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
  state.counters["out_bytes/iter"] =
      static_cast<double>(output_bytes) / static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
}
BENCHMARK(BM_ConnectionEndToEnd)->ArgName("chunk")->Arg(1500)->Arg(1 << 20);

}  // namespace
