#include "target/target.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <thread>

#include "harness/client.hpp"

namespace wireproof {

std::string ServerDeath::describe() const {
  std::string text = "server died: " + status;
  if (!output.empty()) {
    text += "\nlast output:";
    for (const std::string& line : output) text += "\n  | " + line;
  }
  return text;
}

namespace {

// The numeric form of `address` when its host resolves to exactly one address (so later
// connects do no lookup); the name itself when it resolves to several (the client tries each).
// Throws SetupError when it does not resolve.
Address resolve_once(const Address& address) {
  std::string error;
  const Resolved found = resolve(address, &error);
  if (!found) {
    throw SetupError("--connect " + address.to_string() + ": cannot resolve host '" + address.host + "': " + error);
  }
  Address resolved = address;
  char host[NI_MAXHOST];
  if (found->ai_next == nullptr &&
      ::getnameinfo(found->ai_addr, found->ai_addrlen, host, sizeof host, nullptr, 0, NI_NUMERICHOST) == 0) {
    resolved.host = host;
  }
  return resolved;
}

}  // namespace

Target Target::start(const std::string& command, const Options& options) {
  if (command.find("{port}") == std::string::npos) {
    throw SetupError("server command '" + command + "' has no {port} placeholder for the port to listen on");
  }
  Target target(command, options);
  target.process_.emplace(ServerProcess::start(command, options.startup_timeout, options.environment));
  return target;
}

Target Target::connect(const Address& address, const Options& options) {
  Target target("", options);
  target.given_ = address;
  target.connect_to_ = resolve_once(address);
  try {
    Client::connect(target.connect_to_, options.probe_timeout).close();
  } catch (const ClientError& e) {
    throw SetupError("--connect " + address.to_string() + ": nothing accepts connections there (" + e.what() + ")");
  }
  return target;
}

Address Target::address() const {
  if (process_) return process_->address();
  return tls_ ? given_ : connect_to_;  // TLS checks the server's certificate against the name
}

std::string Target::describe() const {
  const std::string what =
      process_ ? "'" + command_ + "' (pid " + std::to_string(process_->pid()) + ")" : given_.to_string();
  return tls_ ? what + " over TLS" : what;
}

bool Target::exited() { return process_ && !process_->running(); }

std::optional<ServerDeath> Target::death(std::chrono::milliseconds grace) {
  if (!process_) return std::nullopt;
  const auto until = std::chrono::steady_clock::now() + grace;
  while (process_->running()) {
    if (std::chrono::steady_clock::now() >= until) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Stopping an exited server reaps what is left of its group and waits for its output pipe to
  // drain, so the last lines (often the reason) are in recent_output.
  process_->stop(std::chrono::milliseconds(0));
  const std::optional<ExitStatus> status = process_->exit_status();
  return ServerDeath{status ? status->describe() : std::string("exited"), process_->recent_output(kOutputLines)};
}

void Target::restart() {
  if (!process_) throw SetupError("cannot restart " + given_.to_string() + ": not started by wireproof");
  process_->stop(std::chrono::milliseconds(500));
  process_.reset();
  ++restarts_;
  process_.emplace(ServerProcess::start(command_, options_.startup_timeout, options_.environment));
}

void Target::stop(std::chrono::milliseconds grace) {
  if (process_) process_->stop(grace);
}

}  // namespace wireproof
