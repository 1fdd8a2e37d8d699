// The outcome of running one scenario under one segmentation strategy: a "case".
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "target/outcome.hpp"
#include "scenario/scenario.hpp"

namespace wireproof::certify {

// A case's verdict is the shared outcome vocabulary (outcome.hpp, docs/SCENARIOS.md "Outcomes").
using Verdict = Outcome;
using wireproof::is_failure;

// What one client connection sent and received, for failure reports (may be truncated).
struct Traffic {
  std::string connection;
  std::string sent;
  std::string received;
  std::uint64_t sent_total = 0;      // bytes, before truncation
  std::uint64_t received_total = 0;  // bytes, before truncation
};

// Where a failing case first left the expected conversation, said without the scenario's own
// values (Sequence numbers, bodies), so that failures with one cause group together (root causes
// in the reports). Empty on cases that did not fail.
struct Divergence {
  std::string step;      // kind of step: greeting, response, raw-response, close, silence, connect, send, flood, server
  std::string expected;  // e.g. "ERR bad-arguments", "Sequence on ERR not-found", "\"OK\\r\\n\\r\\n\""
  std::string received;  // e.g. "ERR bad-request", "no Sequence", "nothing within the wait"
  bool empty() const { return step.empty(); }
  std::string key() const { return step + "\n" + expected + "\n" + received; }
  std::string describe() const { return step + ": expected " + expected + "; got " + received; }
};

struct CaseResult {
  const scenario::Scenario* scenario = nullptr;
  std::string strategy;   // "whole", "bytewise", ...; "-" when no strategy applies (skip)
  std::uint64_t seed = 0;  // for "random"
  Verdict verdict = Verdict::not_run;
  std::string message;     // why it failed or was skipped
  int line = 0;            // the failing step's line in the scenario file; 0 when none
  // On failure: the PROTOCOL.md requirement the failing step checks ("4.3/2"; its `[ID]`, else the
  // scenario's first requirement) and that requirement's sentence. Empty when the scenario cites none.
  std::string requirement;
  std::string requirement_text;
  // "4.3/2: <sentence>" as every report shows it; "" when no requirement is named.
  std::string broken_requirement() const {
    return requirement.empty() ? "" : requirement + ": " + (requirement_text.empty() ? "(not in PROTOCOL.md)" : requirement_text);
  }
  std::chrono::duration<double, std::milli> duration{0};
  std::vector<Traffic> traffic;             // on failure
  std::vector<std::string> server_output;   // last lines the server printed, on crash
  Divergence divergence;                    // on failure
  // The preflight check ("preflight/...") whose finding this failure follows from (e.g. the server
  // answers nothing, so waits were cut short); "" when it stands on its own.
  std::string consequence_of;
  bool answered = false;  // the server sent a frame after one of this case's sends
  // --retries: how often the case ran; flaky when its runs disagreed (it failed and passed). The
  // verdict stays the failure: PROTOCOL.md 11.3, a flaky pass is a failure.
  int attempts = 1;
  bool flaky = false;
  // --baseline (certify/baseline.hpp): the reason this case is a known failure; "" when it is not.
  std::string known_failure;
  std::string liveness;  // after a failure: what a fresh connection and a PING found (target.hpp Probe)
};

// A baselined case that failed (it does not fail the run) or passed (reported; fails the run
// under --strict-baseline).
bool is_xfail(const CaseResult& r);
bool is_xpass(const CaseResult& r);
// A failure the baseline does not cover: what fails a run.
bool is_new_failure(const CaseResult& r);
// What reports call the case: "xfail", "xpass", "flaky", else outcome_name(r.verdict).
std::string_view case_status(const CaseResult& r);

}  // namespace wireproof::certify
