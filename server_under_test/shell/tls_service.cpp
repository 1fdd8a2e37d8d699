#include "shell/tls_service.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "tls/openssl_errors.hpp"

namespace gnp::shell {

namespace {

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyDeleter>;

// Opening the file ourselves first gives "No such file or directory" instead of OpenSSL's
// "system lib".
std::string unreadable(const std::string& path) {
  std::ifstream in(path);
  if (in) return {};
  return std::strerror(errno);
}

// 9.1: the certificate is requested, and whatever the client sends (or not) is accepted here;
// the verdict comes inside TLS (9.2).
int accept_any_certificate(int /*preverified*/, X509_STORE_CTX* /*context*/) { return 1; }

// An encrypted key would make OpenSSL prompt on the terminal; refuse it instead.
int no_passphrase(char* /*buffer*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) { return 0; }

}  // namespace

std::shared_ptr<TlsService> make_tls_service(const Options& options, std::string& error) {
  auto service = std::make_shared<TlsService>();
  SSL_CTX* context = service->context.native_handle();
  ERR_clear_error();

  // 2.2: nothing below TLS 1.2. No compression, no renegotiation; no session resumption, so
  // every connection presents its certificate and is checked afresh.
  SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
  SSL_CTX_set_options(context, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET |
                                   SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_num_tickets(context, 0);
  SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
  SSL_CTX_set_default_passwd_cb(context, no_passphrase);

  if (const std::string why = unreadable(options.tls_cert); !why.empty()) {
    error = "--tls-cert " + options.tls_cert + ": cannot be read: " + why;
    return nullptr;
  }
  if (SSL_CTX_use_certificate_chain_file(context, options.tls_cert.c_str()) != 1) {
    error = "--tls-cert " + options.tls_cert + ": not a PEM certificate: " + openssl_errors();
    return nullptr;
  }
  if (const std::string why = unreadable(options.tls_key); !why.empty()) {
    error = "--tls-key " + options.tls_key + ": cannot be read: " + why;
    return nullptr;
  }
  Key key;
  if (FILE* file = std::fopen(options.tls_key.c_str(), "r")) {
    key.reset(PEM_read_PrivateKey(file, nullptr, no_passphrase, nullptr));
    std::fclose(file);
  }
  if (!key) {
    error = "--tls-key " + options.tls_key + ": not an unencrypted PEM private key: " + openssl_errors();
    return nullptr;
  }
  if (SSL_CTX_use_PrivateKey(context, key.get()) != 1 || SSL_CTX_check_private_key(context) != 1) {
    error = "--tls-key " + options.tls_key + " does not match --tls-cert " + options.tls_cert + ": " +
            openssl_errors();
    return nullptr;
  }

  SSL_CTX_set_verify(context, SSL_VERIFY_PEER, accept_any_certificate);
  static constexpr unsigned char kSessionContext[] = "gnp";
  SSL_CTX_set_session_id_context(context, kSessionContext, sizeof kSessionContext - 1);

  for (const std::string& text : options.allow_fingerprints) {
    std::string why;
    if (!service->allowed.add(text, why)) {
      error = "--allow-fingerprint '" + text + "': " + why;
      return nullptr;
    }
  }
  for (const std::string& path : options.allow_files) {
    std::string why;
    if (!service->allowed.add_file(path, why)) {
      error = "--allow-file " + why;
      return nullptr;
    }
  }
  if (service->allowed.size() == 0) {
    error = "--allow-file: no fingerprint in " + options.allow_files.front() +
            " (otherwise no client could be admitted, 9.2)";
    return nullptr;
  }
  return service;
}

}  // namespace gnp::shell
