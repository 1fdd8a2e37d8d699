// Target::probe: the liveness check after a failure (a fresh connection, the greeting, a PING).
#include "harness/client.hpp"
#include "target/target.hpp"

namespace wireproof {

std::string_view liveness_name(Liveness liveness) {
  switch (liveness) {
    case Liveness::alive: return "alive";
    case Liveness::not_accepting: return "not accepting";
    case Liveness::not_answering: return "accepting but not answering";
    case Liveness::gone: return "process gone";
  }
  return "?";
}

std::string Probe::describe() const {
  return detail.empty() ? std::string(liveness_name(liveness)) : std::string(liveness_name(liveness)) + ": " + detail;
}

Probe Target::probe() {
  const std::string ms = std::to_string(options_.probe_timeout.count()) + " ms";
  // A closed or refused connection from a started server is most often its exit: say so.
  auto gone_or = [this](Liveness otherwise, std::string detail) {
    if (std::optional<ServerDeath> d = death(kExitGrace)) return Probe{Liveness::gone, d->status};
    return Probe{otherwise, std::move(detail)};
  };
  if (exited()) return gone_or(Liveness::gone, "exited");
  try {
    Client client = Client::connect(address(), options_.probe_timeout, tls_);
    client.set_reading_conventions(reading_);
    // A greeting that is not a well-formed frame still shows the server answers (6.2 is judged
    // elsewhere); only silence or a close counts against it.
    const ReadResult greeting = client.read_response(options_.probe_timeout);
    if (greeting.status == ReadStatus::closed) return gone_or(Liveness::not_answering, "closed before the greeting");
    if (greeting.status == ReadStatus::timeout && client.received().empty()) {
      return gone_or(Liveness::not_answering, "no greeting within " + ms);
    }
    const std::size_t before = client.received().size();
    const SendResult sent = client.send("PING\r\n\r\n", options_.probe_timeout);
    if (sent.status != SendStatus::sent) return gone_or(Liveness::not_answering, "PING not taken: " + sent.error);
    const ReadResult answer = client.read_response(options_.probe_timeout);
    if (answer.status == ReadStatus::frame || answer.status == ReadStatus::malformed ||
        client.received().size() > before) {
      return Probe{Liveness::alive, ""};
    }
    return gone_or(Liveness::not_answering, answer.status == ReadStatus::closed
                                                ? "closed without answering PING"
                                                : "no answer to PING within " + ms);
  } catch (const ClientError& e) {
    return gone_or(Liveness::not_accepting, e.what());
  }
}

}  // namespace wireproof
