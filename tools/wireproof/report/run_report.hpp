// Everything a certify run produced, plus the per-section view every report format shows.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "certify/case_result.hpp"

namespace wireproof::report {

using certify::CaseResult;
using certify::Verdict;

struct RunReport {
  std::string target_kind;  // "server" (a command wireproof started) or "connect" (an address)
  std::string target;       // the command template or "host:port"
  std::string level = "GNP/1 Core";  // the level the run tests (PROTOCOL.md 11.2): "GNP/1 Core" or "GNP/1 TLS"
  std::string tls;                   // TLS settings (client certificate, verification, PKI); "" on plain TCP
  std::string started_at;   // ISO 8601, UTC
  double duration_ms = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> strategies;
  std::string preflight;  // the preflight's one-line finding (certify::Preflight::summary)
  bool strict = false;    // --strict: no lenient reading
  std::vector<CaseResult> results;  // the preflight's checks ("preflight/...") first
  std::string setup_error;  // non-empty when a server could not be started
  int exit_code = 0;
  // One line on certify's stateful phase (seed, connections, rounds, requests, time, verdict);
  // "" when it did not run. Its finding, if any, is a case in `results`.
  std::string stateful;
  // What the results can be compared against (issue 13): the wireproof that ran ("0.1.0 (git
  // 3e42e0c)") and the scenario set (certify/suite_identity.hpp).
  std::string wireproof_version;
  std::string suite_hash;
  std::size_t suite_scenarios = 0;
  // --baseline: the file ("" when none), notes about it (another suite, stale entries), and whether
  // an XPASS fails the run (--strict-baseline). --retries: how often a failing case was re-run.
  std::string baseline;
  std::vector<std::string> baseline_notes;
  bool strict_baseline = false;
  int retries = 0;
};

struct Counts {
  int passed = 0;
  int failed = 0;   // fail, timeout, crash, error
  int skipped = 0;  // skip, not-run
  int total() const { return passed + failed + skipped; }
  void add(Verdict v);
};

struct SectionSummary {
  std::string section;
  int must_scenarios = 0;
  int should_scenarios = 0;
  Counts cases;
  std::map<std::string, Counts> by_strategy;
};

// Sections in numeric order ("4.10" after "4.9").
std::vector<SectionSummary> summarize_sections(const std::vector<CaseResult>& results);

// Per scenario: failed when any of its cases failed; passed when all ran and passed.
struct ScenarioTotals {
  int must_passed = 0, must_failed = 0, must_skipped = 0;
  int should_passed = 0, should_failed = 0, should_skipped = 0;
};
ScenarioTotals scenario_totals(const std::vector<CaseResult>& results);

// 0 when every MUST case passed (skips aside) or is a known failure of the baseline (XFAIL), 1 when
// one failed (a flaky case counts as failed, PROTOCOL.md 11.3), or with strict_baseline when a
// baselined case passed (XPASS); 2 on a setup error.
int exit_code_for(const std::vector<CaseResult>& results, const std::string& setup_error, bool strict_baseline = false);

bool section_less(const std::string& a, const std::string& b);

}  // namespace wireproof::report
