#include "response_summary.hpp"

#include "escape.hpp"
#include "response_reader.hpp"

namespace gnp_test {

std::vector<std::string> summarize(std::string_view bytes) {
  wireproof::ResponseReader reader;
  reader.feed(bytes);
  std::vector<std::string> lines;
  while (auto frame = reader.next()) {
    std::string line = frame->ok ? "OK" : "ERR " + frame->code;
    if (frame->sequence) line += " seq=" + std::to_string(*frame->sequence);
    if (!frame->body.empty()) line += " body=\"" + escaped(frame->body) + "\"";
    lines.push_back(std::move(line));
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
