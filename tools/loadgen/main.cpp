// gnp-load: drives a GNP/1 (or redis) server with pipelined requests and prints throughput,
// latency percentiles and the server's peak memory.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include "load_client.hpp"
#include "load_options.hpp"
#include "version/version.hpp"

namespace {

double percentile_us(std::vector<std::uint32_t>& v, double q) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k] / 1000.0;
}

// VmHWM (peak resident set) of a process in KiB, or -1.
long peak_rss_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (wireproof::print_version_if_asked(argc, argv, "gnp-load")) return 0;
  auto options = wireproof::load::parse_load_options(argc, argv);
  if (!options) return 2;
  auto result = wireproof::load::run_load(*options);
  if (!result.failure.empty()) {
    std::fprintf(stderr, "gnp-load: %s\n", result.failure.c_str());
    return 1;
  }
  const double rps = result.seconds > 0 ? static_cast<double>(result.responses) / result.seconds : 0;
  const double p50 = percentile_us(result.latencies_ns, 0.50);
  const double p99 = percentile_us(result.latencies_ns, 0.99);
  const double p999 = percentile_us(result.latencies_ns, 0.999);
  std::string rss = "n/a";
  if (options->server_pid) {
    const long kib = peak_rss_kib(*options->server_pid);
    if (kib >= 0) rss = std::to_string(static_cast<double>(kib) / 1024.0).substr(0, 6) + " MiB";
  }
  std::printf("%-22s %d conns x %d deep, %.1f s: %12.0f requests/s  p50 %8.1f us  p99 %8.1f us  "
              "p99.9 %8.1f us  errors %llu  server peak RSS %s\n",
              options->label.empty() ? "gnp-load" : options->label.c_str(), options->connections,
              options->pipeline, result.seconds, rps, p50, p99, p999,
              static_cast<unsigned long long>(result.errors), rss.c_str());
  std::printf("result requests_per_s=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f errors=%llu\n", rps, p50, p99,
              p999, static_cast<unsigned long long>(result.errors));
  return result.errors == 0 ? 0 : 1;
}
