// gnp-bench entry point: the usual Google Benchmark console output, then the acceptance ratios
// for the framer computed from the runs just made.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>

#include <unistd.h>

namespace {

// Console output as usual; also keeps each run's bytes/s for the summary.
class AcceptanceReporter : public benchmark::ConsoleReporter {
 public:
  // Colour only on a terminal, as the library's own reporter does by default.
  AcceptanceReporter() : ConsoleReporter(isatty(STDOUT_FILENO) ? OO_ColorTabular : OO_Tabular) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      if (run.run_type != Run::RT_Iteration || run.error_occurred) continue;
      const auto it = run.counters.find("bytes_per_second");
      if (it != run.counters.end()) bytes_per_second_[run.benchmark_name()] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }

  void print_acceptance() const {
    const double whole = rate("BM_Framer/chunk:1073741824");
    const double one_byte = rate("BM_Framer/chunk:1");
    const double memmem = rate("BM_MemmemTerminators");
    std::printf("\nFramer acceptance (throughput ratios from the runs above):\n");
    if (whole > 0 && one_byte > 0) {
      std::printf("  whole / 1-byte chunks  = %6.2fx  (target: at most 3x)   %s\n", whole / one_byte,
                  whole / one_byte <= 3.0 ? "met" : "NOT met");
    }
    if (whole > 0 && memmem > 0) {
      std::printf("  whole / memmem         = %6.2f   (target: at least 0.25) %s\n", whole / memmem,
                  whole / memmem >= 0.25 ? "met" : "NOT met");
    }
    if (whole <= 0 || memmem <= 0 || one_byte <= 0) {
      std::printf("  (run BM_Framer and BM_MemmemTerminators unfiltered for both ratios)\n");
    }
  }

 private:
  double rate(const std::string& name) const {
    const auto it = bytes_per_second_.find(name);
    return it == bytes_per_second_.end() ? 0.0 : it->second;
  }

  std::map<std::string, double> bytes_per_second_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  AcceptanceReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_acceptance();
  benchmark::Shutdown();
  return 0;
}
