// The TLS layer of the harness Client, sans-IO: OpenSSL works on memory buffers and the Client
// moves ciphertext between them and its socket. So every wait stays the Client's own poll with
// its timeout, and no write can raise SIGPIPE.
#pragma once

#include <string>
#include <string_view>

#include "harness/tls_client_context.hpp"

struct ssl_st;  // OpenSSL's SSL

namespace wireproof {

class TlsChannel {
 public:
  enum class Progress { done, want_input, failed };
  enum class ReadEnd { open, close_notify, failed };

  // A client-side session for `server_name` (certificate check and SNI per the context).
  TlsChannel(const TlsClientContext& context, const std::string& server_name);
  TlsChannel(const TlsChannel&) = delete;
  TlsChannel& operator=(const TlsChannel&) = delete;
  ~TlsChannel();

  // One step of the handshake; its output is then in take_output(). On failure `error` says why
  // (OpenSSL's reason, the certificate verification error, or the server's alert).
  Progress handshake(std::string& error);
  // Ciphertext received from the server.
  void feed(std::string_view ciphertext);
  // Appends every plaintext byte that can be decrypted now. close_notify: the server ended the
  // TLS stream properly; failed: a TLS error (alert, bad record), `error` says which.
  ReadEnd read(std::string& plaintext, std::string& error);
  // Encrypts `plaintext` into records (at most 16 KiB each); the ciphertext is in take_output().
  // False (and `error`) when the session cannot send any more, e.g. after a fatal alert.
  bool write(std::string_view plaintext, std::string& error);
  // Queues this client's close_notify.
  void close_notify();
  // Ciphertext to send, in order; empty when there is none.
  std::string take_output();
  // Negotiated protocol, e.g. "TLSv1.3".
  std::string version() const;

 private:
  ssl_st* ssl_ = nullptr;
};

// The first record a TLS client sends (a ClientHello offering TLS 1.2 and 1.3), for tests that
// stop a handshake part way (9.7).
std::string tls_client_hello();

}  // namespace wireproof
