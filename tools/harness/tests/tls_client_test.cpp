// Client over TLS (PROTOCOL.md 2.2, 9) against an in-process OpenSSL server that the test drives:
// handshake and certificates, close_notify told from a bare TCP close (9.5), one record per piece
// (9.6), stalled handshakes (9.7), and every failure as a ClientError that says why.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "harness/tests/loopback_listener.hpp"
#include "harness/client.hpp"
#include "harness/tests/test_pki_fixture.hpp"
#include "harness/tls_channel.hpp"

namespace wireproof {
namespace {

using namespace std::chrono_literals;

TlsClientOptions trusting_options() {
  TlsClientOptions options;
  options.ca_file = test_pki_file("ca.pem");
  return options;
}

TlsClientOptions with_certificate(TlsClientOptions options, const std::string& name) {
  options.certificate_file = test_pki_file(name + ".pem");
  options.key_file = test_pki_file(name + ".key");
  return options;
}

// The server side: a listening socket, and one TLS connection accepted on it, handshaken on a
// thread while the client connects, then driven by the test with blocking calls.
class TlsPeer {
 public:
  TlsPeer() {
    listener_ = listen_on_loopback(address_);

    context_ = SSL_CTX_new(TLS_server_method());
    EXPECT_EQ(SSL_CTX_use_certificate_chain_file(context_, test_pki_file("server.pem").c_str()), 1);
    EXPECT_EQ(SSL_CTX_use_PrivateKey_file(context_, test_pki_file("server.key").c_str(), SSL_FILETYPE_PEM), 1);
    SSL_CTX_set_verify(context_, SSL_VERIFY_PEER, [](int, X509_STORE_CTX*) { return 1; });
    SSL_CTX_set_num_tickets(context_, 0);
  }
  ~TlsPeer() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (connection_ >= 0) ::close(connection_);
    ::close(listener_);
    SSL_CTX_free(context_);
  }
  const Address& address() const { return address_; }

  // connect_tls() while this side accepts and handshakes; `first_bytes` are written right after.
  Client connect(const TlsClientOptions& options, const std::string& first_bytes = "") {
    std::thread server([&] { accept_and_handshake(first_bytes); });
    try {
      Client client = Client::connect_tls(address_, 2s, options);
      server.join();
      return client;
    } catch (...) {
      server.join();
      throw;
    }
  }

  void write(const std::string& bytes) {
    ASSERT_EQ(SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())), static_cast<int>(bytes.size()));
  }
  void send_close_notify() { SSL_shutdown(ssl_); }
  void close_tcp() {
    ::close(connection_);
    connection_ = -1;
  }
  // One SSL_read (one record at most), waiting up to 1 s; "" on timeout, close_notify or error.
  std::string read_record(int* ssl_error = nullptr) {
    if (SSL_pending(ssl_) == 0) {
      pollfd pfd{connection_, POLLIN, 0};
      if (::poll(&pfd, 1, 1000) != 1) return "";
    }
    char buffer[65536];
    const int n = SSL_read(ssl_, buffer, sizeof buffer);
    if (ssl_error != nullptr) *ssl_error = n > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl_, n);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
  }
  // A plaintext server on the TLS client's port: reads the ClientHello, answers with `bytes`, closes.
  void answer_plaintext(const std::string& bytes) {
    accept_raw_and_read();
    ::send(connection_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    close_tcp();
  }
  X509* client_certificate() const { return SSL_get0_peer_certificate(ssl_); }
  // For stalled handshakes: accept without TLS and read whatever raw bytes arrive within 300 ms.
  std::string accept_raw_and_read() {
    accept();
    std::string got;
    pollfd pfd{connection_, POLLIN, 0};
    while (::poll(&pfd, 1, 300) == 1) {
      char buffer[4096];
      const ssize_t n = ::recv(connection_, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      got.append(buffer, static_cast<std::size_t>(n));
    }
    return got;
  }

 private:
  void accept() {
    pollfd pfd{listener_, POLLIN, 0};
    if (::poll(&pfd, 1, 2000) != 1) return;
    connection_ = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
  }
  void accept_and_handshake(const std::string& first_bytes) {
    accept();
    if (connection_ < 0) return;
    timeval limit{2, 0};  // a client that gives up mid-handshake must not hang the test
    ::setsockopt(connection_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    ssl_ = SSL_new(context_);
    SSL_set_fd(ssl_, connection_);
    if (SSL_accept(ssl_) == 1 && !first_bytes.empty()) {
      SSL_write(ssl_, first_bytes.data(), static_cast<int>(first_bytes.size()));
    }
  }

  int listener_ = -1;
  int connection_ = -1;
  Address address_;
  SSL_CTX* context_ = nullptr;
  SSL* ssl_ = nullptr;
};

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const ClientError& e) {
    return e.what();
  }
  return "(no ClientError)";
}

