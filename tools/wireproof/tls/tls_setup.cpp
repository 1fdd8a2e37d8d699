#include "tls/tls_setup.hpp"

#include "harness/client.hpp"
#include "cli/source_tree.hpp"

namespace wireproof::tls {
namespace {

constexpr std::chrono::seconds kPkiTimeout{60};
constexpr const char* kDefaultClient = "client-allowed";

TlsVersion version_of(const std::string& text) {
  if (text == "1.0") return TlsVersion::tls1_0;
  if (text == "1.1") return TlsVersion::tls1_1;
  if (text == "1.3") return TlsVersion::tls1_3;
  return TlsVersion::tls1_2;
}

TlsClientContext make_context(const TlsClientOptions& options, const std::string& what) {
  try {
    return TlsClientContext(options);
  } catch (const ClientError& e) {
    throw cli::UsageError(what + ": " + e.what());
  }
}

std::shared_ptr<TestPki> find_or_make_pki(const TlsOptions& options, const std::optional<std::string>& server_template,
                                          std::ostream& notes) {
  try {
    if (options.pki) return TestPki::open(*options.pki);
    if (!server_template || !uses_pki_placeholders(*server_template)) return nullptr;
    const auto script = cli::find_in_source_tree("tools/make-test-pki");
    if (!script) throw PkiError("the --server command uses PKI placeholders, but " + cli::not_found_message("tools/make-test-pki") + "; pass --pki DIR");
    std::shared_ptr<TestPki> pki = TestPki::generate(*script, kPkiTimeout);
    notes << "TLS: generated a test PKI in " << pki->dir().string() << " (removed at exit)\n";
    return pki;
  } catch (const PkiError& e) {
    throw cli::UsageError(std::string("--pki: ") + e.what());
  }
}

}  // namespace

std::shared_ptr<TlsSetup> TlsSetup::create(const TlsOptions& options, const std::optional<std::string>& server_template,
                                           std::ostream& notes) {
  if (!options.enabled) {
    if (server_template && uses_pki_placeholders(*server_template)) {
      throw cli::UsageError("--server uses a TLS placeholder ({tls_cert} {tls_key} {allow_file} {ca_file}); add --tls");
    }
    return nullptr;
  }
  std::shared_ptr<TestPki> pki = find_or_make_pki(options, server_template, notes);
  TlsClientOptions base;
  if (options.ca) {
    base.ca_file = *options.ca;
  } else if (options.insecure) {
    base.insecure = true;
  } else if (pki) {
    base.ca_file = pki->file("ca.pem").string();
  } else {
    throw cli::UsageError("--tls: give --ca FILE or --insecure to say how the server's certificate is checked "
                          "(or --pki DIR, whose ca.pem is used)");
  }
  if (options.client_cert) {
    base.certificate_file = *options.client_cert;
    base.key_file = *options.client_key;
  } else if (pki && pki->check_client(kDefaultClient).empty()) {
    base.certificate_file = pki->certificate(kDefaultClient).string();
    base.key_file = pki->key(kDefaultClient).string();
  } else {
    notes << "TLS: no client certificate (no --client-cert, no PKI client-allowed): a server that requires one "
             "answers ERR auth-required (9.2)\n";
  }
  const TlsClientContext default_context = make_context(base, "--tls");
  return std::shared_ptr<TlsSetup>(new TlsSetup(std::move(pki), base, default_context));
}

std::string TlsSetup::server_command(const std::string& command) const {
  if (!pki_) return command;
  try {
    return fill_pki_placeholders(command, *pki_);
  } catch (const PkiError& e) {
    throw cli::UsageError(std::string("--pki: ") + e.what());
  }
}

std::string TlsSetup::describe() const {
  std::string text = "TLS, client certificate " + (base_.certificate_file.empty() ? "none" : base_.certificate_file);
  text += base_.insecure ? ", server certificate not verified (--insecure)" : ", server verified with " + base_.ca_file;
  if (pki_) text += ", PKI " + (pki_->generated() ? std::string("generated") : pki_->dir().string());
  return text;
}

std::string TlsSetup::named_certificates_unavailable() const {
  if (pki_) return "";
  return "names client certificates, and there is no PKI to find them in (pass --pki DIR, or use {tls_cert} "
         "{tls_key} {allow_file} in --server so one is generated)";
}

const TlsClientContext& TlsSetup::context(const scenario::Certificate& certificate,
                                          const std::optional<std::string>& version) {
  using Choice = scenario::Certificate::Choice;
  if (certificate.choice == Choice::run_default && !version) return default_context_;
  const std::string key = (certificate.choice == Choice::run_default ? std::string("-")
                           : certificate.choice == Choice::none    ? std::string("none")
                                                                   : "=" + certificate.name) +
                          "|" + version.value_or("");
  std::lock_guard lock(mutex_);
  if (const auto it = contexts_.find(key); it != contexts_.end()) return it->second;
  TlsClientOptions options = base_;
  if (certificate.choice == Choice::none) {
    options.certificate_file.clear();
    options.key_file.clear();
  } else if (certificate.choice == Choice::named) {
    if (!pki_) throw cli::UsageError("cert=" + certificate.name + ": " + named_certificates_unavailable());
    if (const std::string problem = pki_->check_client(certificate.name); !problem.empty()) {
      throw cli::UsageError("cert=" + certificate.name + ": " + problem);
    }
    options.certificate_file = pki_->certificate(certificate.name).string();
    options.key_file = pki_->key(certificate.name).string();
  }
  if (version) options.only_version = version_of(*version);
  const std::string what = certificate.choice == Choice::named ? "cert=" + certificate.name : "TLS client";
  return contexts_.emplace(key, make_context(options, what)).first->second;
}

}  // namespace wireproof::tls
