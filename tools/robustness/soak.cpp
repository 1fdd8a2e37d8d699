#include "soak.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <vector>

#include "check.hpp"
#include "core/drive.hpp"
#include "harness/escape.hpp"
#include "exchange.hpp"
#include "proc_stats.hpp"
#include "harness/segmentation.hpp"

namespace wireproof::robust {

namespace {

// Requests the soak sends on checked connections. None closes the connection (no QUIT, no
// too-large), so each connection lives for the whole run.
class TrafficGenerator {
 public:
  TrafficGenerator(std::uint64_t seed, std::string key_prefix) : rng_(seed), prefix_(std::move(key_prefix)) {}

  std::string next() {
    const std::string key = prefix_ + std::to_string(pick(6));
    const std::string seq = pick(2) ? "\r\nSequence: " + std::to_string(rng_() % 1000000) : "";
    switch (pick(12)) {
      case 0: return "PING" + seq + "\r\n\r\n";
      case 1: return "ECHO " + word() + " " + word() + seq + "\r\n\r\n";
      case 2: case 3: return "SET " + key + " " + word() + seq + "\r\n\r\n";
      case 4: case 5: return "GET " + key + seq + "\r\n\r\n";
      case 6: return "DEL " + key + seq + "\r\n\r\n";
      case 7: return "SET " + key + seq + "\r\n\r\n";                                   // bad-arguments
      case 8: return "FROB " + key + seq + "\r\n\r\n";                                  // unknown-command
      case 9: return "GET " + key + "\xC0\xAF\r\n\r\n";                                 // bad-encoding
      case 10: return "GET  " + key + "\r\nX-A: 1\r\nx-a: 2\r\n\r\n";                    // bad-request
      default: return "PING\r\nSequence: 99999999999999999999\r\nX\x01: y\n\r\n\r\n";   // bad-request
    }
  }
  std::mt19937_64& rng() { return rng_; }

 private:
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  std::string word() {
    static const char* const kWords[] = {"a", "wire", "proof", "\xC3\xA9t\xC3\xA9", "\xF0\x9F\x94\x92", "x-y_z"};
    return kWords[pick(std::size(kWords))] + std::to_string(pick(100));
  }
  std::mt19937_64 rng_;
  std::string prefix_;
};

struct Checked {
  Client client;
  gnp::Store store;  // the oracle's own: every key of this connection carries its prefix
  std::unique_ptr<gnp::Connection> oracle;
  TrafficGenerator traffic;
};

std::vector<std::string> load_corpus(const std::string& dir) {
  std::vector<std::string> inputs;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file() || it->path().filename().string().front() == '.' ||
        it->path().extension() == ".md") {
      continue;
    }
    std::ifstream in(it->path(), std::ios::binary);
    inputs.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return inputs;
}

bool same_answer(const ResponseFrame& got, const ResponseFrame& want) {
  return got.ok == want.ok && got.code == want.code && got.sequence == want.sequence && got.body == want.body;
}

}  // namespace

