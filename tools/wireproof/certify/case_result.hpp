// The outcome of running one scenario under one segmentation strategy: a "case".
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scenario.hpp"

namespace wireproof::certify {

enum class Verdict {
  pass,
  fail,     // the server answered, but not as the scenario expects
  timeout,  // the server did not answer within the step timeout (a hang)
  crash,    // the server process died during the case
  skip,     // not applicable (e.g. needs server settings the run cannot give); note says why
  error,    // the run could not be carried out (server did not start, connect refused at start)
  not_run,  // stopped early (--fail-fast, or a setup error elsewhere)
};

std::string_view verdict_name(Verdict verdict);  // "pass", "fail", ...
bool is_failure(Verdict verdict);                // fail, timeout, crash, error

// What one client connection sent and received, for failure reports (may be truncated).
struct Traffic {
  std::string connection;
  std::string sent;
  std::string received;
  std::uint64_t sent_total = 0;      // bytes, before truncation
  std::uint64_t received_total = 0;  // bytes, before truncation
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
};

}  // namespace wireproof::certify
