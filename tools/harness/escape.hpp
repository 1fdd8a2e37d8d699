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

// nullopt on a malformed escape; *error (when non-null) then says what and at which byte offset
// of `text`, e.g. "byte 4: \x needs two hex digits".
std::optional<std::string> unescape_bytes(std::string_view text, std::string* error);

}  // namespace wireproof
