// The server's shared state under contention, from many connections at once: the store (8.8)
// with every connection writing and deleting the same keys, the connection limit (10.3) with
// connections racing for its last places, and a SIGTERM shutdown (7.3) while connections are busy
// and others come and go. Meant for gnp-server --threads 4 (the socket_threads. tests, which
// tools/run-tests also runs under TSan), where the store's mutex, the session registry and each
// session's strand are shared between I/O threads; they hold for one thread too.
//
// Each client runs on its own thread and collects what went wrong as text; the test thread
// asserts on it, so a failure names the client and the request.
#include <signal.h>

#include <atomic>
#include <charconv>
#include <functional>
#include <latch>
#include <mutex>
#include <vector>

#include "socket_test_support.hpp"

namespace gnp_socket_tests {
namespace {

// A generous connect timeout: a burst of TLS handshakes on a server under TSan is slow.
constexpr auto kBurstConnectTimeout = 10s;

// Problems found by the client threads; the first few of each are kept.
class Problems {
 public:
  void add(std::string problem) {
    std::lock_guard lock(mutex_);
    if (kept_.size() < 20) kept_.push_back(std::move(problem));
    ++count_;
  }
  std::size_t count() const {
    std::lock_guard lock(mutex_);
    return count_;
  }
  std::string summary() const {
    std::lock_guard lock(mutex_);
    std::string text = std::to_string(count_) + " problem(s):";
    for (const std::string& problem : kept_) text += "\n  " + problem;
    return text;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> kept_;
  std::size_t count_ = 0;
};

// Runs `body(i)` for i in [0, count) on `count` threads released together, and joins them. An
// exception in a body (e.g. ClientError) becomes a problem instead of ending the process.
void run_together(int count, Problems& problems, const std::function<void(int)>& body) {
  std::latch start(count);
  std::vector<std::jthread> threads;
  threads.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        body(i);
      } catch (const std::exception& e) {
        problems.add("thread " + std::to_string(i) + ": " + e.what());
      }
    });
  }
}

Client connect_in_burst(const ServerProcess& server, Transport transport) {
  if (transport == Transport::plain) return Client::connect(server.address(), kBurstConnectTimeout);
  return Client::connect_tls(server.address(), kBurstConnectTimeout, client_options());
}

std::string request(const std::string& line, std::uint64_t sequence) {
  return line + "\r\nSequence: " + std::to_string(sequence) + "\r\n\r\n";
}

// The values written below are "c<client>r<round>".
std::string written_value(int client, int round) { return "c" + std::to_string(client) + "r" + std::to_string(round); }

bool parses_as_number_below(std::string_view text, int bound) {
  int value = -1;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value >= 0 && value < bound;
}

// Whether `value` is one that some client wrote: never a torn or mixed-up value.
bool is_some_written_value(std::string_view value, int clients, int rounds) {
  const std::size_t r = value.find('r');
  if (value.size() < 4 || value[0] != 'c' || r == std::string_view::npos) return false;
  return parses_as_number_below(value.substr(1, r - 1), clients) && parses_as_number_below(value.substr(r + 1), rounds);
}

class Contention : public BothTransports {};

