// One client connection: moves bytes between a stream and the sans-IO gnp::Connection (in the
// faulty build, the fault filter around it: served_connection.hpp).
//
// Two coroutines share the session's executor (a strand when the server runs several threads):
//  - serve(): the only one that reads or writes the stream. Greeting, then read -> receive() ->
//    write all pending output in one write -> read ... When receive() takes only a prefix (output
//    over its limit, 10.4) the rest stays in the read buffer and is offered again after the write;
//    no read happens meanwhile, so a client that does not read stops being read.
//  - watch(): a watchdog that sleeps until the earliest deadline and re-checks when it wakes, so
//    reads never re-arm a timer. It calls Connection::tick() only while serve() waits in a read
//    (tick() may append output, which must not move under a write in progress), and cancels that
//    read when tick() decided to close. It also enforces the transport bounds: a write that makes
//    no progress (10.4), the lingering close time, and the admission step.
//
// The connection's timers stand still while serve() waits in a write (10.1 allows it: reading is
// held back then, 10.4). The connection sees a clock that excludes that time, so a client that
// reads its responses slowly is not timed out for the requests it could not send meanwhile.
//
// The session is a template over the stream: plain TCP (tcp::socket) or TLS (ssl::stream). A TLS
// session runs an AdmissionStep first (handshake and client-certificate check, 9.1-9.2, see
// tls_admission.hpp), bounded by the idle time (9.7), and takes its place under the connection
// limit only once admitted (10.3); lingering_close() has a TLS overload that sends close_notify.
#pragma once

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/served_connection.hpp"
#include "core/error_code.hpp"
#include "shell/lingering_close.hpp"
#include "tls/tls_fault.hpp"
#include "shell/send_queue.hpp"
#include "core/response_writer.hpp"
#include "shell/session_registry.hpp"
#include "shell/shell_fault.hpp"
#include "core/store.hpp"

namespace gnp::shell {

namespace asio = boost::asio;

struct SessionSettings {
  ConnectionConfig connection;
  std::chrono::milliseconds linger{1000};  // bound of the lingering close (7.3)
};

// The outcome of the step between accept and the greeting. Plain TCP has no such step.
struct Admission {
  enum class Kind { admit, refuse, drop };
  Kind kind = Kind::admit;
  ErrorCode code = ErrorCode::auth_required;  // for refuse: the one error frame sent (9.5)
  std::string message;

  static Admission admit() { return {}; }
  static Admission refuse(ErrorCode code, std::string message) { return {Kind::refuse, code, std::move(message)}; }
  static Admission drop() { return {Kind::drop, ErrorCode::auth_required, {}}; }  // e.g. failed handshake
};

template <class Stream>
using AdmissionStep = std::function<asio::awaitable<Admission>(Stream&)>;

template <class Stream>
class Session final : public StoppableSession {
 public:
  static constexpr std::size_t kReadBufferSize = 16 * 1024;

  // Plain TCP: the slot was taken at accept. An empty `slot` means the connection limit was
  // reached: the session answers `ERR busy` and closes (10.3).
  Session(Stream stream, Store& store, const SessionSettings& settings, SessionRegistry& registry,
          ConnectionSlot slot)
      : Session(std::move(stream), store, settings, registry, std::move(slot), AdmissionStep<Stream>{}) {}

  // With an admission step (TLS): the slot is taken once the client is admitted, so a connection
  // still handshaking or refused never counts against the limit, and only an admitted client is
  // told `busy` (10.3).
  Session(Stream stream, Store& store, const SessionSettings& settings, SessionRegistry& registry,
          AdmissionStep<Stream> admission)
      : Session(std::move(stream), store, settings, registry, ConnectionSlot{}, std::move(admission)) {}

  ~Session() override { registry_.remove(this); }

  static void start(const std::shared_ptr<Session>& session) {
    session->registry_.add(session.get());
    const auto executor = session->stream_.get_executor();
    asio::co_spawn(executor, session->watch(session), report_failure);
    asio::co_spawn(executor, session->serve(session), report_failure);
  }

  void request_stop() override {
    asio::post(stream_.get_executor(), [self = self_ptr()] {
      self->stop_requested_ = true;
      if (self->admitting_) self->close_transport();  // no frame is owed before admission (7.3)
      if (self->reading_) self->cancel_read();
    });
  }

  void force_close() override {
    asio::post(stream_.get_executor(), [self = self_ptr()] { self->close_transport(); });
  }

 private:
  using Duration = Clock::duration;

  Session(Stream stream, Store& store, const SessionSettings& settings, SessionRegistry& registry,
          ConnectionSlot slot, AdmissionStep<Stream> admission)
      : stream_(std::move(stream)),
        store_(store),
        settings_(settings),
        registry_(registry),
        slot_(std::move(slot)),
        admission_(std::move(admission)),
        timer_(stream_.get_executor()) {}

  static void report_failure(std::exception_ptr failure);

