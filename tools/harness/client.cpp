#include "harness/client.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

#include "harness/escape.hpp"
#include "harness/tls_channel.hpp"

namespace wireproof {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Milliseconds left until `deadline`, rounded up so a short wait is not a busy loop.
int remaining_ms(Clock::time_point deadline) {
  const auto left = deadline - Clock::now();
  if (left <= Clock::duration::zero()) return 0;
  return static_cast<int>(std::chrono::ceil<milliseconds>(left).count());
}

std::string errno_text(int error) { return std::strerror(error); }

}  // namespace

std::string_view read_status_name(ReadStatus status) {
  switch (status) {
    case ReadStatus::frame: return "frame";
    case ReadStatus::closed: return "closed";
    case ReadStatus::timeout: return "timeout";
    case ReadStatus::malformed: return "malformed";
  }
  return "?";
}

Client Client::connect(const Address& address, milliseconds timeout) {
  const std::string where = address.to_string();
  std::string failure;
  const Resolved found = resolve(address, &failure);
  if (!found) throw ClientError("connect to " + where + ": cannot resolve host: " + failure);
  const auto deadline = Clock::now() + timeout;
  failure = "no address";
  for (addrinfo* ai = found.get(); ai != nullptr; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0) {
      failure = errno_text(errno);
      continue;
    }
    int error = 0;
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      error = errno;
      if (error == EINPROGRESS) {
        pollfd pfd{fd, POLLOUT, 0};
        const int ready = ::poll(&pfd, 1, remaining_ms(deadline));
        socklen_t length = sizeof error;
        if (ready == 0) {
          error = ETIMEDOUT;
        } else if (ready < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
          error = errno;
        }
      }
    }
    if (error == 0) {
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      return Client(fd, address);
    }
    failure = error == ETIMEDOUT ? "no answer within " + std::to_string(timeout.count()) + " ms"
                                 : errno_text(error);
    ::close(fd);
  }
  throw ClientError("connect to " + where + ": " + failure);
}

Client Client::connect_tls(const Address& address, milliseconds timeout, const TlsClientContext& context) {
  const auto deadline = Clock::now() + timeout;
  Client client = connect(address, timeout);
  const std::string& name = context.options().server_name;
  client.tls_ = std::make_unique<TlsChannel>(context, name.empty() ? address.host : name);
  client.handshake(deadline, timeout);
  return client;
}

Client Client::connect_tls(const Address& address, milliseconds timeout, const TlsClientOptions& options) {
  return connect_tls(address, timeout, TlsClientContext(options));
}

Client Client::connect(const Address& address, milliseconds timeout, const std::optional<TlsClientContext>& tls) {
  return tls ? connect_tls(address, timeout, *tls) : connect(address, timeout);
}

Client Client::connect_stalled_tls(const Address& address, milliseconds timeout, HandshakeStall stall) {
  Client client = connect(address, timeout);
  if (stall == HandshakeStall::mid_client_hello) {
    const std::string hello = tls_client_hello();
    const SendResult sent = client.send(std::string_view(hello).substr(0, hello.size() / 2), timeout);
    if (sent.status != SendStatus::sent) {
      throw ClientError("connect to " + address.to_string() + ": half a ClientHello not sent: " + sent.error);
    }
  }
  return client;
}

