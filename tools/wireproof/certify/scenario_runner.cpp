#include "scenario_runner.hpp"

#include <map>
#include <optional>
#include <thread>

#include "arguments.hpp"
#include "client.hpp"
#include "escape.hpp"
#include "tls_setup.hpp"

namespace wireproof::certify {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kTrafficShown = 4096;  // bytes kept per direction for a failure report
constexpr std::size_t kFloodChunk = 64 * 1024;

// Pieces travel as separate segments when paused between; very many pieces (bytewise 8 KiB) go
// without a pause, where TCP_NODELAY alone keeps the writes apart, so a run stays fast.
std::chrono::microseconds pause_for(std::size_t pieces) {
  return pieces <= 512 ? std::chrono::microseconds(100) : std::chrono::microseconds(0);
}

std::string describe(const scenario::ExpectResponse& e) {
  std::string text = e.ok ? "OK" : "ERR " + e.code;
  text += e.sequence ? " with Sequence " + std::to_string(*e.sequence) : " without Sequence";
  text += e.body.empty() ? ", no body" : ", body \"" + escape_bytes(e.body) + "\"";
  return text;
}

std::string describe(const ResponseFrame& f) {
  std::string text = f.ok ? "OK" : "ERR " + f.code;
  text += f.sequence ? " with Sequence " + std::to_string(*f.sequence) : " without Sequence";
  text += f.body.empty() ? ", no body" : ", body \"" + escape_bytes(f.body.substr(0, 200)) + "\"";
  if (f.body.size() > 200) text += "... (" + std::to_string(f.body.size()) + " bytes)";
  return text;
}

// Why `frame` does not match `expected`, or nothing when it does. Message text is never compared (6.5).
std::optional<std::string> mismatch(const scenario::ExpectResponse& expected, const ResponseFrame& frame) {
  const bool same = frame.ok == expected.ok && frame.code == expected.code && frame.sequence == expected.sequence &&
                    frame.body == expected.body;
  if (same) return std::nullopt;
  return "expected " + describe(expected) + "; got " + describe(frame);
}

// What a plaintext or stalled client may receive from a TLS port before it is closed: TLS alert
// records, whole (9.7: a TLS alert MAY be sent, 11.5). Anything else is the server talking GNP/1
// (or garbage) outside TLS.
bool only_tls_alerts(std::string_view bytes) {
  constexpr unsigned char kAlert = 0x15;
  while (!bytes.empty()) {
    if (bytes.size() < 5 || static_cast<unsigned char>(bytes[0]) != kAlert || bytes[1] != '\x03') return false;
    const std::size_t length = static_cast<std::size_t>(static_cast<unsigned char>(bytes[3])) << 8 |
                               static_cast<unsigned char>(bytes[4]);
    if (bytes.size() < 5 + length) return false;
    bytes.remove_prefix(5 + length);
  }
  return true;
}

struct Connection {
  std::optional<Client> client;
  Traffic traffic;
  scenario::ConnectKind kind = scenario::ConnectKind::gnp;
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
        break;
      }
    }
    result.duration = Clock::now() - start;
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
  void fail(std::string message, Verdict verdict = Verdict::fail) {
    failed_ = true;
    verdict_ = verdict;
    message_ = std::move(message);
  }

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
    const milliseconds timeout = limits_.step_timeout;
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
      fail(std::string("connect ") + s.connection + ": " + what, hung ? Verdict::timeout : Verdict::fail);
    } catch (const cli::UsageError& e) {  // not reached: certify prepares every context before running
      fail(std::string("connect ") + s.connection + ": " + e.what());
    }
  }

  // 2.2: the server must not complete a handshake at a version it must not negotiate.
  void expect_refused(const scenario::Connect& s) {
    const std::string offered = s.tls_version ? "TLS " + *s.tls_version + " only" : "the default TLS versions";
    try {
      Client client = Client::connect_tls(server_, limits_.step_timeout, tls_->context(s.certificate, s.tls_version));
      fail("expected the server to refuse a handshake offering " + offered + "; it completed one (" +
           client.tls_version() + ")");
    } catch (const ClientError& e) {
      const std::string what = e.what();
      if (what.rfind("TLS handshake", 0) != 0) {
        fail("connect " + s.connection + ": " + what);  // not even TCP: nothing was refused
      } else if (what.find("not completed within") != std::string::npos) {
        fail("expected the server to refuse a handshake offering " + offered + "; it neither completed nor ended it: " +
                 what,
             Verdict::timeout);
      }
    }
  }

  void execute(const scenario::Send& s) {
    // Each send gets its own seed so two equal sends are cut differently under "random".
    const std::vector<std::size_t> cuts = cut_points(strategy_, s.bytes, seed_ + step_index_);
    const SendResult sent = client(s.connection).send_pieces(s.bytes, cuts, pause_for(cuts.size() + 1),
                                                            limits_.step_timeout);
    record_sent(s.connection, std::string_view(s.bytes).substr(0, sent.bytes_sent));
    // A peer that closed is not judged here: the next expectation says whether that was right.
    if (sent.status == SendStatus::timeout) {
      fail("the server took no more bytes for " + std::to_string(limits_.step_timeout.count()) + " ms after " +
               std::to_string(sent.bytes_sent) + " of " + std::to_string(s.bytes.size()) + " bytes",
           Verdict::timeout);
    }
  }

  std::optional<ResponseFrame> read_frame(const std::string& name, const std::string& expected,
                                         std::optional<milliseconds> within = std::nullopt) {
    const milliseconds timeout = within.value_or(limits_.step_timeout);
    const ReadResult r = client(name).read_response(timeout);
    switch (r.status) {
      case ReadStatus::frame:
        return r.frame;
      case ReadStatus::closed:
        fail("expected " + expected + "; the server closed the connection (" + r.error + ")");
        break;
      case ReadStatus::timeout:
        fail("expected " + expected + "; " +
                 (r.error.empty() ? "no complete response within " + std::to_string(timeout.count()) + " ms"
                                  : r.error),
             Verdict::timeout);
        break;
      case ReadStatus::malformed:
        fail("expected " + expected + "; malformed response: " + r.error);
        break;
    }
    return std::nullopt;
  }

  void execute(const scenario::ExpectResponse& s) {
    const std::optional<ResponseFrame> frame = read_frame(s.connection, describe(s), s.within);
    if (!frame) return;
    if (auto why = mismatch(s, *frame)) fail(*why);
  }

  void execute(const scenario::ExpectRaw& s) {
    const std::string expected = "\"" + escape_bytes(s.bytes) + "\"";
    const std::optional<ResponseFrame> frame = read_frame(s.connection, expected);
    if (!frame) return;
    if (frame->raw != s.bytes) fail("expected " + expected + "; got \"" + escape_bytes(frame->raw) + "\"");
  }

  // Bytes already read but not yet part of a returned frame: unexpected before a close or a quiet spell.
  bool leftover_bytes(const std::string& name) {
    const std::size_t left = client(name).reader().buffered();
    if (left == 0) return false;
    const std::string& all = client(name).received();
    fail("unexpected bytes from the server: \"" + escape_bytes(all.substr(all.size() - left)) + "\"");
    return true;
  }

  // A plaintext or stalled connection (9.7): what arrived outside TLS, judged as a whole.
  bool raw(const std::string& name) { return connections_[name].kind != scenario::ConnectKind::gnp; }

  void execute(const scenario::ExpectClosed& s) {
    Client& c = client(s.connection);
    if (!raw(s.connection) && leftover_bytes(s.connection)) return;
    const CloseResult r = c.wait_for_close(s.within);
    if (raw(s.connection) && !only_tls_alerts(c.received())) {
      fail("expected the server to close, at most after a TLS alert (9.7); it sent \"" +
           escape_bytes(c.received().substr(0, 300)) + "\" outside TLS");
    } else if (!raw(s.connection) && !r.data_received_meanwhile.empty()) {
      fail("expected the server to close; it sent \"" + escape_bytes(r.data_received_meanwhile.substr(0, 300)) +
           "\" instead");
    } else if (!r.closed_by_peer) {
      fail("expected the server to close within " + std::to_string(s.within.count()) + " ms; it kept the connection open" +
           (r.tls_close_notify ? " (after sending TLS close_notify)" : ""));
    } else if (s.close_notify && !r.tls_close_notify) {
      fail("expected TLS close_notify before the close (9.5); the server " + std::string(r.reset ? "reset" : "closed") +
           " the TCP connection without it" + (r.tls_error.empty() ? "" : " (TLS: " + r.tls_error + ")"));
    }
  }

  void execute(const scenario::ExpectOpen& s) {
    if (!raw(s.connection) && leftover_bytes(s.connection)) return;
    Client& c = client(s.connection);
    const std::size_t before = c.received().size();
    const CloseResult r = c.wait_for_close(s.duration);
    const std::string_view news =
        raw(s.connection) ? std::string_view(c.received()) : std::string_view(c.received()).substr(before);
    if (!news.empty()) {
      fail("expected silence for " + std::to_string(s.duration.count()) + " ms; the server sent \"" +
           escape_bytes(news.substr(0, 300)) + "\"" + (raw(s.connection) ? " outside TLS" : ""));
    } else if (r.closed_by_peer) {
      fail(std::string("expected the connection to stay open; the server ") + (r.reset ? "reset" : "closed") + " it");
    }
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
        fail("the server closed the connection after taking " + std::to_string(total) + " bytes (" + r.error + ")");
        break;
      }
    }
    c.set_read_while_sending(true);
    Traffic& t = connections_[s.connection].traffic;
    t.sent_total += total;
    if (!failed_ && total >= s.max_bytes) {
      fail("the server took " + std::to_string(total) +
           " bytes from a client that read no response: its output is not bounded");
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
  std::map<std::string, Connection> connections_;
  std::map<std::string, std::string> received_before_close_;
  std::vector<std::string> order_;  // connection names in order of first connect
  std::size_t step_index_ = 0;
  bool failed_ = false;
  Verdict verdict_ = Verdict::pass;
  std::string message_;
};

}  // namespace

CaseResult run_case(const scenario::Scenario& scenario, Strategy strategy, std::uint64_t seed,
                    const Address& server, const StepLimits& limits, tls::TlsSetup* tls) {
  return CaseRun(scenario, strategy, seed, server, limits, tls).run();
}

}  // namespace wireproof::certify
