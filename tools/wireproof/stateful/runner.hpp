// Runs rounds against a live server, each judged against the oracle as soon as it is answered:
// the pipeline is sent (cut as the round says), then every response the oracle gives is read, and
// the close it predicts (QUIT) is waited for, before the next round starts. Plain TCP or TLS (the
// harness Client, as the scenario runner uses it).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "harness/address.hpp"
#include "harness/client.hpp"
#include "stateful/divergence.hpp"
#include "stateful/oracle.hpp"
#include "harness/tls_client_context.hpp"
#include "stateful/traffic.hpp"

namespace wireproof::stateful {

struct Limits {
  std::chrono::milliseconds connect{2000};
  std::chrono::milliseconds response{2000};  // the longest wait for one response, or for a close
  // How frames are read: PROTOCOL.md, or what certify's preflight accepts in its place (a deviating
  // greeting reported once there, so the phase looks past it).
  ReadingConventions reading;
};

// What one connection sent and received, for reports (whole; callers truncate).
struct ConnectionLog {
  std::string sent;
  std::string received;
};

class Session {
 public:
  Session(const Address& server, const std::optional<TlsClientContext>& tls, const Limits& limits)
      : server_(server), tls_(tls), limits_(limits) {}

  // Runs `round` (index `index` in the traffic; reports say "round <index + 1>", or "the reset
  // round"); nullopt when the server answered
  // exactly as the oracle, else the first difference. After a difference the session is spent.
  std::optional<Divergence> run(const Round& round, std::size_t index);

  // The oracle's answers to each round run so far, in order (for writing scenarios).
  const std::vector<RoundExpectation>& expectations() const { return expectations_; }
  const std::map<std::string, ConnectionLog>& logs() const { return logs_; }
  // Log names ("c1", "c1 (2)" once reopened) in the order the connections were opened.
  const std::vector<std::string>& connection_order() const { return order_; }

 private:
  std::optional<Divergence> judge(const Round& round, std::size_t index, const RoundExpectation& expected,
                                  Client& client);

  Address server_;
  std::optional<TlsClientContext> tls_;
  Limits limits_;
  Oracle oracle_;
  KeyWriters writers_;
  std::map<std::string, Client> clients_;
  std::map<std::string, int> generations_;          // how often each connection was opened
  std::map<std::string, std::string> log_names_;    // connection -> its current log's name
  std::map<std::string, ConnectionLog> logs_;       // by log name
  std::vector<std::string> order_;
  std::vector<RoundExpectation> expectations_;
};

struct TrafficRun {
  std::vector<Round> rounds;  // as run: with `reset`, the reset round first
  std::optional<Divergence> divergence;  // its `round` indexes the traffic's rounds (not the reset round)
  std::vector<RoundExpectation> expectations;  // the oracle's answers to the rounds run
  std::map<std::string, ConnectionLog> logs;
  std::vector<std::string> connection_order;
};

// Runs every round of `traffic` in a new session (new connections) until the first difference.
// With `reset`, a round on kResetConnection first makes the traffic's keys absent (any store).
TrafficRun run_traffic(const Traffic& traffic, const Address& server, const std::optional<TlsClientContext>& tls,
                       const Limits& limits, bool reset);

// What the oracle alone answers to `traffic` (no server): its rounds and expectations, for
// writing a scenario. With `reset`, the reset round first, as run_traffic() sends it.
TrafficRun oracle_run(const Traffic& traffic, bool reset);

}  // namespace wireproof::stateful
