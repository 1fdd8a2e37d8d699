// SIGTERM under load: the server exits within 2 s and every client sees only whole response
// frames followed by a clean close (no frame cut in half).
#include <signal.h>

#include <atomic>
#include <thread>
#include <vector>

#include "check.hpp"
#include "exchange.hpp"

namespace wireproof::robust {

void check_sigterm(const CheckOptions& options, CheckReport& report) {
  const int clients = options.full ? 50 : 10;
  ServerProcess server = start_server(options, "");
  std::vector<Client> loaders;
  for (int i = 0; i < clients; ++i) loaders.push_back(connect_greeted(server.address()));

  std::string batch;
  for (int i = 0; i < 16; ++i) batch += "PING\r\n\r\nECHO " + std::string(100, 'e') + "\r\n\r\n";
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  std::vector<std::size_t> frames(loaders.size());
  std::vector<std::string> verdicts(loaders.size());
  for (std::size_t i = 0; i < loaders.size(); ++i) {
    threads.emplace_back([&, i] {
      Client& c = loaders[i];
      while (!stop) {
        if (c.send(batch, 1s).status != SendStatus::sent) break;
        for (int k = 0; k < 32; ++k) {
          const ReadResult r = c.read_response(2s);
          if (r.status != ReadStatus::frame) {
            verdicts[i] = r.status == ReadStatus::closed ? "" : std::string(read_status_name(r.status)) + ": " + r.error;
            return;
          }
          ++frames[i];
        }
      }
      const CloseResult closed = c.wait_for_close(3s);
      if (!closed.closed_by_peer) verdicts[i] = "not closed by the server";
    });
  }
  std::this_thread::sleep_for(500ms);
  const auto signalled = std::chrono::steady_clock::now();
  ::kill(server.pid(), SIGTERM);
  while (server.running() && seconds_since(signalled) < 5.0) std::this_thread::sleep_for(10ms);
  const double exit_seconds = seconds_since(signalled);
  stop = true;
  for (auto& t : threads) t.join();

  std::size_t total = 0;
  int clean = 0;
  for (std::size_t i = 0; i < loaders.size(); ++i) {
    total += frames[i];
    const ResponseReader& reader = loaders[i].reader();
    if (!verdicts[i].empty()) {
      report.fail("client " + std::to_string(i) + ": " + verdicts[i]);
    } else if (reader.failed() || reader.buffered() != 0) {
      report.fail("client " + std::to_string(i) + ": a response was cut off (" + std::to_string(reader.buffered()) +
                  " bytes of an unfinished frame) " + reader.error());
    } else {
      ++clean;
    }
  }
  const auto status = server.exit_status();
  report.fact(std::to_string(clients) + " pipelining clients, " + std::to_string(total) + " responses before and during shutdown; " +
              std::to_string(clean) + " saw only whole frames and a clean close");
  report.fact("server exited " + std::to_string(static_cast<int>(exit_seconds * 1000)) + " ms after SIGTERM with " +
              (status ? status->describe() : std::string("no exit yet")));
  report.expect(exit_seconds < 2.0, "the server took 2 s or more to exit");
  report.expect(status && !status->signaled && status->code_or_signal == 0, "the server did not exit cleanly with code 0");
}

}  // namespace wireproof::robust