void Client::handshake(Clock::time_point deadline, milliseconds timeout) {
  const std::string where = address_.to_string();
  // The server's first bytes: when they are not a TLS record, the failure says so in their words
  // rather than OpenSSL's alone ("wrong version number").
  constexpr std::size_t kFirstShown = 40;
  std::string first_bytes;
  // Sending the handshake must not read: bytes the server sends first (early, or instead of TLS)
  // belong to the handshake below, not to the application-data path of read_available().
  struct NoReadWhileSending {
    bool& flag;
    bool saved;
    ~NoReadWhileSending() { flag = saved; }
  } no_read{read_while_sending_, std::exchange(read_while_sending_, false)};
  for (;;) {
    std::string error;
    const TlsChannel::Progress progress = tls_->handshake(error);
    SendResult sent;
    if (!flush_tls(deadline, timeout, sent)) {
      throw ClientError("TLS handshake with " + where + ": " + sent.error);
    }
    if (progress == TlsChannel::Progress::done) break;
    if (progress == TlsChannel::Progress::failed) {
      const bool tls_record = first_bytes.size() >= 2 && (first_bytes[0] == '\x15' || first_bytes[0] == '\x16') &&
                              first_bytes[1] == '\x03';
      if (!first_bytes.empty() && !tls_record) {
        error = "the server sent bytes that are not TLS, \"" + escape_bytes(first_bytes) + "\"" +
                (first_bytes.size() == kFirstShown ? "..." : "") + " (OpenSSL: " + error + ")";
      }
      throw ClientError("TLS handshake with " + where + " failed: " + error);
    }

    pollfd pfd{fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, remaining_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      throw ClientError("TLS handshake with " + where + ": not completed within " + std::to_string(timeout.count()) +
                        " ms");
    }
    char buffer[16384];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n > 0) {
      const std::string_view bytes(buffer, static_cast<std::size_t>(n));
      if (first_bytes.size() < kFirstShown) first_bytes += bytes.substr(0, kFirstShown - first_bytes.size());
      tls_->feed(bytes);
    } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) {
      throw ClientError("TLS handshake with " + where + ": the server " +
                        (n == 0 ? std::string("closed the connection") : "failed: " + errno_text(errno)) +
                        " before the handshake completed");
    }
  }
  take_in({});  // records that came with the end of the handshake (e.g. the greeting)
}

bool Client::flush_tls(Clock::time_point deadline, milliseconds timeout, SendResult& result) {
  tls_output_ += tls_->take_output();
  if (tls_output_.empty()) return true;
  const SendResult sent = send_raw(tls_output_, deadline, timeout);
  tls_output_.erase(0, sent.bytes_sent);
  if (sent.status == SendStatus::sent) return true;
  result.status = sent.status;
  result.error = sent.error;
  return false;
}

std::string Client::tls_version() const { return tls_ ? tls_->version() : std::string(); }

Client::Client(int fd, Address address)
    : fd_(fd), address_(std::move(address)), budget_(std::make_shared<ReadBudget>(kDefaultMaxResponseBytes)) {}

void Client::set_reading_conventions(ReadingConventions conventions, std::shared_ptr<ReadBudget> budget) {
  if (!budget) {
    budget = std::make_shared<ReadBudget>(conventions.max_response_bytes);
    budget->spend(received_.size());  // what a TLS handshake brought along already counts
  }
  budget_ = std::move(budget);
  reader_.set_conventions(std::move(conventions));
}

Client::Client(Client&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      address_(std::move(other.address_)),
      reader_(std::move(other.reader_)),
      received_(std::move(other.received_)),
      peer_closed_(other.peer_closed_),
      reset_(other.reset_),
      budget_(std::move(other.budget_)),
      over_limit_(other.over_limit_),
      read_while_sending_(other.read_while_sending_),
      tls_(std::move(other.tls_)),
      tls_output_(std::move(other.tls_output_)),
      close_notify_received_(other.close_notify_received_),
      tls_error_(std::move(other.tls_error_)) {}

Client& Client::operator=(Client&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    address_ = std::move(other.address_);
    reader_ = std::move(other.reader_);
    received_ = std::move(other.received_);
    peer_closed_ = other.peer_closed_;
    reset_ = other.reset_;
    budget_ = std::move(other.budget_);
    over_limit_ = other.over_limit_;
    read_while_sending_ = other.read_while_sending_;
    tls_ = std::move(other.tls_);
    tls_output_ = std::move(other.tls_output_);
    close_notify_received_ = other.close_notify_received_;
    tls_error_ = std::move(other.tls_error_);
  }
  return *this;
}

Client::~Client() { close(); }

void Client::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Client::shutdown_write() {
  if (fd_ < 0) return;
  if (tls_ && tls_error_.empty() && !peer_closed_) {
    tls_->close_notify();
    SendResult ignored;  // a peer that does not take it: the TCP half-close still follows
    flush_tls(Clock::now() + kDefaultSendTimeout, kDefaultSendTimeout, ignored);
  }
  ::shutdown(fd_, SHUT_WR);
}

std::string Client::over_limit_error() const {
  return "the server sent more than " + byte_count_text(budget_->limit()) + ", more than wireproof reads in one case " +
         std::string(kResponseLimitHint);
}

