#include "certify/preflight.hpp"

#include <algorithm>
#include <optional>

#include "certify/step_judgement.hpp"
#include "harness/client.hpp"
#include "harness/escape.hpp"
#include "harness/frame_expectation.hpp"
#include "tls/tls_setup.hpp"

namespace wireproof::certify {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::string_view kGreeting = "OK\r\n\r\n";  // 3.1, 6.6
constexpr std::string_view kPing = "PING\r\n\r\n";
constexpr std::string_view kPingAnswer = "OK\r\n\r\n";  // 8.1
// After bytes that can no longer become the greeting, how long the rest of them may take.
constexpr milliseconds kSettle{100};
constexpr milliseconds kSlice{10};

scenario::Scenario builtin(std::string id, std::string section, std::string title,
                           std::vector<std::string> requirements) {
  scenario::Scenario s;
  for (std::string& r : requirements) s.requirements.push_back({std::move(r), 0, 0});
  s.id = std::move(id);
  s.file = "(preflight)";
  s.section = std::move(section);
  s.title = std::move(title);
  s.level = scenario::Level::must;
  return s;
}

const scenario::Scenario& greeting_check() {
  static const scenario::Scenario s =
      builtin("preflight/greeting", "3.1", "on accept the server sends exactly the greeting OK\\r\\n\\r\\n (3.1, 6.6)",
              {"3.1/1", "6.6/2"});
  return s;
}
const scenario::Scenario& transport_check() {
  static const scenario::Scenario s = builtin(
      "preflight/transport", "2.2", "the port speaks TLS under --tls and plain GNP/1 otherwise, never both (2.2, 9.7)",
      {"2.2/3", "9.7/1"});
  return s;
}
const scenario::Scenario& request_check() {
  static const scenario::Scenario s =
      builtin("preflight/first-request", "6.1", "after the greeting a first request (PING) is answered (6.1, 8.1)", {"6.1/1"});
  return s;
}
const scenario::Scenario& line_end_check() {
  static const scenario::Scenario s =
      builtin("preflight/line-ends", "6.2", "response heads end their lines with CRLF (6.2)", {"6.2/1"});
  return s;
}

// How greeting bytes that start with OK differ from OK\r\n\r\n; "" when they are not a greeting.
std::string greeting_deviation(std::string_view bytes) {
  if (!bytes.starts_with("OK")) return "";
  if (bytes == "OK\r\n") return "the empty line that ends the head is missing (6.6)";
  if (bytes == "OK\n\n" || bytes == "OK\n") return "its lines end with a bare LF (6.2)";
  if (bytes.starts_with("OK\r\n") && bytes.ends_with("\r\n\r\n")) return "it carries header lines or a body (6.6)";
  return "it differs from OK\\r\\n\\r\\n (6.6)";
}

constexpr std::size_t kMaxObserved = Preflight::kMaxObserved;

// Reads until `expected` is complete, the bytes cannot become it, the peer closes or `timeout`.
// Returns the bytes received (the first kMaxObserved); `closed`, `timed_out` and `cut` (more
// arrived than kept) say how it ended.
struct Received {
  std::string bytes;
  bool closed = false;
  bool timed_out = false;
  bool cut = false;
};
Received read_towards(Client& client, std::string_view expected, milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  const std::size_t start = client.received().size();
  Received r;
  for (;;) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    const CloseResult c = client.wait_for_close(std::clamp(left, milliseconds(0), kSlice));
    r.bytes = client.received().substr(start, kMaxObserved + 1);
    if (c.closed_by_peer) {
      r.closed = true;
      return r;
    }
    if (r.bytes == expected) return r;
    if (!expected.starts_with(r.bytes)) {
      client.wait_for_close(kSettle);  // let the rest of what the server sends instead arrive
      r.bytes = client.received().substr(start, kMaxObserved + 1);
      r.closed = client.peer_closed();
      r.cut = r.bytes.size() > kMaxObserved;
      if (r.cut) r.bytes.resize(kMaxObserved);
      return r;
    }
    if (Clock::now() >= deadline) {
      r.timed_out = true;
      return r;
    }
  }
}

bool looks_like_tls(std::string_view bytes) {
  return bytes.size() >= 2 && (bytes[0] == '\x16' || bytes[0] == '\x15') && bytes[1] == '\x03';
}

bool reads_with_bare_lf(const std::string& bytes) {
  ResponseReader reader;
  reader.set_conventions({.greeting = std::nullopt, .bare_lf_line_ends = true});
  reader.feed(bytes);
  const std::optional<ResponseFrame> frame = reader.next();
  return frame && FrameExpectation::greeting().matches(*frame) && frame->raw != kPingAnswer;
}

