// PROTOCOL.md 9.2-9.4: the check order, fingerprint syntax, and facts read from real certificates
// made by tools/make-test-pki (fingerprints cross-checked against the openssl CLI's).
#include <gtest/gtest.h>
#include <openssl/pem.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tls/certificate_facts.hpp"
#include "tls/client_auth.hpp"
#include "harness/tests/test_pki_fixture.hpp"

namespace gnp::tls {
namespace {

constexpr std::time_t kNow = 1'800'000'000;

CertificateFacts facts(std::uint8_t tag, std::time_t not_before, std::time_t not_after) {
  CertificateFacts f;
  f.sha256.fill(tag);
  f.sha1.fill(tag);
  f.not_before = not_before;
  f.not_after = not_after;
  return f;
}

std::string hex(const Sha256& fp, bool colons) {
  std::string out;
  char buf[4];
  for (std::size_t i = 0; i < fp.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%02X", fp[i]);
    if (colons && i) out += ':';
    out += buf;
  }
  return out;
}

AllowedFingerprints allow(const CertificateFacts& f) {
  AllowedFingerprints a;
  std::string error;
  EXPECT_TRUE(a.add(hex(f.sha256, true), error)) << error;
  return a;
}

TEST(ClientAuth_9_2, NoCertificateIsAuthRequired) {
  EXPECT_EQ(check_client(std::nullopt, AllowedFingerprints{}, kNow), ErrorCode::auth_required);
}

TEST(ClientAuth_9_2, ValidAllowedCertificatePasses) {
  const auto c = facts(1, kNow - 10, kNow + 10);
  EXPECT_EQ(check_client(c, allow(c), kNow), std::nullopt);
}

// covers: 9.2/6 (the clock cannot be set to a bound over the wire)
TEST(ClientAuth_9_2, DatesAreInclusiveBounds) {
  const auto c = facts(1, kNow, kNow);
  EXPECT_EQ(check_client(c, allow(c), kNow), std::nullopt);
  EXPECT_EQ(check_client(c, allow(c), kNow - 1), ErrorCode::auth_not_yet_valid);
  EXPECT_EQ(check_client(c, allow(c), kNow + 1), ErrorCode::auth_expired);
}

TEST(ClientAuth_9_4, UnknownCertificateIsUnknownWhateverItsDates) {
  const auto allowed = facts(1, kNow - 10, kNow + 10);
  for (auto [nb, na] : {std::pair{kNow - 10, kNow + 10}, {kNow + 5, kNow + 10}, {kNow - 10, kNow - 5}}) {
    EXPECT_EQ(check_client(facts(2, nb, na), allow(allowed), kNow), ErrorCode::auth_unknown_cert);
  }
}

TEST(ClientAuth_9_3, FingerprintFormsAreEquivalent) {
  const auto c = facts(0xAB, kNow - 1, kNow + 1);
  for (std::string text : {hex(c.sha256, true), hex(c.sha256, false)}) {
    for (int lower = 0; lower < 2; ++lower) {
      std::string t = text;
      if (lower) for (char& ch : t) ch = static_cast<char>(std::tolower(ch));
      AllowedFingerprints a;
      std::string error;
      ASSERT_TRUE(a.add(t, error)) << t << ": " << error;
      EXPECT_EQ(check_client(c, a, kNow), std::nullopt) << t;
    }
  }
}

TEST(ClientAuth_9_3, Sha1EntriesAreAccepted) {
  const auto c = facts(0x11, kNow - 1, kNow + 1);
  AllowedFingerprints a;
  std::string error;
  ASSERT_TRUE(a.add(std::string(40, '1'), error)) << error;
  EXPECT_EQ(check_client(c, a, kNow), std::nullopt);
}

// covers: 9.3/5
TEST(ClientAuth_9_3, MalformedFingerprintsAreRejectedWithAReason) {
  for (std::string bad : {std::string(63, 'a'), std::string(65, 'a'), std::string(64, 'g'), std::string(":") + std::string(64, 'a'),
                          std::string(64, 'a') + ":", "ab::cd" + std::string(60, 'a'), "a:b" + std::string(62, 'c'), std::string()}) {
    AllowedFingerprints a;
    std::string error;
    EXPECT_FALSE(a.add(bad, error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
    EXPECT_EQ(a.size(), 0u);
  }
}

TEST(ClientAuth_9_3, FileErrorsNameFileAndLine) {
  const auto path = std::filesystem::temp_directory_path() / "wireproof-allow-test.txt";
  std::ofstream(path) << "# comment\n\n" << std::string(64, 'a') << "\nnot-a-fingerprint\n";
  AllowedFingerprints a;
  std::string error;
  EXPECT_FALSE(a.add_file(path.string(), error));
  EXPECT_NE(error.find(path.string() + ":4:"), std::string::npos) << error;
  EXPECT_FALSE(a.add_file("/nonexistent/allow.txt", error));
  EXPECT_NE(error.find("/nonexistent/allow.txt"), std::string::npos) << error;
  std::filesystem::remove(path);
}

// Real certificates: the facts must agree with what the openssl CLI says about the same files.
class RealCertificates : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { dir_ = wireproof::test_pki().dir(); }

  static CertificateFacts load(const std::string& name) {
    FILE* f = std::fopen((dir_ / (name + ".pem")).c_str(), "r");
    EXPECT_NE(f, nullptr) << name;
    X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    auto result = certificate_facts(cert);
    X509_free(cert);
    EXPECT_TRUE(result.has_value()) << name;
    return result.value_or(CertificateFacts{});
  }

  static inline std::filesystem::path dir_;
};

TEST_F(RealCertificates, EachClientGetsItsVerdict) {
  AllowedFingerprints allowed;
  std::string error;
  ASSERT_TRUE(allowed.add_file((dir_ / "allowed.txt").string(), error)) << error;
  ASSERT_EQ(allowed.size(), 3u);
  const std::time_t now = std::time(nullptr);
  EXPECT_EQ(check_client(load("client-allowed"), allowed, now), std::nullopt);
  EXPECT_EQ(check_client(load("client-unknown"), allowed, now), ErrorCode::auth_unknown_cert);
  EXPECT_EQ(check_client(load("client-unknown-expired"), allowed, now), ErrorCode::auth_unknown_cert);
  EXPECT_EQ(check_client(load("client-expired"), allowed, now), ErrorCode::auth_expired);
  EXPECT_EQ(check_client(load("client-not-yet-valid"), allowed, now), ErrorCode::auth_not_yet_valid);
}

}  // namespace
}  // namespace gnp::tls
