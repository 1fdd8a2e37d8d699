// Parses the bytes of one framed request (PROTOCOL.md 5). Checks run in the order of 5.6:
// encoding, then lines and control characters, then the command line, then headers.
#pragma once

#include <string_view>

#include "core/error_code.hpp"
#include "core/request.hpp"

namespace gnp {

struct ParseError {
  ErrorCode code;             // bad_encoding or bad_request
  std::string_view message;   // static text for the Message header
  std::size_t offset;         // byte offset inside the frame that was rejected
};

// `frame` is one complete request including its terminator. On success fills `out` (views into
// `frame`) and returns nullopt; otherwise returns the first failing check.
std::optional<ParseError> parse_request(std::string_view frame, Request& out);

}  // namespace gnp
