// wireproof fuzz: black-box fuzzing of a live server. Generated and corpus-derived request
// streams, mutated and cut in different ways, each judged on the wire against the reference core;
// every new failure is confirmed, shrunk and saved as a reproducer; a crashed server is restarted.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "arguments.hpp"
#include "commands.hpp"
#include "corpus.hpp"
#include "coverage_guide.hpp"
#include "generator.hpp"
#include "reproducer.hpp"
#include "sides.hpp"
#include "tls_setup.hpp"
#include "trial.hpp"

namespace wireproof::blackbox {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kBytewiseFuzzLimit = 64;   // bytes; longer streams are cut more coarsely
constexpr std::size_t kRandomFuzzLimit = 1024;

struct FuzzConfig {
  std::string command;        // as given (reports)
  std::string spawn_command;  // with the TLS placeholders filled
  std::shared_ptr<tls::TlsSetup> tls;  // --tls; also keeps a generated PKI until the end
  std::chrono::seconds duration{10};
  std::filesystem::path out;
  std::uint64_t seed = 0;
  unsigned jobs = 1;
  std::vector<std::string> corpus;
  Timing explore;      // while exploring: short pauses
  Timing investigate;  // confirming and shrinking: pauses long enough for separate reads
  ShrinkBudget shrink;
  std::chrono::seconds shrink_time{5};
  std::unique_ptr<CoverageGuide> coverage;  // --coverage
};

struct RecordedFinding {
  Finding finding;
  std::string stem;
};

// Shared by the workers: which failures were seen, the findings, the counters.
class FuzzState {
 public:
  // True when no failure with this key was seen before (the caller then investigates it).
  bool claim(const std::string& key) {
    std::lock_guard lock(mutex_);
    return seen_.insert(key).second;
  }
  // Records a finding unless its final key was already recorded; returns its stem, or "".
  std::string record(Finding finding) {
    std::lock_guard lock(mutex_);
    if (!final_keys_.insert(finding.verdict.key()).second) return "";
    const std::string stem = finding_stem(findings_.size() + 1, finding.verdict);
    ++by_outcome_[static_cast<int>(finding.verdict.outcome)];
    findings_.push_back({std::move(finding), stem});
    return stem;
  }
  std::vector<RecordedFinding> findings() const {
    std::lock_guard lock(mutex_);
    return findings_;
  }
  std::size_t count(Outcome outcome) const {
    std::lock_guard lock(mutex_);
    return by_outcome_[static_cast<int>(outcome)];
  }
  void fail(const std::string& error) {
    std::lock_guard lock(mutex_);
    if (errors_.empty()) errors_ = error;
    stop = true;
  }
  std::string error() const {
    std::lock_guard lock(mutex_);
    return errors_;
  }

  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> execs{0};
  std::atomic<std::uint64_t> failing_execs{0};
  std::atomic<std::uint64_t> restarts{0};
  std::atomic<std::uint64_t> unconfirmed{0};

