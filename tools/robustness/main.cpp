// gnp-robustness: holds a GNP/1 server against heavy and hostile peers (idle crowds, slow drip,
// non-readers, resets and storms, the connection limit, SIGTERM under load), or soaks it.
//   gnp-robustness [--full] [--only NAME] [--server 'CMD {port}']
//   gnp-robustness soak [--seconds N] [--connections N] [--corpus DIR] [--seed N] [--server 'CMD {port}']
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

#include "check.hpp"
#include "proc_stats.hpp"
#include "soak.hpp"
#include "version/version.hpp"

namespace wireproof::robust {

namespace {

constexpr Check kChecks[] = {
    {"idle-connections", "10.3", "thousands of idle connections while others are served", check_idle_connections},
    {"slow-drip", "10.2", "slowloris clients get ERR timeout at the request timeout", check_slow_drip},
    {"non-reader", "10.4", "clients that never read cannot grow server memory", check_non_reader},
    {"abuse", "4.6", "resets, half-closes and connect storms leak no descriptors", check_abuse},
    {"connection-limit", "10.3", "ERR busy beyond --max-connections, service resumes", check_connection_limit},
    {"sigterm", "7.3", "SIGTERM under load: whole frames, clean close, exit within 2 s", check_sigterm},
};

std::string default_server() {
  char self[4096];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  const std::filesystem::path dir = n > 0 ? std::filesystem::path(std::string(self, static_cast<std::size_t>(n))).parent_path()
                                          : std::filesystem::path(".");
  return (dir / "gnp-server").string() + " --port {port}";
}

int usage(const char* problem) {
  if (problem) std::fprintf(stderr, "gnp-robustness: %s\n", problem);
  std::fprintf(problem ? stderr : stdout,
               "usage: gnp-robustness [--full] [--only NAME] [--server 'CMD {port}']\n"
               "       gnp-robustness soak [--seconds N] [--connections N] [--corpus DIR] [--seed N] [--server 'CMD {port}']\n"
               "       gnp-robustness --version\n"
               "checks:");
  for (const Check& c : kChecks) std::fprintf(problem ? stderr : stdout, " %s", c.name);
  std::fprintf(problem ? stderr : stdout, "\n");
  return problem ? 2 : 0;
}

bool parse_positive(std::string_view text, double& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size() && out > 0;
}

int run_checks(int argc, char** argv) {
  CheckOptions options{default_server(), false};
  std::string only;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--full") options.full = true;
    else if (arg == "--help" || arg == "-h") return usage(nullptr);
    else if ((arg == "--only" || arg == "--server") && i + 1 < argc) (arg == "--only" ? only : options.server_template) = argv[++i];
    else return usage(("unknown or incomplete option: " + std::string(arg)).c_str());
  }
  if (!only.empty() && std::none_of(std::begin(kChecks), std::end(kChecks), [&](const Check& c) { return only == c.name; })) {
    return usage(("no check named " + only).c_str());
  }
  raise_fd_limit();
  int passed = 0, failed = 0;
  for (const Check& check : kChecks) {
    if (!only.empty() && only != check.name) continue;
    std::printf("%s (%s): %s\n", check.name, check.section, check.summary);
    std::fflush(stdout);
    CheckReport report;
    const auto start = std::chrono::steady_clock::now();
    try {
      check.run(options, report);
    } catch (const std::exception& e) {
      report.fail(std::string("stopped: ") + e.what());
    }
    for (const std::string& line : report.lines()) std::printf("%s\n", line.c_str());
    std::printf("  %s in %.1f s\n", report.passed() ? "PASS" : "FAIL", seconds_since(start));
    std::fflush(stdout);
    (report.passed() ? passed : failed) += 1;
  }
  std::printf("robustness: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

int run_soak_command(int argc, char** argv) {
  SoakOptions options;
  options.server_template = default_server();
  options.corpus_dir = WIREPROOF_SOURCE_DIR "/corpus";
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") return usage(nullptr);
    if (i + 1 >= argc) return usage(("option needs a value: " + std::string(arg)).c_str());
    const std::string value = argv[++i];
    double number = 0;
    if (arg == "--server") options.server_template = value;
    else if (arg == "--corpus") options.corpus_dir = value;
    else if (!parse_positive(value, number)) return usage((std::string(arg) + " needs a positive number, got " + value).c_str());
    else if (arg == "--seconds") options.seconds = number;
    else if (arg == "--connections" && number >= 2 && number <= 10000) options.connections = static_cast<int>(number);
    else if (arg == "--seed") options.seed = static_cast<std::uint64_t>(number);
    else return usage(("unknown option or value out of range: " + std::string(arg) + " " + value).c_str());
  }
  try {
    return run_soak(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "soak: %s\n", e.what());
    return 1;
  }
}

}  // namespace

ServerProcess start_server(const CheckOptions& options, const std::string& extra) {
  return ServerProcess::start(options.server_template + " " + extra, std::chrono::seconds(10));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace wireproof::robust

int main(int argc, char** argv) {
  if (wireproof::print_version_if_asked(argc, argv, "gnp-robustness")) return 0;
  if (argc > 1 && std::strcmp(argv[1], "soak") == 0) return wireproof::robust::run_soak_command(argc, argv);
  return wireproof::robust::run_checks(argc, argv);
}
