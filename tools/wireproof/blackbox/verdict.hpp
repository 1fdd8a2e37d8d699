// Judges what a server sent on one connection against the reference expectation, frame by
// frame (status, code, Sequence, Size, body; Message text is informative only, 6.5), greeting
// first, close exactly where expected. Says which PROTOCOL.md section a difference violates.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "blackbox/expectation.hpp"
#include "harness/frame_expectation.hpp"
#include "target/outcome.hpp"

namespace wireproof::blackbox {

// What the client saw on the wire after sending the stream and half-closing.
struct Observation {
  std::string received;    // every byte the server sent
  bool closed = false;     // the server closed (EOF or reset) before the deadline
  bool timed_out = false;  // the deadline passed with the connection still open
  // Reading stopped at the byte limit (ReadingConventions::max_response_bytes) with the connection
  // still open (timed_out is set too: the judge sees an open connection): `received` is the
  // first bytes, and the rest was never read.
  bool over_limit = false;
  ReadingConventions reading;  // how `received` is read (Timing::reading)
};

struct Verdict {
  Outcome outcome = Outcome::pass;  // pass, fail, timeout or crash
  std::string section;  // PROTOCOL.md section for a violation, e.g. "6.1"; what a hang awaited otherwise
  std::string kind;     // greeting, status, sequence, size, body, order, malformed, missing-response,
                        // extra-response, early-close, awaited-response, awaited-close, ...
  std::string summary;  // one line
  std::string detail;   // multi-line: expected vs received (escaped), the request bytes
  std::size_t frame_index = 0;  // 0 = greeting, i = answer to request i
  // A crash's root cause (crash_signature): how the server died and where, whatever the client saw.
  std::string signature;

  // Findings with the same key are the same bug for deduplication: a crash by its signature, a
  // violation or hang by its section and kind of divergence.
  std::string key() const {
    if (outcome == Outcome::crash && !signature.empty()) return "crash " + signature;
    return std::string(outcome_name(outcome)) + " " + section + " " + kind;
  }
};

// How a server died, for telling crashes apart: its exit status plus the sanitizer's SUMMARY
// line when its output has one, else the function names of the top three stack frames
// ("#0 0x... in free ..."), else the status alone.
std::string crash_signature(const std::string& status, const std::vector<std::string>& output);

Verdict judge(const Expectation& expected, const Observation& observed);

// Frames are equal for the protocol (FrameExpectation: status, code, Sequence, body; not Message, 6.5).
inline bool same_frame(const ResponseFrame& a, const ResponseFrame& b) { return FrameExpectation::of(a).matches(b); }

// One-line printable form of a frame without its Message text, e.g. "ERR not-found Sequence=4".
using wireproof::describe_frame;

// The section a ResponseReader error cites at its end, the number alone: "... (6.4)" and
// "... (6.2: only Sequence, Size, Message)" give 6.4 and 6.2; 6.2 when it names none. (It becomes
// a reproducer scenario's `section`.)
std::string reader_error_section(const std::string& error);

// The section a bad-request from the reference parser cites (5.2-5.5), from `request` alone.
std::string bad_request_section(std::string_view request);

}  // namespace wireproof::blackbox
