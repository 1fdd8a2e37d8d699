#include "client.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

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
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(address.port);
  if (const int rc = ::getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    throw ClientError("connect to " + where + ": cannot resolve host: " + ::gai_strerror(rc));
  }
  const auto deadline = Clock::now() + timeout;
  std::string failure = "no address";
  for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
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
      ::freeaddrinfo(found);
      return Client(fd, address);
    }
    failure = error == ETIMEDOUT ? "no answer within " + std::to_string(timeout.count()) + " ms"
                                 : errno_text(error);
    ::close(fd);
  }
  ::freeaddrinfo(found);
  throw ClientError("connect to " + where + ": " + failure);
}

Client::Client(int fd, Address address) : fd_(fd), address_(std::move(address)) {}

Client::Client(Client&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      address_(std::move(other.address_)),
      reader_(std::move(other.reader_)),
      received_(std::move(other.received_)),
      peer_closed_(other.peer_closed_),
      reset_(other.reset_),
      read_while_sending_(other.read_while_sending_) {}

Client& Client::operator=(Client&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    address_ = std::move(other.address_);
    reader_ = std::move(other.reader_);
    received_ = std::move(other.received_);
    peer_closed_ = other.peer_closed_;
    reset_ = other.reset_;
    read_while_sending_ = other.read_while_sending_;
  }
  return *this;
}

Client::~Client() { close(); }

void Client::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Client::shutdown_write() {
  if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

std::size_t Client::read_available() {
  std::size_t total = 0;
  char buffer[16384];
  while (fd_ >= 0 && !peer_closed_) {
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n > 0) {
      received_.append(buffer, static_cast<std::size_t>(n));
      reader_.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
      total += static_cast<std::size_t>(n);
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

SendResult Client::send(std::string_view bytes, milliseconds timeout) {
  SendResult result;
  if (fd_ < 0) {
    result.status = SendStatus::peer_closed;
    result.error = "socket already closed by this client";
    return result;
  }
  const auto deadline = Clock::now() + timeout;
  while (result.bytes_sent < bytes.size()) {
    const short events = static_cast<short>(POLLOUT | (read_while_sending_ && !peer_closed_ ? POLLIN : 0));
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
      if (read_while_sending_ && fd_ >= 0 && !peer_closed_) {
        // ppoll, not poll: a pause of tens of microseconds must not round up to a millisecond.
        pollfd pfd{fd_, POLLIN, 0};
        const auto pause_end = Clock::now() + pause;
        for (auto now = Clock::now(); now < pause_end; now = Clock::now()) {
          const auto left = std::chrono::duration_cast<std::chrono::nanoseconds>(pause_end - now).count();
          const timespec wait{static_cast<time_t>(left / 1'000'000'000), static_cast<long>(left % 1'000'000'000)};
          if (::ppoll(&pfd, 1, &wait, nullptr) > 0) {
            read_available();
            if (peer_closed_) break;
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
    if (peer_closed_ || fd_ < 0) {
      result.status = ReadStatus::closed;
      result.error = std::string(fd_ < 0 ? "socket closed by this client" :
                                 reset_ ? "connection reset by peer" : "connection closed by peer");
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
  while (!peer_closed_ && fd_ >= 0) {
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, remaining_ms(deadline));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      result.timed_out = true;
      return result;
    }
    const std::size_t before = received_.size();
    read_available();
    result.data_received_meanwhile += received_.substr(before);
  }
  result.closed_by_peer = peer_closed_;
  result.reset = reset_;
  return result;
}

}  // namespace wireproof
