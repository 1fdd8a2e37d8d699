#include "shell/tls_admission.hpp"

#include <openssl/ssl.h>

#include <ctime>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "tls/certificate_facts.hpp"

namespace gnp::shell {

namespace {

// Fixed texts (B.18): nothing in them depends on the certificate or the allowed list (9.4).
std::string_view auth_message(ErrorCode code) {
  switch (code) {
    case ErrorCode::auth_required: return "client certificate required";
    case ErrorCode::auth_unknown_cert: return "certificate not allowed";
    case ErrorCode::auth_not_yet_valid: return "certificate not yet valid";
    case ErrorCode::auth_expired: return "certificate expired";
    default: return "client certificate refused";
  }
}

}  // namespace

boost::asio::awaitable<Admission> admit_tls_client(TlsStream& stream, std::shared_ptr<const TlsService> service) {
  namespace asio = boost::asio;
  auto [error] = co_await stream.async_handshake(asio::ssl::stream_base::server, asio::as_tuple(asio::use_awaitable));
  if (error) co_return Admission::drop();  // plaintext, a bad handshake, or the bound of 9.7

  // With no certificate, or one that cannot even be encoded, the client has not shown one (9.2).
  X509* certificate = SSL_get0_peer_certificate(stream.native_handle());
  const std::optional<tls::CertificateFacts> facts = tls::certificate_facts(certificate);
  if (const auto refusal = tls::check_client(facts, service->allowed, std::time(nullptr))) {
    co_return Admission::refuse(*refusal, std::string(auth_message(*refusal)));
  }
  co_return Admission::admit();
}

}  // namespace gnp::shell
