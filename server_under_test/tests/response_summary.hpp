// Response bytes as one line per frame, read by the harness's strict client-side ResponseReader
// (PROTOCOL.md 6.2-6.5), which is written independently of the core's response writer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gnp_test {

// One line per frame (wireproof::describe_frame), e.g. `OK`, `OK Sequence=7 body="a b"`,
// `ERR not-found Sequence=3`; a violation or an
// incomplete tail becomes a final `<...>` line, so one EXPECT_EQ checks the whole output.
std::vector<std::string> summarize(std::string_view bytes);

// Printable form of bytes, as the harness prints traffic.
std::string escaped(std::string_view bytes);

}  // namespace gnp_test
