#include "certify/scenario_runner.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <thread>

#include "certify/step_judgement.hpp"
#include "cli/arguments.hpp"
#include "harness/client.hpp"
#include "harness/escape.hpp"
#include "harness/frame_expectation.hpp"
#include "tls/tls_setup.hpp"

namespace wireproof::certify {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kTrafficShown = 4096;  // bytes kept per direction for a failure report
constexpr std::size_t kFloodChunk = 64 * 1024;
constexpr milliseconds kPrefixCheck{10};  // how often a wait for a frame looks at what arrived

// Pieces travel as separate segments when paused between; very many pieces (bytewise 8 KiB) go
// without a pause, where TCP_NODELAY alone keeps the writes apart, so a run stays fast.
std::chrono::microseconds pause_for(std::size_t pieces) {
  return pieces <= 512 ? std::chrono::microseconds(100) : std::chrono::microseconds(0);
}

FrameExpectation expectation_of(const scenario::ExpectResponse& e) { return {e.ok, e.code, e.sequence, e.body}; }

struct Connection {
  std::optional<Client> client;
  Traffic traffic;
  scenario::ConnectKind kind = scenario::ConnectKind::gnp;
  std::size_t frames = 0;  // read so far; the first is the greeting (3.1)
  bool sent = false;
};

class CaseRun {
 public:
  CaseRun(const scenario::Scenario& s, Strategy strategy, std::uint64_t seed, const Address& server,
          const StepLimits& limits, tls::TlsSetup* tls)
      : scenario_(s), strategy_(strategy), seed_(seed), server_(server), limits_(limits), tls_(tls) {}

  CaseResult run() {
    CaseResult result;
    result.scenario = &scenario_;
    result.strategy = std::string(strategy_name(strategy_));
    result.seed = seed_;
    const auto start = Clock::now();
    result.verdict = Verdict::pass;
    for (std::size_t i = 0; i < scenario_.steps.size(); ++i) {
      step_index_ = i;
      const scenario::Step& step = scenario_.steps[i];
      std::visit([this](const auto& s) { this->execute(s); }, step);
      if (failed_) {
        result.verdict = verdict_;
        result.line = scenario::where_of(step).line;
        result.message = std::string(scenario::step_keyword(step)) + ": " + message_;
        result.divergence = divergence_;
        result.consequence_of = consequence_of_;
        break;
      }
    }
    result.duration = Clock::now() - start;
    result.answered = answered_;
    if (failed_) {
      for (const std::string& name : order_) {
        Connection& c = connections_[name];
        Traffic t = c.traffic;
        const std::string received = c.client ? c.client->received() : received_before_close_[name];
        t.received_total = received.size();
        t.received = received.substr(0, kTrafficShown);
        t.sent = t.sent.substr(0, kTrafficShown);
        result.traffic.push_back(std::move(t));
      }
    }
    return result;
  }

 private:
  void fail(std::string message, Verdict verdict, Divergence divergence) {
    failed_ = true;
    verdict_ = verdict;
    message_ = std::move(message);
    divergence_ = std::move(divergence);
  }
  void fail(std::string message, Divergence divergence) { fail(std::move(message), Verdict::fail, std::move(divergence)); }
  void fail(StepFailure f) { fail(std::move(f.message), Verdict::fail, std::move(f.divergence)); }

  Client& client(const std::string& name) { return *connections_[name].client; }

  void record_sent(const std::string& name, std::string_view bytes) {
    Traffic& t = connections_[name].traffic;
    t.sent_total += bytes.size();
    if (t.sent.size() < kTrafficShown) t.sent.append(bytes.substr(0, kTrafficShown - t.sent.size()));
  }

