// Runs every selected scenario under every strategy against servers it starts (or one given
// address), in parallel jobs, turning server deaths into crash verdicts and restarting.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/address.hpp"
#include "certify/case_result.hpp"
#include "certify/preflight.hpp"
#include "scenario/scenario.hpp"
#include "certify/scenario_runner.hpp"
#include "harness/segmentation.hpp"

namespace wireproof::certify {

struct CertifyOptions {
  // Exactly one of these: a command template with {port} (and optional {idle_timeout_ms},
  // {request_timeout_ms}, {max_connections}) to start servers, or the address of a running one.
  std::optional<std::string> server_template;
  std::optional<Address> connect;
  // Speak TLS (--tls): every scenario but `transport plain` ones runs inside TLS; nullptr: plain TCP,
  // and `transport tls` scenarios are skipped. The template's PKI placeholders are already filled.
  std::shared_ptr<tls::TlsSetup> tls;
  int jobs = 2;
  StepLimits limits;
  std::chrono::milliseconds startup_timeout{5000};
  std::vector<Strategy> strategies{std::begin(kAllStrategies), std::end(kAllStrategies)};
  std::uint64_t seed = 1;
  bool fail_fast = false;  // stop scheduling once a MUST scenario fails
  bool strict = false;     // --strict: no lenient reading after a preflight deviation (docs/SCENARIOS.md)
  // --retries: run a failing case up to this many more times; if one of them passes the case is
  // flaky, and stays a failure (PROTOCOL.md 11.3). A crash or hang is not retried.
  int retries = 0;
  // Called once, right after the preflight (before any scenario), from the run's thread.
  std::function<void(const Preflight&)> on_preflight;
};

// Called once per scenario, after all its cases, from one thread at a time.
using ScenarioDone = std::function<void(const std::vector<CaseResult>& cases, std::size_t done, std::size_t total)>;

struct CertifyOutcome {
  Preflight preflight;
  std::vector<CaseResult> results;  // the preflight's first, then scenario id order, then strategy order
  std::string setup_error;          // non-empty when a server could not be started
};

CertifyOutcome certify_scenarios(const std::vector<scenario::Scenario>& scenarios, const CertifyOptions& options,
                                 const ScenarioDone& on_done);

// The strategies a scenario runs under: its pinned ones, else the run's.
std::vector<Strategy> strategies_for(const scenario::Scenario& s, const std::vector<Strategy>& run_strategies);

// Why the scenario cannot run with these options ("" when it can), e.g. its server settings
// need a placeholder the command lacks, the server was started by someone else, it needs TLS and
// the run is plain (or the reverse), or it names client certificates and there is no PKI.
std::string skip_reason(const scenario::Scenario& s, const CertifyOptions& options);

// --filter: a comma-separated list of globs matched against the scenario id and its section;
// a plain section number also selects its sub-paragraphs ("4" selects 4.3).
bool matches_filter(const scenario::Scenario& s, const std::string& filter);

}  // namespace wireproof::certify
