#include "response_check.hpp"

#include <sstream>

#include "escape.hpp"

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
  std::ostringstream why;
  const std::string got_status = frame.ok ? "OK" : "ERR " + frame.code;
  const std::string want_status = expected.error ? "ERR " + *expected.error : "OK";
  if (got_status != want_status) why << "status " << got_status << ", expected " << want_status << "; ";
  if (frame.sequence != expected.sequence) {
    why << "Sequence " << (frame.sequence ? std::to_string(*frame.sequence) : "absent") << ", expected "
        << (expected.sequence ? std::to_string(*expected.sequence) : "absent") << " (6.3); ";
  }
  if (frame.body != expected.body) {
    why << "body \"" << escape_bytes(frame.body) << "\", expected \"" << escape_bytes(expected.body) << "\"; ";
  }
  if (!frame.ok && !frame.message) why << "ERR without Message (6.5); ";
  std::string text = why.str();
  if (!text.empty()) text = "response \"" + escape_bytes(frame.raw) + "\": " + text + "expected per " + expected.section;
  return text;
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
