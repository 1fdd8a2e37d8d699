// A model of GNP/1 requests and of the responses PROTOCOL.md says they get, written from the
// text of the spec alone (never from the server's code), so properties can judge the code.
//
// Generators build a RequestModel, serialise it with to_bytes(), and compute what the server
// must answer: for valid requests from the command semantics (8.x) over a std::map store, for
// invalid ones from the class that was planted (5.x, 7.2).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace wireproof::properties {

// One header line exactly as written: `name` + ':' + `raw_value` (padding included). Without
// `colon` the line is `name` + `raw_value` (an invalid line, 5.4).
struct HeaderLine {
  std::string name;
  std::string raw_value;
  bool colon = true;
};

// A request as tokens and header lines. Tokens are joined by single SP and lines by CRLF, so an
// empty token yields a leading, trailing or doubled SP; invalid classes use that on purpose.
struct RequestModel {
  std::string command;
  std::vector<std::string> args;
  std::vector<HeaderLine> headers;
};

// The bytes of the request, terminator included (4.1).
std::string to_bytes(const RequestModel& request);

// What the server must answer to one request (6.2-6.4) and whether it then closes (7.2, 8.6).
struct ExpectedResponse {
  std::optional<std::string> error;       // nullopt: OK; else the code, e.g. "not-found"
  std::optional<std::uint64_t> sequence;  // echoed Sequence (6.3)
  std::string body;                       // empty for errors
  bool closes = false;
  std::string section;                    // the PROTOCOL.md section that decides it

  friend bool operator==(const ExpectedResponse&, const ExpectedResponse&) = default;
};

std::ostream& operator<<(std::ostream& os, const ExpectedResponse& expected);

// ASCII case-insensitive comparison of header names (5.4).
bool same_header_name(const std::string& a, const std::string& b);

// SP and HT trimmed from both ends (5.4).
std::string trim_header_value(const std::string& raw);

// The Sequence a *valid* request carries (5.5): the value of the header named "sequence" in any
// case, as a number. Only meaningful for requests the generators built as valid.
std::optional<std::uint64_t> model_sequence(const RequestModel& request);

// The key/value store all connections share (8.8).
using ModelStore = std::map<std::string, std::string>;

// The response to a valid request per 8.1-8.7, updating `store` as the server must.
ExpectedResponse expected_for_valid(const RequestModel& request, ModelStore& store);

}  // namespace wireproof::properties
