// Runs one scenario's steps against a listening server, under one segmentation strategy.
#pragma once

#include <chrono>
#include <cstdint>

#include "address.hpp"
#include "case_result.hpp"
#include "scenario.hpp"
#include "segmentation.hpp"

namespace wireproof::tls {
class TlsSetup;
}

namespace wireproof::certify {

struct StepLimits {
  // The longest wait for a connect or a response; also bounds a send to a peer that reads nothing.
  std::chrono::milliseconds step_timeout{2000};
};

// Stops at the first step that fails. The result's verdict is pass, fail or timeout (the caller
// turns it into crash when the server died meanwhile); traffic is filled on failure. `tls`:
// GNP/1 connections speak TLS with its contexts (9.6); nullptr: plain TCP.
CaseResult run_case(const scenario::Scenario& scenario, Strategy strategy, std::uint64_t seed,
                    const Address& server, const StepLimits& limits, tls::TlsSetup* tls = nullptr);

}  // namespace wireproof::certify
