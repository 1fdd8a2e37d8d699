// How the harness Client speaks TLS (PROTOCOL.md 2.2, 9): which certificate it presents, how it
// checks the server's, and which protocol versions it offers. Made once (files are read and
// checked here) and shared by every connection that uses it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct ssl_ctx_st;  // OpenSSL's SSL_CTX, kept out of this header

namespace wireproof {

enum class TlsVersion { tls1_0, tls1_1, tls1_2, tls1_3 };
std::string_view tls_version_name(TlsVersion version);  // "TLSv1.2", as OpenSSL names them

struct TlsClientOptions {
  std::string certificate_file;  // PEM client certificate (chain) to present; empty: none (9.2)
  std::string key_file;          // its unencrypted PEM private key; required with certificate_file
  std::string ca_file;           // verify the server's certificate against this PEM CA ...
  bool insecure = false;         // ... or accept any server certificate (exactly one of the two)
  std::string server_name;       // checked in the server certificate, sent as SNI unless an IP
                                 // literal; empty: the host of the address connected to
  std::optional<TlsVersion> only_version;  // offer just this version (e.g. TLS 1.1 to check 2.2);
                                           // default: TLS 1.2 and 1.3
};

class TlsClientContext {
 public:
  // Throws ClientError (client.hpp) naming the option and file when a file cannot be read, is
  // not PEM, the key does not match the certificate, or neither/both of ca_file and insecure.
  explicit TlsClientContext(const TlsClientOptions& options);

  const TlsClientOptions& options() const { return options_; }
  ssl_ctx_st* native() const { return context_.get(); }

 private:
  TlsClientOptions options_;
  std::shared_ptr<ssl_ctx_st> context_;
};

}  // namespace wireproof