 private:
  mutable std::mutex mutex_;
  std::set<std::string> seen_;
  std::set<std::string> final_keys_;
  std::vector<RecordedFinding> findings_;
  std::size_t by_outcome_[4] = {0, 0, 0, 0};
  std::string errors_;
};

Strategy pick_strategy(Rng& rng, std::size_t size) {
  const std::size_t roll = rng.below(20);
  if (roll < 8) return Strategy::whole;
  if (roll < 13 || size > kRandomFuzzLimit) return Strategy::split_terminator;
  if (roll < 18 || size > kBytewiseFuzzLimit) return Strategy::random;
  return Strategy::bytewise;
}

void fuzz_worker(unsigned job, const FuzzConfig& config, Clock::time_point end, FuzzState& state) {
  Rng rng(config.seed + 0x9E3779B97F4A7C15ULL * (job + 1));
  std::optional<ServerTarget> target;
  std::unique_ptr<CoverageGuide::Job> coverage;
  try {
    if (config.coverage) coverage = config.coverage->job();
    target.emplace(ServerTarget::spawn(config.spawn_command,
                                       coverage ? coverage->environment() : std::vector<std::string>{}));
    if (config.tls) target->speak_tls(config.tls->default_context());
    if (coverage) coverage->absorb();
  } catch (const std::exception& e) {
    state.fail(std::string("cannot start the server: ") + e.what());
    return;
  }
  auto model = std::make_unique<gnp::Store>();
  FreshRunner runner(*target, config.investigate, /*server_is_fresh=*/false);
  while (!state.stop && Clock::now() < end) {
    try {
      std::optional<GeneratedStream> guided = config.coverage ? config.coverage->next_input(rng) : std::nullopt;
      const GeneratedStream generated = guided ? std::move(*guided) : generate_stream(rng, config.corpus);
      TestCase test;
      test.stream = generated.bytes;
      test.strategy = pick_strategy(rng, test.stream.size());
      test.seed = rng.next();
      const TrialResult result = run_trial(*target, *model, test, config.explore);
      ++state.execs;
      if (coverage) coverage->after_exec(test.stream);
      if (result.verdict.outcome == Outcome::ok) continue;
      ++state.failing_execs;
      // A cut stream's failure may be a segmentation bug (4.4) hiding under another key.
      const std::string key = result.verdict.key() + (cuts_of(test).empty() ? "" : " cut");
      if (state.claim(key)) {
        ShrinkBudget budget = config.shrink;
        budget.deadline = Clock::now() + config.shrink_time;
        if (std::optional<Finding> finding = investigate(runner, test, result.verdict, budget)) {
          finding->origin = generated.origin;
          const std::string stem = state.record(*finding);
          if (!stem.empty()) write_finding(config.out, stem, *finding, config.command, config.tls != nullptr);
        } else {
          ++state.unconfirmed;
        }
      }
      // The server's state no longer matches the model (or it died): start afresh.
      target->restart();
      ++state.restarts;
      model = std::make_unique<gnp::Store>();
      runner.mark_dirty();
      if (coverage) coverage->absorb();  // confirming, shrinking and the restart
    } catch (const std::exception& e) {
      state.fail(std::string("worker ") + std::to_string(job) + ": " + e.what());
      return;
    }
  }
}

cli::Options fuzz_options() {
  cli::Options options("wireproof fuzz --server CMD --seconds N --out DIR [--tls ...] [options]",
                       "Fuzz a live server over TCP (or inside TLS); findings are judged by the reference core, shrunk and saved.");
  options.add("--server", "CMD", "server command; \"{port}\" is replaced by a free port");
  tls::add_tls_options(options);
  options.add("--seconds", "N", "how long to explore (shrinking a finding may run past it)");
  options.add("--out", "DIR", "where reproducers go (created if missing)");
  options.add("--seed", "S", "seed for the generated traffic (default: random, printed)");
  options.add("--jobs", "N", "parallel workers, each with its own server (default 1)");
  options.add("--corpus", "DIR", "raw request streams to start from (default: ./corpus if present)");
  options.add("--timeout-ms", "N", "deadline for answers and the close before calling it a hang (default 1000)");
  options.add("--shrink-seconds", "N", "time budget for shrinking each finding (default 5)");
  options.add_flag("--coverage", "grey-box: read the server's AFL++ edge-coverage map after each exec, keep inputs that reach new edges");
  options.add("--corpus-out", "DIR", "with --coverage: where kept inputs go (default DIR/corpus of --out)");
  options.add_flag("--measure-coverage", "read the map and report edges as --coverage does, but fuzz blind (to compare)");
  options.epilog(
      "Each finding is written as DIR/NN-<class>-<section>-<kind>.{bin,gnpt,txt}: the raw bytes, a\n"
      "scenario that `wireproof repro` (and the certify runner) replays, and the report.\n"
      "--tls: every stream goes inside TLS after the greeting (PROTOCOL.md 9.6; same oracle); {tls_cert}\n"
      "{tls_key} {allow_file} {ca_file} in --server are filled as for certify (--pki DIR or a generated PKI).\n"
      "--coverage: the server must be built with AFL++'s instrumentation (afl-clang-fast, afl-clang-lto,\n"
      "cargo afl; docs/FUZZING.md); each job's server gets its own map (__AFL_SHM_ID, AFL_MAP_SIZE). Kept inputs\n"
      "are raw streams named by SHA-1: pass the directory as --corpus next time, or to `wireproof repro`.\n"
      "Exit: 0 nothing found, 1 a crash, hang or spec violation, 2 usage or setup error.");
  return options;
}

std::string ranked_report(const std::vector<RecordedFinding>& findings, const std::filesystem::path& out) {
  std::vector<const RecordedFinding*> order;
  for (const RecordedFinding& f : findings) order.push_back(&f);
  std::stable_sort(order.begin(), order.end(), [](const RecordedFinding* a, const RecordedFinding* b) {
    return static_cast<int>(a->finding.verdict.outcome) > static_cast<int>(b->finding.verdict.outcome);
  });
  std::ostringstream text;
  for (const RecordedFinding* f : order) {
    text << "== " << f->stem << "  (" << (out / (f->stem + ".gnpt")).string() << ")\n" << finding_report(f->finding) << "\n";
  }
  return text.str();
}

}  // namespace

