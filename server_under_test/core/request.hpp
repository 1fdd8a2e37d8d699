// A parsed GNP/1 request (PROTOCOL.md 5). Views point into the frame it was parsed from.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gnp {

inline constexpr std::uint64_t kMaxSequence = 9223372036854775807ULL;  // 2^63 - 1 (5.5)

struct Header {
  std::string_view name;   // as sent; compare case-insensitively
  std::string_view value;  // trimmed of SP/HT
};

struct Request {
  std::string_view command;             // token 1, case-sensitive
  std::vector<std::string_view> args;   // tokens 2..n
  std::vector<Header> headers;          // in order of appearance
  std::optional<std::uint64_t> sequence;

  // Keeps vector capacity so a reused Request parses without allocating.
  void clear() {
    command = {};
    args.clear();
    headers.clear();
    sequence.reset();
  }
};

// Writes a request as bytes, terminator included. Header values are written as given.
std::string serialize_request(const Request& request);

bool header_name_equals(std::string_view a, std::string_view b);

}  // namespace gnp
