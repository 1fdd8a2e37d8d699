// The server a black-box command talks to: a child it started (restartable, its death and output
// observable) or an address it was given (--connect; nothing but the socket to go on).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "address.hpp"
#include "server_process.hpp"
#include "tls_client_context.hpp"

namespace wireproof::blackbox {

class ServerTarget {
 public:
  static constexpr std::chrono::milliseconds kStartupTimeout{5000};

  // Starts `command` ("{port}" is replaced by a free port). Throws SetupError.
  // `environment`: extra NAME=value entries for the child (also after a restart).
  static ServerTarget spawn(const std::string& command, std::vector<std::string> environment = {});
  static ServerTarget attach(const Address& address);

  Address address() const;
  bool spawned() const { return process_.has_value(); }
  // Connections to it speak TLS with this context (PROTOCOL.md 9.6; --tls); default plain TCP.
  void speak_tls(const TlsClientContext& context) { tls_ = context; }
  const std::optional<TlsClientContext>& tls() const { return tls_; }
  std::string describe() const;  // the command or the address

  // Whether the server died, looking for up to `grace` (an exit may trail a reset connection).
  // Returns how it ended plus its last output lines. For an attached server: whether it stopped
  // accepting connections.
  std::optional<std::string> death(std::chrono::milliseconds grace);
  // A cheap check after every exchange: the child is known to have exited.
  bool exited();

  // Stops (if running) and starts the command again on a new port. Spawned targets only.
  void restart();
  std::size_t restarts() const { return restarts_; }

 private:
  ServerTarget() = default;

  std::string command_;
  std::vector<std::string> environment_;
  std::optional<ServerProcess> process_;
  Address attached_;
  std::optional<TlsClientContext> tls_;
  std::size_t restarts_ = 0;
};

}  // namespace wireproof::blackbox
