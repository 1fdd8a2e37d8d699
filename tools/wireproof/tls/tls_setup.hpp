// The runtime TLS side of one run of certify, repro or fuzz (PROTOCOL.md 2.2, 9), made from the
// parsed options (tls_options.hpp): the PKI (generated or --pki), the server command's PKI
// placeholders, and the client TLS contexts each connection uses (one per certificate and
// offered version, made once).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>

#include "cli/arguments.hpp"
#include "tls/tls_options.hpp"
#include "scenario/scenario.hpp"
#include "tls/pki_placeholders.hpp"
#include "harness/test_pki.hpp"
#include "harness/tls_client_context.hpp"

namespace wireproof::tls {

class TlsSetup {
 public:
  // nullptr without --tls (and then the command may use no PKI placeholder). `server_template`
  // is the --server command, nullopt for --connect. Notes (e.g. "generated a PKI in ...") go to
  // `notes`. Throws cli::UsageError for unreadable files or a PKI that cannot be made: the caller
  // exits 2.
  static std::shared_ptr<TlsSetup> create(const TlsOptions& options, const std::optional<std::string>& server_template,
                                          std::ostream& notes);

  // The PKI in use, or nullptr (--connect or a command without placeholders, and no --pki).
  const TestPki* pki() const { return pki_.get(); }
  // `command` with {tls_cert} {tls_key} {allow_file} {ca_file} filled from the PKI.
  std::string server_command(const std::string& command) const;
  // One line for reports: the client certificate and how the server is verified.
  std::string describe() const;

  const TlsClientContext& default_context() const { return default_context_; }
  // The context for a connection presenting `certificate` and offering only `version` ("1.2"; nullopt:
  // the default range). Made on first use and kept. Throws cli::UsageError when a named
  // certificate is not in the PKI (or there is none) or its files are bad.
  const TlsClientContext& context(const scenario::Certificate& certificate,
                                  const std::optional<std::string>& version);
  // Why connections naming certificates cannot run ("" when they can): no PKI to find them in.
  std::string named_certificates_unavailable() const;

 private:
  TlsSetup(std::shared_ptr<TestPki> pki, TlsClientOptions base, const TlsClientContext& default_context)
      : pki_(std::move(pki)), base_(std::move(base)), default_context_(default_context) {}

  std::shared_ptr<TestPki> pki_;
  TlsClientOptions base_;  // the default certificate and the server verification
  TlsClientContext default_context_;
  std::mutex mutex_;
  std::map<std::string, TlsClientContext> contexts_;  // by "certificate|version"
};

}  // namespace wireproof::tls
