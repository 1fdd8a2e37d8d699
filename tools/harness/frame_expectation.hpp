// What the next response frame must be, and how a received frame (or the start of one) measures
// up to it. PROTOCOL.md 6.2 fixes every byte of a frame except the Message text, so a frame is
// expected by status, code, Sequence and body; Size follows from the body (6.4) and the Message is
// never compared (6.5). The one place that compares, describes and judges prefixes of frames for
// the core tests, the fuzzers, certify, the black-box verdict and the property suites.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/response_reader.hpp"

namespace wireproof {

inline constexpr std::size_t kBodyShown = 200;  // body bytes shown by describe() and describe_frame()

// How a frame differs from an expectation: the first aspect that differs, in 6.2's order.
struct FrameDifference {
  enum class Aspect { status, sequence, body };
  Aspect aspect = Aspect::status;
  std::string expected;  // FrameExpectation::describe() of the expectation
  std::string received;  // describe_frame() of the frame
  std::string summary() const { return "expected " + expected + "; got " + received; }
  // The same without the request's values, so that failures of one kind group as one root cause:
  // e.g. "Sequence on ERR not-found" / "no Sequence".
  std::string kind_expected;
  std::string kind_received;
};

std::string_view aspect_name(FrameDifference::Aspect aspect);  // "status", "sequence", "body"

struct FrameExpectation {
  bool ok = true;
  std::string code;                       // ERR code (7.1); empty for OK
  std::optional<std::uint64_t> sequence;  // the echoed Sequence (6.3); nullopt: none allowed
  std::string body;                       // empty: no body and no Size (6.4)

  static FrameExpectation greeting() { return {}; }  // OK, no headers, no body (6.6)
  static FrameExpectation error(std::string code, std::optional<std::uint64_t> sequence = std::nullopt) {
    return {false, std::move(code), sequence, {}};
  }
  static FrameExpectation of(const ResponseFrame& frame) { return {frame.ok, frame.code, frame.sequence, frame.body}; }

  bool matches(const ResponseFrame& frame) const { return !difference(frame); }
  std::optional<FrameDifference> difference(const ResponseFrame& frame) const;

  // Whether bytes that begin a frame can still become one this expectation accepts (false as
  // soon as they cannot, e.g. "OK\r\nX" for the greeting), so a reader need not wait for a
  // timeout to know. Bytes past a complete accepted frame are not looked at.
  bool can_become(std::string_view prefix) const;

  // One line, e.g. `OK`, `OK Sequence=5 body="abc"`, `ERR not-found Sequence=9`.
  std::string describe() const;

  friend bool operator==(const FrameExpectation&, const FrameExpectation&) = default;
};

// The same notation for a received frame (its Message is left out: informative only, 6.5).
// Bodies longer than `body_shown` bytes are cut, with their length given.
std::string describe_frame(const ResponseFrame& frame, std::size_t body_shown = kBodyShown);

}  // namespace wireproof
