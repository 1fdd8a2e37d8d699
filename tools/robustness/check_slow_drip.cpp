// Slow-drip (slowloris) clients: a request still unfinished after the request timeout gets
// ERR timeout and a close (10.2), even though bytes keep arriving.
#include <thread>
#include <vector>

#include "check.hpp"
#include "exchange.hpp"

namespace wireproof::robust {

void check_slow_drip(const CheckOptions& options, CheckReport& report) {
  const int clients = options.full ? 200 : 20;
  constexpr auto kRequestTimeout = 600ms;
  constexpr auto kDripEvery = 100ms;
  constexpr auto kTolerance = 900ms;
  ServerProcess server = start_server(options, "--request-timeout-ms 600 --idle-timeout-ms 10000");

  std::vector<Client> dripping;
  for (int i = 0; i < clients; ++i) dripping.push_back(connect_greeted(server.address()));
  const std::string request = "PING\r\nX-Drip: " + std::string(200, 'd') + "\r\n\r\n";
  const auto start = std::chrono::steady_clock::now();
  std::vector<double> closed_at(dripping.size(), -1);

  // One byte per client per tick until every client has been closed or the bound has passed.
  for (std::size_t offset = 0; seconds_since(start) < 3.0; ++offset) {
    bool any_open = false;
    for (std::size_t i = 0; i < dripping.size(); ++i) {
      if (closed_at[i] >= 0) continue;
      const SendResult sent = dripping[i].send(request.substr(offset % (request.size() - 4), 1), 200ms);
      const CloseResult close = dripping[i].wait_for_close(0ms);
      if (sent.status == SendStatus::peer_closed || close.closed_by_peer) {
        closed_at[i] = seconds_since(start);
      } else {
        any_open = true;
      }
    }
    if (!any_open) break;
    std::this_thread::sleep_for(kDripEvery);
  }

  int timed_out = 0;
  double earliest = 1e9, latest = 0;
  for (std::size_t i = 0; i < dripping.size(); ++i) {
    const ReadResult reply = dripping[i].read_response(100ms);
    const bool got_timeout = reply.status == ReadStatus::frame && !reply.frame.ok && reply.frame.code == "timeout";
    if (!got_timeout) {
      report.fail("client " + std::to_string(i) + ": expected ERR timeout, got " +
                  std::string(read_status_name(reply.status)) + " " + reply.frame.code + reply.error);
      continue;
    }
    if (closed_at[i] < 0) {
      report.fail("client " + std::to_string(i) + ": got ERR timeout but the connection stayed open");
      continue;
    }
    ++timed_out;
    earliest = std::min(earliest, closed_at[i]);
    latest = std::max(latest, closed_at[i]);
  }
  std::string when = "none was";
  if (timed_out > 0) {
    when = "between " + std::to_string(static_cast<int>(earliest * 1000)) + " and " +
           std::to_string(static_cast<int>(latest * 1000)) + " ms";
  }
  report.fact(std::to_string(clients) + " slow-drip clients, 1 byte per " + std::to_string(kDripEvery.count()) +
              " ms; " + std::to_string(timed_out) + " got ERR timeout and were closed, " + when +
              " after the first byte (request timeout 600 ms)");
  const double low = std::chrono::duration<double>(kRequestTimeout).count();
  const double high = std::chrono::duration<double>(kRequestTimeout + kTolerance).count();
  report.expect(timed_out == 0 || earliest >= low - 0.05, "closed before the request timeout");
  report.expect(timed_out == 0 || latest <= high, "closed too late after the request timeout");
  report.expect(server.running(), "server died");
}

}  // namespace wireproof::robust
