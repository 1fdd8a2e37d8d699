// The server a subcommand talks to: one it started from a command template (--server; its
// death, exit status and last output lines observable, restartable) or one running elsewhere
// (--connect; nothing but the socket to go on). Used by certify, repro, fuzz and diff.
//
// One rule for all of them:
//   * after a case that failed, the server gets kExitGrace to be seen exiting (a crash shows to
//     the client as a closed socket a moment before the child can be reaped);
//   * after a case that passed, only an exit already seen counts (callers that need exactness,
//     such as confirming a finding, pass a grace of their own);
//   * a server that is still running after a failure is probed (probe()); it is restarted only
//     when the probe says it is gone, not accepting or not answering (needs_restart()).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "harness/address.hpp"
#include "harness/response_reader.hpp"
#include "harness/server_process.hpp"
#include "harness/tls_client_context.hpp"

namespace wireproof {

// How a started server ended: its exit status and the last lines it printed.
struct ServerDeath {
  std::string status;               // "signal 6 (SIGABRT)", "exit code 1"
  std::vector<std::string> output;  // last lines, oldest first
  // "server died: STATUS" and, when there is output, "\nlast output:\n  | LINE" per line.
  std::string describe() const;
};

// What a fresh connection and a PING say about a server (PROTOCOL.md 3.1 greeting, 8.1 PING).
enum class Liveness {
  alive,          // greeted and answered PING
  not_accepting,  // the connection (or the TLS handshake) was refused or timed out
  not_answering,  // accepted, but no greeting or no answer to PING in time
  gone,           // the process has exited (started servers only)
};
std::string_view liveness_name(Liveness liveness);  // "alive", "not accepting", ...

struct Probe {
  Liveness liveness = Liveness::alive;
  std::string detail;  // what was seen (the connect error, the bytes received, the exit status)
  std::string describe() const;  // "alive", "not answering: no answer to PING within 2000 ms", ...
};

class Target {
 public:
  static constexpr std::chrono::milliseconds kExitGrace{30};
  static constexpr std::size_t kOutputLines = 12;

  struct Options {
    std::chrono::milliseconds startup_timeout{5000};  // a started server must accept within this
    // Connect, greeting and the answer to PING, each. A live server greets and answers within
    // milliseconds; a silent one must not cost every failing case a full step timeout.
    std::chrono::milliseconds probe_timeout{250};
    // NAME=value entries added to a started server's environment, after restarts too (fuzz
    // --coverage: the AFL++ map's __AFL_SHM_ID and AFL_MAP_SIZE).
    std::vector<std::string> environment;
  };

  // Starts `command` ("{port}" is replaced by a free port) in its own process group and waits
  // until it accepts. Throws SetupError (no {port}, cannot run, died or did not listen in time).
  static Target start(const std::string& command, const Options& options);
  // A server running elsewhere. The host is resolved once, here, and one TCP connection is made
  // (and closed at once); throws SetupError when the name does not resolve or nothing accepts.
  static Target connect(const Address& address, const Options& options);

  Address address() const;
  bool started() const { return process_.has_value(); }
  // Connections to it speak TLS with this context (PROTOCOL.md 9.6); default plain TCP.
  void speak_tls(const TlsClientContext& context) { tls_ = context; }
  const std::optional<TlsClientContext>& tls() const { return tls_; }
  // probe() reads the greeting as this server was seen to send it (certify's preflight), so a
  // deviating greeting does not cost the probe its timeout; default strict.
  void read_with(ReadingConventions conventions) { reading_ = std::move(conventions); }
  std::string describe() const;  // the command (and pid) or the address, "over TLS"

  // The child is known to have exited (cheap; false for a server running elsewhere).
  bool exited();
  // How a started server died, looking for up to `grace` while it still runs; nullopt while it
  // runs (and always for a server running elsewhere). Collects its last output lines.
  std::optional<ServerDeath> death(std::chrono::milliseconds grace);
  // A fresh connection: greeting, then PING. Never throws.
  Probe probe();
  // True when a server in this state must be restarted before it can serve the next case.
  static bool needs_restart(const Probe& probe) { return probe.liveness != Liveness::alive; }

  // Stops (if running) and starts the command again on a new port. Started servers only; throws
  // SetupError.
  void restart();
  std::size_t restarts() const { return restarts_; }
  // SIGTERM to the group, SIGKILL after `grace`, reaped. Idempotent; the destructor does it too.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(500));

 private:
  Target(std::string command, Options options) : command_(std::move(command)), options_(options) {}

  std::string command_;  // "" for a server running elsewhere
  Options options_;
  std::optional<ServerProcess> process_;
  Address given_;      // --connect as given (names in messages, TLS server name)
  Address connect_to_; // the same, resolved once
  std::optional<TlsClientContext> tls_;
  ReadingConventions reading_;
  std::size_t restarts_ = 0;
};

}  // namespace wireproof