class Probe {
 public:
  Probe(const Address& server, tls::TlsSetup* tls, milliseconds timeout, bool strict, const ReadingConventions& reading)
      : server_(server), tls_(tls), timeout_(timeout), base_(reading) {
    p_.strict = strict;
    p_.conventions = reading;
  }

  Preflight run() {
    p_.ran = true;
    std::optional<Client> client = connect();
    if (!client) return p_;
    const Received greeting = read_towards(*client, kGreeting, timeout_);
    if (!p_.take_greeting(greeting.bytes, greeting.closed, greeting.cut, tls_ != nullptr)) {
      if (p_.greeting == GreetingClass::none && !tls_ && speaks_tls()) p_.greeting = GreetingClass::tls_on_plain;
      return p_;
    }
    client.reset();  // one connection at a time: the server may allow only one
    probe_request();
    return p_;
  }

 private:
  std::optional<Client> connect() {
    try {
      Client client = tls_ ? Client::connect_tls(server_, timeout_, tls_->default_context())
                           : Client::connect(server_, timeout_);
      client.set_reading_conventions(base_);
      return client;
    } catch (const ClientError& e) {
      p_.greeting = GreetingClass::refused;
      p_.detail = e.what();
      if (tls_ && std::string_view(e.what()).find("TLS") != std::string_view::npos) plaintext_instead();
      return std::nullopt;
    }
  }

  // The TLS handshake failed: does the port talk GNP/1 in plaintext instead (2.2, 9.7)?
  void plaintext_instead() {
    try {
      Client plain = Client::connect(server_, timeout_);
      plain.set_reading_conventions(base_);
      const Received r = read_towards(plain, kGreeting, timeout_);
      if (r.bytes.starts_with("OK") || r.bytes.starts_with("ERR")) {
        p_.greeting = GreetingClass::plaintext_on_tls;
        p_.observed = r.bytes;
      }
    } catch (const ClientError&) {
    }
  }

  // Nothing came on plain TCP: does the port complete a TLS handshake (2.2)?
  bool speaks_tls() {
    try {
      TlsClientOptions options;
      options.insecure = true;
      Client::connect_tls(server_, timeout_, TlsClientContext(options));
      return true;
    } catch (const ClientError&) {
      return false;
    }
  }

  // A PING on a second connection, read with the conventions found so far.
  void probe_request() {
    p_.probed_request = true;
    try {
      Client client = tls_ ? Client::connect_tls(server_, timeout_, tls_->default_context())
                           : Client::connect(server_, timeout_);
      ReadingConventions reading = base_;
      reading.greeting = p_.observed;  // the greeting as this server sends it, whatever the mode
      client.set_reading_conventions(reading);
      if (client.read_response(timeout_).status != ReadStatus::frame) return;  // greets differently each time
      const std::size_t before = client.received().size();
      if (client.send(kPing, timeout_).status != SendStatus::sent) return;
      read_towards(client, kPingAnswer, timeout_);
      p_.take_answer(client.received().substr(before, kMaxObserved));
    } catch (const ClientError&) {
    }
  }

  Address server_;
  tls::TlsSetup* tls_;
  milliseconds timeout_;
  ReadingConventions base_;  // strict, with the run's byte limit
  Preflight p_;
};

CaseResult result_of(const scenario::Scenario& check, bool passed, std::string message, Divergence divergence) {
  CaseResult r;
  r.scenario = &check;
  r.strategy = "whole";
  r.verdict = passed ? Verdict::pass : Verdict::fail;
  if (!passed) {
    r.message = std::move(message);
    r.divergence = std::move(divergence);
  }
  return r;
}

}  // namespace

std::string_view greeting_class_name(GreetingClass c) {
  switch (c) {
    case GreetingClass::exact: return "exact";
    case GreetingClass::deviating: return "deviating";
    case GreetingClass::closed: return "closed";
    case GreetingClass::none: return "none";
    case GreetingClass::refused: return "refused";
    case GreetingClass::plaintext_on_tls: return "plaintext-on-tls";
    case GreetingClass::tls_on_plain: return "tls-on-plain";
  }
  return "?";
}

bool is_preflight(const scenario::Scenario& s) { return s.file == "(preflight)"; }

CaseResult preflight_not_started(const std::string& why) {
  CaseResult r = result_of(greeting_check(), false, "server did not start: " + why, {});
  r.verdict = Verdict::error;
  return r;
}

bool Preflight::take_greeting(std::string bytes, bool closed, bool cut, bool tls) {
  observed = std::move(bytes);
  if (observed == kGreeting) {
    greeting = GreetingClass::exact;
    return true;
  }
  if (!tls && looks_like_tls(observed)) {
    greeting = GreetingClass::tls_on_plain;
    return false;
  }
  if (observed.empty()) {
    greeting = closed ? GreetingClass::closed : GreetingClass::none;
    return false;
  }
  greeting = closed ? GreetingClass::closed : GreetingClass::deviating;
  observed_cut = cut;
  // A greeting is a few bytes: one that goes on and on is not a form to accept in its place.
  deviation = cut ? "" : greeting_deviation(observed);
  recognised = !deviation.empty() && !closed;
  if (recognised && !strict) conventions.greeting = observed;
  return recognised;
}

