#include "live_target.hpp"

#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace wireproof::properties {

namespace {

constexpr std::chrono::milliseconds kStartupTimeout{10'000};

LiveTarget start_server(const char* variable, const std::string& command) {
  if (command.find("{port}") == std::string::npos) {
    throw std::runtime_error(std::string(variable) + "='" + command +
                             "' has no {port} placeholder for the port the server must listen on");
  }
  try {
    ServerProcess process = ServerProcess::start(command, kStartupTimeout);
    LiveTarget target{std::nullopt, process.address(), std::string(variable) + "='" + command + "'"};
    target.description += " on " + target.address.to_string();
    target.process.emplace(std::move(process));
    return target;
  } catch (const SetupError& e) {
    throw std::runtime_error(std::string(variable) + ": server did not start: " + e.what());
  }
}

}  // namespace

std::string LiveTarget::death_report() {
  if (!process || process->running()) return {};
  std::string report = "the server under test exited (" +
                       (process->exit_status() ? process->exit_status()->describe() : std::string("status unknown")) +
                       "); its last output:";
  for (const std::string& line : process->recent_output(20)) report += "\n  " + line;
  return report;
}

std::optional<LiveTarget> live_target_from_environment(std::string* why_none) {
  if (const char* command = std::getenv("WIREPROOF_SERVER"); command && *command) {
    return start_server("WIREPROOF_SERVER", command);
  }
  if (const char* text = std::getenv("WIREPROOF_CONNECT"); text && *text) {
    std::string error;
    const std::optional<Address> address = parse_address(text, &error);
    if (!address) throw std::runtime_error("WIREPROOF_CONNECT: " + error);
    return LiveTarget{std::nullopt, *address, std::string("WIREPROOF_CONNECT=") + text};
  }
  if (const char* command = std::getenv("WIREPROOF_DEFAULT_SERVER"); command && *command) {
    return start_server("WIREPROOF_DEFAULT_SERVER", command);
  }
  if (why_none) {
    *why_none = "no server under test: set WIREPROOF_SERVER='CMD ... {port}' or WIREPROOF_CONNECT=HOST:PORT";
  }
  return std::nullopt;
}

}  // namespace wireproof::properties
