// The coverage table of docs/COVERAGE.md: each PROTOCOL.md requirement and what checks it
// (scenarios, other mechanisms, or the reason nothing on the wire can).
#pragma once

#include <string>
#include <vector>

#include "coverage/coverage_sources.hpp"
#include "coverage/protocol_catalog.hpp"
#include "scenario/scenario.hpp"

namespace wireproof::coverage {

struct CoverageInputs {
  const ProtocolCatalog& catalog;
  const std::vector<scenario::Scenario>& scenarios;
  const std::vector<MechanismCitation>& mechanisms;
  const Unobservable& unobservable;
};

struct CoverageGap {
  std::string where;  // a requirement ID, or a scenario or file
  std::string what;   // e.g. "MUST requirement of the Core level covered by nothing"
};

struct CoverageFigures {
  int requirements = 0;
  int pass_fail = 0;        // MUST and MUST NOT
  int by_scenarios = 0;     // cited by at least one scenario
  int by_other_only = 0;    // covered by other mechanisms but no scenario
  int unobservable = 0;
  int uncovered = 0;        // nothing, not marked
  std::vector<std::string> pass_fail_without_scenario;  // MUST-class, required, other mechanisms only
};

CoverageFigures coverage_figures(const CoverageInputs& in);

// Markdown, deterministic (no dates), so a stale committed copy can be detected by comparison.
std::string coverage_markdown(const CoverageInputs& in);

// What fails `coverage --check`: a MUST / MUST NOT requirement of a conformance level covered by
// nothing and not marked unobservable; a scenario citing no requirement; a mechanism citation or
// unobservable entry naming a requirement PROTOCOL.md does not have; an unobservable entry that a
// scenario covers after all.
std::vector<CoverageGap> coverage_gaps(const CoverageInputs& in);

}  // namespace wireproof::coverage
