#include "response_reader.hpp"

#include <array>
#include <cstdio>

namespace gnp_test {

namespace {

// PROTOCOL.md 7.1, spelled out here rather than taken from the core.
constexpr std::array<std::string_view, 12> kErrorCodes = {
    "bad-encoding",  "bad-request",       "too-large",          "unknown-command",
    "bad-arguments", "not-found",         "auth-required",      "auth-unknown-cert",
    "auth-not-yet-valid", "auth-expired", "busy",               "timeout",
};

bool is_canonical_decimal(std::string_view s) {
  if (s.empty() || s.size() > 20) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return s == "0" || s.front() != '0';
}

bool has_control(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

}  // namespace

ReadResult read_responses(std::string_view bytes) {
  ReadResult result;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    const std::size_t frame_start = pos;
    auto next_line = [&](std::string_view& line) {
      const std::size_t eol = bytes.find("\r\n", pos);
      if (eol == std::string_view::npos) return false;
      line = bytes.substr(pos, eol - pos);
      pos = eol + 2;
      return true;
    };
    auto incomplete = [&] {
      result.leftover = bytes.size() - frame_start;
      return result;
    };

    ResponseFrame frame;
    std::string_view line;
    if (!next_line(line)) return incomplete();
    if (line == "OK") {
      frame.status = "OK";
    } else if (line.substr(0, 4) == "ERR ") {
      bool known = false;
      for (std::string_view code : kErrorCodes) known = known || line.substr(4) == code;
      if (!known) {
        result.error = "unknown status line \"" + escaped(line) + "\" (7.1)";
        return result;
      }
      frame.status = std::string(line);
    } else {
      result.error = "bad status line \"" + escaped(line) + "\" (6.2)";
      return result;
    }

    // Headers in the order of 6.2, each at most once.
    std::optional<std::size_t> size;
    int order = 0;
    while (true) {
      if (!next_line(line)) return incomplete();
      if (line.empty()) break;
      const std::size_t colon = line.find(": ");
      const std::string_view name = line.substr(0, colon);
      const std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 2);
      const int rank = name == "Sequence" ? 1 : name == "Size" ? 2 : name == "Message" ? 3 : 0;
      if (colon == std::string_view::npos || rank == 0) {
        result.error = "unexpected header line \"" + escaped(line) + "\" (6.2)";
        return result;
      }
      if (rank <= order) {
        result.error = "header " + std::string(name) + " repeated or out of order (6.2)";
        return result;
      }
      order = rank;
      if (rank == 1) {
        if (!is_canonical_decimal(value)) {
          result.error = "Sequence not canonical decimal: \"" + escaped(value) + "\" (6.3)";
          return result;
        }
        frame.sequence = std::string(value);
      } else if (rank == 2) {
        if (!is_canonical_decimal(value) || value == "0") {
          result.error = "Size must be a positive decimal: \"" + escaped(value) + "\" (6.4)";
          return result;
        }
        size = std::stoull(std::string(value));
      } else {
        if (value.empty()) {
          result.error = "empty Message (6.5)";
          return result;
        }
        if (has_control(value)) {
          result.error = "Message contains a control character (6.5)";
          return result;
        }
        frame.message = std::string(value);
      }
    }
    if (frame.status == "OK" && frame.message) {
      result.error = "OK frame carries Message (6.5)";
      return result;
    }
    if (frame.status != "OK" && !frame.message) {
      result.error = frame.status + " without Message (6.5)";
      return result;
    }
    if (size) {
      if (bytes.size() - pos < *size) return incomplete();
      frame.body = std::string(bytes.substr(pos, *size));
      pos += *size;
    }
    result.frames.push_back(std::move(frame));
  }
  return result;
}

std::vector<std::string> summarize(std::string_view bytes) {
  const ReadResult read = read_responses(bytes);
  std::vector<std::string> lines;
  for (const ResponseFrame& frame : read.frames) {
    std::string line = frame.status;
    if (frame.sequence) line += " seq=" + *frame.sequence;
    if (!frame.body.empty()) line += " body=\"" + escaped(frame.body) + "\"";
    lines.push_back(std::move(line));
  }
  if (!read.error.empty()) lines.push_back("<" + read.error + ">");
  if (read.leftover != 0) lines.push_back("<incomplete frame: " + std::to_string(read.leftover) + " bytes>");
  return lines;
}

std::string escaped(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace gnp_test