// 8.8: every connection SETs, GETs and DELs four shared keys at once, five pipelined requests per
// round. Each response answers its own request (Sequence, 6.3), a shared key holds either nothing
// or a value some client wrote, and a connection's own key always holds its latest write (8.8/3).
TEST_P(Contention, ManyConnectionsOnSharedKeys_8_8) {
  constexpr int kClients = 12;
  constexpr int kRounds = 40;
  constexpr int kSharedKeys = 4;
  ServerProcess server = start();
  Problems problems;

  run_together(kClients, problems, [&](int c) {
    Client client = connect_in_burst(server, transport());
    const ReadResult greeting = client.read_response(kReadTimeout);
    if (greeting.status != ReadStatus::frame || !greeting.frame.ok) {
      return problems.add("client " + std::to_string(c) + " greeting: " + describe(greeting));
    }
    std::uint64_t sequence = 0;
    for (int round = 0; round < kRounds; ++round) {
      const std::string mine = written_value(c, round);
      const std::string shared = "k" + std::to_string((c + round) % kSharedKeys);
      const std::string other = "k" + std::to_string((c + round + 1) % kSharedKeys);
      const std::string own = "own" + std::to_string(c);
      const std::uint64_t first = sequence;
      std::string batch;
      for (const std::string& line : {"SET " + shared + " " + mine, "GET " + other, "SET " + own + " " + mine,
                                      "GET " + own, "DEL " + other}) {
        batch += request(line, sequence++);
      }
      if (const auto sent = client.send(batch); sent.status != wireproof::SendStatus::sent) {
        return problems.add("client " + std::to_string(c) + " round " + std::to_string(round) + ": send: " + sent.error);
      }
      for (std::uint64_t s = first; s < sequence; ++s) {
        const ReadResult response = client.read_response(kReadTimeout);
        const std::string where = "client " + std::to_string(c) + " request " + std::to_string(s) + ": ";
        if (response.status != ReadStatus::frame) return problems.add(where + describe(response));
        const wireproof::ResponseFrame& frame = response.frame;
        if (frame.sequence != s) problems.add(where + "answered by " + frame.raw);
        switch (s - first) {
          case 0:  // SET shared
          case 2:  // SET own
            if (!frame.ok) problems.add(where + "SET: " + frame.raw);
            break;
          case 1:  // GET other: absent, or what some client wrote
            if (!(frame.ok ? is_some_written_value(frame.body, kClients, kRounds) : frame.code == "not-found")) {
              problems.add(where + "GET " + other + ": " + frame.raw);
            }
            break;
          case 3:  // GET own: this connection's latest write (8.8/3)
            if (!frame.ok || frame.body != mine) problems.add(where + "GET " + own + ", wrote " + mine + ": " + frame.raw);
            break;
          default:  // DEL other
            if (!frame.ok && frame.code != "not-found") problems.add(where + "DEL " + other + ": " + frame.raw);
        }
      }
    }
  });
  EXPECT_EQ(problems.count(), 0u) << problems.summary();

  // The store kept every connection's last write to its own key.
  Client reader = greeted(server);
  for (int c = 0; c < kClients; ++c) {
    const ReadResult response = round_trip(reader, "GET own" + std::to_string(c) + "\r\n\r\n");
    ASSERT_EQ(response.status, ReadStatus::frame) << describe(response);
    EXPECT_EQ(response.frame.body, written_value(c, kRounds - 1)) << response.frame.raw;
  }
}

// 10.3: connections race for the places under the limit, over and over. While all of them are held
// open, at most `limit` are greeted and every other one is told `busy`. When all have closed, the
// full limit is available again: no place leaked or given twice. (Not "exactly `limit`": a
// connection closed just before, the previous round's or ServerProcess's startup probe, holds its
// place until the server has read its end.)
TEST_P(Contention, ConnectionsRacingForTheLastPlaces_10_3) {
  constexpr int kLimit = 4;
  constexpr int kRacers = 16;
  constexpr int kRounds = 5;
  ServerProcess server = start("--max-connections " + std::to_string(kLimit));

  for (int round = 0; round < kRounds; ++round) {
    Problems problems;
    std::atomic<int> greeted{0};
    std::atomic<int> busy{0};
    std::latch all_answered(kRacers);
    run_together(kRacers, problems, [&](int i) {
      std::optional<Client> client;
      try {
        client.emplace(connect_in_burst(server, transport()));
        const ReadResult first = client->read_response(kReadTimeout);
        if (first.status == ReadStatus::frame && first.frame.ok) {
          ++greeted;
        } else if (first.status == ReadStatus::frame && first.frame.code == "busy") {
          ++busy;
        } else {
          problems.add("racer " + std::to_string(i) + ": " + describe(first));
        }
      } catch (...) {
        all_answered.count_down();
        throw;
      }
      all_answered.arrive_and_wait();  // hold the connection until every racer has its answer
    });
    ASSERT_EQ(problems.count(), 0u) << "round " << round << ": " << problems.summary();
    EXPECT_EQ(greeted.load() + busy.load(), kRacers) << "round " << round;
    EXPECT_LE(greeted.load(), kLimit) << "round " << round;
  }

  // Places are given back asynchronously once a connection closes: wait (bounded) for all of them.
  bool full_limit_again = false;
  for (int attempt = 0; attempt < 80 && !full_limit_again; ++attempt) {
    std::vector<Client> held;
    int greeted = 0;
    for (int i = 0; i < kLimit; ++i) {
      held.push_back(connect(server));
      const ReadResult first = held.back().read_response(kReadTimeout);
      ASSERT_EQ(first.status, ReadStatus::frame) << describe(first);
      greeted += first.frame.ok ? 1 : 0;
    }
    full_limit_again = greeted == kLimit;
    held.clear();  // closed before the pause, so the next attempt does not race its own closes
    if (!full_limit_again) std::this_thread::sleep_for(25ms);
  }
  EXPECT_TRUE(full_limit_again) << "fewer than " << kLimit << " places free after every racer closed";
}

