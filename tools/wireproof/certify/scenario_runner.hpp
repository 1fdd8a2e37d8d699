// Runs one scenario's steps against a listening server, under one segmentation strategy.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "harness/address.hpp"
#include "harness/response_reader.hpp"
#include "certify/case_result.hpp"
#include "scenario/scenario.hpp"
#include "harness/segmentation.hpp"

namespace wireproof::tls {
class TlsSetup;
}

namespace wireproof::certify {

struct StepLimits {
  // The longest wait for a connect or a response; also bounds a send to a peer that reads nothing.
  std::chrono::milliseconds step_timeout{2000};
  // Lenient reading: conventions the preflight saw the server follow, accepted on every GNP/1
  // connection in PROTOCOL.md's place (empty under --strict).
  ReadingConventions conventions;
  // Set when the server was found accepting but not answering (or speaking the other transport):
  // a connect and a response (not one a scenario awaits on a server timer) are awaited only this
  // long, and a failure for want of them is reported as a consequence of `quiet_cause` (a
  // preflight check id).
  std::optional<std::chrono::milliseconds> quiet_wait;
  std::string quiet_cause;
  // Strict reading of a server the preflight saw greet with these bytes and stop: once they are all
  // that arrived, the greeting expectation fails after a short wait instead of step_timeout.
  std::string stalled_greeting;
  std::string stalled_greeting_cause;
};

// The short wait used once the server is known to have gone quiet.
std::chrono::milliseconds short_wait(std::chrono::milliseconds step_timeout);

// Stops at the first step that fails. The result's verdict is pass, fail or timeout (the caller
// turns it into crash when the server died meanwhile); traffic is filled on failure. `tls`:
// GNP/1 connections speak TLS with its contexts (9.6); nullptr: plain TCP.
CaseResult run_case(const scenario::Scenario& scenario, Strategy strategy, std::uint64_t seed,
                    const Address& server, const StepLimits& limits, tls::TlsSetup* tls = nullptr);

}  // namespace wireproof::certify
