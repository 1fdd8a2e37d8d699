#include "response_summary.hpp"

#include "harness/escape.hpp"
#include "harness/frame_expectation.hpp"
#include "harness/response_reader.hpp"

namespace gnp_test {

std::vector<std::string> summarize(std::string_view bytes) {
  wireproof::ResponseReader reader;
  reader.feed(bytes);
  std::vector<std::string> lines;
  while (auto frame = reader.next()) {
    lines.push_back(wireproof::describe_frame(*frame, frame->body.size()));
  }
  if (reader.failed()) {
    lines.push_back("<" + reader.error() + ">");
  } else if (reader.buffered() != 0) {
    lines.push_back("<incomplete frame: " + std::to_string(reader.buffered()) + " bytes>");
  }
  return lines;
}

std::string escaped(std::string_view bytes) { return wireproof::escape_bytes(bytes); }

}  // namespace gnp_test
