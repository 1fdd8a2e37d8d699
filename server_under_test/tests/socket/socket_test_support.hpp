// Shared by the socket tests: start gnp-server on a free port, connect and read the greeting,
// one request/response round trip, and the server's resident memory. Every wait is bounded.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "client.hpp"
#include "server_process.hpp"

namespace gnp_socket_tests {

using namespace std::chrono_literals;
using wireproof::Client;
using wireproof::ReadResult;
using wireproof::ReadStatus;
using wireproof::ServerProcess;

inline constexpr auto kStartupTimeout = 5s;
inline constexpr auto kConnectTimeout = 2s;
inline constexpr auto kReadTimeout = 2s;

// gnp-server --port {port} plus `extra_options`, e.g. "--idle-timeout-ms 300". The environment
// variable GNP_SOCKET_TEST_SERVER replaces "gnp-server" (a command, e.g.
// "build/bin/gnp-server-mutant --fault NAME"), to check that these tests catch a broken server.
inline ServerProcess start_server(const std::string& extra_options = "") {
  const char* replacement = std::getenv("GNP_SOCKET_TEST_SERVER");
  const std::string server = replacement != nullptr && *replacement != '\0' ? replacement : GNP_SERVER_PATH;
  return ServerProcess::start(server + " --port {port} " + extra_options, kStartupTimeout);
}

inline std::string describe(const ReadResult& result) {
  if (result.status != ReadStatus::frame) {
    return std::string(wireproof::read_status_name(result.status)) + ": " + result.error;
  }
  return "frame " + result.frame.raw;
}

// Connects and checks that the first frame is the greeting (3.1, 6.6).
inline Client connect_greeted(const ServerProcess& server) {
  Client client = Client::connect(server.address(), kConnectTimeout);
  const ReadResult greeting = client.read_response(kReadTimeout);
  EXPECT_EQ(greeting.status, ReadStatus::frame) << describe(greeting);
  EXPECT_EQ(greeting.frame.raw, "OK\r\n\r\n");
  return client;
}

// Sends one request and returns its response (status frame expected by the caller).
inline ReadResult round_trip(Client& client, const std::string& request) {
  const auto sent = client.send(request);
  EXPECT_EQ(sent.status, wireproof::SendStatus::sent) << sent.error;
  return client.read_response(kReadTimeout);
}

// VmRSS of `pid` in KiB, from /proc/PID/status; nullopt if unreadable.
inline std::optional<long> resident_kib(int pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kib = 0;
      if (status >> kib) return kib;
      return std::nullopt;
    }
    status.ignore(4096, '\n');
  }
  return std::nullopt;
}

}  // namespace gnp_socket_tests
