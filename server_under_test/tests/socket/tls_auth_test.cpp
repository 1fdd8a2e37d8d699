// 9.2-9.6 over real TLS: each client certificate gets its verdict in the right order, an auth-*
// frame is followed by close_notify and the close with no request processed, and an allowed
// certificate gets the greeting. Certificates from tools/make-test-pki (test_pki_fixture.hpp).
#include "socket_test_support.hpp"

namespace gnp_socket_tests {
namespace {

struct AuthCase {
  std::string certificate;  // "" for none
  std::string code;         // the auth-* code expected
};

void PrintTo(const AuthCase& c, std::ostream* out) {
  *out << (c.certificate.empty() ? "no certificate" : c.certificate) << " -> " << c.code;
}

std::string auth_case_name(const ::testing::TestParamInfo<AuthCase>& info) {
  std::string name = info.param.certificate.empty() ? "no_certificate" : info.param.certificate;
  for (char& c : name) c = c == '-' ? '_' : c;
  return name;
}

class AuthRefusal : public ::testing::TestWithParam<AuthCase> {};

// 9.2 (order), 9.4 (unknown whatever its dates), 9.5 (one frame, close_notify, close, nothing
// read or processed).
TEST_P(AuthRefusal, OneFrameThenCloseNotifyThenClose_9_2_9_4_9_5) {
  ServerProcess server = start_server("", Transport::tls);
  Client client = Client::connect_tls(server.address(), kConnectTimeout, client_options(GetParam().certificate));
  // A request sent at once must not be processed (9.5); the server may already have closed.
  client.send("SET leaked v\r\n\r\n");
  const ReadResult refusal = client.read_response(kReadTimeout);
  ASSERT_EQ(refusal.status, ReadStatus::frame) << describe(refusal);
  EXPECT_FALSE(refusal.frame.ok);
  EXPECT_EQ(refusal.frame.code, GetParam().code);
  EXPECT_FALSE(refusal.frame.sequence);  // 9.5, 6.3
  const wireproof::CloseResult close = client.wait_for_close(kReadTimeout);
  EXPECT_TRUE(close.closed_by_peer) << "not closed after " << GetParam().code << " (9.5)";
  EXPECT_TRUE(close.tls_close_notify) << "closed without TLS close_notify (9.5)";
  EXPECT_EQ(close.tls_error, "");
  EXPECT_EQ(close.data_received_meanwhile, "");  // exactly one frame (9.2)

  Client allowed = connect_greeted(server, Transport::tls);
  const ReadResult get = round_trip(allowed, "GET leaked\r\n\r\n");
  ASSERT_EQ(get.status, ReadStatus::frame) << describe(get);
  EXPECT_EQ(get.frame.code, "not-found") << "a request on a refused connection was processed (9.5)";
}

INSTANTIATE_TEST_SUITE_P(Certificates, AuthRefusal,
                         ::testing::Values(AuthCase{"", "auth-required"},
                                           AuthCase{"client-unknown", "auth-unknown-cert"},
                                           AuthCase{"client-unknown-expired", "auth-unknown-cert"},
                                           AuthCase{"client-expired", "auth-expired"},
                                           AuthCase{"client-not-yet-valid", "auth-not-yet-valid"}),
                         auth_case_name);

// The first frame a client with `certificate` gets from `server`.
std::string first_frame(const ServerProcess& server, const std::string& certificate) {
  Client client = Client::connect_tls(server.address(), kConnectTimeout, client_options(certificate));
  const ReadResult frame = client.read_response(kReadTimeout);
  return frame.status == ReadStatus::frame ? frame.frame.raw : describe(frame);
}

TEST(TlsAuth, AllowedCertificateGetsTheGreetingAndService_9_6) {
  ServerProcess server = start_server("", Transport::tls);
  Client client = connect_greeted(server, Transport::tls);
  const ReadResult echo = round_trip(client, "ECHO h\xc3\xa9llo\r\nSequence: 3\r\n\r\n");
  ASSERT_EQ(echo.status, ReadStatus::frame) << describe(echo);
  EXPECT_EQ(echo.frame.raw, "OK\r\nSequence: 3\r\nSize: 6\r\n\r\nh\xc3\xa9llo");
}

// covers: 9.4/3 9.4/4 (two unknown certificates, frames compared byte for byte, Message included)
TEST(TlsAuth, EveryUnknownCertificateGetsTheSameFrame_9_4) {
  // Whatever the certificate and its dates, nothing about it leaks into the frame.
  ServerProcess server = start_server("", Transport::tls);
  const std::string unknown = first_frame(server, "client-unknown");
  EXPECT_EQ(unknown.rfind("ERR auth-unknown-cert\r\n", 0), 0u) << unknown;
  EXPECT_EQ(first_frame(server, "client-unknown-expired"), unknown);
}

// The SHA-256 fingerprint of client-allowed as `openssl x509 -fingerprint` prints it
// ("AB:CD:..."), read from the PKI's allowed.txt (its first entry, kept in that form).
std::string allowed_fingerprint() {
  std::ifstream in(test_pki_file("allowed.txt"));
  std::string line;
  while (std::getline(in, line) && (line.empty() || line.front() == '#')) {
  }
  return line;
}

TEST(TlsAuth, FingerprintsWithOrWithoutColonsInAnyCase_9_3) {
  const std::string colons_upper = allowed_fingerprint();
  ASSERT_EQ(colons_upper.size(), 64u + 31u) << colons_upper;
  std::string bare_lower;
  for (char c : colons_upper) {
    if (c != ':') bare_lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  std::string colons_mixed = colons_upper;
  for (std::size_t i = 0; i < colons_mixed.size(); i += 2) {
    colons_mixed[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(colons_mixed[i])));
  }
  for (const std::string& form : {colons_upper, bare_lower, colons_mixed}) {
    SCOPED_TRACE(form);
    ServerProcess server = start_server_with_exactly("--tls-cert " + test_pki_file("server.pem") + " --tls-key " +
                                                     test_pki_file("server.key") + " --allow-fingerprint " + form);
    EXPECT_EQ(first_frame(server, "client-allowed"), "OK\r\n\r\n");
    // Only that one is allowed now: the expired certificate is unknown to this server (9.4).
    EXPECT_EQ(first_frame(server, "client-expired").rfind("ERR auth-unknown-cert\r\n", 0), 0u);
  }
}

TEST(TlsAuth, RefusedClientsDoNotLearnTheServerIsFull_10_3) {
  // At the limit an unauthenticated client still gets its auth-* frame; only an admitted one is
  // told busy, inside TLS and with close_notify.
  ServerProcess server = start_server("--max-connections 1", Transport::tls);
  Client holder = connect_greeted(server, Transport::tls);
  EXPECT_EQ(first_frame(server, "client-unknown").rfind("ERR auth-unknown-cert\r\n", 0), 0u);
  Client late = Client::connect_tls(server.address(), kConnectTimeout, client_options());
  const ReadResult busy = late.read_response(kReadTimeout);
  ASSERT_EQ(busy.status, ReadStatus::frame) << describe(busy);
  EXPECT_EQ(busy.frame.code, "busy");
  const wireproof::CloseResult close = late.wait_for_close(kReadTimeout);
  EXPECT_TRUE(close.closed_by_peer);
  EXPECT_TRUE(close.tls_close_notify);
}

}  // namespace
}  // namespace gnp_socket_tests
