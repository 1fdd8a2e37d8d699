#include "harness/tls_client_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "harness/client.hpp"
#include "tls/openssl_errors.hpp"

namespace wireproof {

namespace {

int version_number(TlsVersion version) {
  switch (version) {
    case TlsVersion::tls1_0: return TLS1_VERSION;
    case TlsVersion::tls1_1: return TLS1_1_VERSION;
    case TlsVersion::tls1_2: return TLS1_2_VERSION;
    case TlsVersion::tls1_3: return TLS1_3_VERSION;
  }
  return TLS1_2_VERSION;
}

void require_readable(const std::string& option, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ClientError("TLS " + option + " " + path + ": cannot be read: " + std::strerror(errno));
}

int no_passphrase(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) { return 0; }

}  // namespace

std::string_view tls_version_name(TlsVersion version) {
  switch (version) {
    case TlsVersion::tls1_0: return "TLSv1";
    case TlsVersion::tls1_1: return "TLSv1.1";
    case TlsVersion::tls1_2: return "TLSv1.2";
    case TlsVersion::tls1_3: return "TLSv1.3";
  }
  return "?";
}

TlsClientContext::TlsClientContext(const TlsClientOptions& options) : options_(options) {
  if (options.ca_file.empty() == !options.insecure) {
    throw ClientError(options.insecure ? "TLS: ca_file and insecure exclude each other"
                                       : "TLS: give a CA file to verify the server with, or insecure");
  }
  if (options.certificate_file.empty() != options.key_file.empty()) {
    throw ClientError("TLS: a client certificate needs its key and a key its certificate");
  }
  ERR_clear_error();
  context_.reset(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
  if (!context_) throw ClientError("TLS: cannot make a context: " + gnp::openssl_errors());
  SSL_CTX* context = context_.get();
  SSL_CTX_set_default_passwd_cb(context, no_passphrase);
  SSL_CTX_set_mode(context, SSL_MODE_AUTO_RETRY);

  if (options.only_version) {
    const int version = version_number(*options.only_version);
    SSL_CTX_set_min_proto_version(context, version);
    SSL_CTX_set_max_proto_version(context, version);
    // OpenSSL 3 offers TLS 1.0/1.1 only at security level 0 (their signatures use SHA-1).
    if (version < TLS1_2_VERSION) SSL_CTX_set_security_level(context, 0);
  } else {
    SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
  }

  if (!options.certificate_file.empty()) {
    require_readable("certificate", options.certificate_file);
    if (SSL_CTX_use_certificate_chain_file(context, options.certificate_file.c_str()) != 1) {
      throw ClientError("TLS certificate " + options.certificate_file + ": not a PEM certificate: " +
                        gnp::openssl_errors());
    }
    require_readable("key", options.key_file);
    if (SSL_CTX_use_PrivateKey_file(context, options.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(context) != 1) {
      throw ClientError("TLS key " + options.key_file + ": not the unencrypted PEM key of " +
                        options.certificate_file + ": " + gnp::openssl_errors());
    }
  }
  if (options.insecure) {
    SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr);
  } else {
    require_readable("CA file", options.ca_file);
    if (SSL_CTX_load_verify_locations(context, options.ca_file.c_str(), nullptr) != 1) {
      throw ClientError("TLS CA file " + options.ca_file + ": not PEM certificates: " + gnp::openssl_errors());
    }
    SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
  }
}

}  // namespace wireproof
