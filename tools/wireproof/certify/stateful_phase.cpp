#include "certify/stateful_phase.hpp"

#include <algorithm>

#include "harness/escape.hpp"
#include "command/server_settings.hpp"
#include "stateful/target_handle.hpp"
#include "tls/tls_setup.hpp"
#include "stateful/traffic_scenario.hpp"

namespace wireproof::certify {

namespace {

constexpr std::size_t kTrafficShown = 4096;  // bytes kept per direction, as for scenario failures

}  // namespace

void add_stateful_options(cli::Options& o) {
  o.add_flag("--no-stateful", "skip the stateful random phase");
  o.add("--stateful-execs", "N", "rounds the stateful phase explores at most (default 1500)");
  o.add("--stateful-seconds", "S", "seconds the stateful phase explores at most (default 2.5; shrinking a failure comes after)");
  o.add("--stateful-out", "DIR", "where the phase writes a failure's shrunk .gnpt (default: next to the reports, else .)");
}

StatefulPhase::StatefulPhase(const cli::Arguments& args, const CertifyOptions& run) : certify_(run) {
  enabled_ = !args.has("--no-stateful");
  options_.seed = run.seed;
  options_.max_rounds = static_cast<std::size_t>(args.integer("--stateful-execs", 0, 10'000'000).value_or(
      static_cast<std::int64_t>(options_.max_rounds)));
  if (const std::optional<std::string> s = args.value("--stateful-seconds")) {
    char* end = nullptr;
    const double seconds = std::strtod(s->c_str(), &end);
    if (end == s->c_str() || *end != '\0' || !(seconds >= 0) || seconds > 86400) {
      throw cli::UsageError("--stateful-seconds: expected seconds between 0 and 86400, got '" + *s + "'");
    }
    options_.max_time = std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
  }
  options_.limits.connect = run.limits.step_timeout;
  options_.limits.response = run.limits.step_timeout;
  options_.tls = run.tls != nullptr;
  if (const std::optional<std::string> dir = args.value("--stateful-out")) {
    options_.out_dir = *dir;
  } else {
    options_.out_dir = ".";
    for (const char* report : {"--json", "--junit", "--html"}) {
      if (const std::optional<std::string> file = args.value(report)) {
        const std::filesystem::path parent = std::filesystem::path(*file).parent_path();
        options_.out_dir = parent.empty() ? "." : parent;
        break;
      }
    }
  }
  // As the user wrote it (the PKI placeholders of a --tls run are filled in only for this run).
  options_.server = args.value("--server").value_or(run.connect ? run.connect->to_string() : "");
}

StatefulPhase::~StatefulPhase() {
  if (thread_ && thread_->joinable()) thread_->join();
}

void StatefulPhase::start(const Preflight& preflight) {
  if (!enabled_ || thread_) return;
  // A server the preflight could not even connect to (a refused TLS handshake, say) is reported
  // there; the phase would only fail to connect again and make the run an error.
  const bool refused = preflight.greeting == GreetingClass::refused;
  if (preflight.quiet() || preflight.transport_mismatch() || refused) {
    not_run_ = "not run: the preflight found the server " +
               std::string(preflight.transport_mismatch() ? "speaking the other transport"
                           : refused                      ? "refusing connections"
                                                          : "not answering");
    return;
  }
  options_.limits.reading = preflight.conventions;
  // Beside the scenarios only on a server of its own: on a shared one their traffic would mix.
  if (certify_.server_template) thread_.emplace([this] { run(); });
}

void StatefulPhase::run() {
  const std::optional<TlsClientContext> tls =
      certify_.tls ? std::optional<TlsClientContext>(certify_.tls->default_context()) : std::nullopt;
  try {
    const Target::Options options{certify_.startup_timeout, std::min(certify_.limits.step_timeout, Target::Options{}.probe_timeout)};
    Target target = certify_.server_template
                        ? Target::start(command::fill_settings(*certify_.server_template), options)
                        : Target::connect(*certify_.connect, options);
    stateful::TargetHandle server(target);
    result_ = stateful::run_phase(server, tls, options_);
  } catch (const SetupError& e) {
    result_.setup_error = std::string("stateful phase: server did not start: ") + e.what();
  } catch (const std::exception& e) {
    result_.setup_error = std::string("stateful phase: ") + e.what();
  }
}

void StatefulPhase::finish(report::RunReport& report) {
  if (!enabled_) return;
  if (!not_run_.empty()) {
    report.stateful = "stateful phase: " + not_run_;
    return;
  }
  if (thread_) {
    thread_->join();
    thread_.reset();
  } else {
    run();
  }
  report.stateful = result_.summary();
  if (!result_.setup_error.empty()) {
    if (report.setup_error.empty()) report.setup_error = result_.setup_error;
    return;
  }
  CaseResult r;
  r.strategy = "mixed";
  r.seed = result_.seed;
  r.duration = std::chrono::duration<double, std::milli>(result_.ms);
  if (!result_.finding) {
    scenario_ = std::make_unique<scenario::Scenario>();
    scenario_->id = "stateful/random-phase";
    scenario_->title = "stateful random phase: random pipelines of every command over several connections, "
                       "judged round by round by the reference core";
    scenario_->section = "8.8";
    r.verdict = Verdict::pass;
    r.message = result_.summary();
  } else {
    const stateful::PhaseFinding& f = *result_.finding;
    const stateful::Divergence& d = f.minimal_run.divergence ? *f.minimal_run.divergence : f.first;
    scenario_ = std::make_unique<scenario::Scenario>();
    scenario_->id = "stateful/" + f.scenario_id;
    scenario_->file = f.scenario_file.string();
    scenario_->title = "stateful random phase (seed " + std::to_string(result_.seed) + ")";
    scenario_->section = d.section;
    r.verdict = d.outcome;
    scenario_->requirements.push_back(scenario::RequirementRef{d.requirement, 0, 0});
    // A wrong frame groups with the scenarios' failures of the same kind (one root cause).
    if (!d.kind_expected.empty()) r.divergence = {"response", d.kind_expected, d.kind_received};
    r.message = "stateful phase: first divergence (" + d.kind + "): " + d.summary +
                "; found after " + std::to_string(f.rounds_before) + " rounds (" +
                std::to_string(static_cast<long>(f.found_after_ms)) + " ms), shrunk to " +
                std::to_string(f.minimal.rounds.size()) + " rounds / " + std::to_string(f.minimal.requests()) +
                " requests in " + std::to_string(f.shrink_replays) + " replays (" +
                std::to_string(static_cast<long>(f.shrink_ms)) + " ms" + (f.confirmed ? "" : ", not confirmed") + ")" +
                (f.scenario_file.empty() ? "; reproducer not written: " + f.write_error
                                         : "; reproducer " + f.scenario_file.string());
    for (const std::string& name : f.minimal_run.connection_order) {
      const stateful::ConnectionLog& log = f.minimal_run.logs.at(name);
      Traffic t;
      t.connection = name;
      t.sent_total = log.sent.size();
      t.received_total = log.received.size();
      t.sent = log.sent.substr(0, kTrafficShown);
      t.received = log.received.substr(0, kTrafficShown);
      r.traffic.push_back(std::move(t));
    }
  }
  r.scenario = scenario_.get();
  report.results.push_back(std::move(r));
}

}  // namespace wireproof::certify