  void execute(const scenario::Connect& s) {
    Connection& c = connections_[s.connection];
    if (c.traffic.connection.empty()) {
      c.traffic.connection = s.connection;
      order_.push_back(s.connection);
    }
    c.kind = s.kind;
    c.client.reset();
    c.frames = 0;
    c.sent = false;
    // A server known not to answer (or to speak the other transport) is given only a short wait.
    const milliseconds timeout = limits_.quiet_wait.value_or(limits_.step_timeout);
    try {
      switch (s.kind) {
        case scenario::ConnectKind::gnp:
          if (tls_ == nullptr) {
            c.client.emplace(Client::connect(server_, timeout));
          } else if (s.refused) {
            expect_refused(s);
          } else {
            c.client.emplace(Client::connect_tls(server_, timeout, tls_->context(s.certificate, s.tls_version)));
          }
          break;
        case scenario::ConnectKind::plaintext:
          c.client.emplace(Client::connect(server_, timeout));
          break;
        case scenario::ConnectKind::stall_before_client_hello:
          c.client.emplace(Client::connect_stalled_tls(server_, timeout, HandshakeStall::before_client_hello));
          break;
        case scenario::ConnectKind::stall_mid_client_hello:
          c.client.emplace(Client::connect_stalled_tls(server_, timeout, HandshakeStall::mid_client_hello));
          break;
      }
    } catch (const ClientError& e) {
      const std::string what = e.what();
      // A handshake the server neither completes nor ends is a hang (9.7), not a refusal.
      const bool hung = what.find("not completed within") != std::string::npos;
      fail(std::string("connect ") + s.connection + ": " + what, hung ? Verdict::timeout : Verdict::fail,
           {"connect", "a connection", hung ? "a handshake neither completed nor ended" : error_kind(connect_error(what))});
      if (limits_.quiet_wait) consequence_of_ = limits_.quiet_cause;
    } catch (const cli::UsageError& e) {  // not reached: certify prepares every context before running
      fail(std::string("connect ") + s.connection + ": " + e.what(), {"connect", "a connection", e.what()});
    }
    if (c.client) c.client->set_reading_conventions(reading_for(s.kind), budget_);
  }

  // The lenient forms apply to GNP/1 connections; the byte limit to every connection.
  ReadingConventions reading_for(scenario::ConnectKind kind) const {
    if (kind == scenario::ConnectKind::gnp) return limits_.conventions;
    ReadingConventions strict;
    strict.max_response_bytes = limits_.conventions.max_response_bytes;
    return strict;
  }

  // A connect error without the address (it names a port that changes from run to run): what
  // follows "connect to ADDR: " or "TLS handshake with ADDR failed: " (an address has no ": "), so
  // a reason that itself contains ": " stays whole.
  static std::string connect_error(const std::string& what) {
    const std::size_t colon = what.find(": ");
    return colon == std::string::npos ? what : what.substr(colon + 2);
  }

  // 2.2: the server must not complete a handshake at a version it must not negotiate.
  void expect_refused(const scenario::Connect& s) {
    const std::string offered = s.tls_version ? "TLS " + *s.tls_version + " only" : "the default TLS versions";
    try {
      Client client = Client::connect_tls(server_, limits_.step_timeout, tls_->context(s.certificate, s.tls_version));
      fail("expected the server to refuse a handshake offering " + offered + "; it completed one (" +
               client.tls_version() + ")",
           {"connect", "a refused handshake offering " + offered, "a completed handshake"});
    } catch (const ClientError& e) {
      const std::string what = e.what();
      if (what.rfind("TLS handshake", 0) != 0) {
        fail("connect " + s.connection + ": " + what,  // not even TCP: nothing was refused
             {"connect", "a connection", error_kind(connect_error(what))});
      } else if (what.find("not completed within") != std::string::npos) {
        fail("expected the server to refuse a handshake offering " + offered + "; it neither completed nor ended it: " +
                 what,
             Verdict::timeout, {"connect", "a refused handshake offering " + offered, "neither completed nor ended"});
      }
    }
  }

  void execute(const scenario::Send& s) {
    // Each send gets its own seed so two equal sends are cut differently under "random".
    const std::vector<std::size_t> cuts = cut_points(strategy_, s.bytes, seed_ + step_index_);
    const SendResult sent = client(s.connection).send_pieces(s.bytes, cuts, pause_for(cuts.size() + 1),
                                                            limits_.step_timeout);
    record_sent(s.connection, std::string_view(s.bytes).substr(0, sent.bytes_sent));
    connections_[s.connection].sent = true;
    // A peer that closed is not judged here: the next expectation says whether that was right.
    if (sent.status == SendStatus::timeout) {
      fail("the server took no more bytes for " + std::to_string(limits_.step_timeout.count()) + " ms after " +
               std::to_string(sent.bytes_sent) + " of " + std::to_string(s.bytes.size()) + " bytes",
           Verdict::timeout, {"send", "the server takes the request", "it stopped reading"});
    }
  }