  std::shared_ptr<Session> self_ptr() { return std::static_pointer_cast<Session>(shared_from_this()); }

  asio::awaitable<void> serve(std::shared_ptr<Session> self);
  asio::awaitable<void> serve_connection();
  asio::awaitable<void> serve_requests();
  asio::awaitable<void> refuse(ErrorCode code, std::string_view message);
  asio::awaitable<bool> flush_output();
  asio::awaitable<std::size_t> write_some(std::string_view bytes);
  asio::awaitable<void> linger();
  asio::awaitable<void> watch(std::shared_ptr<Session> self);

  // The watchdog sleeps until `armed_`; a deadline that moves earlier must wake it.
  void watchdog_covers(TimePoint deadline) {
    if (deadline < armed_) timer_.cancel();
  }
  void set_transport_deadline(Duration from_now) {
    transport_deadline_ = Clock::now() + from_now;
    watchdog_covers(transport_deadline_);
  }
  // The connection's clock: real time minus the time spent waiting in writes.
  TimePoint connection_now() const { return Clock::now() - paused_; }
  // Connection::next_deadline() in real time.
  TimePoint connection_deadline() const {
    const TimePoint deadline = connection_->next_deadline();
    return deadline == TimePoint::max() ? deadline : deadline + paused_;
  }
  // Called when a write has waited for the idle time, then every half idle time: true while the
  // kernel's send queue still shrinks (the client reads, if slowly). So a client that never reads
  // is closed 1.5 idle times after the write began.
  bool write_is_progressing() {
    const std::optional<int> queued = unsent_bytes(stream_.lowest_layer().native_handle());
    if (!queued) return false;  // cannot tell: treat as stalled
    const bool first_check = !write_queue_seen_;
    const bool shrank = write_queue_seen_ && *queued < *write_queue_seen_;
    write_queue_seen_ = queued;
    return first_check || shrank;
  }
  void cancel_read() {
    boost::system::error_code ignored;
    stream_.lowest_layer().cancel(ignored);
  }
  void close_transport() {
    closed_ = true;
    boost::system::error_code ignored;
    stream_.lowest_layer().close(ignored);
  }

  Stream stream_;
  Store& store_;
  const SessionSettings& settings_;
  SessionRegistry& registry_;
  ConnectionSlot slot_;
  AdmissionStep<Stream> admission_;
  std::optional<ServedConnection> connection_;  // exists once admitted within the limit
  asio::steady_timer timer_;
  std::array<char, kReadBufferSize> read_buffer_;

  TimePoint armed_ = TimePoint::max();               // when the watchdog wakes next
  TimePoint transport_deadline_ = TimePoint::max();  // write progress, linger or admission bound
  Duration paused_{0};                               // time spent in writes since the connection began
  std::optional<int> write_queue_seen_;  // the send queue at the last progress check of this write
  bool admitting_ = false;  // serve() waits in the admission step
  bool close_notify_ = true;  // lingering_close() sends TLS close_notify (9.5)
  bool reading_ = false;   // serve() waits in a read of new requests
  bool writing_ = false;   // serve() waits in a write
  bool stop_requested_ = false;
  bool closed_ = false;    // the transport is closed; nothing more will be sent
  bool finished_ = false;  // serve() is done; the watchdog leaves
};

template <class Stream>
void Session<Stream>::report_failure(std::exception_ptr failure) {
  if (!failure) return;
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    // One connection failed unexpectedly (e.g. out of memory); the server keeps serving.
    std::fprintf(stderr, "gnp session aborted: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "gnp session aborted\n");
  }
}

template <class Stream>
asio::awaitable<void> Session<Stream>::serve(std::shared_ptr<Session> self) {
  try {
    co_await serve_connection();
  } catch (...) {
    report_failure(std::current_exception());
  }
  if (!closed_) close_transport();
  slot_.release();
  finished_ = true;
  timer_.cancel();
  (void)self;  // keeps the session alive until here
}

template <class Stream>
asio::awaitable<void> Session<Stream>::serve_connection() {
  if (admission_) {
    // 9.7: a handshake that does not complete within the idle time is cut off by the watchdog.
    set_transport_deadline(settings_.connection.idle_timeout);
    admitting_ = true;
    const Admission admission = co_await admission_(stream_);
    admitting_ = false;
    transport_deadline_ = TimePoint::max();
    if (closed_) co_return;
    if (admission.kind == Admission::Kind::drop) co_return;
    if (admission.kind == Admission::Kind::refuse) {
      close_notify_ = !GNP_TLS_FAULT(no_close_notify);  // close_notify after an auth-* frame (9.5)
      co_return co_await refuse(admission.code, admission.message);
    }
    slot_ = registry_.try_take_slot();
  }
  if (!slot_.held()) {
    if (GNP_SHELL_FAULT(busy_silent_close)) co_return close_transport();
    co_return co_await refuse(ErrorCode::busy, "connection limit reached");
  }
  connection_.emplace(store_, settings_.connection, connection_now());
  if (co_await flush_output()) co_await serve_requests();
  if (!closed_ && co_await flush_output()) co_await linger();
}

template <class Stream>
asio::awaitable<void> Session<Stream>::serve_requests() {
  std::size_t begin = 0;  // read_buffer_[begin, end) was read but not yet taken by the connection
  std::size_t end = 0;
  bool read_after_stop = false;
  ServedConnection& connection = *connection_;
  for (;;) {
    if (begin < end) {
      const bool had_output = !connection.output().empty();
      const std::size_t taken =
          connection.receive(std::string_view(read_buffer_.data() + begin, end - begin), connection_now());
      begin += taken;
      if (taken == 0 && !had_output) {  // the connection refuses input for no reason: do not spin
        close_transport();
        co_return;
      }
      if (!co_await flush_output()) co_return;
      continue;
    }
    if (connection.closing()) co_return;
    if (stop_requested_) {
      // Shutdown: take what has already arrived (one read at most), answer it, then close.
      boost::system::error_code ignored;
      if (read_after_stop || stream_.lowest_layer().available(ignored) == 0) {
        connection.receive_eof();
        co_return;
      }
      read_after_stop = true;
    }

    begin = end = 0;
    reading_ = true;
    watchdog_covers(connection_deadline());
    auto [ec, n] = co_await stream_.async_read_some(asio::buffer(read_buffer_), asio::as_tuple(asio::use_awaitable));
    reading_ = false;
    if (closed_) co_return;
    if (!ec) {
      end = n;
    } else if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
      // 4.6: answer what is complete, then close. On TLS, eof is the client's close_notify;
      // stream_truncated a TCP close without it, treated alike (the answers may not get through).
      connection.receive_eof();
      co_return;
    } else if (ec != asio::error::operation_aborted) {
      close_transport();  // reset or other failure: nothing can be delivered any more
      co_return;
    }
    // operation_aborted: the watchdog decided to close, or a stop was requested; the loop sees it.
  }
}

