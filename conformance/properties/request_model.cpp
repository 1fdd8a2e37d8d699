#include "properties/request_model.hpp"

#include "harness/escape.hpp"

namespace wireproof::properties {

namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string to_bytes(const RequestModel& request) {
  std::string out = request.command;
  for (const std::string& arg : request.args) {
    out += ' ';
    out += arg;
  }
  for (const HeaderLine& header : request.headers) {
    out += "\r\n";
    out += header.name;
    if (header.colon) out += ':';
    out += header.raw_value;
  }
  out += "\r\n\r\n";
  return out;
}

std::ostream& operator<<(std::ostream& os, const ExpectedResponse& expected) {
  os << (expected.error ? "ERR " + *expected.error : std::string("OK"));
  if (expected.sequence) os << " Sequence=" << *expected.sequence;
  if (!expected.body.empty()) os << " body=\"" << escape_bytes(expected.body) << '"';
  os << (expected.closes ? " then close" : " stays open") << " (" << expected.section << ")";
  return os;
}

bool same_header_name(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string trim_header_value(const std::string& raw) {
  const std::size_t begin = raw.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  const std::size_t end = raw.find_last_not_of(" \t");
  return raw.substr(begin, end - begin + 1);
}

std::optional<std::uint64_t> model_sequence(const RequestModel& request) {
  for (const HeaderLine& header : request.headers) {
    if (!same_header_name(header.name, "Sequence")) continue;
    std::uint64_t n = 0;
    for (char c : trim_header_value(header.raw_value)) n = n * 10 + static_cast<std::uint64_t>(c - '0');
    return n;
  }
  return std::nullopt;
}

ExpectedResponse expected_for_valid(const RequestModel& request, ModelStore& store) {
  ExpectedResponse r;
  r.sequence = model_sequence(request);
  const std::string& cmd = request.command;
  const auto& args = request.args;
  if (cmd == "PING") {
    r.section = "8.1";
  } else if (cmd == "ECHO") {
    r.section = "8.2";
    for (std::size_t i = 0; i < args.size(); ++i) r.body += (i == 0 ? "" : " ") + args[i];
  } else if (cmd == "SET") {
    r.section = "8.3";
    store[args.at(0)] = args.at(1);
  } else if (cmd == "GET") {
    r.section = "8.4";
    const auto it = store.find(args.at(0));
    if (it == store.end()) {
      r.error = "not-found";
    } else {
      r.body = it->second;
    }
  } else if (cmd == "DEL") {
    r.section = "8.5";
    if (store.erase(args.at(0)) == 0) r.error = "not-found";
  } else if (cmd == "QUIT") {
    r.section = "8.6";
    r.closes = true;
  } else {
    r.section = "8.7";
    r.error = "unknown-command";
  }
  return r;
}

}  // namespace wireproof::properties
