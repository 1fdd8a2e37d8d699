#include "certify_run.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "server_process.hpp"
#include "tls_setup.hpp"

namespace wireproof::certify {
namespace {

using scenario::Scenario;
using scenario::ServerSettings;

// PROTOCOL.md 10.1-10.3 defaults, used when a scenario does not care.
constexpr std::uint32_t kDefaultIdleMs = 30'000;
constexpr std::uint32_t kDefaultRequestMs = 10'000;
constexpr std::uint32_t kDefaultMaxConnections = 1024;

struct Placeholder {
  const char* text;
  const char* setting;
  std::optional<std::uint32_t> ServerSettings::*field;
  std::uint32_t fallback;
};
constexpr Placeholder kPlaceholders[] = {
    {"{idle_timeout_ms}", "idle-timeout-ms", &ServerSettings::idle_timeout_ms, kDefaultIdleMs},
    {"{request_timeout_ms}", "request-timeout-ms", &ServerSettings::request_timeout_ms, kDefaultRequestMs},
    {"{max_connections}", "max-connections", &ServerSettings::max_connections, kDefaultMaxConnections},
};

void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

std::string settings_text(const ServerSettings& settings) {
  std::string text;
  for (const Placeholder& p : kPlaceholders) {
    if (settings.*p.field) text += std::string(text.empty() ? "" : " ") + p.setting + "=" + std::to_string(*(settings.*p.field));
  }
  return text;
}

// Scenarios that share server settings share servers; this orders and groups them.
std::string settings_key(const ServerSettings& s) { return settings_text(s); }

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
    const int jobs = std::max(1, std::min<int>(options_.jobs, static_cast<int>(std::max<std::size_t>(items_.size(), 1))));
    std::vector<std::thread> workers;
    for (int j = 0; j < jobs; ++j) workers.emplace_back([this] { work(); });
    for (std::thread& t : workers) t.join();
    for (std::size_t i = 0; i < items_.size(); ++i) by_id[items_[i].scenario->id] = std::move(results_by_item_[i]);
    CertifyOutcome outcome;
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
    std::optional<ServerProcess> server;
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
        if (last.verdict == Verdict::error) stop("a server could not be started");
        if (options_.fail_fast && is_failure(last.verdict) && item.scenario->level == scenario::Level::must) {
          stop("--fail-fast: a MUST scenario failed");
        }
      }
      report(cases);
      results_by_item_[index] = std::move(cases);
    }
    if (server) server->stop(std::chrono::milliseconds(500));
  }

  // --retries: the first failure is the one reported (its message and traffic); a later pass only
  // marks it flaky. Crashes, hangs and setup errors are not retried: they are not flakes of the
  // answer, and a retry would only wait for them again.
  CaseResult run_with_retries(const WorkItem& item, Strategy strategy, std::optional<ServerProcess>& server,
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

  CaseResult run_one(const WorkItem& item, Strategy strategy, std::optional<ServerProcess>& server,
                     std::string& server_key) {
    Address address;
    if (options_.connect) {
      address = *options_.connect;
    } else {
      const std::string key = settings_key(item.scenario->server);
      std::string died_between;
      if (server && !server->running()) {
        // It died after the previous case had passed (e.g. when a client closed): report it here.
        const std::optional<ExitStatus> status = server->exit_status();
        died_between = "the server died after the previous case passed (" +
                       (status ? status->describe() : std::string("unknown status")) + ")";
        CaseResult r = not_run(item, strategy, died_between);
        r.verdict = Verdict::crash;
        r.server_output = server->recent_output(12);
        server.reset();
        return r;
      }
      if (server && key != server_key) server.reset();  // stops it
      if (!server) {
        try {
          server.emplace(ServerProcess::start(server_command(*options_.server_template, item.scenario->server),
                                              options_.startup_timeout));
          server_key = key;
        } catch (const SetupError& e) {
          CaseResult r = not_run(item, strategy, std::string("server did not start: ") + e.what());
          r.verdict = Verdict::error;
          std::lock_guard lock(report_mutex_);
          if (setup_error_.empty()) setup_error_ = e.what();
          return r;
        }
      }
      address = server->address();
    }
    CaseResult r = run_case(*item.scenario, strategy, case_seed(options_.seed, item.scenario->id), address,
                            options_.limits, options_.tls.get());
    if (server && !check_alive(*server, r)) server.reset();  // the next case starts a new one
    return r;
  }

  // A server that died during the case turns its verdict into a crash, whatever the steps saw.
  // Returns whether the server is still running.
  static bool check_alive(ServerProcess& server, CaseResult& r) {
    bool alive = server.running();
    // A crash is seen by the client (closed socket) a moment before the child can be reaped.
    for (int i = 0; alive && is_failure(r.verdict) && i < 10; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      alive = server.running();
    }
    if (alive) return true;
    const std::optional<ExitStatus> status = server.exit_status();
    r.verdict = Verdict::crash;
    r.message = "server died (" + (status ? status->describe() : std::string("unknown status")) + ")" +
                (r.message.empty() ? "" : "; " + r.message);
    r.server_output = server.recent_output(12);
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
    return "needs server settings (" + settings_text(s.server) + ") that cannot be given to a server started elsewhere (--connect)";
  }
  for (const Placeholder& p : kPlaceholders) {
    if ((s.server.*p.field) && options.server_template->find(p.text) == std::string::npos) {
      return std::string("needs ") + p.setting + "; the server command has no " + p.text + " placeholder";
    }
  }
  return "";
}

std::string server_command(const std::string& command_template, const ServerSettings& settings) {
  std::string command = command_template;
  for (const Placeholder& p : kPlaceholders) {
    replace_all(command, p.text, std::to_string((settings.*p.field).value_or(p.fallback)));
  }
  return command;
}

bool matches_filter(const Scenario& s, const std::string& filter) {
  std::size_t start = 0;
  while (start <= filter.size()) {
    const std::size_t end = std::min(filter.find(',', start), filter.size());
    const std::string pattern = filter.substr(start, end - start);
    if (!pattern.empty() &&
        (fnmatch(pattern.c_str(), s.id.c_str(), 0) == 0 || fnmatch(pattern.c_str(), s.section.c_str(), 0) == 0 ||
         scenario::section_within(s.section, pattern))) {
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
