#include "core/utf8.hpp"

#include <cstdint>
#include <cstring>

#include "core/fault.hpp"

namespace gnp {

namespace {

inline bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed sequence starting at p[0], or 0. Follows RFC 3629 table 3.
std::size_t sequence_length(const unsigned char* p, std::size_t left) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  if (GNP_FAULT(accept_truncated_utf8) && c >= 0xC2 && c < 0xF5) {
    // The text ends inside the sequence and every octet there is a continuation: let it pass.
    const std::size_t need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::size_t k = 1;
    while (k < left && is_continuation(p[k])) ++k;
    if (left < need && k == left) return left;
  }
  if (c < 0xC2) {
    if (GNP_FAULT(accept_stray_continuation) && c < 0xC0) return 1;
    // 0x80..0xBF stray continuation; 0xC0/0xC1 only ever start overlong 2-byte forms.
    if (GNP_FAULT(accept_overlong_utf8) && c >= 0xC0 && left >= 2 && is_continuation(p[1])) return 2;
    return 0;
  }
  if (c < 0xE0) return left >= 2 && is_continuation(p[1]) ? 2 : 0;
  if (c < 0xF0) {
    if (left < 3 || !is_continuation(p[1]) || !is_continuation(p[2])) return 0;
    if (c == 0xE0 && p[1] < 0xA0 && !GNP_FAULT(accept_overlong_utf8)) return 0;  // overlong
    if (c == 0xED && p[1] > 0x9F && !GNP_FAULT(accept_surrogates)) return 0;     // surrogate
    if (GNP_FAULT(reject_noncharacters) && c == 0xEF &&
        ((p[1] == 0xBF && p[2] >= 0xBE) || (p[1] == 0xBB && p[2] == 0xBF))) {
      return 0;  // U+FFFE, U+FFFF, U+FEFF
    }
    return 3;
  }
  if (c < 0xF5) {
    if (left < 4 || !is_continuation(p[1]) || !is_continuation(p[2]) || !is_continuation(p[3])) {
      return 0;
    }
    if (c == 0xF0 && p[1] < 0x90 && !GNP_FAULT(accept_overlong_utf8)) return 0;  // overlong
    if (c == 0xF4 && p[1] > 0x8F && !GNP_FAULT(accept_above_10ffff)) return 0;  // > U+10FFFF
    return 4;
  }
  if (GNP_FAULT(accept_f5_ff)) return 1;
  return 0;  // 0xF5..0xFF never appear in UTF-8
}

}  // namespace

std::size_t first_invalid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII fast path: eight bytes at a time while none has the high bit set.
    while (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ULL) != 0) break;
      i += 8;
    }
    if (i >= n) break;
    const std::size_t len = sequence_length(p + i, n - i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool is_valid_utf8(std::string_view text) { return first_invalid_utf8(text) == std::string_view::npos; }

std::size_t count_code_points(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += is_continuation(c) ? 0 : 1;
  return count;
}

}  // namespace gnp
