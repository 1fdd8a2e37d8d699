// Many idle connections must not stop other clients from being served (10.3 default limit 1024
// is raised for this check; the shell must also have raised its fd limit).
#include <vector>

#include "check.hpp"
#include "exchange.hpp"
#include "proc_stats.hpp"

namespace wireproof::robust {

void check_idle_connections(const CheckOptions& options, CheckReport& report) {
  const int idle = options.full ? 2000 : 300;
  const int requests_per_active = options.full ? 500 : 100;
  ServerProcess server = start_server(options, "--max-connections 5000 --idle-timeout-ms 120000");
  const Address address = server.address();
  const long fds_before = open_fds(server.pid());
  const long rss_before = rss_kib(server.pid());

  std::vector<Client> held;
  held.reserve(static_cast<std::size_t>(idle));
  int refused = 0;
  for (int i = 0; i < idle; ++i) {
    try {
      held.push_back(connect_greeted(address));
    } catch (const ClientError& e) {
      if (++refused == 1) report.fail("idle connection " + std::to_string(i) + ": " + e.what());
    }
  }
  report.fact("held " + std::to_string(held.size()) + " idle connections (" + std::to_string(refused) + " refused)");

  int answered = 0;
  double slowest_ms = 0;
  std::uint64_t sequence = 0;
  for (int a = 0; a < 3; ++a) {
    Client active = connect_greeted(address);
    for (int i = 0; i < requests_per_active; ++i) {
      const auto start = std::chrono::steady_clock::now();
      const std::string key = "idle-check-" + std::to_string(a);
      const std::uint64_t set_seq = ++sequence;
      std::string problem = exchange_ok(active, with_sequence("SET " + key + " v" + std::to_string(i), set_seq), set_seq);
      if (problem.empty()) {
        const std::uint64_t get_seq = ++sequence;
        problem = exchange_ok(active, with_sequence("GET " + key, get_seq), get_seq, "v" + std::to_string(i));
      }
      slowest_ms = std::max(slowest_ms, seconds_since(start) * 1000);
      if (!problem.empty()) {
        report.fail("active client " + std::to_string(a) + " request " + std::to_string(i) + ": " + problem);
        break;
      }
      answered += 2;
    }
  }
  report.fact(std::to_string(answered) + " requests answered on 3 active connections meanwhile, slowest " +
              std::to_string(static_cast<int>(slowest_ms)) + " ms");
  report.fact("server fds " + std::to_string(fds_before) + " -> " + std::to_string(open_fds(server.pid())) +
              ", RSS " + std::to_string(rss_before / 1024) + " -> " + std::to_string(rss_kib(server.pid()) / 1024) + " MiB");
  report.expect(static_cast<int>(held.size()) == idle, "not every idle connection was accepted");
  report.expect(server.running(), "server died");
}

}  // namespace wireproof::robust