TEST(TlsClient, BytesTravelBothWaysInsideTls_9_6) {
  TlsPeer peer;
  Client client = peer.connect(trusting_options(), "OK\r\n\r\n");
  EXPECT_TRUE(client.is_tls());
  EXPECT_EQ(client.tls_version(), "TLSv1.3");
  const ReadResult greeting = client.read_response(1s);  // arrived with the end of the handshake
  ASSERT_EQ(greeting.status, ReadStatus::frame) << greeting.error;
  EXPECT_EQ(greeting.frame.raw, "OK\r\n\r\n");
  ASSERT_EQ(client.send("PING\r\n\r\n").status, SendStatus::sent);
  EXPECT_EQ(peer.read_record(), "PING\r\n\r\n");
  peer.write("OK\r\nSize: 3\r\n\r\nabc");
  const ReadResult response = client.read_response(1s);
  ASSERT_EQ(response.status, ReadStatus::frame) << response.error;
  EXPECT_EQ(response.frame.body, "abc");
  EXPECT_EQ(client.received(), "OK\r\n\r\nOK\r\nSize: 3\r\n\r\nabc");  // plaintext only
}

TEST(TlsClient, CloseNotifyThenTcpCloseIsReported_9_5) {
  TlsPeer peer;
  Client client = peer.connect(trusting_options());
  peer.write("ERR auth-required\r\nMessage: m\r\n\r\n");
  peer.send_close_notify();
  peer.close_tcp();
  const ReadResult frame = client.read_response(1s);
  ASSERT_EQ(frame.status, ReadStatus::frame) << frame.error;
  EXPECT_EQ(frame.frame.code, "auth-required");
  const CloseResult close = client.wait_for_close(1s);
  EXPECT_TRUE(close.closed_by_peer);
  EXPECT_TRUE(close.tls_close_notify);
  EXPECT_EQ(close.tls_error, "");
  const ReadResult after = client.read_response(10ms);
  EXPECT_EQ(after.status, ReadStatus::closed);
  EXPECT_EQ(after.error, "TLS close_notify received");
}

TEST(TlsClient, BareTcpCloseIsNotCloseNotify_9_5) {
  TlsPeer peer;
  Client client = peer.connect(trusting_options());
  peer.write("ERR auth-expired\r\nMessage: m\r\n\r\n");
  peer.close_tcp();
  const ReadResult frame = client.read_response(1s);
  ASSERT_EQ(frame.status, ReadStatus::frame) << frame.error;
  const CloseResult close = client.wait_for_close(1s);
  EXPECT_TRUE(close.closed_by_peer);
  EXPECT_FALSE(close.tls_close_notify);
  const ReadResult after = client.read_response(10ms);
  EXPECT_EQ(after.status, ReadStatus::closed);
  EXPECT_EQ(after.error, "connection closed by peer without TLS close_notify");
}

TEST(TlsClient, CloseNotifyWithoutTcpCloseTimesOutButIsSeen_9_5) {
  TlsPeer peer;
  Client client = peer.connect(trusting_options());
  peer.send_close_notify();
  const CloseResult close = client.wait_for_close(100ms);
  EXPECT_TRUE(close.timed_out);
  EXPECT_FALSE(close.closed_by_peer);
  EXPECT_TRUE(close.tls_close_notify);
}

TEST(TlsClient, PresentsItsCertificateOnlyWhenGivenOne_9_2) {
  {
    TlsPeer peer;
    Client client = peer.connect(trusting_options());
    EXPECT_EQ(peer.client_certificate(), nullptr);
  }
  TlsPeer peer;
  Client client = peer.connect(with_certificate(trusting_options(), "client-allowed"));
  X509* presented = peer.client_certificate();
  ASSERT_NE(presented, nullptr);
  char name[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(presented), NID_commonName, name, sizeof name);
  EXPECT_STREQ(name, "client-allowed");
}

TEST(TlsClient, SendPiecesMakesOneRecordPerPiece_4_4_9_6) {
  TlsPeer peer;
  Client client = peer.connect(trusting_options());
  const std::string bytes = "PING\r\n\r\nECHO a\r\n\r\n";
  const SendResult sent = client.send_pieces(bytes, {1, 5, 6, 7, 15}, 2000us);
  EXPECT_EQ(sent.status, SendStatus::sent);
  EXPECT_EQ(sent.bytes_sent, bytes.size());
  for (const std::string piece : {"P", "ING\r", "\n", "\r", "\nECHO a\r", "\n\r\n"}) {
    EXPECT_EQ(peer.read_record(), piece);  // SSL_read never returns more than one record
  }
}