int run_soak(const SoakOptions& options) {
  const std::vector<std::string> corpus = load_corpus(options.corpus_dir);
  if (corpus.empty()) {
    std::fprintf(stderr, "soak: no corpus files under %s\n", options.corpus_dir.c_str());
    return 2;
  }
  raise_fd_limit();
  CheckOptions server_options{options.server_template, true};
  ServerProcess server = start_server(server_options, "--idle-timeout-ms 120000 --max-connections 2000");
  const Address address = server.address();
  const int chaos_count = std::max(1, options.connections / 10);
  const int checked_count = options.connections - chaos_count;
  std::printf("soak: %d checked connections + %d corpus connections for %.0f s against %s (%zu corpus inputs)\n",
              checked_count, chaos_count, options.seconds, server.argv().front().c_str(), corpus.size());

  const auto now = [] { return gnp::Clock::now(); };
  std::vector<std::unique_ptr<Checked>> checked;
  for (int i = 0; i < checked_count; ++i) {
    const std::string prefix = "soak" + std::to_string(options.seed) + "-" + std::to_string(i) + "-";
    checked.emplace_back(new Checked{connect_greeted(address), {}, nullptr,
                                     TrafficGenerator(options.seed * 1000 + static_cast<std::uint64_t>(i), prefix)});
    Checked& c = *checked.back();
    c.oracle = std::make_unique<gnp::Connection>(c.store, gnp::ConnectionConfig{}, now());
    c.oracle->consume_output(c.oracle->output().size());  // the greeting was already read
  }

  std::mt19937_64 rng(options.seed);
  std::uint64_t valid_answered = 0, requests = 0, mismatches = 0, chaos_runs = 0, chaos_malformed = 0;
  std::vector<long> rss_samples;
  const auto start = std::chrono::steady_clock::now();
  double next_report = 0;
  bool crashed = false;
  std::size_t turn = 0;

  while (seconds_since(start) < options.seconds && !crashed) {
    const std::size_t slot = turn++ % static_cast<std::size_t>(options.connections);
    if (slot < checked.size()) {
      Checked& c = *checked[slot];
      std::string batch;
      const int depth = 1 + static_cast<int>(c.traffic.rng()() % 8);
      for (int k = 0; k < depth; ++k) batch += c.traffic.next();
      ResponseReader expected;
      expected.feed(gnp::drive(*c.oracle, {batch}, now()));
      const Strategy strategy = kAllStrategies[c.traffic.rng()() % std::size(kAllStrategies)];
      c.client.send_pieces(batch, cut_points(strategy, batch, c.traffic.rng()()), 0us, 5s);
      for (int k = 0; k < depth; ++k) {
        const std::optional<ResponseFrame> want = expected.next();
        const ReadResult got = c.client.read_response(5s);
        ++requests;
        if (!want || got.status != ReadStatus::frame || !same_answer(got.frame, *want)) {
          if (++mismatches <= 5) {
            std::printf("soak: MISMATCH on connection %zu: sent %s\n  expected %s\n  got %s %s\n", slot,
                        escape_bytes(batch).c_str(), want ? escape_bytes(want->raw).c_str() : "(none)",
                        escape_bytes(got.frame.raw).c_str(), got.error.c_str());
          }
          c.client = connect_greeted(address);  // resynchronise on a fresh connection
          break;
        }
        if (want->ok) ++valid_answered;
      }
    } else {
      // Corpus input on a fresh connection: any answer must be well-formed; then it is dropped.
      const std::string& input = corpus[rng() % corpus.size()];
      Client chaos = connect_greeted(address);
      // Bytewise is left to the checked connections: corpus inputs reach 8 KiB.
      constexpr Strategy kChaosStrategies[] = {Strategy::whole, Strategy::split_terminator, Strategy::random};
      chaos.send_pieces(input, cut_points(kChaosStrategies[rng() % 3], input, rng()), 0us, 2s);
      chaos.wait_for_close(20ms);
      if (chaos.reader().failed()) {
        ++chaos_malformed;
        std::printf("soak: malformed response to corpus input %s: %s\n", escape_bytes(input.substr(0, 200)).c_str(),
                    chaos.reader().error().c_str());
      }
      ++chaos_runs;
    }
    if (!server.running()) crashed = true;
    if (seconds_since(start) >= next_report) {
      const long rss = rss_kib(server.pid());
      rss_samples.push_back(rss);
      std::printf("soak: %5.0f s  %10llu requests  %10llu valid answered  %llu mismatches  %llu corpus runs  RSS %ld MiB\n",
                  seconds_since(start), static_cast<unsigned long long>(requests),
                  static_cast<unsigned long long>(valid_answered), static_cast<unsigned long long>(mismatches),
                  static_cast<unsigned long long>(chaos_runs), rss / 1024);
      std::fflush(stdout);
      next_report += 10;
    }
  }

  bool passed = true;
  if (crashed) {
    passed = false;
    const auto status = server.exit_status();
    std::printf("soak: FAIL: the server died (%s); last output:\n", status ? status->describe().c_str() : "?");
    for (const std::string& line : server.recent_output(40)) std::printf("  %s\n", line.c_str());
  }
  // Memory is flat when the last quarter of the run stays within 10% (+2 MiB) of the peak seen by
  // the end of the first quarter, after allocator and sanitizer warm-up.
  if (rss_samples.size() >= 4) {
    const std::size_t q = rss_samples.size() / 4;
    const long early = *std::max_element(rss_samples.begin(), rss_samples.begin() + static_cast<std::ptrdiff_t>(q + 1));
    const long late = *std::max_element(rss_samples.end() - static_cast<std::ptrdiff_t>(q), rss_samples.end());
    const bool flat = late <= early + early / 10 + 2048;
    std::printf("soak: memory %s: peak %ld MiB in the first quarter, %ld MiB in the last\n", flat ? "flat" : "GREW",
                early / 1024, late / 1024);
    passed = passed && flat;
  }
  if (mismatches != 0 || chaos_malformed != 0) passed = false;
  std::printf("soak: %llu requests, %llu valid answered correctly, %llu mismatches, %llu corpus runs (%llu malformed answers)\n",
              static_cast<unsigned long long>(requests), static_cast<unsigned long long>(valid_answered),
              static_cast<unsigned long long>(mismatches), static_cast<unsigned long long>(chaos_runs),
              static_cast<unsigned long long>(chaos_malformed));
  std::printf("soak: %d passed, %d failed\n", passed ? 1 : 0, passed ? 0 : 1);
  return passed ? 0 : 1;
}

}  // namespace wireproof::robust