  // The step kind a failure of this expect is: the first frame of a connection is its greeting.
  std::string expect_kind(const std::string& name, const char* otherwise) {
    return connections_[name].frames == 0 ? "greeting" : otherwise;
  }

  // Reads the next frame, failing as soon as the bytes that arrived can no longer become `awaited`
  // rather than after the timeout.
  std::optional<ResponseFrame> read_frame(const std::string& name, const Awaited& awaited, const char* step,
                                         std::optional<milliseconds> within = std::nullopt) {
    Client& c = client(name);
    Connection& conn = connections_[name];
    const std::string kind = expect_kind(name, step);
    const bool quiet = !within && limits_.quiet_wait.has_value();
    const milliseconds timeout = within.value_or(quiet ? *limits_.quiet_wait : limits_.step_timeout);
    auto deadline = Clock::now() + timeout;
    bool stall_seen = false;
    const bool judge_prefixes = judges_prefixes(limits_.conventions, kind);
    for (;;) {
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
      const ReadResult r = c.read_response(std::clamp(left, milliseconds(0), kPrefixCheck));
      const std::string_view pending = c.pending();
      switch (r.status) {
        case ReadStatus::frame:
          if (conn.frames++ > 0 && conn.sent) answered_ = true;
          return r.frame;
        case ReadStatus::closed:
          fail(closed_before(kind, awaited, pending, r.error));
          return std::nullopt;
        case ReadStatus::malformed:
          fail(malformed(kind, awaited, r.error));
          return std::nullopt;
        case ReadStatus::timeout:
          break;
      }
      if (judge_prefixes && !pending.empty() && !awaited.can_become(pending)) {
        fail(cannot_become(kind, awaited, pending));
        return std::nullopt;
      }
      if (kind == "greeting" && !stall_seen && !limits_.stalled_greeting.empty() && pending == limits_.stalled_greeting) {
        stall_seen = true;  // the preflight saw the server stop right here
        deadline = std::min(deadline, Clock::now() + short_wait(limits_.step_timeout));
      }
      if (Clock::now() < deadline) continue;
      std::string message = "expected " + awaited.text + "; no complete response within " +
                            std::to_string(timeout.count()) + " ms" +
                            (pending.empty() ? "" : " (received " + quoted_bytes(pending) + ")");
      if (stall_seen) {
        message += "; the preflight saw the server greet like this and stop";
        consequence_of_ = limits_.stalled_greeting_cause;
      } else if (quiet) {
        message += "; waited briefly: the server answers nothing (preflight)";
        consequence_of_ = limits_.quiet_cause;
      }
      fail(message, Verdict::timeout,
           {kind, expected_in(kind, awaited),
            kind == "greeting" ? (pending.empty() ? "nothing" : quoted_bytes(pending))
                               : (pending.empty() ? "nothing within the timeout" : "part of a frame, then nothing")});
      return std::nullopt;
    }
  }

  void execute(const scenario::ExpectResponse& s) {
    const FrameExpectation expected = expectation_of(s);
    const std::string kind = expect_kind(s.connection, "response");
    const std::optional<ResponseFrame> frame =
        read_frame(s.connection, {expected.describe(), expected, {}}, "response", s.within);
    if (!frame) return;
    if (std::optional<StepFailure> f = judge_response(kind, expected, *frame)) fail(std::move(*f));
  }

  void execute(const scenario::ExpectRaw& s) {
    const std::string expected = quoted_bytes(s.bytes);
    const std::string kind = expect_kind(s.connection, "raw-response");
    const std::optional<ResponseFrame> frame = read_frame(s.connection, {expected, std::nullopt, s.bytes}, "raw-response");
    if (!frame) return;
    if (std::optional<StepFailure> f = judge_raw(kind, s.bytes, *frame, limits_.conventions)) fail(std::move(*f));
  }

  // Bytes already read but not yet part of a returned frame: unexpected before a close or a quiet spell.
  bool leftover_bytes(const std::string& name) {
    const std::size_t left = client(name).reader().buffered();
    if (left == 0) return false;
    const std::string& all = client(name).received();
    fail(leftover(std::string_view(all).substr(all.size() - left)));
    return true;
  }

