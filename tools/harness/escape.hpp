// Printable form of raw protocol bytes, for traffic dumps and scenario files.
//
// escape_bytes keeps printable ASCII (0x20..0x7E) except '\' and '"', and writes everything else
// as \r \n \t \\ \" or \xHH (lowercase hex). unescape_bytes is its inverse; it also accepts
// uppercase hex and passes any other byte (e.g. raw UTF-8) through unchanged.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wireproof {

std::string escape_bytes(std::string_view bytes);

// For text that is printable by construction but may carry stray bytes (failure messages, which
// already quote protocol bytes with escape_bytes; parse errors quoting a scenario file): only
// bytes outside printable ASCII become \r \n \t or \xHH; '\' and '"' stay as they are, so text
// already in the notation of PROTOCOL.md 1.2 is not escaped a second time, and no control byte
// (ESC, BEL, ...) or raw UTF-8 ever reaches a terminal or an XML report.
std::string printable_text(std::string_view text);

// `text` cut to at most `max_bytes` bytes (not inside a \xHH escape), followed by
// " ... (N bytes in all)" when it was cut. For the live line and the stdout summary.
std::string clip_text(std::string_view text, std::size_t max_bytes);

// `bytes` escaped and quoted, the first `max_shown` of them only: "\"OK\\r\\n\"", or when cut
// "\"...\"... (N bytes)". How messages and reports quote a server's bytes, so megabytes from a
// hostile server stay out of them.
std::string quoted_excerpt(std::string_view bytes, std::size_t max_shown);

// nullopt on a malformed escape; *error (when non-null) then says what and at which byte offset
// of `text`, e.g. "byte 4: \x needs two hex digits".
std::optional<std::string> unescape_bytes(std::string_view text, std::string* error);

}  // namespace wireproof