int run_fuzz(std::span<const std::string> args) {
  const cli::Options options = fuzz_options();
  FuzzConfig config;
  try {
    const cli::Arguments parsed = options.parse(args);
    if (parsed.has("--help")) {
      std::cout << options.help();
      return 0;
    }
    for (const char* required : {"--server", "--seconds", "--out"}) {
      if (!parsed.has(required)) throw cli::UsageError(std::string(required) + " is required");
    }
    config.command = *parsed.value("--server");
    config.tls = tls::TlsSetup::from_arguments(parsed, config.command, std::cerr);
    config.spawn_command = config.tls ? config.tls->server_command(config.command) : config.command;
    config.duration = std::chrono::seconds(*parsed.integer("--seconds", 1, 7 * 24 * 3600));
    config.out = *parsed.value("--out");
    config.seed = parsed.has("--seed") ? static_cast<std::uint64_t>(*parsed.integer("--seed", 0, INT64_MAX))
                                       : std::random_device{}();
    config.jobs = static_cast<unsigned>(parsed.integer("--jobs", 1, 64).value_or(1));
    config.explore.deadline = std::chrono::milliseconds(parsed.integer("--timeout-ms", 1, 600000).value_or(1000));
    config.explore.pause = std::chrono::milliseconds(1);
    config.explore.pause_budget = std::chrono::milliseconds(30);
    config.investigate.deadline = config.explore.deadline;
    config.investigate.pause = std::chrono::microseconds(2000);
    config.shrink_time = std::chrono::seconds(parsed.integer("--shrink-seconds", 0, 3600).value_or(5));
    const std::filesystem::path corpus = parsed.value("--corpus").value_or("corpus");
    if (parsed.has("--corpus") || std::filesystem::is_directory(corpus)) {
      std::string error;
      config.corpus = load_corpus(corpus, error);
      if (!error.empty()) throw cli::UsageError("--corpus: " + error);
    }
    if (parsed.has("--corpus-out") && !parsed.has("--coverage")) throw cli::UsageError("--corpus-out needs --coverage");
    if (parsed.has("--coverage") && parsed.has("--measure-coverage")) {
      throw cli::UsageError("--coverage and --measure-coverage exclude each other");
    }
    if (parsed.has("--coverage") || parsed.has("--measure-coverage")) {
      try {
        config.coverage = std::make_unique<CoverageGuide>(
            config.spawn_command, parsed.value("--corpus-out").value_or((config.out / "corpus").string()), config.corpus,
            parsed.has("--coverage") ? CoverageGuide::Use::guide : CoverageGuide::Use::measure);
      } catch (const CoverageError& e) {
        std::cerr << "wireproof fuzz: " << e.what() << "\n";
        return 2;
      }
    }
  } catch (const cli::UsageError& e) {
    std::cerr << "wireproof fuzz: " << e.what() << "\nusage: see wireproof fuzz --help\n";
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(config.out, ec);
  if (ec || !std::filesystem::is_directory(config.out)) {
    std::cerr << "wireproof fuzz: cannot create --out directory '" << config.out.string() << "': " << ec.message() << "\n";
    return 2;
  }

  std::cerr << "fuzz: seed " << config.seed << ", " << config.jobs << " job(s), " << config.corpus.size()
            << " corpus entries, " << config.duration.count() << "s against '" << config.command << "'"
            << (config.tls ? " over TLS" : "") << "\n";
  if (config.coverage) {
    std::cerr << "fuzz: coverage: " << config.coverage->instrumentation_note() << "; map of " << config.coverage->map_size()
              << " entries per job; "
              << (config.coverage->guiding() ? "kept inputs go to " + config.coverage->corpus_dir().string()
                                             : std::string("measured only (blind fuzzing)"))
              << "\n";
  }
  FuzzState state;
  const Clock::time_point start = Clock::now();
  const Clock::time_point end = start + config.duration;
  std::vector<std::thread> workers;
  for (unsigned job = 0; job < config.jobs; ++job) {
    workers.emplace_back(fuzz_worker, job, std::cref(config), end, std::ref(state));
  }
  std::atomic<bool> done{false};
  std::thread progress([&] {
    auto next = start + std::chrono::seconds(1);
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (Clock::now() < next) continue;
      next += std::chrono::seconds(1);
      const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
      const std::uint64_t execs = state.execs;
      std::ostringstream line;
      line << "fuzz: " << static_cast<int>(elapsed) << "s execs " << execs << " ("
           << static_cast<std::uint64_t>(static_cast<double>(execs) / elapsed) << "/s) crash "
           << state.count(Outcome::crash) << " hang " << state.count(Outcome::hang) << " violation "
           << state.count(Outcome::violation) << " (failing execs " << state.failing_execs << ", restarts "
           << state.restarts << ")";
      if (config.coverage) {
        config.coverage->sample(elapsed, execs);
        line << " " << config.coverage->progress();
      }
      line << "\n";
      std::cerr << line.str();
    }
  });
  for (std::thread& worker : workers) worker.join();
  done = true;
  progress.join();

  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  const std::vector<RecordedFinding> findings = state.findings();
  const std::string report = ranked_report(findings, config.out);
  std::cout << report;
  std::ostringstream summary;
  summary << "fuzz: " << state.execs << " execs in " << static_cast<int>(elapsed) << "s (seed " << config.seed
          << "): " << state.count(Outcome::crash) << " crash, " << state.count(Outcome::hang) << " hang, "
          << state.count(Outcome::violation) << " violation finding(s); " << state.failing_execs
          << " failing execs in all, " << state.unconfirmed << " unconfirmed, " << state.restarts
          << " server restarts; reproducers in " << config.out.string() << "\n";
  if (config.coverage) {
    config.coverage->sample(elapsed, state.execs);
    summary << config.coverage->summary();
    std::ofstream(config.out / "coverage.tsv") << config.coverage->history_tsv();
  }
  std::cout << summary.str();
  std::ofstream(config.out / "report.txt") << report << summary.str();
  if (!state.error().empty()) {  // findings so far are reported above; the run itself broke
    std::cerr << "wireproof fuzz: stopped early: " << state.error() << "\n";
    return 2;
  }
  return findings.empty() ? 0 : 1;
}

}  // namespace wireproof::blackbox
