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

#include "cli/arguments.hpp"
#include "command/subcommand.hpp"
#include "blackbox/commands.hpp"
#include "blackbox/corpus.hpp"
#include "edges/coverage_guide.hpp"
#include "blackbox/generator.hpp"
#include "certify/preflight.hpp"
#include "blackbox/reproducer.hpp"
#include "stateful/target_handle.hpp"
#include "blackbox/trial.hpp"

namespace wireproof::blackbox {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kBytewiseFuzzLimit = 64;   // bytes; longer streams are cut more coarsely
constexpr std::size_t kRandomFuzzLimit = 1024;

struct FuzzConfig {
  const command::Setup* setup = nullptr;  // the server (--server, as given in reports) and TLS
  std::chrono::seconds duration{10};
  std::filesystem::path out;
  std::uint64_t seed = 0;
  unsigned jobs = 1;
  std::vector<std::string> corpus;
  std::string corpus_note;  // which corpus it is (bundled, installed, --corpus) and how many entries
  Timing explore;      // while exploring: short pauses
  Timing investigate;  // confirming and shrinking: pauses long enough for separate reads
  ReadingConventions probe_reading;  // how the liveness probe reads this server (the preflight's)
  ShrinkBudget shrink;
  std::chrono::seconds shrink_time{5};
  std::unique_ptr<CoverageGuide> coverage;  // --coverage / --measure-coverage
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
  // Server restarts, by why: it died, it failed the liveness probe, a finding was confirmed and
  // shrunk on fresh servers.
  std::atomic<std::uint64_t> restarts_died{0};
  std::atomic<std::uint64_t> restarts_unresponsive{0};
  std::atomic<std::uint64_t> restarts_for_findings{0};
  std::atomic<std::uint64_t> kept_running{0};  // failing execs after which the server was kept
  std::uint64_t restarts() const { return restarts_died + restarts_unresponsive + restarts_for_findings; }
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

// What happened before recover(): a failing exec (investigated or not), or a finding confirmed
// and shrunk by the stateful machinery (cross-connection), which leaves the store unknown.
enum class Followed { deviation, investigation, stateful_investigation };

// The restart policy (target.hpp): a server is restarted only when it died or fails the liveness
// probe. One that merely answered wrongly keeps running; the keys the stream may have changed are
// deleted on the server and in the model, so the reference answers stay exact.
void recover(Target& target, FreshRunner& runner, std::unique_ptr<gnp::Store>& model, const TestCase& test,
             const Verdict& verdict, Followed followed, const FuzzConfig& config, FuzzState& state) {
  // Confirming and shrinking ran on fresh servers: a clean runner left an empty, healthy store.
  const bool store_empty = followed == Followed::investigation && runner.clean();
  runner.mark_dirty();  // exploration goes on on this server
  if (followed != Followed::deviation) {
    model = std::make_unique<gnp::Store>();
    if (store_empty) return;
    target.restart();
    ++state.restarts_for_findings;
    return;
  }
  if (verdict.outcome == Outcome::crash) {
    model = std::make_unique<gnp::Store>();
    target.restart();
    ++state.restarts_died;
    return;
  }
  const Probe probe = target.probe();
  if (Target::needs_restart(probe)) {
    model = std::make_unique<gnp::Store>();
    target.restart();
    ++(probe.liveness == Liveness::gone ? state.restarts_died : state.restarts_unresponsive);
    return;
  }
  forget_keys(target, *model, test.stream, config.explore);
  ++state.kept_running;
}

// The stream's effects seen from a second connection (8.8): it GETs every key the stream named,
// judged against the model the stream left. A difference is shrunk and written by the stateful
// phase's machinery as a scenario over both connections. nullopt: no difference; else whether it
// was investigated (false: seen before, or it did not reproduce).
std::optional<bool> observe_from_second_connection(Target& target, gnp::Store& model, const TestCase& test,
                                    const GeneratedStream& generated, const FuzzConfig& config, FuzzState& state) {
  TestCase observe;
  observe.stream = generated.observer;
  const TrialResult seen = run_trial(target, model, observe, config.explore);
  ++state.execs;
  if (seen.verdict.outcome == Outcome::pass) return std::nullopt;
  ++state.failing_execs;
  // A server that died after answering the stream is no cross-connection finding: the restart
  // policy (recover) sees it gone, and exploring finds the crash on its own.
  if (target.death(Target::kExitGrace)) return false;
  if (!state.claim("cross-connection " + seen.verdict.key())) return false;
  stateful::Traffic traffic;
  stateful::Round first{"c1", {test.stream}, Strategy::whole, 0, cuts_of(test)};
  stateful::Round second{"c2", {generated.observer}, Strategy::whole, 0, {}};
  traffic.rounds = {first, second};
  stateful::TargetHandle server(target);
  stateful::PhaseOptions options;
  options.seed = config.seed;
  options.limits = {config.investigate.connect, config.investigate.deadline, config.investigate.reading};  // read as the preflight found
  options.shrink_time = config.shrink_time;
  options.out_dir = config.out;
  options.tls = config.setup->tls != nullptr;
  options.server = config.setup->targets.front().given;
  options.found_by = "wireproof fuzz (a second connection reading the keys a stream wrote)";
  // Confirmed on new connections with the keys reset first; a difference the model alone made up
  // (the server's store had drifted from it) does not reproduce and is dropped.
  const stateful::TrafficRun run = stateful::run_traffic(traffic, target.address(), target.tls(), options.limits, true);
  if (!run.divergence) {
    ++state.unconfirmed;
    return false;
  }
  stateful::PhaseFinding found = stateful::investigate(server, target.tls(), options, traffic, *run.divergence, 0);
  const stateful::Divergence& d = found.minimal_run.divergence ? *found.minimal_run.divergence : found.first;
  Finding finding;
  finding.verdict.outcome = d.outcome;
  finding.verdict.section = d.section;
  finding.verdict.kind = "cross-connection-" + d.kind;
  finding.verdict.summary = d.summary;
  finding.verdict.detail = stateful::finding_text(found);
  finding.minimal.stream = found.minimal.rounds.empty() ? "" : found.minimal.rounds.back().bytes();
  finding.original = test;
  finding.origin = generated.origin + ", then a second connection's GETs";
  finding.confirmed = found.confirmed;
  finding.shrink_tests = found.shrink_replays;
  finding.shrink_exhausted = found.shrink_exhausted;
  const std::string stem = state.record(finding);
  std::error_code ec;
  if (!stem.empty() && !found.scenario_file.empty()) {
    std::filesystem::rename(found.scenario_file, config.out / (stem + ".gnpt"), ec);
    std::ofstream(config.out / (stem + ".txt")) << finding_report(finding);
  } else if (!found.scenario_file.empty()) {
    std::filesystem::remove(found.scenario_file, ec);  // the same bug was recorded already
  }
  return true;
}

void fuzz_worker(unsigned job, const FuzzConfig& config, Clock::time_point end, FuzzState& state) {
  Rng rng(config.seed + 0x9E3779B97F4A7C15ULL * (job + 1));
  std::optional<Target> target;
  std::unique_ptr<CoverageGuide::Job> coverage;  // this job's map, in its server's environment
  try {
    Target::Options options;
    if (config.coverage) {
      coverage = config.coverage->job();
      options.environment = coverage->environment();
    }
    target.emplace(config.setup->open(0, options));
    target->read_with(config.probe_reading);
    if (coverage) coverage->absorb();  // start-up is no input's doing
  } catch (const std::exception& e) {  // SetupError, CoverageError
    state.fail(e.what());
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
      if (result.verdict.outcome == Outcome::pass) {
        if (generated.observer.empty()) continue;
        const std::optional<bool> investigated =
            observe_from_second_connection(*target, *model, test, generated, config, state);
        // The server's store may no longer match the model: the same restart policy.
        if (investigated) {
          recover(*target, runner, model, test, Verdict{},
                  *investigated ? Followed::stateful_investigation : Followed::deviation, config, state);
        }
        if (coverage) coverage->absorb();  // the second connection's exec and any recovery
        continue;
      }
      ++state.failing_execs;
      // A cut stream's failure may be a segmentation bug (4.4) hiding under another key.
      const std::string key = result.verdict.key() + (cuts_of(test).empty() ? "" : " cut");
      bool investigated = false;
      if (state.claim(key)) {
        investigated = true;
        ShrinkBudget budget = config.shrink;
        budget.deadline = Clock::now() + config.shrink_time;
        const std::size_t fresh_before = runner.fresh_restarts();
        std::optional<Finding> finding = investigate(runner, test, result.verdict, budget);
        state.restarts_for_findings += runner.fresh_restarts() - fresh_before;
        if (finding) {
          finding->origin = generated.origin;
          const std::string stem = state.record(*finding);
          if (!stem.empty()) write_finding(config.out, stem, *finding, config.setup->targets.front().given, config.setup->tls != nullptr);
        } else {
          ++state.unconfirmed;
        }
      }
      recover(*target, runner, model, test, result.verdict,
              investigated ? Followed::investigation : Followed::deviation, config, state);
      if (coverage) coverage->absorb();  // confirming, shrinking, restarts and forgetting keys
    } catch (const std::exception& e) {
      state.fail(std::string("worker ") + std::to_string(job) + ": " + e.what());
      return;
    }
  }
}

command::Spec fuzz_spec() {
  command::Spec spec{"fuzz", "wireproof fuzz --server CMD --seconds N --out DIR [--tls ...] [options]",
                     "Fuzz a live server over TCP (or inside TLS); findings are judged by the reference core, shrunk and saved.",
                     {command::Shared::server, command::Shared::tls, command::Shared::seed, command::Shared::jobs,
                      command::Shared::timeout_ms, command::Shared::max_response_bytes}};
  spec.default_timeout = std::chrono::milliseconds(1000);
  return spec;
}

void add_fuzz_options(cli::Options& options) {
  options.add("--seconds", "N", "how long to explore (shrinking a finding may run past it)");
  options.add("--out", "DIR", "where reproducers go (created if missing)");
  options.add("--corpus", "DIR", "raw request streams to start from (default: the bundled corpus, share/wireproof/corpus when installed)");
  options.add("--shrink-seconds", "N", "time budget for shrinking each finding (default 5)");
  options.add_flag("--coverage", "grey-box: read the server's AFL++ edge-coverage map after each exec, keep inputs that reach new edges");
  options.add("--corpus-out", "DIR", "with --coverage: where kept inputs go (default: DIR/corpus of --out)");
  options.add_flag("--measure-coverage", "read the map and report edges as --coverage does, but fuzz blind (to compare)");
  options.epilog(
      "After each stream that passes, a second connection GETs the keys it named (PROTOCOL.md 8.8); a difference\n"
      "is written as DIR/NN-<class>-<section>-cross-connection-<kind>.{gnpt,txt}, a scenario over both connections.\n"
      "Each finding is written as DIR/NN-<class>-<section>-<kind>.{bin,gnpt,txt}: the raw bytes, a\n"
      "scenario that `wireproof repro` (and the certify runner) replays, and the report.\n"
      "--tls: every stream goes inside TLS after the greeting (PROTOCOL.md 9.6; same oracle); {tls_cert}\n"
      "{tls_key} {allow_file} {ca_file} in --server are filled as for certify (--pki DIR or a generated PKI).\n"
      "--coverage: the server must be built with AFL++'s instrumentation (afl-clang-fast, afl-clang-lto,\n"
      "cargo afl; docs/FUZZING.md); each job's server gets its own map (__AFL_SHM_ID, AFL_MAP_SIZE). Kept inputs\n"
      "are raw streams named by SHA-1: pass the directory as --corpus next time, or to `wireproof repro`.\n"
      "Exit: 0 nothing found, 1 a crash, timeout or fail (spec violation), 2 usage or setup error.");
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

FuzzConfig fuzz_config(const command::Setup& setup) {
  const cli::Arguments& parsed = setup.args;
  for (const char* required : {"--seconds", "--out"}) {
    if (!parsed.has(required)) throw cli::UsageError(std::string(required) + " is required");
  }
  FuzzConfig config;
  config.setup = &setup;
  config.duration = std::chrono::seconds(*parsed.integer("--seconds", 1, 7 * 24 * 3600));
  config.out = *parsed.value("--out");
  config.seed = setup.seed;
  config.jobs = static_cast<unsigned>(setup.jobs);
  config.explore.deadline = setup.timeout;
  // Pauses are most of an exec (1 ms: ~140 exec/s against gnp-server; 50 us, spun: ~1,000-2,000);
  // a finding is still confirmed and shrunk with investigate's 2 ms pauses.
  config.explore.pause = std::chrono::microseconds(50);
  config.explore.pause_budget = std::chrono::milliseconds(30);
  config.investigate.deadline = config.explore.deadline;
  config.investigate.pause = std::chrono::microseconds(2000);
  config.shrink_time = std::chrono::seconds(parsed.integer("--shrink-seconds", 0, 3600).value_or(5));
  CorpusChoice corpus = corpus_from_option(parsed);
  config.corpus = std::move(corpus.entries);
  config.corpus_note = std::move(corpus.note);
  const bool guide = parsed.has("--coverage"), measure = parsed.has("--measure-coverage");
  if (guide && measure) throw cli::UsageError("--coverage and --measure-coverage exclude each other");
  if (parsed.has("--corpus-out") && !guide) throw cli::UsageError("--corpus-out needs --coverage");
  if (guide || measure) {
    try {
      config.coverage = std::make_unique<CoverageGuide>(
          setup.targets.front().command, parsed.value("--corpus-out").value_or((config.out / "corpus").string()),
          config.corpus, guide ? CoverageGuide::Use::guide : CoverageGuide::Use::measure);
    } catch (const CoverageError& e) {
      throw SetupError(e.what());
    }
  }
  return config;
}

// Once a second while the workers run: execs, rate, findings, restarts.
std::string progress_line(const FuzzState& state, double elapsed) {
  const std::uint64_t execs = state.execs;
  std::ostringstream line;
  line << "fuzz: " << static_cast<int>(elapsed) << "s execs " << execs << " ("
       << static_cast<std::uint64_t>(static_cast<double>(execs) / elapsed) << "/s) crash " << state.count(Outcome::crash)
       << " timeout " << state.count(Outcome::timeout) << " fail " << state.count(Outcome::fail) << " (failing execs "
       << state.failing_execs << ", restarts " << state.restarts() << ")\n";
  return line.str();
}

std::string summary_line(const FuzzState& state, const FuzzConfig& config, double elapsed) {
  std::ostringstream summary;
  summary << "fuzz: " << state.execs << " execs in " << static_cast<int>(elapsed) << "s ("
          << static_cast<std::uint64_t>(static_cast<double>(state.execs) / std::max(elapsed, 1e-3) / config.jobs)
          << " exec/s per job, seed " << config.seed << "): " << state.count(Outcome::crash) << " crash, " << state.count(Outcome::timeout) << " timeout, "
          << state.count(Outcome::fail) << " fail finding(s); " << state.failing_execs
          << " failing execs in all, " << state.unconfirmed << " unconfirmed, " << state.restarts()
          << " server restarts (" << state.restarts_died << " after a crash, " << state.restarts_unresponsive
          << " not answering the liveness probe, " << state.restarts_for_findings
          << " fresh servers to confirm and shrink findings; kept running after " << state.kept_running
          << " deviating answers); reproducers in " << config.out.string() << "\n";
  return summary.str();
}

int fuzz_with(const command::Setup& setup) {
  FuzzConfig config = fuzz_config(setup);
  std::error_code ec;
  std::filesystem::create_directories(config.out, ec);
  if (ec || !std::filesystem::is_directory(config.out)) {
    std::cerr << "wireproof fuzz: cannot create --out directory '" << config.out.string() << "': " << ec.message() << "\n";
    return 2;
  }

  std::cerr << "fuzz: " << config.corpus_note << "\n";
  std::cerr << "fuzz: seed " << config.seed << ", " << config.jobs << " job(s), " << config.corpus.size()
            << " corpus entries, " << config.duration.count() << "s against '" << setup.targets.front().given << "'"
            << (setup.tls ? " over TLS" : "") << "\n";
  if (config.coverage) {
    std::cerr << "fuzz: coverage: " << config.coverage->instrumentation_note() << "; map of "
              << config.coverage->map_size() << " entries per job; "
              << (config.coverage->guiding() ? "kept inputs go to " + config.coverage->corpus_dir().string()
                                             : std::string("measured only (blind fuzzing)"))
              << "\n";
  }
  // The preflight (as certify's): a recognised deviation, such as the greeting, is reported once here
  // and accepted in its place while exploring, so the fuzzer gets past it.
  certify::Preflight preflight;
  try {
    Target probe_target = setup.open(0, Target::Options{});
    preflight = certify::run_preflight(probe_target.address(), setup.tls.get(), config.explore.deadline, false,
                                         setup.reading());
  } catch (const SetupError& e) {
    std::cerr << "wireproof fuzz: " << e.what() << "\n";
    return 2;
  }
  config.explore.reading = config.investigate.reading = preflight.conventions;
  config.probe_reading = preflight.probe_conventions();
  const bool preflight_deviates = preflight.greeting != certify::GreetingClass::exact || preflight.bare_lf_responses;
  std::cerr << "fuzz: preflight: " << preflight.summary() << "\n";
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
      std::string line = progress_line(state, elapsed);
      if (config.coverage) {
        config.coverage->sample(elapsed, state.execs);
        line.insert(line.size() - 1, " " + config.coverage->progress());
      }
      std::cerr << line;
    }
  });
  for (std::thread& worker : workers) worker.join();
  done = true;
  progress.join();

  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  const std::vector<RecordedFinding> findings = state.findings();
  const std::string report = ranked_report(findings, config.out);
  std::string summary =
      (preflight_deviates ? "fuzz: preflight: " + preflight.summary() + "\n" : "") + summary_line(state, config, elapsed);
  if (config.coverage) {
    config.coverage->sample(elapsed, state.execs);
    summary += config.coverage->summary();
    std::ofstream(config.out / "coverage.tsv") << config.coverage->history_tsv();
  }
  std::cout << report;
  std::cout << summary;
  std::ofstream(config.out / "report.txt") << report << summary;
  if (!state.error().empty()) {  // findings so far are reported above; the run itself broke
    std::cerr << "wireproof fuzz: stopped early: " << state.error() << "\n";
    return 2;
  }
  return findings.empty() && !preflight_deviates ? 0 : 1;
}

}  // namespace

int run_fuzz(std::span<const std::string> args) {
  return command::run(fuzz_spec(), add_fuzz_options, args, fuzz_with);
}

}  // namespace wireproof::blackbox