  // A plaintext or stalled connection (9.7): what arrived outside TLS, judged as a whole.
  bool raw(const std::string& name) { return connections_[name].kind != scenario::ConnectKind::gnp; }

  void execute(const scenario::ExpectClosed& s) {
    Client& c = client(s.connection);
    if (!raw(s.connection) && leftover_bytes(s.connection)) return;
    const CloseResult r = c.wait_for_close(s.within);
    if (r.over_limit) {
      fail("expected the server to close; " + c.over_limit_error(), {"close", "close", "bytes without end"});
    } else if (std::optional<StepFailure> f = judge_close(raw(s.connection), c.received(), r, s.within, s.close_notify)) {
      fail(std::move(*f));
    }
  }

  void execute(const scenario::ExpectOpen& s) {
    if (!raw(s.connection) && leftover_bytes(s.connection)) return;
    Client& c = client(s.connection);
    const std::size_t before = c.received().size();
    const CloseResult r = c.wait_for_close(s.duration);
    if (r.over_limit) {
      return fail("expected silence for " + std::to_string(s.duration.count()) + " ms; " + c.over_limit_error(),
                  {"silence", "silence", "bytes without end"});
    }
    const std::string_view news =
        raw(s.connection) ? std::string_view(c.received()) : std::string_view(c.received()).substr(before);
    if (std::optional<StepFailure> f = judge_silence(raw(s.connection), news, r, s.duration)) fail(std::move(*f));
  }

  void execute(const scenario::Flood& s) {
    Client& c = client(s.connection);
    std::string chunk;
    while (chunk.size() < kFloodChunk) chunk += s.bytes;
    c.set_read_while_sending(false);
    std::uint64_t total = 0;
    while (total < s.max_bytes) {
      const SendResult r = c.send(chunk, s.stall);
      total += r.bytes_sent;
      if (r.status == SendStatus::timeout) break;  // the server stopped reading: bounded (10.4)
      if (r.status == SendStatus::peer_closed) {
        fail("the server closed the connection after taking " + std::to_string(total) + " bytes (" + r.error + ")",
             {"flood", "the server stops reading", "close"});
        break;
      }
    }
    c.set_read_while_sending(true);
    Traffic& t = connections_[s.connection].traffic;
    t.sent_total += total;
    if (!failed_ && total >= s.max_bytes) {
      fail("the server took " + std::to_string(total) +
               " bytes from a client that read no response: its output is not bounded",
           {"flood", "the server stops reading", "unbounded buffering"});
    }
  }

  void execute(const scenario::Wait& s) { std::this_thread::sleep_for(s.duration); }

  void execute(const scenario::Shutdown& s) { client(s.connection).shutdown_write(); }

  void execute(const scenario::Close& s) {
    Connection& c = connections_[s.connection];
    received_before_close_[s.connection] = c.client->received();
    c.client->close();
    c.client.reset();
  }

  const scenario::Scenario& scenario_;
  Strategy strategy_;
  std::uint64_t seed_;
  Address server_;
  StepLimits limits_;
  tls::TlsSetup* tls_;
  // What the case may read from the server, all its connections together (--max-response-bytes).
  std::shared_ptr<ReadBudget> budget_ = std::make_shared<ReadBudget>(limits_.conventions.max_response_bytes);
  std::map<std::string, Connection> connections_;
  std::map<std::string, std::string> received_before_close_;
  std::vector<std::string> order_;  // connection names in order of first connect
  std::size_t step_index_ = 0;
  bool failed_ = false;
  Verdict verdict_ = Verdict::pass;
  std::string message_;
  Divergence divergence_;
  std::string consequence_of_;
  bool answered_ = false;
};

}  // namespace

milliseconds short_wait(milliseconds step_timeout) { return std::max(milliseconds(25), step_timeout / 40); }

CaseResult run_case(const scenario::Scenario& scenario, Strategy strategy, std::uint64_t seed,
                    const Address& server, const StepLimits& limits, tls::TlsSetup* tls) {
  return CaseRun(scenario, strategy, seed, server, limits, tls).run();
}

}  // namespace wireproof::certify
