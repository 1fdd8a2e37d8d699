// Strict UTF-8 validation per RFC 3629 (PROTOCOL.md 5.1): no overlong forms, no surrogates
// (U+D800..U+DFFF), nothing above U+10FFFF, no truncated sequences.
#pragma once

#include <cstddef>
#include <string_view>

namespace gnp {

// True when every byte of `text` belongs to a well-formed UTF-8 sequence.
bool is_valid_utf8(std::string_view text);

// Index of the first byte that is not part of a well-formed sequence, or npos.
std::size_t first_invalid_utf8(std::string_view text);

// Number of code points in valid UTF-8 text (bytes that are not continuation bytes).
std::size_t count_code_points(std::string_view text);

}  // namespace gnp
