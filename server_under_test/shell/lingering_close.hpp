// Lingering close (PROTOCOL.md 7.3): stop sending, then read and discard until the peer closes,
// so that unread input does not make the kernel answer with a reset that destroys the last
// response before the client has read it. Then close.
//
// This waits as long as the peer keeps the connection open: the caller bounds it (the session's
// watchdog closes the socket when the linger time is up).
#pragma once

#include <openssl/ssl.h>

#include <span>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace gnp::shell {

struct CloseOptions {
  // On TLS: send close_notify before the TCP close (7.3, and a MUST after auth-*, 9.5). Only the
  // tls-no-close-notify fault (tls_fault.hpp) turns it off. Plain TCP has nothing to notify.
  bool tls_close_notify = true;
};

template <class Executor>
boost::asio::awaitable<void> lingering_close(boost::asio::basic_stream_socket<boost::asio::ip::tcp, Executor>& socket,
                                             std::span<char> scratch, CloseOptions /*options*/ = {}) {
  namespace asio = boost::asio;
  boost::system::error_code ignored;
  socket.shutdown(asio::socket_base::shutdown_send, ignored);
  while (socket.is_open()) {
    auto [ec, n] = co_await socket.async_read_some(asio::buffer(scratch.data(), scratch.size()),
                                                   asio::as_tuple(asio::use_awaitable));
    (void)n;
    if (ec) break;  // EOF, reset, or closed by the caller's bound
  }
  socket.close(ignored);
}

// TLS: close_notify first, then the lingering close of the TCP connection underneath.
template <class Socket>
boost::asio::awaitable<void> lingering_close(boost::asio::ssl::stream<Socket>& stream, std::span<char> scratch,
                                             CloseOptions options = {}) {
  namespace asio = boost::asio;
  if (options.tls_close_notify && stream.lowest_layer().is_open()) {
    // Send our close_notify without waiting for the client's: marking the client's as received
    // makes SSL_shutdown finish once ours is written. Whatever the client still sends, its own
    // close_notify included, is then read and discarded below like any lingering input.
    SSL* ssl = stream.native_handle();
    SSL_set_shutdown(ssl, SSL_get_shutdown(ssl) | SSL_RECEIVED_SHUTDOWN);
    auto [ec] = co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
    (void)ec;  // a peer that is gone cannot be notified; the TCP close below still happens
  }
  co_await lingering_close(stream.next_layer(), scratch, options);
}

}  // namespace gnp::shell