std::size_t Client::read_available() {
  std::size_t total = 0;
  char buffer[16384];
  while (readable()) {
    // One byte past the budget tells a server that sent more from one that sent exactly the limit.
    const ssize_t n = ::recv(fd_, buffer, std::min(sizeof buffer, budget_->left() + 1), MSG_DONTWAIT);
    if (n > 0) {
      total += take_in(std::string_view(buffer, static_cast<std::size_t>(n)));
      continue;
    }
    if (n == 0) {
      peer_closed_ = true;
    } else if (errno == EINTR) {
      continue;
    } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
      peer_closed_ = true;  // ECONNRESET and friends: the peer is gone
      reset_ = errno == ECONNRESET;
    }
    break;
  }
  return total;
}

void Client::spend(std::size_t bytes) {
  budget_->spend(bytes);
  if (budget_->exceeded()) over_limit_ = true;
}

std::size_t Client::take_in(std::string_view bytes) {
  if (!tls_) {
    received_.append(bytes);
    reader_.feed(bytes);
    spend(bytes.size());
    return bytes.size();
  }
  if (close_notify_received_ || !tls_error_.empty()) return 0;  // no application data any more
  tls_->feed(bytes);
  std::string plaintext;
  std::string error;
  const TlsChannel::ReadEnd end = tls_->read(plaintext, error);
  received_ += plaintext;
  reader_.feed(plaintext);
  spend(plaintext.size());
  if (end == TlsChannel::ReadEnd::close_notify) close_notify_received_ = true;
  if (end == TlsChannel::ReadEnd::failed) tls_error_ = error;
  // Records that reading produced (a key update's answer, say) stay queued in the channel, in
  // order, and go out with the next send: this may run inside send_raw(tls_output_).
  return plaintext.size();
}

SendResult Client::send(std::string_view bytes, milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  if (!tls_) return send_raw(bytes, deadline, timeout);
  SendResult result;
  if (!tls_error_.empty()) {
    result.status = SendStatus::peer_closed;
    result.error = "TLS stream already failed: " + tls_error_;
    return result;
  }
  // One record per 16 KiB: bytes_sent counts the plaintext of records the socket has taken.
  constexpr std::size_t kRecord = 16384;
  if (!flush_tls(deadline, timeout, result)) return result;  // left over from a send that timed out
  for (std::size_t offset = 0; offset < bytes.size(); offset += kRecord) {
    const std::string_view record = bytes.substr(offset, kRecord);
    std::string error;
    if (!tls_->write(record, error)) {
      result.status = SendStatus::peer_closed;
      result.error = "TLS write after " + std::to_string(result.bytes_sent) + " bytes: " + error;
      return result;
    }
    if (!flush_tls(deadline, timeout, result)) {
      result.error = "after " + std::to_string(result.bytes_sent) + " of " + std::to_string(bytes.size()) +
                     " plaintext bytes: " + result.error;
      return result;
    }
    result.bytes_sent += record.size();
  }
  return result;
}

SendResult Client::send_raw(std::string_view bytes, Clock::time_point deadline, milliseconds timeout) {
  SendResult result;
  if (fd_ < 0) {
    result.status = SendStatus::peer_closed;
    result.error = "socket already closed by this client";
    return result;
  }
  while (result.bytes_sent < bytes.size()) {
    const short events = static_cast<short>(POLLOUT | (read_while_sending_ && readable() ? POLLIN : 0));
    pollfd pfd{fd_, events, 0};
    const int ready = ::poll(&pfd, 1, remaining_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      result.status = SendStatus::timeout;
      result.error = "peer took " + std::to_string(result.bytes_sent) + " of " + std::to_string(bytes.size()) +
                     " bytes within " + std::to_string(timeout.count()) + " ms";
      return result;
    }
    if (pfd.revents & POLLIN) read_available();
    if (!(pfd.revents & (POLLOUT | POLLERR | POLLHUP))) continue;
    const ssize_t n = ::send(fd_, bytes.data() + result.bytes_sent, bytes.size() - result.bytes_sent,
                             MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      result.bytes_sent += static_cast<std::size_t>(n);
    } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      result.status = SendStatus::peer_closed;
      result.error = "send after " + std::to_string(result.bytes_sent) + " bytes: " + errno_text(errno);
      if (read_while_sending_) read_available();  // keep whatever the peer said before closing
      return result;
    }
  }
  return result;
}

