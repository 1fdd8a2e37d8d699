// --max-connections: the connection beyond the limit gets ERR busy and is closed (10.3, 7.2);
// once load drops, new connections are served again.
#include <thread>
#include <vector>

#include "check.hpp"
#include "exchange.hpp"

namespace wireproof::robust {

void check_connection_limit(const CheckOptions& options, CheckReport& report) {
  const int limit = options.full ? 500 : 20;
  ServerProcess server = start_server(options, "--max-connections " + std::to_string(limit));
  const Address address = server.address();

  std::vector<Client> held;
  for (int i = 0; i < limit; ++i) held.push_back(connect_greeted(address));

  int busy = 0;
  const int extra = 5;
  for (int i = 0; i < extra; ++i) {
    Client over = Client::connect(address, 2s);
    const ReadResult reply = over.read_response(2s);
    const CloseResult closed = over.wait_for_close(2s);
    if (reply.status == ReadStatus::frame && !reply.frame.ok && reply.frame.code == "busy" && closed.closed_by_peer) {
      ++busy;
    } else {
      report.fail("connection over the limit: expected ERR busy then close, got " +
                  std::string(read_status_name(reply.status)) + " " + reply.frame.code + reply.error);
    }
  }

  // Drop some and check that service resumes (the server may need a moment to see the closes).
  const int dropped = limit / 4;
  for (int i = 0; i < dropped; ++i) held.pop_back();
  int served_after = 0;
  for (int i = 0; i < dropped; ++i) {
    for (int attempt = 0; attempt < 20; ++attempt) {
      try {
        held.push_back(connect_greeted(address, 1s));
        ++served_after;
        break;
      } catch (const ClientError&) {
        std::this_thread::sleep_for(50ms);
      }
    }
  }
  report.fact("limit " + std::to_string(limit) + ": " + std::to_string(limit) + " held, " + std::to_string(busy) +
              "/" + std::to_string(extra) + " over the limit got ERR busy and a close; after dropping " +
              std::to_string(dropped) + ", " + std::to_string(served_after) + " new connections were served");
  report.expect(busy == extra, "not every connection over the limit got ERR busy");
  report.expect(served_after == dropped, "service did not resume after load dropped");
  if (!held.empty()) {
    const std::string problem = exchange_ok(held.back(), with_sequence("PING", 3), 3);
    report.expect(problem.empty(), "a connection admitted after the drop was not served: " + problem);
  }
}

}  // namespace wireproof::robust
