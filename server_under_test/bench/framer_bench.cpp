// Framer throughput (PROTOCOL.md 4) over the standard workload, fed whole, in 1500-byte chunks
// (one Ethernet MTU per read) and in 1-byte chunks (the worst segmentation 4.4 allows), next to
// memmem finding every terminator in the same buffer: the practical limit of any framer.
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <string_view>

#include "core/framer.hpp"
#include "workload.hpp"

namespace {

using gnp_bench::standard_workload;

// Frames the whole stream, `chunk` bytes per read, calling next() the way Connection does.
void BM_Framer(benchmark::State& state) {
  const std::string_view stream = standard_workload().stream;
  const std::size_t expected_frames = standard_workload().frames.size();
  const auto chunk = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    gnp::Framer framer;
    std::size_t frames = 0;
    for (std::size_t pos = 0; pos < stream.size(); pos += chunk) {
      std::string_view piece = stream.substr(pos, chunk);
      std::string_view frame;
      while (!piece.empty()) {
        const gnp::Framer::Result result = framer.next(piece, frame);
        if (result != gnp::Framer::Result::frame) break;
        ++frames;
        benchmark::DoNotOptimize(frame.data());
      }
    }
    if (frames != expected_frames) {
      state.SkipWithError("framer found the wrong number of requests");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
  state.counters["requests"] = static_cast<double>(expected_frames);
}
BENCHMARK(BM_Framer)->ArgName("chunk")->Arg(std::int64_t{1} << 30)->Arg(1500)->Arg(1);

// The terminator search alone, resumed after every terminator as the framer does.
void BM_ScanForTerminator(benchmark::State& state) {
  const std::string_view stream = standard_workload().stream;
  for (auto _ : state) {
    std::size_t found = 0;
    std::size_t pos = 0;
    while (pos < stream.size()) {
      int matched = 0;
      const std::size_t end = gnp::scan_for_terminator(stream.data() + pos, stream.size() - pos, matched);
      if (end == std::string_view::npos) break;
      pos += end;
      ++found;
    }
    benchmark::DoNotOptimize(found);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}
BENCHMARK(BM_ScanForTerminator);

// The terminator search fed one byte per call, carrying `matched`: the floor under the 1-byte-chunk
// framer figure, which adds buffering the partial request on top of this.
void BM_ScanForTerminatorOneBytePerCall(benchmark::State& state) {
  const std::string_view stream = standard_workload().stream;
  for (auto _ : state) {
    std::size_t found = 0;
    int matched = 0;
    for (std::size_t pos = 0; pos < stream.size(); ++pos) {
      if (gnp::scan_for_terminator(stream.data() + pos, 1, matched) != std::string_view::npos) {
        matched = 0;
        ++found;
      }
    }
    benchmark::DoNotOptimize(found);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}
BENCHMARK(BM_ScanForTerminatorOneBytePerCall);

// 1-byte chunks of requests of one size: the time per byte must not grow with the request size
// (a framer that rescans its buffer on every read would be quadratic here).
void BM_FramerOneByteChunksByRequestSize(benchmark::State& state) {
  const auto request_size = static_cast<std::size_t>(state.range(0));
  std::string request = "ECHO " + std::string(request_size - 9, 'x') + "\r\n\r\n";
  std::string stream;
  while (stream.size() < (std::size_t{1} << 18)) stream += request;
  const std::size_t expected_frames = stream.size() / request_size;
  for (auto _ : state) {
    gnp::Framer framer;
    std::size_t frames = 0;
    for (std::size_t pos = 0; pos < stream.size(); ++pos) {
      std::string_view piece = std::string_view(stream).substr(pos, 1);
      std::string_view frame;
      if (framer.next(piece, frame) == gnp::Framer::Result::frame) ++frames;
    }
    if (frames != expected_frames) {
      state.SkipWithError("framer found the wrong number of requests");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}
BENCHMARK(BM_FramerOneByteChunksByRequestSize)->ArgName("request_bytes")->Arg(64)->Arg(1024)->Arg(8192);

// glibc memmem for "\r\n\r\n", finding every terminator: the practical limit.
void BM_MemmemTerminators(benchmark::State& state) {
  const std::string_view stream = standard_workload().stream;
  const std::size_t expected_frames = standard_workload().frames.size();
  for (auto _ : state) {
    std::size_t found = 0;
    const char* pos = stream.data();
    const char* const end = stream.data() + stream.size();
    while (pos < end) {
      const void* hit = memmem(pos, static_cast<std::size_t>(end - pos), "\r\n\r\n", 4);
      if (hit == nullptr) break;
      pos = static_cast<const char*>(hit) + 4;
      ++found;
    }
    if (found != expected_frames) {
      state.SkipWithError("memmem found the wrong number of terminators");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}
BENCHMARK(BM_MemmemTerminators);

}  // namespace
