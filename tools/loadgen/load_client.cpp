#include "load_client.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <deque>
#include <memory>

#include "response_counter.hpp"

namespace wireproof::load {

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kKeySpace = 1000;

std::string make_request(const LoadOptions& o, std::uint64_t n) {
  const bool gnp = o.protocol == Protocol::gnp;
  const char* eol = gnp ? "\r\n\r\n" : "\r\n";
  Mix kind = o.mix;
  if (kind == Mix::mixed) kind = n % 3 == 0 ? Mix::ping : (n % 3 == 1 ? Mix::get : Mix::set);
  const std::string key = "key:" + std::to_string(n % kKeySpace);
  switch (kind) {
    case Mix::get: return "GET " + key + eol;
    case Mix::set: return "SET " + key + " " + std::string(static_cast<std::size_t>(o.value_size), 'v') + eol;
    default: return std::string("PING") + eol;
  }
}

struct Conn {
  int fd = -1;
  std::string out;
  std::size_t out_pos = 0;
  std::string in;
  std::deque<Clock::time_point> sent;  // send time of each request in flight
  bool greeted;
  ResponseCounter counter;
  explicit Conn(Protocol p) : greeted(p != Protocol::gnp), counter(p) {}
  ~Conn() {
    if (fd >= 0) ::close(fd);
  }
};

int connect_to(const LoadOptions& o, std::string& error) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  const std::string port = std::to_string(o.port);
  if (int rc = getaddrinfo(o.host.c_str(), port.c_str(), &hints, &res); rc != 0) {
    error = "cannot resolve " + o.host + ": " + gai_strerror(rc);
    return -1;
  }
  int fd = ::socket(res->ai_family, SOCK_STREAM, 0);
  if (fd < 0 || ::connect(fd, res->ai_addr, res->ai_addrlen) != 0) {
    error = "cannot connect to " + o.host + ":" + port + ": " + std::strerror(errno);
    if (fd >= 0) ::close(fd);
    freeaddrinfo(res);
    return -1;
  }
  freeaddrinfo(res);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// Sends what is pending; returns false when the connection is gone.
bool flush(Conn& c) {
  while (c.out_pos < c.out.size()) {
    const ssize_t n = ::send(c.fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_NOSIGNAL);
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
    c.out_pos += static_cast<std::size_t>(n);
  }
  c.out.clear();
  c.out_pos = 0;
  return true;
}

}  // namespace

LoadResult run_load(const LoadOptions& o) {
  LoadResult result;
  std::vector<std::unique_ptr<Conn>> conns;
  std::vector<std::string> requests;
  for (int i = 0; i < 997; ++i) requests.push_back(make_request(o, static_cast<std::uint64_t>(i)));

  const int ep = epoll_create1(0);
  for (int i = 0; i < o.connections; ++i) {
    auto c = std::make_unique<Conn>(o.protocol);
    c->fd = connect_to(o, result.failure);
    if (c->fd < 0) {
      ::close(ep);
      return result;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
    ev.data.ptr = c.get();
    epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
    conns.push_back(std::move(c));
  }

  // Values for GET exist before the run starts.
  if (o.mix == Mix::get || o.mix == Mix::mixed) {
    LoadOptions setter = o;
    setter.mix = Mix::set;
    for (int k = 0; k < kKeySpace; ++k) conns[0]->out += make_request(setter, static_cast<std::uint64_t>(k));
    for (int k = 0; k < kKeySpace; ++k) conns[0]->sent.push_back(Clock::now());
  }

  std::size_t next_request = 0;
  auto top_up = [&](Conn& c, Clock::time_point now) {
    while (c.sent.size() < static_cast<std::size_t>(o.pipeline)) {
      c.out += requests[next_request];
      next_request = next_request + 1 == requests.size() ? 0 : next_request + 1;
      c.sent.push_back(now);
    }
  };

  const auto start = Clock::now();
  const auto measure_from = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmup_seconds));
  const auto measure_to = measure_from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
  result.latencies_ns.reserve(static_cast<std::size_t>(o.seconds * 4e6));
  for (auto& c : conns) {
    top_up(*c, start);
    if (!flush(*c)) ++result.errors;
  }

  std::vector<epoll_event> events(static_cast<std::size_t>(o.connections));
  char buffer[65536];
  std::size_t live = conns.size();
  while (live > 0) {
    const int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 10);
    const auto now = Clock::now();
    if (now >= measure_to) break;
    const bool measuring = now >= measure_from;
    for (int i = 0; i < n; ++i) {
      Conn& c = *static_cast<Conn*>(events[static_cast<std::size_t>(i)].data.ptr);
      if (c.fd < 0) continue;
      bool alive = true;
      while (alive) {
        const ssize_t got = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (got > 0) {
          c.in.append(buffer, static_cast<std::size_t>(got));
          continue;
        }
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        alive = false;  // closed or reset
      }
      if (!c.greeted && c.in.size() >= 6) {
        if (c.in.compare(0, 6, "OK\r\n\r\n") != 0) alive = false;
        c.in.erase(0, 6);
        c.greeted = true;
      }
      std::size_t complete = 0;
      std::size_t errors = 0;
      const std::size_t used = c.greeted ? c.counter.consume(c.in, complete, errors) : 0;
      if (used == std::string_view::npos) {
        alive = false;
      } else {
        c.in.erase(0, used);
        for (std::size_t k = 0; k < complete && !c.sent.empty(); ++k) {
          if (measuring) {
            const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now - c.sent.front()).count();
            result.latencies_ns.push_back(static_cast<std::uint32_t>(ns > 0xFFFFFFFF ? 0xFFFFFFFF : ns));
          }
          c.sent.pop_front();
        }
        if (measuring) {
          result.responses += complete;
          result.errors += errors;
        }
        top_up(c, now);
        if (!flush(c)) alive = false;
      }
      if (!alive) {
        ++result.errors;
        ::close(c.fd);
        c.fd = -1;
        --live;
      }
    }
  }
  const auto end = Clock::now();
  result.seconds = std::chrono::duration<double>(std::min(end, measure_to) - measure_from).count();
  if (live == 0 && result.responses == 0) result.failure = "every connection was closed by the server";
  ::close(ep);
  return result;
}

}  // namespace wireproof::load
