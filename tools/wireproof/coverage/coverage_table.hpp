// The coverage table of docs/COVERAGE.md: each PROTOCOL.md section and the scenarios citing it.
#pragma once

#include <string>
#include <vector>

#include "protocol_sections.hpp"
#include "scenario.hpp"

namespace wireproof::coverage {

struct CoverageGap {
  std::string section;
  std::string what;  // e.g. "MUST section without a scenario"
};

// Markdown, deterministic (no dates), so a stale committed copy can be detected by comparison.
std::string coverage_markdown(const std::vector<ProtocolSection>& sections,
                              const std::vector<scenario::Scenario>& scenarios);

// Required sections without scenarios, and scenarios citing sections PROTOCOL.md does not have.
std::vector<CoverageGap> coverage_gaps(const std::vector<ProtocolSection>& sections,
                                       const std::vector<scenario::Scenario>& scenarios);

}  // namespace wireproof::coverage
