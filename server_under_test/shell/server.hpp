// The listening side of gnp-server: the acceptor, plain or TLS sessions (PROTOCOL.md 2), the
// connection limit (10.3), the shared store, the I/O threads, and the graceful shutdown on
// SIGTERM/SIGINT.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include "shell/session.hpp"
#include "shell/session_registry.hpp"
#include "core/store.hpp"
#include "shell/tls_service.hpp"

namespace gnp::shell {

struct ServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 7070;
  SessionSettings session;
  std::size_t max_connections = 1024;
  unsigned threads = 1;
  std::shared_ptr<TlsService> tls;  // null: plain TCP (2.1); otherwise every connection is TLS (2.2)
  // Shutdown: connections get this long to finish, then are closed; the process gives up waiting
  // for them at the hard limit.
  std::chrono::milliseconds shutdown_grace{1500};
  std::chrono::milliseconds shutdown_limit{1900};
};

class Server {
 public:
  explicit Server(const ServerConfig& config);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; throws boost::system::system_error when that fails. Returns the bound
  // endpoint (the real port when 0 was asked for).
  boost::asio::ip::tcp::endpoint listen();

  // Serves until a SIGTERM/SIGINT shutdown completes.
  void run();

 private:
  using tcp = boost::asio::ip::tcp;

  boost::asio::awaitable<void> accept_connections();
  boost::asio::awaitable<void> back_off_after(const boost::system::error_code& error);
  boost::asio::awaitable<void> shut_down_on_signal();
  boost::asio::awaitable<void> wait_for_sessions_until(Clock::time_point deadline);
  boost::asio::any_io_executor executor_for_new_session();
  void start_plain_session(tcp::socket socket, ConnectionSlot slot);
  void start_tls_session(tcp::socket socket);

  // Declared before io_ so they outlive every session the io_context may still hold.
  const ServerConfig config_;
  Store store_;
  SessionRegistry registry_;

  boost::asio::io_context io_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;  // acceptor, signals, shutdown
  tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer accept_backoff_;
  bool stopping_ = false;
  bool reported_accept_failure_ = false;
};

}  // namespace gnp::shell
