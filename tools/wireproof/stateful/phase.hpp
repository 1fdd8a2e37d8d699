// The stateful random phase of `wireproof certify` (on by default): seeded rounds over several
// connections to one server, judged round by round by the oracle, within a budget of rounds and
// seconds; a failure is shrunk to minimal traffic and written as a .gnpt scenario.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "harness/address.hpp"
#include "stateful/runner.hpp"
#include "stateful/shrink.hpp"
#include "harness/tls_client_context.hpp"
#include "stateful/traffic.hpp"

namespace wireproof::stateful {

// The server the phase talks to.
class ServerHandle {
 public:
  virtual ~ServerHandle() = default;
  virtual Address address() = 0;
  // How the server died ("" while it runs), with its last output; "" for one started elsewhere.
  // Looks for up to `grace`: a crash is seen by the client a moment before the exit can be seen.
  virtual std::string death(std::chrono::milliseconds grace) = 0;
  // Starts it again (a new process, an empty store); false when it cannot (started elsewhere).
  virtual bool restart() = 0;
};

struct PhaseOptions {
  std::uint64_t seed = 1;
  std::size_t max_rounds = 1500;                 // --stateful-execs
  std::chrono::milliseconds max_time{2500};      // --stateful-seconds (exploration)
  std::size_t connections = 4;
  Limits limits;                                 // waits while exploring
  std::chrono::milliseconds shrink_response{150};  // wait per response while shrinking (a missing one costs this)
  std::chrono::milliseconds shrink_time{8000};
  std::size_t shrink_replays = 400;
  std::filesystem::path out_dir;                 // where the reproducer of a failure is written
  std::string file_stem;                         // its name without .gnpt; "" = stateful-seedS-SECTION-KIND-HASH
  bool tls = false;                              // for the scenario's `transport tls`
  std::string server;                            // described in the reproducer's header
  std::string found_by = "wireproof certify's stateful phase";  // ditto
};

struct PhaseFinding {
  Divergence first;           // as explored
  Traffic minimal;
  TrafficRun minimal_run;     // the minimal traffic run once more (reset round first)
  bool confirmed = false;     // the minimal traffic failed again with the full waits
  std::size_t shrink_replays = 0;
  bool shrink_exhausted = false;
  std::size_t rounds_before = 0, requests_before = 0;  // explored traffic up to the divergence
  double found_after_ms = 0;
  double shrink_ms = 0;
  std::string scenario_id;
  std::filesystem::path scenario_file;  // empty when it could not be written (write_error says why)
  std::string write_error;
};

struct PhaseResult {
  std::uint64_t seed = 0;
  std::size_t rounds = 0, requests = 0, connections = 0, reopened = 0;
  double ms = 0;                        // the whole phase, shrinking included
  std::optional<PhaseFinding> finding;
  std::string setup_error;              // the server could not be reached or restarted

  std::string summary() const;          // one line: counts, seed, time, verdict
};

PhaseResult run_phase(ServerHandle& server, const std::optional<TlsClientContext>& tls, const PhaseOptions& options);

// Shrinks `explored` (which failed with `first`, found after `found_after_ms`), confirms the
// minimal traffic with the full waits and writes it as a scenario into options.out_dir (named
// options.file_stem when given). Also what `fuzz` uses for its cross-connection findings.
PhaseFinding investigate(ServerHandle& server, const std::optional<TlsClientContext>& tls, const PhaseOptions& options,
                         Traffic explored, const Divergence& first, double found_after_ms);

// A finding as text: the divergence, the shrunk traffic, where the scenario went (several lines).
std::string finding_text(const PhaseFinding& finding);

}  // namespace wireproof::stateful
