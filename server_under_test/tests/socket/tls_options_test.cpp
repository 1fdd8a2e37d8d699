// gnp-server's TLS options (PROTOCOL.md 9.1, 9.3 are server configuration): every bad
// combination, file or fingerprint stops the server at start-up with exit status 2 and one line
// naming the option and the file or value, before it listens.
#include "socket_test_support.hpp"

namespace gnp_socket_tests {
namespace {

struct BadStart {
  std::string name;
  std::string options;   // "{pki}" is the test PKI's directory
  std::string message;   // expected in the server's error line
};

void PrintTo(const BadStart& c, std::ostream* out) { *out << c.name; }

class TlsOptions : public ::testing::TestWithParam<BadStart> {};

// covers: 9.3/5 (a malformed allowed entry is a configuration error, never a match)
TEST_P(TlsOptions, RefusedAtStartupWithExitStatus2AndAReason) {
  std::string options = GetParam().options;
  const std::string pki = test_pki_file("");
  for (std::size_t at; (at = options.find("{pki}")) != std::string::npos;) options.replace(at, 5, pki);
  std::string error = "(the server started)";
  try {
    start_server_with_exactly(options);
  } catch (const wireproof::SetupError& e) {
    error = e.what();
  }
  EXPECT_NE(error.find("exit code 2"), std::string::npos) << error;
  std::string expected = GetParam().message;
  for (std::size_t at; (at = expected.find("{pki}")) != std::string::npos;) expected.replace(at, 5, pki);
  EXPECT_NE(error.find(expected), std::string::npos) << error;
}

const std::string kCert = " --tls-cert {pki}server.pem";
const std::string kKey = " --tls-key {pki}server.key";
const std::string kAllow = " --allow-file {pki}allowed.txt";

INSTANTIATE_TEST_SUITE_P(
    Bad, TlsOptions,
    ::testing::Values(
        BadStart{"CertWithoutKey", kCert + kAllow, "--tls-cert needs --tls-key"},
        BadStart{"KeyWithoutCert", kKey + kAllow, "--tls-key needs --tls-cert"},
        BadStart{"AllowWithoutCert", kAllow, "--allow-fingerprint and --allow-file need --tls-cert"},
        BadStart{"CertWithoutAnyAllowed", kCert + kKey, "--tls-cert needs at least one --allow-fingerprint or --allow-file"},
        BadStart{"UnreadableCert", " --tls-cert {pki}missing.pem" + kKey + kAllow,
                 "--tls-cert {pki}missing.pem: cannot be read: No such file or directory"},
        BadStart{"CertIsNotPem", " --tls-cert {pki}allowed.txt" + kKey + kAllow,
                 "--tls-cert {pki}allowed.txt: not a PEM certificate"},
        BadStart{"UnreadableKey", kCert + " --tls-key {pki}missing.key" + kAllow,
                 "--tls-key {pki}missing.key: cannot be read"},
        BadStart{"KeyOfAnotherCertificate", kCert + " --tls-key {pki}client-allowed.key" + kAllow,
                 "--tls-key {pki}client-allowed.key does not match --tls-cert {pki}server.pem"},
        BadStart{"MalformedFingerprint", kCert + kKey + " --allow-fingerprint AB:CD:XY",
                 "--allow-fingerprint 'AB:CD:XY': 'X' at character 7 is not a hex digit"},
        BadStart{"ShortFingerprint", kCert + kKey + " --allow-fingerprint abcd",
                 "--allow-fingerprint 'abcd': a fingerprint has 64 hex digits (SHA-256) or 40 (SHA-1), this one has 4"},
        BadStart{"AllowFileWithABadLine", kCert + kKey + " --allow-file {pki}ca.cnf", "--allow-file {pki}ca.cnf:1: "},
        BadStart{"UnreadableAllowFile", kCert + kKey + " --allow-file {pki}missing.txt",
                 "--allow-file {pki}missing.txt: cannot be read"},
        BadStart{"EmptyAllowFile", kCert + kKey + " --allow-file /dev/null", "--allow-file: no fingerprint in /dev/null"}),
    [](const ::testing::TestParamInfo<BadStart>& info) { return info.param.name; });

}  // namespace
}  // namespace gnp_socket_tests
