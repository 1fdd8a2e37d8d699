// Checks what scenarios cite against PROTOCOL.md: every `section` and `requirement` must exist
// there. certify and coverage refuse a scenario set that cites anything else.
#pragma once

#include <vector>

#include "certify/case_result.hpp"
#include "coverage/protocol_catalog.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_parser.hpp"

namespace wireproof::coverage {

// One error per unknown citation, "file:line:column: PROTOCOL.md has no requirement 4.3/9".
std::vector<scenario::ParseError> check_citations(const ProtocolCatalog& catalog,
                                                  const std::vector<scenario::Scenario>& scenarios);

// Fills CaseResult::requirement and requirement_text of every failed case (PROTOCOL.md 11.6: a
// failure names what it breaks), from the failing step's line.
void name_broken_requirements(const ProtocolCatalog& catalog, std::vector<certify::CaseResult>& results);

}  // namespace wireproof::coverage
