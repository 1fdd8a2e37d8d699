// The one vocabulary for what happened when something was run against a server, shared by
// certify, repro, fuzz, diff and every report (docs/SCENARIOS.md "Outcomes").
#pragma once

#include <string_view>

namespace wireproof {

// The first four are ordered by severity (a report ranks crash > timeout > fail > pass).
enum class Outcome {
  pass,     // the server answered exactly as PROTOCOL.md (the scenario, or the reference core) says
  fail,     // the server answered, but not as it must: a protocol violation
  timeout,  // the server did not answer (or close) within the deadline: a hang
  crash,    // the server process died
  skip,     // not applicable to this run (e.g. needs settings the run cannot give); a reason says why
  error,    // the run could not be carried out (the server did not start)
  not_run,  // stopped early (--fail-fast, a setup error elsewhere, or an earlier hang or crash)
};

inline constexpr std::size_t kJudgedOutcomes = 4;  // pass, fail, timeout, crash

std::string_view outcome_name(Outcome outcome);  // "pass", "fail", "timeout", "crash", "skip", "error", "not-run"
bool is_failure(Outcome outcome);                // fail, timeout, crash, error

}  // namespace wireproof
