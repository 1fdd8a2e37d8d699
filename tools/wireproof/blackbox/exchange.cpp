#include "blackbox/exchange.hpp"

#include <algorithm>

#include "harness/client.hpp"

namespace wireproof::blackbox {

std::vector<std::size_t> cuts_of(const TestCase& test) {
  if (!test.explicit_cuts.empty()) return test.explicit_cuts;
  return cut_points(test.strategy, test.stream, test.seed);
}

std::string segmentation_name(const TestCase& test) {
  if (!test.explicit_cuts.empty()) return "explicit (" + std::to_string(test.explicit_cuts.size() + 1) + " pieces)";
  std::string name(strategy_name(test.strategy));
  if (test.strategy == Strategy::random) name += "(seed " + std::to_string(test.seed) + ")";
  return name;
}

Observation exchange(const Address& address, const std::optional<TlsClientContext>& tls, const TestCase& test,
                     const Timing& timing) {
  Client client = Client::connect(address, timing.connect, tls);
  client.set_reading_conventions(timing.reading);
  const std::vector<std::size_t> cuts = cuts_of(test);
  auto pause = cuts.empty() ? timing.pause : std::min(timing.pause, timing.pause_budget / static_cast<long>(cuts.size()));
  // When the budget cannot pay for a pause worth its wake-up, the pieces go back to back (still
  // separate segments: TCP_NODELAY).
  if (pause < kShortestPause) pause = std::chrono::microseconds(0);
  const SendResult sent = cuts.empty() ? client.send(test.stream, timing.deadline)
                                       : client.send_pieces(test.stream, cuts, pause, timing.deadline);
  // The half-close tells the server the stream is over: it must answer every complete request,
  // then close (4.6). A server that closed early already made the send stop.
  if (sent.status == SendStatus::sent) client.shutdown_write();
  const CloseResult close = client.wait_for_close(timing.deadline);
  Observation observed;
  observed.received = client.received();
  observed.closed = close.closed_by_peer || client.peer_closed();
  observed.over_limit = client.over_limit() && !observed.closed;
  observed.timed_out = !observed.closed;
  observed.reading = timing.reading;
  return observed;
}

}  // namespace wireproof::blackbox