void Preflight::take_answer(std::string bytes) {
  answer = std::move(bytes);
  answers = !answer.empty();
  if (answers && answer != kPingAnswer) bare_lf_responses = reads_with_bare_lf(answer);
  if (bare_lf_responses && !strict) conventions.bare_lf_line_ends = true;
}

std::string Preflight::summary() const {
  if (!ran) return "";
  std::string text;
  switch (greeting) {
    case GreetingClass::exact: text = "greeting exact (OK\\r\\n\\r\\n)"; break;
    case GreetingClass::deviating:
      text = "greeting deviates: " + quoted_bytes(observed) + (observed_cut ? "... (and more)" : "") +
             " instead of \"OK\\r\\n\\r\\n\"" +
             (deviation.empty() ? "" : ": " + deviation);
      if (!recognised) text += "; not recognised as a greeting, the suite is read strictly";
      break;
    case GreetingClass::closed:
      text = "the server closed the connection " + (observed.empty() ? std::string("without a greeting")
                                                                     : "after " + quoted_bytes(observed));
      break;
    case GreetingClass::none:
      text = "no greeting within the timeout: the server accepts connections but sends nothing";
      break;
    case GreetingClass::refused: text = "no connection: " + escape_bytes(detail); break;
    case GreetingClass::plaintext_on_tls:
      text = "TLS expected (--tls), but the port talks GNP/1 in plaintext: " + quoted_bytes(observed);
      break;
    case GreetingClass::tls_on_plain: text = "plain TCP expected, but the port speaks TLS: run certify with --tls"; break;
  }
  if (probed_request) {
    if (!answers) {
      text += "; a PING after it got no answer: accepting but not answering, later waits are cut short";
    } else if (bare_lf_responses) {
      text += "; responses end their lines with a bare LF: " + quoted_bytes(answer);
    }
  }
  if (!conventions.strict()) {
    text += "; lenient reading: the observed form is accepted in its place (--strict: not)";
  }
  return text;
}

std::vector<CaseResult> Preflight::results() const {
  std::vector<CaseResult> out;
  if (!ran) return out;
  const bool transport_ok = greeting != GreetingClass::plaintext_on_tls && greeting != GreetingClass::tls_on_plain;
  if (!transport_ok) {
    out.push_back(result_of(transport_check(), false, summary(),
                            {"transport", greeting == GreetingClass::tls_on_plain ? "plain GNP/1" : "TLS",
                             greeting == GreetingClass::tls_on_plain ? "TLS" : "plaintext GNP/1"}));
    return out;
  }
  const bool greeted = greeting == GreetingClass::exact;
  std::string received = greeting == GreetingClass::refused ? "no connection"
                         : observed.empty()                 ? (greeting == GreetingClass::closed ? "close" : "nothing")
                                                            : quoted_bytes(observed);
  out.push_back(result_of(greeting_check(), greeted, summary(), {"greeting", quoted_bytes(kGreeting), received}));
  // A greeting with header lines or a body breaks 6.6 (exactly six octets); any other deviation, 3.1.
  const bool decorated = observed.size() > kGreeting.size() && observed.starts_with("OK\r\n") &&
                         observed.find("\r\n\r\n") != std::string::npos;
  if (!greeted) out.back().requirement = decorated ? "6.6/2" : "3.1/1";
  if (probed_request) {
    out.push_back(result_of(request_check(), answers, summary(),
                            {"response", "an answer to PING", "nothing within the timeout"}));
    if (answers) {
      out.push_back(result_of(line_end_check(), !bare_lf_responses, summary(),
                              {"response", "CRLF line ends", "bare LF line ends"}));
    }
  }
  return out;
}

StepLimits Preflight::limits_for(StepLimits base) const {
  base.conventions = conventions;
  if (quiet() || transport_mismatch()) {
    base.quiet_wait = short_wait(base.step_timeout);
    base.quiet_cause = transport_mismatch()                     ? "preflight/transport"
                       : greeting == GreetingClass::none   ? "preflight/greeting"
                                                           : "preflight/first-request";
  }
  if (greeting == GreetingClass::deviating && conventions.strict() && !observed.empty()) {
    base.stalled_greeting = observed;
    base.stalled_greeting_cause = "preflight/greeting";
  }
  return base;
}

Preflight run_preflight(const Address& server, tls::TlsSetup* tls, milliseconds timeout, bool strict,
                        const ReadingConventions& reading) {
  return Probe(server, tls, timeout, strict, reading).run();
}

}  // namespace wireproof::certify
