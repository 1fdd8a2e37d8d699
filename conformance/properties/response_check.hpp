// Judges response bytes against ExpectedResponse, reading them with the harness's strict
// wireproof::ResponseReader (PROTOCOL.md 6.2-6.5).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "properties/request_model.hpp"
#include "harness/response_reader.hpp"

namespace wireproof::properties {

inline constexpr std::string_view kGreeting = "OK\r\n\r\n";  // 3.1, 6.6

struct ReadFrames {
  std::vector<ResponseFrame> frames;
  std::string problem;  // reader error or a truncated last frame; empty when all is well
};

// Every complete frame in `bytes`, in order.
ReadFrames read_frames(std::string_view bytes);

// Empty when `frame` is exactly what `expected` describes (status, code, Sequence, body,
// Message present on errors); otherwise a sentence naming the difference.
std::string mismatch(const ResponseFrame& frame, const ExpectedResponse& expected);

// Empty when equal; otherwise both strings escaped under their labels, and the first differing
// byte offset.
std::string byte_difference(std::string_view a_label, std::string_view a, std::string_view b_label,
                            std::string_view b);

}  // namespace wireproof::properties