// 7.3 and the stop contract: SIGTERM while every connection is busy with pipelined requests and
// others connect and leave. The server exits with status 0 (a sanitizer report would change it),
// each busy connection receives whole frames, every one OK and answering its request, then a
// close, and the server exits well before the hang guard.
TEST_P(Contention, SigtermWhileConnectionsAreBusy_7_3) {
  constexpr int kBusy = 8;
  constexpr int kChurners = 4;
  constexpr int kWarmUpRounds = 3;
  ServerProcess server = start();
  Problems problems;
  std::atomic<int> warmed_up{0};  // busy connections that have had kWarmUpRounds answered
  std::atomic<int> busy_running{kBusy};

  std::jthread signaller([&] {
    const auto give_up = std::chrono::steady_clock::now() + 10s;
    while (warmed_up < kBusy && std::chrono::steady_clock::now() < give_up) std::this_thread::sleep_for(1ms);
    ::kill(server.pid(), SIGTERM);
  });

  run_together(kBusy + kChurners, problems, [&](int i) {
    const std::string who = "client " + std::to_string(i) + ": ";
    if (i >= kBusy) {  // churn: connect, one request, leave; until the busy ones are done
      while (busy_running > 0) {
        try {
          Client client = connect_in_burst(server, transport());
          (void)client.send("PING\r\n\r\n");
          (void)client.read_response(kReadTimeout);
        } catch (const wireproof::ClientError&) {
          std::this_thread::sleep_for(5ms);  // the listener is gone
        }
      }
      return;
    }
    const struct Done {
      std::atomic<int>& running;
      ~Done() { --running; }
    } done{busy_running};
    Client client = connect_in_burst(server, transport());
    const ReadResult greeting = client.read_response(kReadTimeout);
    if (greeting.status != ReadStatus::frame || !greeting.frame.ok) return problems.add(who + describe(greeting));
    std::uint64_t sequence = 0;
    for (int round = 0;;) {
      std::string batch;
      const std::uint64_t first = sequence;
      for (int k = 0; k < 4; ++k, ++sequence) {
        batch += request("SET key" + std::to_string(i) + " " + std::to_string(sequence), sequence);
      }
      (void)client.send(batch);  // the server may have closed meanwhile: the reads tell
      for (std::uint64_t s = first; s < sequence; ++s) {
        const ReadResult response = client.read_response(kReadTimeout);
        if (response.status == ReadStatus::closed) {
          if (!client.pending().empty()) problems.add(who + "closed inside a frame: " + std::string(client.pending()));
          return;
        }
        if (response.status != ReadStatus::frame) return problems.add(who + describe(response));
        if (!response.frame.ok || response.frame.sequence != s) {
          return problems.add(who + "request " + std::to_string(s) + " answered by " + response.frame.raw);
        }
      }
      if (++round == kWarmUpRounds) ++warmed_up;
    }
  });
  EXPECT_EQ(problems.count(), 0u) << problems.summary();

  const auto waited_from = std::chrono::steady_clock::now();
  while (server.running() && std::chrono::steady_clock::now() - waited_from < 10s) std::this_thread::sleep_for(5ms);
  ASSERT_FALSE(server.running()) << "still running 10 s after the busy connections were closed";
  ASSERT_TRUE(server.exit_status());
  EXPECT_EQ(server.exit_status()->describe(), "exit code 0");
}

GNP_BOTH_TRANSPORTS(Contention);

}  // namespace
}  // namespace gnp_socket_tests
