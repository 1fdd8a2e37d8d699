#include "harness/frame_expectation.hpp"

#include "harness/escape.hpp"

namespace wireproof {
namespace {

std::string describe_parts(bool ok, const std::string& code, const std::optional<std::uint64_t>& sequence,
                           std::string_view body, std::size_t body_shown = kBodyShown) {
  std::string out = ok ? "OK" : "ERR " + code;
  if (sequence) out += " Sequence=" + std::to_string(*sequence);
  if (!body.empty()) {
    out += " body=\"" + escape_bytes(body.substr(0, body_shown)) + "\"";
    if (body.size() > body_shown) out += "... (" + std::to_string(body.size()) + " bytes)";
  }
  return out;
}

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

// `prefix` and `literal` agree on their common length.
bool agrees(std::string_view prefix, std::string_view literal) {
  const std::size_t n = std::min(prefix.size(), literal.size());
  return prefix.substr(0, n) == literal.substr(0, n);
}

}  // namespace

std::string_view aspect_name(FrameDifference::Aspect aspect) {
  switch (aspect) {
    case FrameDifference::Aspect::status: return "status";
    case FrameDifference::Aspect::sequence: return "sequence";
    case FrameDifference::Aspect::body: return "body";
  }
  return "?";
}

std::optional<FrameDifference> FrameExpectation::difference(const ResponseFrame& frame) const {
  FrameDifference d;
  if (frame.ok != ok || frame.code != code) {
    d.aspect = FrameDifference::Aspect::status;
  } else if (frame.sequence != sequence) {
    d.aspect = FrameDifference::Aspect::sequence;
  } else if (frame.body != body) {
    d.aspect = FrameDifference::Aspect::body;
  } else {
    return std::nullopt;
  }
  d.expected = describe();
  d.received = describe_frame(frame);
  const std::string want = ok ? "OK" : "ERR " + code;
  const std::string got = frame.ok ? "OK" : "ERR " + frame.code;
  switch (d.aspect) {
    case FrameDifference::Aspect::status: d.kind_expected = want; d.kind_received = got; break;
    case FrameDifference::Aspect::sequence:
      d.kind_expected = !sequence ? "no Sequence on " + want : frame.sequence ? "the request's Sequence on " + want : "Sequence on " + want;
      d.kind_received = !sequence ? "a Sequence" : frame.sequence ? "another Sequence value" : "no Sequence";
      break;
    case FrameDifference::Aspect::body:
      d.kind_expected = body.empty() ? "no body on " + want : "the body of " + want;
      d.kind_received = frame.body.empty() ? "no body" : "another body";
      break;
  }
  return d;
}

bool FrameExpectation::can_become(std::string_view prefix) const {
  // 6.2 fixes the bytes in order: status line, Sequence, Size, Message, empty line, body.
  std::string head = ok ? "OK\r\n" : "ERR " + code + "\r\n";
  if (sequence) head += "Sequence: " + std::to_string(*sequence) + "\r\n";
  if (ok) {
    if (!body.empty()) head += "Size: " + std::to_string(body.size()) + "\r\n";
    return agrees(prefix, head + "\r\n" + body);
  }
  head += "Message: ";  // then one line of any text without controls, at least one byte (6.5)
  if (!agrees(prefix, head)) return false;
  if (prefix.size() <= head.size()) return true;
  const std::string_view text_and_rest = prefix.substr(head.size());
  const std::size_t end = text_and_rest.find('\r');
  const std::string_view text = text_and_rest.substr(0, end);
  for (char c : text) {
    if (is_control(c)) return false;
  }
  if (end == std::string_view::npos) return true;
  return end > 0 && agrees(text_and_rest.substr(end), "\r\n\r\n");
}

std::string FrameExpectation::describe() const { return describe_parts(ok, code, sequence, body); }

std::string describe_frame(const ResponseFrame& frame, std::size_t body_shown) {
  return describe_parts(frame.ok, frame.code, frame.sequence, frame.body, body_shown);
}

}  // namespace wireproof
