#include "certify/certify_run.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "command/server_settings.hpp"
#include "target/target.hpp"
#include "tls/tls_setup.hpp"

namespace wireproof::certify {
namespace {

using scenario::Scenario;
using scenario::ServerSettings;

// Scenarios that share server settings share servers; this orders and groups them.
std::string settings_key(const ServerSettings& s) { return command::settings_text(s); }

std::uint64_t case_seed(std::uint64_t run_seed, const std::string& id) {
  std::uint64_t h = 1469598103934665603ULL ^ run_seed;  // FNV-1a over the id, keyed by the run seed
  for (const char c : id) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

struct WorkItem {
  const Scenario* scenario;
  std::vector<Strategy> strategies;
};

class Certifier {
 public:
  Certifier(const std::vector<Scenario>& scenarios, const CertifyOptions& options, const ScenarioDone& on_done)
      : options_(options), on_done_(on_done) {
    std::vector<const Scenario*> runnable;
    for (const Scenario& s : scenarios) {
      const std::string reason = skip_reason(s, options);
      if (!reason.empty()) {
        skipped_.push_back({&s, reason});
      } else {
        runnable.push_back(&s);
      }
    }
    // Group by server settings so a job switches servers rarely; keep id order inside a group.
    // Scenarios with settings go first: they wait for server timeouts, the longest cases, and
    // starting them early keeps the jobs evenly loaded at the end.
    std::stable_sort(runnable.begin(), runnable.end(), [](const Scenario* a, const Scenario* b) {
      const std::string ka = settings_key(a->server);
      const std::string kb = settings_key(b->server);
      if (ka.empty() != kb.empty()) return !ka.empty();
      return ka < kb;
    });
    for (const Scenario* s : runnable) {
      WorkItem item{s, strategies_for(*s, options.strategies)};
      items_.push_back(std::move(item));
    }
    total_ = items_.size() + skipped_.size();
  }

  CertifyOutcome run() {
    // Results are laid out per scenario in id order, whatever order the jobs take them in.
    std::map<std::string, std::vector<CaseResult>> by_id;
    results_by_item_.resize(items_.size());
    for (auto& [s, reason] : skipped_) {
      CaseResult r;
      r.scenario = s;
      r.strategy = "-";
      r.verdict = Verdict::skip;
      r.message = reason;
      report({r});
      by_id[s->id].push_back(std::move(r));
    }
    if (!preflight()) return {preflight_, {preflight_not_started(setup_error_)}, setup_error_};
    const int jobs = std::max(1, std::min<int>(options_.jobs, static_cast<int>(std::max<std::size_t>(items_.size(), 1))));
    std::vector<std::thread> workers;
    for (int j = 0; j < jobs; ++j) workers.emplace_back([this] { work(); });
    for (std::thread& t : workers) t.join();
    for (std::size_t i = 0; i < items_.size(); ++i) by_id[items_[i].scenario->id] = std::move(results_by_item_[i]);
    CertifyOutcome outcome;
    outcome.preflight = preflight_;
    outcome.results = preflight_.results();
    for (auto& [id, cases] : by_id) {
      for (CaseResult& c : cases) outcome.results.push_back(std::move(c));
    }
    outcome.setup_error = setup_error_;
    return outcome;
  }

 private:
  void report(const std::vector<CaseResult>& cases) {
    std::lock_guard lock(report_mutex_);
    ++done_;
    if (on_done_) on_done_(cases, done_, total_);
  }

  void work() {
    // Servers started here die with this thread (PR_SET_PDEATHSIG), so this thread stops them.
    std::optional<Target> server;
    std::string server_key;
    for (;;) {
      const std::size_t index = next_.fetch_add(1);
      if (index >= items_.size()) break;
      const WorkItem& item = items_[index];
      std::vector<CaseResult> cases;
      std::string gave_up;  // after a hang or crash the other strategies would only repeat it, slowly
      for (Strategy strategy : item.strategies) {
        if (stop_.load()) {
          cases.push_back(not_run(item, strategy, stop_reason()));
          continue;
        }
        if (!gave_up.empty()) {
          cases.push_back(not_run(item, strategy, gave_up));
          continue;
        }
        cases.push_back(run_with_retries(item, strategy, server, server_key));
        const CaseResult& last = cases.back();
        if (last.verdict == Verdict::timeout || last.verdict == Verdict::crash) {
          gave_up = "not run: the server " + std::string(last.verdict == Verdict::crash ? "crashed" : "hung") +
                    " under " + last.strategy;
        }
        if (const std::string quiet = limits().quiet_cause; is_failure(last.verdict) && limits().quiet_wait) {
          gave_up = "not run: the server answers nothing (" + quiet + "); the other strategies would only repeat " +
                    last.strategy + "'s failure";
        }
        if (last.verdict == Verdict::error) stop("a server could not be started");
        if (options_.fail_fast && is_failure(last.verdict) && item.scenario->level == scenario::Level::must) {
          stop("--fail-fast: a MUST scenario failed");
        }
      }
      report(cases);
      results_by_item_[index] = std::move(cases);
    }
    if (server) server->stop();
  }

  // --retries: the first failure is the one reported (its message and traffic); a later pass only
  // marks it flaky. Crashes, hangs and setup errors are not retried: they are not flakes of the
  // answer, and a retry would only wait for them again.
  CaseResult run_with_retries(const WorkItem& item, Strategy strategy, std::optional<Target>& server,
                              std::string& server_key) {
    CaseResult first = run_one(item, strategy, server, server_key);
    for (int i = 0; i < options_.retries && first.verdict == Verdict::fail && !first.flaky; ++i) {
      const CaseResult again = run_one(item, strategy, server, server_key);
      ++first.attempts;
      if (again.verdict == Verdict::pass) first.flaky = true;
    }
    if (first.flaky) {
      first.message = "flaky (failed, then passed on run " + std::to_string(first.attempts) + "): " + first.message;
    }
    return first;
  }

  // The liveness probe never waits longer than a step would (nor than Target's default), and only
  // briefly on a server the preflight found quiet: it is known not to answer.
  Target::Options target_options() {
    const std::chrono::milliseconds step = limits().quiet_wait.value_or(options_.limits.step_timeout);
    return {options_.startup_timeout, std::min(step, Target::Options{}.probe_timeout), {}};
  }

  // Runs one case on `server`: the one this job has running (restarted when the scenario needs
  // other settings or the last case left it dead or unresponsive), or the --connect address.
  CaseResult run_one(const WorkItem& item, Strategy strategy, std::optional<Target>& server, std::string& server_key) {
    const std::string key = settings_key(item.scenario->server);
    if (server && server->exited()) {
      // It died after the previous case had passed (e.g. when a client closed): report it here.
      const std::optional<ServerDeath> death = server->death(std::chrono::milliseconds(0));
      CaseResult r = not_run(item, strategy,
                             "the server died after the previous case passed (" +
                                 (death ? death->status : std::string("unknown status")) + ")");
      r.verdict = Verdict::crash;
      if (death) r.server_output = death->output;
      server.reset();
      return r;
    }
    if (server && server->started() && key != server_key) server.reset();  // stops it
    if (!server) {
      try {
        server.emplace(options_.connect
                           ? Target::connect(*options_.connect, target_options())
                           : Target::start(command::fill_settings(*options_.server_template, item.scenario->server),
                                           target_options()));
        server_key = key;
      } catch (const SetupError& e) {
        CaseResult r = not_run(item, strategy, std::string("server did not start: ") + e.what());
        r.verdict = Verdict::error;
        std::lock_guard lock(report_mutex_);
        if (setup_error_.empty()) setup_error_ = e.what();
        return r;
      }
      if (options_.tls) server->speak_tls(options_.tls->default_context());
    }
    CaseResult r = run_case(*item.scenario, strategy, case_seed(options_.seed, item.scenario->id), server->address(),
                            limits(), options_.tls.get());
    if (r.answered) server_answers();
    server->read_with(preflight_.probe_conventions());
    const StepLimits now = limits();
    if (!settle(*server, r, now.quiet_wait ? now.quiet_cause : "")) server.reset();  // the next case starts a new one
    return r;
  }

  // Probes a server with default settings before the suite; false when none could be started.
  bool preflight() {
    try {
      Target server = options_.connect ? Target::connect(*options_.connect, target_options())
                                       : Target::start(command::fill_settings(*options_.server_template, {}), target_options());
      preflight_ = run_preflight(server.address(), options_.tls.get(), options_.limits.step_timeout, options_.strict,
                                 options_.limits.conventions);
    } catch (const SetupError& e) {
      setup_error_ = e.what();
      return false;
    }
    limits_ = preflight_.limits_for(options_.limits);
    if (options_.on_preflight) options_.on_preflight(preflight_);
    return true;
  }

  StepLimits limits() {
    std::lock_guard lock(limits_mutex_);
    return limits_;
  }
  // A response arrived after all: the server is not quiet, later cases wait the full timeout.
  void server_answers() {
    std::lock_guard lock(limits_mutex_);
    limits_.quiet_wait.reset();
  }

  // The Target rule after a case (target.hpp): a server that died during it turns its verdict
  // into a crash, whatever the steps saw; after a failure the server is probed and the result
  // kept with the case. Returns whether the server can serve the next case.
  // `quiet_cause`: the preflight check that found the server accepting but not answering, if any.
  static bool settle(Target& server, CaseResult& r, const std::string& quiet_cause) {
    const bool failed = is_failure(r.verdict);
    std::optional<ServerDeath> death = server.death(failed ? Target::kExitGrace : std::chrono::milliseconds(0));
    if (!death && failed && !quiet_cause.empty()) {
      // The preflight found it accepting but not answering: probing again would only wait.
      r.liveness = std::string(liveness_name(Liveness::not_answering)) + " (found by " + quiet_cause + ")";
      return true;
    }
    if (!death && failed) {
      const Probe probe = server.probe();
      r.liveness = probe.describe();
      if (probe.liveness == Liveness::gone) death = server.death(std::chrono::milliseconds(0));
      if (!death) return server.started() ? !Target::needs_restart(probe) : true;
    }
    if (!death) return true;
    r.verdict = Verdict::crash;
    r.message = "server died (" + death->status + ")" + (r.message.empty() ? "" : "; " + r.message);
    r.server_output = death->output;
    if (r.liveness.empty()) r.liveness = std::string(liveness_name(Liveness::gone)) + ": " + death->status;
    return false;
  }

  CaseResult not_run(const WorkItem& item, Strategy strategy, const std::string& why) const {
    CaseResult r;
    r.scenario = item.scenario;
    r.strategy = std::string(strategy_name(strategy));
    r.seed = case_seed(options_.seed, item.scenario->id);
    r.verdict = Verdict::not_run;
    r.message = why;
    return r;
  }

  void stop(const std::string& why) {
    std::lock_guard lock(stop_mutex_);
    if (!stop_.load()) stop_why_ = why;
    stop_.store(true);
  }
  std::string stop_reason() {
    std::lock_guard lock(stop_mutex_);
    return "not run: " + stop_why_;
  }

  const CertifyOptions& options_;
  const ScenarioDone& on_done_;
  std::vector<WorkItem> items_;
  std::vector<std::pair<const Scenario*, std::string>> skipped_;
  std::vector<std::vector<CaseResult>> results_by_item_;
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> stop_{false};
  std::mutex stop_mutex_;
  std::string stop_why_;
  std::mutex report_mutex_;
  std::size_t done_ = 0;
  std::size_t total_ = 0;
  std::string setup_error_;
  Preflight preflight_;
  std::mutex limits_mutex_;
  StepLimits limits_;
};

}  // namespace

std::vector<Strategy> strategies_for(const Scenario& s, const std::vector<Strategy>& run_strategies) {
  if (s.segmentation.empty()) return run_strategies;
  std::vector<Strategy> pinned;
  for (const std::string& name : s.segmentation) {
    if (const auto strategy = parse_strategy(name)) pinned.push_back(*strategy);
  }
  return pinned;
}

bool names_certificates(const Scenario& s) {
  return std::any_of(s.steps.begin(), s.steps.end(), [](const scenario::Step& step) {
    const auto* connect = std::get_if<scenario::Connect>(&step);
    return connect != nullptr && connect->certificate.choice == scenario::Certificate::Choice::named;
  });
}

std::string skip_reason(const Scenario& s, const CertifyOptions& options) {
  if (s.transport == scenario::Transport::tls && !options.tls) {
    return "TLS scenario (PROTOCOL.md 11.2, GNP/1 TLS level): run certify with --tls";
  }
  if (s.transport == scenario::Transport::plain && options.tls) return "plain-TCP scenario: not run under --tls";
  if (options.tls && names_certificates(s)) {
    if (std::string why = options.tls->named_certificates_unavailable(); !why.empty()) return why;
  }
  if (!s.server.any()) return "";
  if (options.connect) {
    return "needs server settings (" + command::settings_text(s.server) + ") that cannot be given to a server started elsewhere (--connect)";
  }
  for (const command::SettingPlaceholder& p : command::kSettingPlaceholders) {
    if ((s.server.*p.field) && options.server_template->find(p.text) == std::string::npos) {
      return std::string("needs ") + p.setting + "; the server command has no " + p.text + " placeholder";
    }
  }
  return "";
}

// The scenario cites a requirement of `pattern` (a section such as "8.8", or the ID "8.8/2"):
// --filter 8.8 also selects a 4.5 scenario that checks 8.8/3.
bool cites_within(const Scenario& s, const std::string& pattern) {
  return std::any_of(s.requirements.begin(), s.requirements.end(), [&](const scenario::RequirementRef& r) {
    return r.id == pattern || scenario::section_within(r.id.substr(0, r.id.find('/')), pattern);
  });
}

bool matches_filter(const Scenario& s, const std::string& filter) {
  std::size_t start = 0;
  while (start <= filter.size()) {
    const std::size_t end = std::min(filter.find(',', start), filter.size());
    const std::string pattern = filter.substr(start, end - start);
    if (!pattern.empty() &&
        (fnmatch(pattern.c_str(), s.id.c_str(), 0) == 0 || fnmatch(pattern.c_str(), s.section.c_str(), 0) == 0 ||
         scenario::section_within(s.section, pattern) || cites_within(s, pattern))) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

CertifyOutcome certify_scenarios(const std::vector<Scenario>& scenarios, const CertifyOptions& options,
                                 const ScenarioDone& on_done) {
  return Certifier(scenarios, options, on_done).run();
}

}  // namespace wireproof::certify
