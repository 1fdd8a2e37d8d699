// Failures grouped by root cause: their first divergence (certify::Divergence: which kind of step,
// what was expected, what arrived), with the cases of one scenario that failed the same way under
// several strategies folded into one entry. Every report format shows these groups.
#pragma once

#include <string>
#include <vector>

#include "certify/case_result.hpp"

namespace wireproof::report {

using certify::CaseResult;

// One scenario's cases that failed one way, under one or more strategies.
struct ScenarioFailure {
  const CaseResult* example = nullptr;  // the first such case: its message and traffic are shown
  std::vector<std::string> strategies;  // in result order
  std::vector<const CaseResult*> cases;
  std::string strategy_list() const;    // "whole, bytewise"
};

struct RootCause {
  std::string key;
  std::string description;  // e.g. "response: expected ERR bad-arguments; got ERR bad-request"
  std::vector<ScenarioFailure> failures;  // one per scenario, in result order
  std::size_t cases() const;
};

// New failures (not --baseline known failures), in order of first appearance (the preflight's first). Failures that are consequences of a
// preflight finding (CaseResult::consequence_of) join that finding's root cause.
std::vector<RootCause> root_causes(const std::vector<CaseResult>& results);

// "1 root cause", "3 root causes".
std::string root_cause_count(std::size_t n);

}  // namespace wireproof::report
