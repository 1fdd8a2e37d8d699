#include "shell/server.hpp"

#include <csignal>
#include <cstdio>
#include <exception>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "shell/tls_admission.hpp"

namespace gnp::shell {

namespace asio = boost::asio;

namespace {

// A failure in the server's own coroutines is fatal: it ends io_context::run() with the exception.
void rethrow_failure(std::exception_ptr failure) {
  if (failure) std::rethrow_exception(failure);
}

// Errors after which accept() would fail again at once: wait before retrying rather than spin.
bool is_resource_exhaustion(const boost::system::error_code& error) {
  return error == asio::error::no_descriptors || error == asio::error::no_buffer_space ||
         error == asio::error::no_memory || error.value() == ENFILE;
}

}  // namespace

Server::Server(const ServerConfig& config)
    : config_(config),
      registry_(config.max_connections),
      io_(static_cast<int>(config.threads)),
      strand_(asio::make_strand(io_)),
      acceptor_(strand_),
      signals_(strand_, SIGINT, SIGTERM),
      accept_backoff_(strand_) {}

asio::ip::tcp::endpoint Server::listen() {
  const tcp::endpoint endpoint(asio::ip::make_address(config_.host), config_.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  return acceptor_.local_endpoint();
}

void Server::run() {
  asio::co_spawn(strand_, accept_connections(), rethrow_failure);
  asio::co_spawn(strand_, shut_down_on_signal(), rethrow_failure);
  std::vector<std::jthread> extra_threads;
  for (unsigned i = 1; i < config_.threads; ++i) extra_threads.emplace_back([this] { io_.run(); });
  io_.run();
}

asio::any_io_executor Server::executor_for_new_session() {
  // With several threads each session gets a strand: its two coroutines never run at once.
  if (config_.threads > 1) return asio::make_strand(io_);
  return io_.get_executor();
}

asio::awaitable<void> Server::accept_connections() {
  while (!stopping_) {
    auto [error, socket] =
        co_await acceptor_.async_accept(executor_for_new_session(), asio::as_tuple(asio::use_awaitable));
    if (stopping_ || error == asio::error::operation_aborted) co_return;  // the socket closes with it
    if (error) {
      co_await back_off_after(error);
      continue;
    }
    reported_accept_failure_ = false;
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // responses go out at once, not after an ACK
    if (config_.tls) {
      start_tls_session(std::move(socket));
    } else {
      start_plain_session(std::move(socket), registry_.try_take_slot());
    }
  }
}

asio::awaitable<void> Server::back_off_after(const boost::system::error_code& error) {
  // EMFILE and friends: the pending connection stays queued and accept() would fail at once again.
  const bool exhausted = is_resource_exhaustion(error);
  if (exhausted && !reported_accept_failure_) {
    std::fprintf(stderr, "gnp-server: accept failed: %s (retrying)\n", error.message().c_str());
    reported_accept_failure_ = true;
  }
  accept_backoff_.expires_after(exhausted ? std::chrono::milliseconds(50) : std::chrono::milliseconds(5));
  co_await accept_backoff_.async_wait(asio::as_tuple(asio::use_awaitable));
}

void Server::start_plain_session(tcp::socket socket, ConnectionSlot slot) {
  auto session = std::make_shared<Session<tcp::socket>>(std::move(socket), store_, config_.session, registry_,
                                                        std::move(slot));
  Session<tcp::socket>::start(session);
}

void Server::start_tls_session(tcp::socket socket) {
  // The service outlives every session (config_ is declared before io_); the admission step
  // holds it too, so it never depends on that order.
  std::shared_ptr<const TlsService> service = config_.tls;
  AdmissionStep<TlsStream> admission = [service](TlsStream& stream) { return admit_tls_client(stream, service); };
  auto session = std::make_shared<Session<TlsStream>>(TlsStream(std::move(socket), config_.tls->context), store_,
                                                      config_.session, registry_, std::move(admission));
  Session<TlsStream>::start(session);
}

asio::awaitable<void> Server::shut_down_on_signal() {
  auto [error, signal_number] = co_await signals_.async_wait(asio::as_tuple(asio::use_awaitable));
  (void)signal_number;
  if (error) co_return;
  // Further signals stay caught by signals_ (queued, never delivered): the shutdown is bounded anyway.
  const Clock::time_point started = Clock::now();
  stopping_ = true;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  accept_backoff_.cancel();
  registry_.request_stop_all();
  co_await wait_for_sessions_until(started + config_.shutdown_grace);
  if (registry_.empty()) co_return;
  registry_.force_close_all();
  co_await wait_for_sessions_until(started + config_.shutdown_limit);
  if (!registry_.empty()) io_.stop();  // abandon what is left; the process exits
}

asio::awaitable<void> Server::wait_for_sessions_until(Clock::time_point deadline) {
  asio::steady_timer poll(strand_);
  while (!registry_.empty() && Clock::now() < deadline) {
    poll.expires_after(std::chrono::milliseconds(10));
    co_await poll.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

}  // namespace gnp::shell
