#include "coverage/citations.hpp"

namespace wireproof::coverage {

std::vector<scenario::ParseError> check_citations(const ProtocolCatalog& catalog,
                                                  const std::vector<scenario::Scenario>& scenarios) {
  std::vector<scenario::ParseError> errors;
  for (const scenario::Scenario& s : scenarios) {
    if (s.section_line != 0 && catalog.section(s.section) == nullptr) {
      errors.push_back({s.file, s.section_line, s.section_column, "PROTOCOL.md has no section " + s.section});
    }
    for (const scenario::RequirementRef& r : s.requirements) {
      if (catalog.requirement(r.id) == nullptr) {
        errors.push_back({s.file, r.line, r.column, "PROTOCOL.md has no requirement " + r.id});
      }
    }
  }
  return errors;
}

void name_broken_requirements(const ProtocolCatalog& catalog, std::vector<certify::CaseResult>& results) {
  for (certify::CaseResult& r : results) {
    if (r.scenario == nullptr || !certify::is_failure(r.verdict)) continue;
    // A check that knows which of its requirements broke (the preflight's greeting) has said so.
    if (r.requirement.empty()) r.requirement = scenario::requirement_at(*r.scenario, r.line);
    const Requirement* found = catalog.requirement(r.requirement);
    r.requirement_text = found == nullptr ? "" : found->text;
  }
}

}  // namespace wireproof::coverage
