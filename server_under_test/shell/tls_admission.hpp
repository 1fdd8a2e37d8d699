// The admission step of a TLS connection (PROTOCOL.md 9.1, 9.2): the handshake, then the
// client-certificate check. Its outcome decides what replaces the greeting (3.2).
#pragma once

#include <memory>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>

#include "shell/session.hpp"
#include "shell/tls_service.hpp"

namespace gnp::shell {

using TlsStream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;

// Handshake failed or was cut off by the session's bound (9.7): drop. No or an unacceptable
// certificate: refuse with the auth-* code of 9.2, whose Message never depends on the
// certificate (9.4). Otherwise admit.
boost::asio::awaitable<Admission> admit_tls_client(TlsStream& stream, std::shared_ptr<const TlsService> service);

}  // namespace gnp::shell
