#include "stateful/runner.hpp"

#include "harness/escape.hpp"

namespace wireproof::stateful {

namespace {

constexpr std::size_t kShownBytes = 300;

std::string shown(std::string_view bytes) { return quoted_excerpt(bytes, kShownBytes); }

// Pieces travel as separate segments when paused between; very many pieces (bytewise) go without
// a pause, where TCP_NODELAY alone keeps the writes apart, so a round stays fast.
std::chrono::microseconds pause_for(std::size_t pieces) {
  return pieces <= 64 ? std::chrono::microseconds(100) : std::chrono::microseconds(0);
}

std::string label(const Round& round, std::size_t index) {
  return round.connection == kResetConnection ? "the reset round" : "round " + std::to_string(index + 1);
}

bool keeps_open(const ResponseFrame& frame) {  // 7.2
  return !frame.ok && (frame.code == "bad-encoding" || frame.code == "bad-request" ||
                       frame.code == "unknown-command" || frame.code == "bad-arguments" || frame.code == "not-found");
}

}  // namespace

std::optional<Divergence> Session::judge(const Round& round, std::size_t index, const RoundExpectation& expected,
                                         Client& client) {
  auto request_of = [&](std::size_t frame) -> std::string {
    if (frame < expected.first_answer()) return "";
    const std::size_t a = frame - expected.first_answer();
    return a < expected.requests.size() ? expected.requests[a] : "";
  };
  auto make = [&](std::size_t frame, std::string requirement, std::string kind, std::string summary,
                  std::string lines, Outcome outcome = Outcome::fail) {
    Divergence d;
    d.outcome = outcome;
    d.round = index;
    d.frame = frame;
    d.section = section_of(requirement);
    d.requirement = std::move(requirement);
    d.kind = std::move(kind);
    d.summary = label(round, index) + " on " + round.connection + " (" + std::to_string(expected.requests.size()) +
                " requests, " + round.segmentation() + "): " + summary;
    const std::string request = request_of(frame);
    d.detail = (frame < expected.first_answer() ? std::string("the greeting\n")
                                                : "request: " + shown(request) + "\n") +
               lines + "round sent: " + shown(round.bytes()) + "\n";
    return d;
  };
  auto expected_line = [&](std::size_t i) {
    return "expected: " + blackbox::describe_frame(expected.frames[i]) + "\n";
  };

  for (std::size_t i = 0; i < expected.frames.size(); ++i) {
    const ReadResult got = client.read_response(limits_.response);
    const bool greeting = i < expected.first_answer();
    const std::string what = greeting ? std::string("the greeting") : "response #" + std::to_string(i + 1 - expected.first_answer());
    logs_[log_names_[round.connection]].received = client.received();
    if (got.status == ReadStatus::frame) {
      if (frames_match(expected.frames[i], got.frame)) {
        // Later answers of this round are judged knowing this request's effect (8.8, 4.5).
        if (!greeting) note_write(writers_, request_of(i), expected.frames[i], round.connection);
        continue;
      }
      const std::string lines = expected_line(i) + "received: " + blackbox::describe_frame(got.frame) + "\n";
      if (greeting) {
        const bool decorated = got.frame.ok && (!got.frame.headers.empty() || !got.frame.body.empty());
        return make(i, decorated ? "6.6/1" : "3.1/1", "greeting", "wrong greeting: " + blackbox::describe_frame(got.frame), lines);
      }
      auto [requirement, kind] = answer_requirement(request_of(i), expected.frames[i], got.frame, writers_, round.connection);
      Divergence d = make(i, requirement, kind,
                          what + ": expected " + blackbox::describe_frame(expected.frames[i]) + ", received " +
                              blackbox::describe_frame(got.frame),
                          lines);
      if (const auto difference = FrameExpectation::of(expected.frames[i]).difference(got.frame)) {
        d.kind_expected = difference->kind_expected;
        d.kind_received = difference->kind_received;
      }
      return d;
    }
    if (got.status == ReadStatus::malformed) {
      return make(i, reader_error_section(got.error) + "/1", "malformed", "malformed " + what + ": " + got.error,
                  expected_line(i));
    }
    if (got.status == ReadStatus::timeout) {
      return make(i, greeting ? "3.1/1" : "6.1/1", "missing-response",
                  (greeting ? std::string("no greeting") : "no " + what) + " within " + std::to_string(limits_.response.count()) + " ms; connection open",
                  expected_line(i), Outcome::timeout);
    }
    // Closed first.
    const bool after_error = !greeting && i > expected.first_answer() && keeps_open(expected.frames[i - 1]);
    return make(i, greeting ? "3.1/1" : after_error ? "7.2/1" : "6.1/1", "early-close",
                "connection closed before " + what + (after_error ? ", after an error that keeps it open" : ""),
                expected_line(i));
  }
  const std::size_t end = expected.frames.size();
  if (expected.closes) {
    const CloseResult close = client.wait_for_close(limits_.response);
    logs_[log_names_[round.connection]].received = client.received();
    const bool too_large = !expected.frames.back().ok && expected.frames.back().code == "too-large";
    const std::string cause = too_large ? "ERR too-large" : "QUIT";
    if (!close.data_received_meanwhile.empty() || client.reader().buffered() != 0) {
      return make(end, too_large ? "4.3/6" : "8.6/3", "extra-response",
                  "bytes after the answer to " + cause + ", which closes the connection: " +
                      shown(close.data_received_meanwhile),
                  "expected: close\n");
    }
    if (close.timed_out) {
      return make(end, too_large ? "4.3/1" : "8.6/1", "not-closed",
                  "the connection stayed open " + std::to_string(limits_.response.count()) + " ms after " + cause,
                  "expected: close\n", Outcome::timeout);
    }
    return std::nullopt;
  }
  if (client.reader().buffered() != 0 || client.reader().failed()) {
    return make(end, "6.1/1", "extra-response", "bytes after the last response due: " +
                                                  shown(client.received().substr(client.received().size() -
                                                                                 client.reader().buffered())),
                "expected: nothing more\n");
  }
  if (client.peer_closed()) {
    return make(end, "6.1/1", "early-close", "connection closed after the round, though nothing closes it",
                "expected: connection open\n");
  }
  return std::nullopt;
}

std::optional<Divergence> Session::run(const Round& round, std::size_t index) {
  const std::string bytes = round.bytes();
  const RoundExpectation expected = oracle_.answer(round.connection, bytes);
  expectations_.push_back(expected);
  if (expected.opens) {
    // A reopened connection gets its own log: "c1", then "c1 (2)".
    const int generation = ++generations_[round.connection];
    log_names_[round.connection] = round.connection + (generation > 1 ? " (" + std::to_string(generation) + ")" : "");
    order_.push_back(log_names_[round.connection]);
    clients_.erase(round.connection);
    try {
      clients_.emplace(round.connection, Client::connect(server_, limits_.connect, tls_));
      clients_.at(round.connection).set_reading_conventions(limits_.reading);
    } catch (const ClientError& e) {
      Divergence d;
      d.outcome = Outcome::timeout;
      d.round = index;
      d.requirement = tls_ ? "3.2/1" : "3.1/1";
      d.section = section_of(d.requirement);
      d.kind = "connect";
      d.summary = label(round, index) + " on " + round.connection + ": cannot connect: " + e.what();
      return d;
    }
  }
  Client& client = clients_.at(round.connection);
  logs_[log_names_[round.connection]].sent += bytes;
  const std::vector<std::size_t> cuts = round.cuts();
  client.send_pieces(bytes, cuts, pause_for(cuts.size() + 1), limits_.response);  // a closed peer: judged below
  std::optional<Divergence> divergence = judge(round, index, expected, client);
  if (divergence) return divergence;
  if (expected.closes) clients_.erase(round.connection);
  return std::nullopt;
}

namespace {
std::vector<Round> rounds_to_run(const Traffic& traffic, bool reset) {
  std::vector<Round> rounds;
  if (reset) {
    const std::set<std::string> keys = traffic.keys();
    if (!keys.empty()) rounds.push_back(reset_round(keys));
  }
  rounds.insert(rounds.end(), traffic.rounds.begin(), traffic.rounds.end());
  return rounds;
}
}  // namespace

TrafficRun oracle_run(const Traffic& traffic, bool reset) {
  TrafficRun run;
  run.rounds = rounds_to_run(traffic, reset);
  Oracle oracle;
  for (const Round& round : run.rounds) run.expectations.push_back(oracle.answer(round.connection, round.bytes()));
  return run;
}

TrafficRun run_traffic(const Traffic& traffic, const Address& server, const std::optional<TlsClientContext>& tls,
                       const Limits& limits, bool reset) {
  TrafficRun run;
  run.rounds = rounds_to_run(traffic, reset);
  Session session(server, tls, limits);
  // Divergences index the traffic's rounds; the reset round is labelled as such.
  const std::size_t offset = run.rounds.size() - traffic.rounds.size();
  for (std::size_t i = 0; i < run.rounds.size() && !run.divergence; ++i) {
    run.divergence = session.run(run.rounds[i], i >= offset ? i - offset : 0);
  }
  run.expectations = session.expectations();
  run.logs = session.logs();
  run.connection_order = session.connection_order();
  return run;
}

}  // namespace wireproof::stateful
