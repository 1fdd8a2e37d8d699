#include "blackbox/mutators.hpp"

#include <array>
#include <cctype>

namespace wireproof::blackbox {

namespace {

constexpr std::string_view kTerminator = "\r\n\r\n";
constexpr std::size_t kLimit = 8192;  // PROTOCOL.md 4.2

// Invalid per RFC 3629 (5.1): overlongs, surrogates, above U+10FFFF, stray or truncated bytes.
constexpr std::array<std::string_view, 9> kBadUtf8 = {
    "\xC0\x80", "\xE0\x80\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80",
    "\xE2\x82",  "\xFE",         "\xFF",         "\xF0\x9F\x98",
};

constexpr std::array<std::string_view, 14> kTokens = {
    " ",  "\t", "\r", "\n", std::string_view("\0", 1), "\x7F", ":", "\r\n",
    "\r\nSequence: 1", "\r\nsequence: 18446744073709551616", "\r\nX-Extra:", "\r\nbad name: v",
    "  ", "\xC2\x85",  // a C1 control is allowed (5.2)
};

std::size_t offset_in(const std::string& bytes, Rng& rng) { return rng.below(bytes.size() + 1); }

void flip_bit(std::string& bytes, Rng& rng) {
  if (bytes.empty()) {
    bytes.push_back(static_cast<char>(rng.below(256)));
    return;
  }
  const std::size_t at = rng.below(bytes.size());
  bytes[at] = static_cast<char>(static_cast<unsigned char>(bytes[at]) ^ (1u << rng.below(8)));
}

void duplicate_range(std::string& bytes, Rng& rng) {
  if (bytes.empty()) return;
  const std::size_t start = rng.below(bytes.size());
  const std::size_t length = 1 + rng.below(bytes.size() - start);
  bytes.insert(start + length, bytes.substr(start, length));
}

void splice(std::string& bytes, Rng& rng, std::span<const std::string> donors) {
  const std::string donor = donors.empty() ? bytes : donors[rng.below(donors.size())];
  if (donor.empty()) return;
  const std::size_t start = rng.below(donor.size());
  const std::size_t length = 1 + rng.below(donor.size() - start);
  bytes.insert(offset_in(bytes, rng), donor.substr(start, length));
}

// Pads the first request (up to and including its terminator) to 8191..8193 bytes by inserting
// filler just before its terminator, so a command's last token (ECHO's argument) grows. Without
// a terminator the whole stream is padded: an unterminated request at the limit (4.3).
void grow_to_limit(std::string& bytes, Rng& rng) {
  const std::size_t wanted = kLimit - 1 + rng.below(3);
  const std::size_t end = bytes.find(kTerminator);
  const std::size_t request_size = end == std::string::npos ? bytes.size() : end + kTerminator.size();
  const std::size_t insert_at = end == std::string::npos ? bytes.size() : end;
  if (request_size < wanted) bytes.insert(insert_at, wanted - request_size, 'x');
}

void insert_from(std::string& bytes, Rng& rng, std::span<const std::string_view> choices) {
  const std::string_view piece = choices[rng.below(choices.size())];
  bytes.insert(offset_in(bytes, rng), piece);
}

void erase_range(std::string& bytes, Rng& rng) {
  if (bytes.empty()) return;
  const std::size_t start = rng.below(bytes.size());
  const std::size_t length = 1 + rng.below(std::min<std::size_t>(bytes.size() - start, 16));
  bytes.erase(start, length);
}

void toggle_case(std::string& bytes, Rng& rng) {
  std::vector<std::size_t> letters;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (std::isalpha(static_cast<unsigned char>(bytes[i])) != 0) letters.push_back(i);
  }
  if (letters.empty()) return;
  bytes[letters[rng.below(letters.size())]] ^= 0x20;
}

}  // namespace

std::string_view mutation_name(Mutation m) {
  switch (m) {
    case Mutation::flip_bit: return "flip-bit";
    case Mutation::insert_terminator: return "insert-terminator";
    case Mutation::duplicate_range: return "duplicate-range";
    case Mutation::splice: return "splice";
    case Mutation::grow_to_limit: return "grow-to-limit";
    case Mutation::insert_bad_utf8: return "insert-bad-utf8";
    case Mutation::insert_token: return "insert-token";
    case Mutation::erase_range: return "erase-range";
    case Mutation::toggle_case: return "toggle-case";
  }
  return "?";
}

void apply_mutation(Mutation m, std::string& bytes, Rng& rng, std::span<const std::string> donors) {
  switch (m) {
    case Mutation::flip_bit: flip_bit(bytes, rng); break;
    case Mutation::insert_terminator: bytes.insert(offset_in(bytes, rng), kTerminator); break;
    case Mutation::duplicate_range: duplicate_range(bytes, rng); break;
    case Mutation::splice: splice(bytes, rng, donors); break;
    case Mutation::grow_to_limit: grow_to_limit(bytes, rng); break;
    case Mutation::insert_bad_utf8: insert_from(bytes, rng, kBadUtf8); break;
    case Mutation::insert_token: insert_from(bytes, rng, kTokens); break;
    case Mutation::erase_range: erase_range(bytes, rng); break;
    case Mutation::toggle_case: toggle_case(bytes, rng); break;
  }
}

std::vector<std::string_view> mutate(std::string& bytes, Rng& rng, std::span<const std::string> donors,
                                     std::size_t max_count) {
  std::vector<std::string_view> applied;
  const std::size_t count = 1 + rng.below(max_count == 0 ? 1 : max_count);
  for (std::size_t i = 0; i < count; ++i) {
    const Mutation m = kAllMutations[rng.below(std::size(kAllMutations))];
    apply_mutation(m, bytes, rng, donors);
    applied.push_back(mutation_name(m));
  }
  return applied;
}

}  // namespace wireproof::blackbox
