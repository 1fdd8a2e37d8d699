// Abrupt resets, half-closed sockets and connect-and-close storms: no crash and no descriptor
// leak (the count in /proc/PID/fd returns to where it was), and service continues.
#include <sys/socket.h>

#include <thread>

#include "check.hpp"
#include "exchange.hpp"
#include "proc_stats.hpp"

namespace wireproof::robust {

namespace {

void reset(Client& client) {
  linger hard{1, 0};  // close() then sends RST instead of FIN
  setsockopt(client.native_handle(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  client.close();
}

}  // namespace

void check_abuse(const CheckOptions& options, CheckReport& report) {
  const int rounds = options.full ? 2000 : 200;
  ServerProcess server = start_server(options, "--idle-timeout-ms 60000");
  const int pid = server.pid();
  const Address address = server.address();
  {
    Client warm = connect_greeted(address);  // let the server reach its steady fd count
  }
  std::this_thread::sleep_for(100ms);
  const long fds_before = open_fds(pid);

  int resets = 0, half_closed = 0, storms = 0, half_close_answers = 0;
  for (int i = 0; i < rounds; ++i) {
    try {
      {  // reset in the middle of a request
        Client c = connect_greeted(address);
        c.send("SET half-sent-key ");
        reset(c);
        ++resets;
      }
      {  // reset with unread responses queued
        Client c = connect_greeted(address);
        c.send("PING\r\n\r\nPING\r\n\r\nGET nothing\r\n\r\n");
        reset(c);
        ++resets;
      }
      if (i % 10 == 0) {  // half-close: the request is still answered, then the server closes (4.6)
        Client c = connect_greeted(address);
        c.send(with_sequence("PING", 1) + "PING\r\n");
        c.shutdown_write();
        const ReadResult reply = c.read_response(2s);
        const CloseResult closed = c.wait_for_close(2s);
        if (reply.status == ReadStatus::frame && reply.frame.ok && reply.frame.sequence == 1u && closed.closed_by_peer) {
          ++half_close_answers;
        } else {
          report.fail("half-closed client: " + std::string(read_status_name(reply.status)) + " " + reply.error +
                      (closed.closed_by_peer ? "" : ", not closed"));
        }
        ++half_closed;
      }
      {  // connect and close at once, before the greeting is read
        Client c = Client::connect(address, 2s);
        c.close();
        ++storms;
      }
    } catch (const ClientError& e) {
      report.fail("round " + std::to_string(i) + ": " + e.what());
      break;
    }
  }

  // Closes are processed asynchronously (and lingering closes last up to about a second).
  long fds_after = open_fds(pid);
  const auto settle = std::chrono::steady_clock::now();
  while (fds_after > fds_before && seconds_since(settle) < 5.0) {
    std::this_thread::sleep_for(100ms);
    fds_after = open_fds(pid);
  }
  report.fact(std::to_string(resets) + " resets, " + std::to_string(half_closed) + " half-closes (" +
              std::to_string(half_close_answers) + " answered then closed), " + std::to_string(storms) +
              " connect-and-close");
  report.fact("server fds before " + std::to_string(fds_before) + ", after " + std::to_string(fds_after) +
              " (settled in " + std::to_string(static_cast<int>(seconds_since(settle) * 1000)) + " ms)");
  report.expect(fds_after <= fds_before, "descriptors leaked");
  report.expect(server.running(), "server died");
  if (server.running()) {
    Client c = connect_greeted(address);
    const std::string problem = exchange_ok(c, with_sequence("PING", 9), 9);
    report.expect(problem.empty(), "not served afterwards: " + problem);
  }
}

}  // namespace wireproof::robust
