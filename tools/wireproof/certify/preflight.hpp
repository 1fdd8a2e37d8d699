// Before the suite, one probe of the server: how it greets (3.1, 6.6), whether it speaks the
// transport the run expects (2.2, 9.7), whether it answers a first request (6.1, 8.1), and which
// frame-level conventions it follows instead of PROTOCOL.md's (6.2). Each deviation is reported
// once, as its own result; a recognised one is then accepted in its place for the rest of the run
// (lenient reading, docs/SCENARIOS.md), so every other deviation still shows.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "harness/address.hpp"
#include "certify/case_result.hpp"
#include "harness/response_reader.hpp"
#include "certify/scenario_runner.hpp"

namespace wireproof::tls {
class TlsSetup;
}

namespace wireproof::certify {

enum class GreetingClass {
  exact,             // OK\r\n\r\n
  deviating,         // other bytes, then quiet (or something that can no longer become the greeting)
  closed,            // the server closed before the greeting was complete
  none,              // nothing within the timeout: accepting but not answering
  refused,           // no TCP connection (or no TLS handshake and no plaintext either)
  plaintext_on_tls,  // --tls, but the port talks GNP/1 in plaintext (2.2, 9.7)
  tls_on_plain,      // plain run, but the port speaks TLS (2.2)
};
std::string_view greeting_class_name(GreetingClass c);  // "exact", "deviating", ..., "tls-on-plain"

struct Preflight {
  // What the preflight keeps of the bytes a server sends in place of a greeting or an answer:
  // enough to show and to recognise a deviating form, little enough for a one-line summary.
  static constexpr std::size_t kMaxObserved = 256;

  bool ran = false;  // false when no server could be started for it
  GreetingClass greeting = GreetingClass::exact;
  std::string observed;  // what the server sent in place of the greeting (the first 256 bytes)
  bool observed_cut = false;  // it sent more than `observed` holds
  std::string detail;    // the connect or TLS error, for refused
  std::string deviation;  // how a deviating greeting differs, e.g. "no empty line ends the head"
  bool recognised = false;  // the deviation has a form the lenient reading can accept
  // A PING after the greeting (read leniently): answered within the timeout, and what came.
  bool probed_request = false;
  bool answers = false;
  std::string answer;  // the bytes received for the PING
  bool bare_lf_responses = false;  // the PING's answer used LF line ends
  bool strict = false;             // --strict: nothing is accepted in PROTOCOL.md's place
  ReadingConventions conventions;  // what later connections accept (strict when --strict or exact)

  // The server accepts connections but answers nothing: later cases wait only briefly.
  bool transport_mismatch() const {
    return greeting == GreetingClass::plaintext_on_tls || greeting == GreetingClass::tls_on_plain;
  }
  bool quiet() const {
    return greeting == GreetingClass::none || greeting == GreetingClass::tls_on_plain || (probed_request && !answers);
  }
  // What the probe's connections received, judged (no sockets: the fuzz target
  // hostile_server_fuzzer feeds these directly). take_greeting: the bytes in place of the greeting
  // (at most kMaxObserved), whether the server closed after them and whether it sent more
  // (`cut`); true when the probe goes on to a PING (the greeting is exact or a recognised
  // deviation). take_answer: what came for that PING (at most kMaxObserved bytes).
  bool take_greeting(std::string bytes, bool closed, bool cut, bool tls);
  void take_answer(std::string bytes);
  // One result per check the preflight made (scenarios "preflight/..."), failed where it deviates.
  std::vector<CaseResult> results() const;
  std::string summary() const;  // one line for every report format; "" when it did not run
  // `base` with what this preflight found applied: the conventions to accept, the short wait for
  // a quiet server, the greeting stall to recognise.
  StepLimits limits_for(StepLimits base) const;
  // How a liveness probe should read this server: the greeting as observed, even under --strict
  // (the probe asks whether the server answers, not whether it conforms).
  ReadingConventions probe_conventions() const {
    ReadingConventions c = conventions;
    if (recognised) c.greeting = observed;
    if (bare_lf_responses) c.bare_lf_line_ends = true;
    return c;
  }
};

// Probes `server` (plain TCP, or TLS with `tls`'s default context) waiting up to `timeout` for
// each answer, reading as `reading` says (the run's byte limit); the conventions it finds start
// from it.
Preflight run_preflight(const Address& server, tls::TlsSetup* tls, std::chrono::milliseconds timeout, bool strict,
                        const ReadingConventions& reading);

// The built-in scenarios the preflight's results cite.
bool is_preflight(const scenario::Scenario& s);
// The preflight's result when no server could be started for it (verdict error).
CaseResult preflight_not_started(const std::string& why);

}  // namespace wireproof::certify