SendResult Client::send_pieces(std::string_view bytes, const std::vector<std::size_t>& cut_points,
                               std::chrono::microseconds pause, milliseconds timeout) {
  SendResult total;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= cut_points.size(); ++i) {
    const std::size_t end = i < cut_points.size() ? std::min(cut_points[i], bytes.size()) : bytes.size();
    if (end < begin) continue;  // ignore unsorted cut points rather than resend bytes
    if (i > 0 && pause.count() > 0) {
      if (pause < kSpunPause && fd_ >= 0) {
        // Spun (yielding), not slept: a sleep of tens of microseconds costs a scheduler wake-up on
        // top, longer than the pause itself on a busy machine (measured: 50 us pauses took ~150 us
        // each at load 7 on 2 cores). Bytes that arrive meanwhile are read.
        const auto pause_end = Clock::now() + pause;
        while (Clock::now() < pause_end) {
          if (read_while_sending_ && readable()) read_available();
          std::this_thread::yield();
        }
      } else if (read_while_sending_ && readable()) {
        // ppoll, not poll: a pause of tens of microseconds must not round up to a millisecond.
        pollfd pfd{fd_, POLLIN, 0};
        const auto pause_end = Clock::now() + pause;
        for (auto now = Clock::now(); now < pause_end; now = Clock::now()) {
          const auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(pause_end - now).count();
          const timespec wait{static_cast<time_t>(left / 1'000'000'000), static_cast<long>(left % 1'000'000'000)};
          if (::ppoll(&pfd, 1, &wait, nullptr) > 0) {
            read_available();
            if (!readable()) break;
          }
        }
      } else {
        std::this_thread::sleep_for(pause);
      }
    }
    const SendResult piece = send(bytes.substr(begin, end - begin), timeout);
    total.bytes_sent += piece.bytes_sent;
    if (piece.status != SendStatus::sent) {
      total.status = piece.status;
      total.error = piece.error;
      return total;
    }
    begin = end;
  }
  return total;
}

ReadResult Client::read_response(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  ReadResult result;
  while (true) {
    if (auto frame = reader_.next()) {
      result.status = ReadStatus::frame;
      result.frame = std::move(*frame);
      return result;
    }
    if (reader_.failed()) {
      result.status = ReadStatus::malformed;
      result.error = reader_.error();
      return result;
    }
    if (over_limit_) {
      result.status = ReadStatus::malformed;
      result.error = over_limit_error();
      return result;
    }
    if (input_ended() || fd_ < 0) {
      result.status = ReadStatus::closed;
      result.error = std::string(fd_ < 0                  ? "socket closed by this client"
                                 : close_notify_received_ ? "TLS close_notify received"
                                 : !tls_error_.empty()    ? "TLS failure: " + tls_error_
                                 : reset_                 ? "connection reset by peer"
                                 : tls_                   ? "connection closed by peer without TLS close_notify"
                                                          : "connection closed by peer");
      if (reader_.buffered() > 0) {
        result.error += " inside a frame (" + std::to_string(reader_.buffered()) + " bytes of it received)";
      }
      return result;
    }
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, remaining_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready > 0) {
      read_available();
      continue;
    }
    result.status = ReadStatus::timeout;
    result.error = "no complete response within " + std::to_string(timeout.count()) + " ms";
    if (reader_.buffered() > 0) result.error += " (" + std::to_string(reader_.buffered()) + " bytes of one received)";
    return result;
  }
}

CloseResult Client::wait_for_close(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  CloseResult result;
  while (readable()) {
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, remaining_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      result.timed_out = true;
      result.tls_close_notify = close_notify_received_;
      result.tls_error = tls_error_;
      return result;
    }
    const std::size_t before = received_.size();
    read_available();
    result.data_received_meanwhile += received_.substr(before);
  }
  result.closed_by_peer = peer_closed_;
  result.reset = reset_;
  result.over_limit = over_limit_ && !peer_closed_;
  result.tls_close_notify = close_notify_received_;
  result.tls_error = tls_error_;
  return result;
}

}  // namespace wireproof