template <class Stream>
asio::awaitable<void> Session<Stream>::refuse(ErrorCode code, std::string_view message) {
  std::string frame;
  write_error(frame, code, std::nullopt, message);
  std::string_view rest = frame;
  while (!rest.empty()) {
    const std::size_t written = co_await write_some(rest);
    if (written == 0) co_return;
    rest.remove_prefix(written);
  }
  co_await linger();
}

template <class Stream>
asio::awaitable<bool> Session<Stream>::flush_output() {
  ServedConnection& connection = *connection_;
  while (!connection.output().empty()) {
    const std::size_t written = co_await write_some(connection.output());
    if (written == 0) co_return false;
    connection.consume_output(written);
  }
  co_return true;
}

// Writes a prefix of `bytes`; 0 when the transport failed (it is then closed). A write to a client
// that stopped reading is ended by the watchdog closing the socket (10.4, write_is_progressing).
template <class Stream>
asio::awaitable<std::size_t> Session<Stream>::write_some(std::string_view bytes) {
  const TimePoint started = Clock::now();
  transport_deadline_ = started + settings_.connection.idle_timeout;
  watchdog_covers(transport_deadline_);  // rarely earlier than the armed time
  write_queue_seen_.reset();
  writing_ = true;
  auto [ec, n] = co_await stream_.async_write_some(asio::buffer(bytes.data(), bytes.size()),
                                                   asio::as_tuple(asio::use_awaitable));
  writing_ = false;
  transport_deadline_ = TimePoint::max();
  paused_ += Clock::now() - started;
  if (closed_) co_return 0;
  if (ec || n == 0) {
    close_transport();
    co_return 0;
  }
  co_return n;
}

template <class Stream>
asio::awaitable<void> Session<Stream>::linger() {
  slot_.release();  // a lingering connection no longer counts against the limit
  if (GNP_SHELL_FAULT(no_lingering_close)) co_return close_transport();
  set_transport_deadline(settings_.linger);
  co_await lingering_close(stream_, std::span<char>(read_buffer_), CloseOptions{close_notify_});
  closed_ = true;
}

template <class Stream>
asio::awaitable<void> Session<Stream>::watch(std::shared_ptr<Session> self) {
  while (!finished_) {
    const TimePoint now = Clock::now();
    if (now >= transport_deadline_) {
      if (writing_ && !closed_ && write_is_progressing()) {
        transport_deadline_ = now + settings_.connection.idle_timeout / 2;
      } else {
        close_transport();  // serve() wakes with an error and finishes
        transport_deadline_ = TimePoint::max();
      }
    }
    if (reading_ && !closed_ && now >= connection_deadline()) {
      connection_->tick(now - paused_);
      if (connection_->closing()) cancel_read();
    }
    armed_ = transport_deadline_;
    if (reading_ && !closed_) armed_ = std::min(armed_, connection_deadline());
    timer_.expires_at(armed_);
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  armed_ = TimePoint::min();
  (void)self;
}

}  // namespace gnp::shell
