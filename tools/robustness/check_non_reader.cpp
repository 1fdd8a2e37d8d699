// Clients that send and never read: the server must stop reading from them rather than buffer
// their responses (10.4); its memory stays bounded and other clients are still served.
#include <vector>

#include "check.hpp"
#include "exchange.hpp"
#include "proc_stats.hpp"

namespace wireproof::robust {

void check_non_reader(const CheckOptions& options, CheckReport& report) {
  const int clients = options.full ? 50 : 10;
  const auto push_for = options.full ? 5s : 2s;
  ServerProcess server = start_server(options, "--idle-timeout-ms 60000");
  const int pid = server.pid();

  // A 4000-byte value makes each 13-byte GET cost about 300 times its size in output.
  Client setter = connect_greeted(server.address());
  const std::string value(4000, 'x');
  std::string problem = exchange_ok(setter, with_sequence("SET big " + value, 1), 1);
  report.expect(problem.empty(), "SET big: " + problem);
  const long rss_before = rss_kib(pid);

  std::vector<Client> readers_never;
  for (int i = 0; i < clients; ++i) {
    readers_never.push_back(connect_greeted(server.address()));
    readers_never.back().set_read_while_sending(false);
  }
  std::string gets;
  for (int i = 0; i < 64; ++i) gets += "GET big\r\n\r\n";
  std::size_t sent_bytes = 0;
  std::size_t stalled = 0;
  const auto start = std::chrono::steady_clock::now();
  while (seconds_since(start) < std::chrono::duration<double>(push_for).count()) {
    for (Client& c : readers_never) {
      const SendResult r = c.send(gets, 5ms);
      sent_bytes += r.bytes_sent;
      if (r.status == SendStatus::timeout) ++stalled;
      if (r.status == SendStatus::peer_closed) {
        report.fail("the server closed a non-reading client: " + r.error);
        return;
      }
    }
  }
  const long rss_after = rss_kib(pid);
  const long growth = rss_after - rss_before;
  // Allowed: per connection the output limit (64 KiB) + one response + the read buffer, with
  // generous slack for allocator behaviour; a server that buffers responses grows by the
  // (sent / 13) * 4 KiB it was asked for.
  const long bound_kib = 4096 + clients * 512L;
  report.fact(std::to_string(clients) + " clients sent " + std::to_string(sent_bytes / 1024) +
              " KiB of GETs (" + std::to_string(sent_bytes / 11) + " requests, about " +
              std::to_string(sent_bytes / 11 * 4 / 1024) + " MiB of responses) without reading; sends stalled " +
              std::to_string(stalled) + " times");
  report.fact("server RSS " + std::to_string(rss_before / 1024) + " -> " + std::to_string(rss_after / 1024) +
              " MiB (growth " + std::to_string(growth) + " KiB, bound " + std::to_string(bound_kib) + " KiB)");
  report.expect(stalled > 0, "the server kept reading: sends never stalled");
  report.expect(growth <= bound_kib, "server memory grew beyond the bound");

  Client other = connect_greeted(server.address());
  problem = exchange_ok(other, with_sequence("PING", 7), 7);
  report.expect(problem.empty(), "another client was not served meanwhile: " + problem);
  report.fact("another client was answered meanwhile: " + std::string(problem.empty() ? "yes" : "no"));
  report.expect(server.running(), "server died");
}

}  // namespace wireproof::robust