TEST(TlsClient, ShutdownWriteSendsCloseNotify_4_6) {
  TlsPeer peer;
  Client client = peer.connect(trusting_options());
  ASSERT_EQ(client.send("PI").status, SendStatus::sent);
  client.shutdown_write();
  EXPECT_EQ(peer.read_record(), "PI");
  int error = 0;
  EXPECT_EQ(peer.read_record(&error), "");
  EXPECT_EQ(error, SSL_ERROR_ZERO_RETURN);
  peer.write("OK\r\n\r\n");  // half-closed: the client still reads
  EXPECT_EQ(client.read_response(1s).status, ReadStatus::frame);
}

TEST(TlsClient, OnlyVersionIsNegotiated_2_2) {
  TlsPeer peer;
  TlsClientOptions options = trusting_options();
  options.only_version = TlsVersion::tls1_2;
  Client client = peer.connect(options);
  EXPECT_EQ(client.tls_version(), "TLSv1.2");
}

TEST(TlsClient, ServerCertificateIsChecked) {
  {
    TlsPeer peer;
    TlsClientOptions options = trusting_options();
    options.server_name = "elsewhere.example";
    const std::string error = error_of([&] { peer.connect(options); });
    EXPECT_NE(error.find("TLS handshake with " + peer.address().to_string() + " failed"), std::string::npos) << error;
    EXPECT_NE(error.find("hostname mismatch"), std::string::npos) << error;
  }
  {
    TlsPeer peer;
    TlsClientOptions options;
    options.ca_file = test_pki_file("client-unknown.pem");  // not the CA that signed the server
    const std::string error = error_of([&] { peer.connect(options); });
    EXPECT_NE(error.find("server certificate:"), std::string::npos) << error;
  }
  TlsPeer peer;
  TlsClientOptions options;
  options.insecure = true;
  options.server_name = "elsewhere.example";
  EXPECT_NO_THROW(peer.connect(options));
}

TEST(TlsClient, BadOptionsNameTheFile) {
  TlsClientOptions neither;
  EXPECT_EQ(error_of([&] { TlsClientContext{neither}; }), "TLS: give a CA file to verify the server with, or insecure");
  TlsClientOptions missing = trusting_options();
  missing.ca_file = "/nonexistent/ca.pem";
  EXPECT_EQ(error_of([&] { TlsClientContext{missing}; }),
            "TLS CA file /nonexistent/ca.pem: cannot be read: No such file or directory");
  TlsClientOptions mismatched = with_certificate(trusting_options(), "client-allowed");
  mismatched.key_file = test_pki_file("client-unknown.key");
  EXPECT_NE(error_of([&] { TlsClientContext{mismatched}; }).find("TLS key " + mismatched.key_file), std::string::npos);
  TlsClientOptions not_pem = trusting_options();
  not_pem.certificate_file = test_pki_file("allowed.txt");
  not_pem.key_file = test_pki_file("client-allowed.key");
  EXPECT_NE(error_of([&] { TlsClientContext{not_pem}; }).find("not a PEM certificate"), std::string::npos);
}

TEST(TlsClient, HandshakeWithASilentServerTimesOut_9_7) {
  TlsPeer peer;  // listens, never accepts: the kernel completes TCP, nobody answers TLS
  const auto started = std::chrono::steady_clock::now();
  const std::string error = error_of([&] { Client::connect_tls(peer.address(), 200ms, trusting_options()); });
  EXPECT_NE(error.find("not completed within 200 ms"), std::string::npos) << error;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST(TlsClient, PlaintextServerFailsTheHandshake_9_7) {
  TlsPeer peer;
  std::thread server([&] { peer.answer_plaintext("OK\r\n\r\n"); });
  const std::string error = error_of([&] { Client::connect_tls(peer.address(), 2s, trusting_options()); });
  server.join();
  EXPECT_EQ(error.rfind("TLS handshake with " + peer.address().to_string() + " failed: ", 0), 0u) << error;
}

TEST(TlsClient, StalledHandshakesSendNothingOrHalfAClientHello_9_7) {
  const std::string hello = tls_client_hello();
  ASSERT_GT(hello.size(), 10u);
  EXPECT_EQ(hello[0], '\x16');  // a handshake record
  {
    TlsPeer peer;
    Client client = Client::connect_stalled_tls(peer.address(), 1s, HandshakeStall::before_client_hello);
    EXPECT_EQ(peer.accept_raw_and_read(), "");
    EXPECT_FALSE(client.is_tls());
  }
  TlsPeer peer;
  Client client = Client::connect_stalled_tls(peer.address(), 1s, HandshakeStall::mid_client_hello);
  const std::string got = peer.accept_raw_and_read();
  EXPECT_EQ(got.size(), hello.size() / 2);
  EXPECT_EQ(got.substr(0, 5), hello.substr(0, 5));  // the record header; the rest holds random bytes
  EXPECT_TRUE(client.wait_for_close(50ms).timed_out);
}

}  // namespace
}  // namespace wireproof
