// The TLS side of a run (PROTOCOL.md 9, docs/SCENARIOS.md "TLS"): option combinations, the test
// PKI, the server command's placeholders, per-certificate client contexts, and which scenarios a
// plain or TLS run skips.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "certify/certify_run.hpp"
#include "scenario/scenario_parser.hpp"
#include "harness/tests/test_pki_fixture.hpp"
#include "tls/tls_setup.hpp"

namespace wireproof::tls {
namespace {

cli::Arguments parse(std::vector<std::string> args) {
  cli::Options options("t", "t");
  add_tls_options(options);
  return options.parse(args);
}

std::shared_ptr<TlsSetup> setup_from(const cli::Arguments& args, const std::optional<std::string>& server,
                                     std::ostream& notes) {
  return TlsSetup::create(TlsOptions::from_arguments(args), server, notes);
}

std::string usage_error(std::vector<std::string> args, const std::optional<std::string>& server = std::nullopt) {
  std::ostringstream notes;
  try {
    setup_from(parse(std::move(args)), server, notes);
  } catch (const cli::UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(TlsSetup, WithoutTlsNothingTlsIsAccepted) {
  std::ostringstream notes;
  EXPECT_EQ(setup_from(parse({}), std::string("srv --port {port}"), notes), nullptr);
  EXPECT_NE(usage_error({"--client-cert", "c.pem"}).find("--client-cert needs --tls"), std::string::npos);
  EXPECT_NE(usage_error({"--insecure"}).find("needs --tls"), std::string::npos);
  EXPECT_NE(usage_error({}, std::string("srv --port {port} --tls-cert {tls_cert}")).find("add --tls"), std::string::npos);
}

TEST(TlsSetup, BadCombinationsAreUsageErrors) {
  EXPECT_NE(usage_error({"--tls", "--insecure", "--client-cert", "c.pem"}).find("needs --client-key"), std::string::npos);
  EXPECT_NE(usage_error({"--tls", "--insecure", "--client-key", "c.key"}).find("needs --client-cert"), std::string::npos);
  EXPECT_NE(usage_error({"--tls", "--insecure", "--ca", "ca.pem"}).find("not both"), std::string::npos);
  // --connect (no template) and no PKI: nothing says how to check the server.
  EXPECT_NE(usage_error({"--tls"}).find("--ca FILE or --insecure"), std::string::npos);
  EXPECT_NE(usage_error({"--tls", "--pki", "/nonexistent-wireproof-pki"}).find("/nonexistent-wireproof-pki: not a directory"),
            std::string::npos);
}

TEST(TlsSetup, UnreadableFilesAreNamed) {
  const std::string missing = "/nonexistent-wireproof/ca.pem";
  EXPECT_NE(usage_error({"--tls", "--ca", missing}).find(missing), std::string::npos);
  const std::string cert = "/nonexistent-wireproof/client.pem";
  EXPECT_NE(usage_error({"--tls", "--insecure", "--client-cert", cert, "--client-key", "/x.key"}).find(cert),
            std::string::npos);
}

TEST(TlsSetup, PkiDirectoryNeedsTheServerFiles) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "wireproof-tls-setup-test-incomplete";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "ca.pem") << "x";
  const std::string error = usage_error({"--tls", "--pki", dir.string()});
  EXPECT_NE(error.find((dir / "server.pem").string()), std::string::npos) << error;
  std::filesystem::remove_all(dir);
}

TEST(TestPki, GeneratedPkiHasEveryFileAndBothFingerprintForms) {
  const TestPki& pki = test_pki();
  EXPECT_TRUE(pki.generated());
  for (const char* name : {"client-allowed", "client-unknown", "client-expired", "client-not-yet-valid",
                           "client-unknown-expired", "server"}) {
    EXPECT_EQ(pki.check_client(name), "") << name;
  }
  EXPECT_NE(pki.check_client("client-nobody").find("client-nobody.pem"), std::string::npos);
  std::ifstream in(pki.file("allowed.txt"));
  std::vector<std::string> entries;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') entries.push_back(line);
  }
  ASSERT_EQ(entries.size(), 3u);  // allowed, expired, not-yet-valid (9.3 forms alternate)
  EXPECT_EQ(entries[0].size(), 95u);  // AB:CD:... upper case
  EXPECT_EQ(entries[1].size(), 64u);  // abcd... lower case
  EXPECT_EQ(entries[1].find_first_of("ABCDEF:"), std::string::npos) << entries[1];
}

TEST(TestPki, PlaceholdersAreFilledWithThePkiFiles) {
  const TestPki& pki = test_pki();
  EXPECT_TRUE(uses_pki_placeholders("srv --allow-file {allow_file}"));
  EXPECT_FALSE(uses_pki_placeholders("srv --port {port}"));
  const std::string dir = pki.dir().string();
  EXPECT_EQ(fill_pki_placeholders("s {tls_cert} {tls_key} {allow_file} {ca_file} {port} {tls_cert}", pki),
            "s " + dir + "/server.pem " + dir + "/server.key " + dir + "/allowed.txt " + dir + "/ca.pem {port} " + dir +
                "/server.pem");
}

TEST(TestPki, GeneratedDirectoryIsRemovedWithIt) {
  std::filesystem::path dir;
  {
    const auto pki = TestPki::generate(MAKE_TEST_PKI,
                                       std::chrono::seconds(60));
    dir = pki->dir();
    EXPECT_TRUE(std::filesystem::exists(dir / "ca.pem"));
  }
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(TlsSetup, ContextsPerCertificateFromThePki) {
  std::ostringstream notes;
  const auto setup = setup_from(parse({"--tls", "--pki", test_pki().dir().string()}),
                                              std::string("srv --port {port} --tls-cert {tls_cert}"), notes);
  ASSERT_NE(setup, nullptr);
  EXPECT_EQ(setup->default_context().options().certificate_file, test_pki().certificate("client-allowed").string());
  EXPECT_EQ(setup->default_context().options().ca_file, test_pki().file("ca.pem").string());
  EXPECT_EQ(setup->server_command("srv {tls_key}"), "srv " + test_pki().file("server.key").string());
  const TlsClientContext& expired = setup->context({scenario::Certificate::Choice::named, "client-expired"}, "1.2");
  EXPECT_EQ(expired.options().certificate_file, test_pki().certificate("client-expired").string());
  EXPECT_EQ(expired.options().only_version, TlsVersion::tls1_2);
  EXPECT_EQ(&setup->context({scenario::Certificate::Choice::named, "client-expired"}, "1.2"), &expired);  // made once
  EXPECT_EQ(setup->context({scenario::Certificate::Choice::none, ""}, std::nullopt).options().certificate_file, "");
  try {
    setup->context({scenario::Certificate::Choice::named, "client-nobody"}, std::nullopt);
    ADD_FAILURE() << "a certificate the PKI lacks must be a usage error";
  } catch (const cli::UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("client-nobody.pem"), std::string::npos) << e.what();
  }
  EXPECT_EQ(setup->named_certificates_unavailable(), "");
}

scenario::Scenario make(const std::string& extra, const std::string& steps = "connect a\n") {
  const std::string text = "section 9.2\nlevel MUST\ntitle \"t\"\n" + extra + steps;
  return *scenario::parse_scenario(text, "x.gnpt", "x").scenario;
}

TEST(CertifyPlan, TransportDecidesWhatRuns) {
  std::ostringstream notes;
  certify::CertifyOptions plain;
  plain.server_template = "srv --port {port}";
  certify::CertifyOptions tls = plain;
  tls.tls = setup_from(parse({"--tls", "--insecure"}), tls.server_template, notes);  // no PKI
  const scenario::Scenario any = make("");
  const scenario::Scenario needs_tls = make("transport tls\n");
  const scenario::Scenario plain_only = make("transport plain\n");
  const scenario::Scenario names_cert = make("transport tls\n", "connect a cert=client-expired\n");
  EXPECT_EQ(certify::skip_reason(any, plain), "");
  EXPECT_EQ(certify::skip_reason(any, tls), "");  // Core scenarios run inside TLS (9.6)
  EXPECT_NE(certify::skip_reason(needs_tls, plain).find("--tls"), std::string::npos);
  EXPECT_EQ(certify::skip_reason(needs_tls, tls), "");
  EXPECT_NE(certify::skip_reason(plain_only, tls).find("plain"), std::string::npos);
  EXPECT_NE(certify::skip_reason(names_cert, tls).find("--pki"), std::string::npos);
}

}  // namespace
}  // namespace wireproof::tls
