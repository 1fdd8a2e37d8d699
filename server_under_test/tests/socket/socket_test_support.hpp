// Shared by the socket tests: start gnp-server on a free port, plain or with TLS (a PKI made at
// test time by tools/make-test-pki; no key is committed), connect and read the greeting, one
// request/response round trip, and the server's resident memory. Every wait is bounded.
//
// Tests that hold for both transports (9.6: sections 4-8 and 10 apply unchanged inside TLS) are
// TEST_P over `Transport`; see BothTransports below.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

#include "harness/client.hpp"
#include "harness/server_process.hpp"
#include "harness/tests/test_pki_fixture.hpp"
#include "harness/tls_client_context.hpp"

#include <unistd.h>

namespace gnp_socket_tests {

using namespace std::chrono_literals;
using wireproof::Client;
using wireproof::ReadResult;
using wireproof::ReadStatus;
using wireproof::ServerProcess;
using wireproof::test_pki_file;

inline constexpr auto kStartupTimeout = 5s;
inline constexpr auto kConnectTimeout = 2s;
inline constexpr auto kReadTimeout = 2s;

enum class Transport { plain, tls };

inline std::string transport_name(const ::testing::TestParamInfo<Transport>& info) {
  return info.param == Transport::tls ? "tls" : "plain";
}

// Options for a client that trusts the test PKI's CA (test_pki_fixture.hpp) and shows
// `certificate` ("" for none).
inline wireproof::TlsClientOptions client_options(const std::string& certificate = "client-allowed") {
  wireproof::TlsClientOptions options;
  options.ca_file = wireproof::test_pki_file("ca.pem");
  if (!certificate.empty()) {
    options.certificate_file = wireproof::test_pki_file(certificate + ".pem");
    options.key_file = wireproof::test_pki_file(certificate + ".key");
  }
  return options;
}

// The options that serve TLS with the test PKI's server certificate, allowing its allowed.txt.
inline std::string tls_server_options() {
  return "--tls-cert " + test_pki_file("server.pem") + " --tls-key " + test_pki_file("server.key") + " --allow-file " +
         test_pki_file("allowed.txt");
}

// gnp-server --port {port} plus `extra_options`, e.g. "--idle-timeout-ms 300", plus the TLS
// options for Transport::tls (start_server_with_exactly: no TLS options added). The environment variable GNP_SOCKET_TEST_SERVER replaces
// "gnp-server" (a command, e.g. "build/bin/gnp-server-mutant --fault NAME"), to check that these
// tests catch a broken server.
inline ServerProcess start_server_with_exactly(const std::string& options) {
  const char* replacement = std::getenv("GNP_SOCKET_TEST_SERVER");
  const std::string server = replacement != nullptr && *replacement != '\0' ? replacement : GNP_SERVER_PATH;
  return ServerProcess::start(server + " --port {port} " + options, kStartupTimeout);
}

inline ServerProcess start_server(const std::string& extra_options = "", Transport transport = Transport::plain) {
  const std::string tls = transport == Transport::tls ? tls_server_options() + " " : "";
  return start_server_with_exactly(tls + extra_options);
}

// A connection over `transport`; on TLS with the certificate client-allowed (9.2 passes).
inline Client connect_to(const ServerProcess& server, Transport transport) {
  if (transport == Transport::plain) return Client::connect(server.address(), kConnectTimeout);
  return Client::connect_tls(server.address(), kConnectTimeout, client_options());
}

inline std::string describe(const ReadResult& result) {
  if (result.status != ReadStatus::frame) {
    return std::string(wireproof::read_status_name(result.status)) + ": " + result.error;
  }
  return "frame " + result.frame.raw;
}

// Connects and checks that the first frame is the greeting (3.1, 3.2, 6.6).
inline Client connect_greeted(const ServerProcess& server, Transport transport = Transport::plain) {
  Client client = connect_to(server, transport);
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

// For TEST_P(BothTransports-derived suite, ...): GetParam() is the transport.
class BothTransports : public ::testing::TestWithParam<Transport> {
 protected:
  Transport transport() const { return GetParam(); }
  ServerProcess start(const std::string& extra_options = "") const { return start_server(extra_options, transport()); }
  Client connect(const ServerProcess& server) const { return connect_to(server, transport()); }
  Client greeted(const ServerProcess& server) const { return connect_greeted(server, transport()); }
  // After a closing frame (7.2): the server closes, sends nothing more, and on TLS sends
  // close_notify first (7.3; the reference server meets this SHOULD).
  void expect_closed_after_frame(Client& client) const {
    const wireproof::CloseResult close = client.wait_for_close(kReadTimeout);
    EXPECT_TRUE(close.closed_by_peer);
    EXPECT_EQ(close.data_received_meanwhile, "");  // nothing after the closing frame
    if (transport() == Transport::tls) EXPECT_TRUE(close.tls_close_notify) << "no TLS close_notify (7.3)";
  }
};

#define GNP_BOTH_TRANSPORTS(suite)                                                                            \
  INSTANTIATE_TEST_SUITE_P(Transports, suite, ::testing::Values(Transport::plain, Transport::tls), \
                           transport_name)

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
