#include "properties/response_check.hpp"


#include "harness/escape.hpp"
#include "harness/frame_expectation.hpp"

namespace wireproof::properties {

ReadFrames read_frames(std::string_view bytes) {
  ReadFrames out;
  ResponseReader reader;
  reader.feed(bytes);
  while (std::optional<ResponseFrame> frame = reader.next()) out.frames.push_back(std::move(*frame));
  if (reader.failed()) {
    out.problem = "unreadable response: " + reader.error();
  } else if (reader.buffered() != 0) {
    out.problem = "truncated response frame: " + std::to_string(reader.buffered()) + " bytes left over";
  }
  return out;
}

std::string mismatch(const ResponseFrame& frame, const ExpectedResponse& expected) {
  const FrameExpectation want{!expected.error, expected.error.value_or(""), expected.sequence, expected.body};
  std::string why;
  if (const std::optional<FrameDifference> d = want.difference(frame)) why = d->summary() + "; ";
  if (!frame.ok && !frame.message) why += "ERR without Message (6.5); ";
  if (!why.empty()) why = "response \"" + escape_bytes(frame.raw) + "\": " + why + "expected per " + expected.section;
  return why;
}

std::string byte_difference(std::string_view a_label, std::string_view a, std::string_view b_label,
                            std::string_view b) {
  if (a == b) return {};
  std::size_t at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at]) ++at;
  return "bytes differ from offset " + std::to_string(at) + "\n  " + std::string(a_label) + ": \"" +
         escape_bytes(a) + "\"\n  " + std::string(b_label) + ": \"" + escape_bytes(b) + "\"";
}

}  // namespace wireproof::properties
