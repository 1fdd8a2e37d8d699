#include "harness/tls_channel.hpp"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>

#include "harness/client.hpp"
#include "tls/openssl_errors.hpp"

namespace wireproof {

namespace {

bool is_ip_literal(const std::string& host) {
  unsigned char scratch[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), scratch) == 1 || inet_pton(AF_INET6, host.c_str(), scratch) == 1;
}

// Why the last call failed: the certificate check when that was it, else OpenSSL's reasons.
std::string failure_reason(SSL* ssl, int result) {
  const int code = SSL_get_error(ssl, result);
  if (code == SSL_ERROR_SSL) {
    const long verify = SSL_get_verify_result(ssl);
    std::string reasons = gnp::openssl_errors();
    if (verify != X509_V_OK) reasons += " (server certificate: " + std::string(X509_verify_cert_error_string(verify)) + ")";
    return reasons;
  }
  if (code == SSL_ERROR_SYSCALL) return "TLS failure without a reason (" + gnp::openssl_errors() + ")";
  return "unexpected TLS state " + std::to_string(code) + " (" + gnp::openssl_errors() + ")";
}

}  // namespace

TlsChannel::TlsChannel(const TlsClientContext& context, const std::string& server_name) {
  ssl_ = SSL_new(context.native());
  if (ssl_ == nullptr) throw ClientError("TLS: cannot make a session: " + gnp::openssl_errors());
  BIO* input = BIO_new(BIO_s_mem());
  BIO* output = BIO_new(BIO_s_mem());
  if (input == nullptr || output == nullptr) {
    BIO_free(input);
    BIO_free(output);
    SSL_free(ssl_);
    throw ClientError("TLS: out of memory");
  }
  BIO_set_mem_eof_return(input, -1);  // no input yet means "retry", not end of stream
  SSL_set_bio(ssl_, input, output);
  SSL_set_connect_state(ssl_);
  if (is_ip_literal(server_name)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_), server_name.c_str());
  } else if (!server_name.empty()) {
    SSL_set_tlsext_host_name(ssl_, server_name.c_str());
    SSL_set1_host(ssl_, server_name.c_str());
  }
}

TlsChannel::~TlsChannel() { SSL_free(ssl_); }

TlsChannel::Progress TlsChannel::handshake(std::string& error) {
  ERR_clear_error();
  const int result = SSL_do_handshake(ssl_);
  if (result == 1) return Progress::done;
  const int code = SSL_get_error(ssl_, result);
  if (code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE) return Progress::want_input;
  error = failure_reason(ssl_, result);
  return Progress::failed;
}

void TlsChannel::feed(std::string_view ciphertext) {
  if (!ciphertext.empty()) BIO_write(SSL_get_rbio(ssl_), ciphertext.data(), static_cast<int>(ciphertext.size()));
}

TlsChannel::ReadEnd TlsChannel::read(std::string& plaintext, std::string& error) {
  char buffer[16384];
  for (;;) {
    ERR_clear_error();
    const int n = SSL_read(ssl_, buffer, sizeof buffer);
    if (n > 0) {
      plaintext.append(buffer, static_cast<std::size_t>(n));
      continue;
    }
    const int code = SSL_get_error(ssl_, n);
    if (code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE) return ReadEnd::open;
    if (code == SSL_ERROR_ZERO_RETURN) return ReadEnd::close_notify;
    error = failure_reason(ssl_, n);
    return ReadEnd::failed;
  }
}

bool TlsChannel::write(std::string_view plaintext, std::string& error) {
  while (!plaintext.empty()) {
    ERR_clear_error();
    const int n = SSL_write(ssl_, plaintext.data(), static_cast<int>(std::min<std::size_t>(plaintext.size(), 1 << 30)));
    if (n <= 0) {
      error = failure_reason(ssl_, n);
      return false;
    }
    plaintext.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void TlsChannel::close_notify() {
  ERR_clear_error();
  SSL_shutdown(ssl_);  // queues close_notify; the server's is not waited for here
}

std::string TlsChannel::take_output() {
  BIO* output = SSL_get_wbio(ssl_);
  std::string bytes(static_cast<std::size_t>(BIO_ctrl_pending(output)), '\0');
  if (!bytes.empty()) {
    const int n = BIO_read(output, bytes.data(), static_cast<int>(bytes.size()));
    bytes.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  }
  return bytes;
}

std::string TlsChannel::version() const { return SSL_get_version(ssl_); }

std::string tls_client_hello() {
  TlsClientOptions options;
  options.insecure = true;
  static const TlsClientContext context(options);
  TlsChannel channel(context, "localhost");
  std::string ignored;
  channel.handshake(ignored);
  return channel.take_output();
}

}  // namespace wireproof
