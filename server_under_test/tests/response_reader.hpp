// A client-side reader of GNP/1 response frames (PROTOCOL.md 6.2-6.5), written independently of
// the core's response_writer so tests compare what a client would see, not bytes the core made.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gnp_test {

struct ResponseFrame {
  std::string status;                   // "OK" or "ERR <code>"
  std::optional<std::string> sequence;  // the Sequence value as sent
  std::optional<std::string> message;
  std::string body;                     // exactly Size bytes
};

struct ReadResult {
  std::vector<ResponseFrame> frames;
  std::string error;          // first violation of 6.2-6.5, empty when none
  std::size_t leftover = 0;   // bytes of an incomplete frame at the end
};

// Reads every complete frame from `bytes`, stopping at the first violation.
ReadResult read_responses(std::string_view bytes);

// One line per frame, e.g. `OK`, `OK seq=7 body="a b"`, `ERR not-found seq=3`; a violation or an
// incomplete tail becomes a final `<...>` line, so one EXPECT_EQ checks the whole output.
std::vector<std::string> summarize(std::string_view bytes);

// Printable form of bytes: controls and bytes >= 0x7F as \xHH.
std::string escaped(std::string_view bytes);

}  // namespace gnp_test
