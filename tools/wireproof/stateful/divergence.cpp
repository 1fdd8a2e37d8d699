#include "stateful/divergence.hpp"

#include "core/request.hpp"
#include "core/request_parser.hpp"
#include "stateful/traffic.hpp"

namespace wireproof::stateful {

namespace {

std::string_view text_of(std::string_view request) {
  if (request.ends_with("\r\n\r\n")) request.remove_suffix(4);
  return request;
}

std::string status_of(const ResponseFrame& frame) { return frame.ok ? "OK" : frame.code; }

}  // namespace

bool frames_match(const ResponseFrame& expected, const ResponseFrame& got) { return blackbox::same_frame(expected, got); }

void note_write(KeyWriters& writers, std::string_view request, const ResponseFrame& answer,
                const std::string& connection) {
  gnp::Request parsed;
  if (gnp::parse_request(text_of(request), parsed)) return;
  const bool set = parsed.command == "SET" && parsed.args.size() == 2;
  const bool del = parsed.command == "DEL" && parsed.args.size() == 1 && answer.ok;
  if (!set && !del) return;
  // The reset connection only makes keys absent: for the table the key was never written.
  if (connection == kResetConnection) {
    writers.erase(std::string(parsed.args.front()));
  } else {
    writers[std::string(parsed.args.front())] = connection;
  }
}

std::pair<std::string, std::string> answer_requirement(std::string_view request, const ResponseFrame& expected,
                                                       const ResponseFrame& got, const KeyWriters& writers,
                                                       const std::string& connection) {
  const std::string want = status_of(expected);
  const std::string have = status_of(got);
  auto either = [&](std::string_view status) { return want == status || have == status; };
  if (want != have) {
    if (either("too-large")) return {"4.2/1", "status"};
    if (either("bad-encoding")) return {"5.1/1", "status"};
    if (either("bad-request")) return {blackbox::bad_request_section(text_of(request)) + "/1", "status"};
  } else if (expected.sequence != got.sequence) {
    return {"6.3/1", "sequence"};
  } else if (expected.body == got.body && expected.size != got.size) {
    return {"6.4/3", "size"};
  }
  gnp::Request parsed;
  if (gnp::parse_request(text_of(request), parsed)) return {"8.7/2", "status"};
  const std::string_view cmd = parsed.command;
  const std::string kind = want != have ? "status" : "body";
  if (cmd == "PING" && parsed.args.empty()) return {"8.1/1", kind};
  if (cmd == "ECHO" && !parsed.args.empty()) return {"8.2/2", kind};
  if (cmd == "SET" && parsed.args.size() == 2) return {"8.3/1", kind};
  if (cmd == "QUIT" && parsed.args.empty()) return {"8.6/1", kind};
  const bool get = cmd == "GET" && parsed.args.size() == 1;
  const bool del = cmd == "DEL" && parsed.args.size() == 1;
  if (get || del) {
    if (const auto writer = writers.find(std::string(parsed.args.front())); writer != writers.end()) {
      return {writer->second == connection ? "8.8/3" : "8.8/2", "store-value"};
    }
    if (del) return {"8.5/2", kind};
    return {want == "not-found" ? "8.4/3" : "8.4/2", kind};
  }
  const bool known = cmd == "PING" || cmd == "ECHO" || cmd == "SET" || cmd == "GET" || cmd == "DEL" || cmd == "QUIT";
  return {known ? "8.7/1" : "8.7/2", kind};
}

std::string section_of(const std::string& requirement) { return requirement.substr(0, requirement.find('/')); }

}  // namespace wireproof::stateful
