#include "server_target.hpp"

#include <thread>

#include "client.hpp"

namespace wireproof::blackbox {

namespace {
constexpr std::size_t kOutputLines = 12;
}

ServerTarget ServerTarget::spawn(const std::string& command, std::vector<std::string> environment) {
  if (command.find("{port}") == std::string::npos) {
    throw SetupError("server command '" + command + "' has no {port} placeholder for the port to listen on");
  }
  ServerTarget target;
  target.command_ = command;
  target.environment_ = std::move(environment);
  target.process_.emplace(ServerProcess::start(command, kStartupTimeout, target.environment_));
  return target;
}

ServerTarget ServerTarget::attach(const Address& address) {
  ServerTarget target;
  target.attached_ = address;
  return target;
}

Address ServerTarget::address() const { return process_ ? process_->address() : attached_; }

std::string ServerTarget::describe() const {
  const std::string what =
      process_ ? "'" + command_ + "' (pid " + std::to_string(process_->pid()) + ")" : attached_.to_string();
  return tls_ ? what + " over TLS" : what;
}

bool ServerTarget::exited() { return process_ && !process_->running(); }

std::optional<std::string> ServerTarget::death(std::chrono::milliseconds grace) {
  const auto until = std::chrono::steady_clock::now() + grace;
  if (!process_) {
    try {
      Client::connect(attached_, grace).close();
      return std::nullopt;
    } catch (const ClientError& e) {
      return std::string("server at ") + attached_.to_string() + " no longer accepts connections: " + e.what();
    }
  }
  while (process_->running()) {
    if (std::chrono::steady_clock::now() >= until) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  // Stopping an exited server reaps what is left of its group and waits for its output pipe to
  // drain, so the last lines (often the reason) are in recent_output.
  process_->stop(std::chrono::milliseconds(0));
  std::string text = "server died: " + (process_->exit_status() ? process_->exit_status()->describe() : "exited");
  const std::vector<std::string> lines = process_->recent_output(kOutputLines);
  if (!lines.empty()) {
    text += "\nlast output:";
    for (const std::string& line : lines) text += "\n  | " + line;
  }
  return text;
}

void ServerTarget::restart() {
  if (!process_) throw SetupError("cannot restart " + attached_.to_string() + ": not started by wireproof");
  process_->stop(std::chrono::milliseconds(500));
  process_.reset();
  ++restarts_;
  process_.emplace(ServerProcess::start(command_, kStartupTimeout, environment_));
}

}  // namespace wireproof::blackbox
