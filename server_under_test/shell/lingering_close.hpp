// Lingering close (PROTOCOL.md 7.3): stop sending, then read and discard until the peer closes,
// so that unread input does not make the kernel answer with a reset that destroys the last
// response before the client has read it. Then close.
//
// This waits as long as the peer keeps the connection open: the caller bounds it (the session's
// watchdog closes the socket when the linger time is up). A TLS stream gets its own overload
// (close_notify first) from the TLS work.
#pragma once

#include <span>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace gnp::shell {

template <class Executor>
boost::asio::awaitable<void> lingering_close(boost::asio::basic_stream_socket<boost::asio::ip::tcp, Executor>& socket,
                                             std::span<char> scratch) {
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

}  // namespace gnp::shell
