// Strict UTF-8 (RFC 3629), PROTOCOL.md 5.1: gnp::first_invalid_utf8, is_valid_utf8,
// count_code_points. The exhaustive tests compare against a textbook decoder written below,
// which works from bit patterns and code point ranges rather than the core's byte table.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/utf8.hpp"

namespace {

constexpr std::size_t npos = std::string_view::npos;

// Length of the well-formed sequence at text[i], or 0: decode, then reject overlong forms,
// surrogates and values above U+10FFFF.
std::size_t oracle_sequence_length(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t length;
  std::uint32_t code_point;
  if ((lead & 0x80) == 0x00) return 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code_point = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code_point = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code_point = lead & 0x07;
  } else {
    return 0;  // a continuation byte, or F8..FF
  }
  if (text.size() - i < length) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[i + k]);
    if ((byte & 0xC0) != 0x80) return 0;
    code_point = (code_point << 6) | (byte & 0x3F);
  }
  const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code_point < smallest[length]) return 0;
  if (code_point >= 0xD800 && code_point <= 0xDFFF) return 0;
  if (code_point > 0x10FFFF) return 0;
  return length;
}

std::size_t oracle_first_invalid(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = oracle_sequence_length(text, i);
    if (length == 0) return i;
    i += length;
  }
  return npos;
}

// Encodes `code_point` in exactly `length` bytes (so overlong forms can be built too).
std::string encode(std::uint32_t code_point, std::size_t length) {
  std::string out(length, '\0');
  if (length == 1) {
    out[0] = static_cast<char>(code_point);
    return out;
  }
  const unsigned char lead_bits[] = {0, 0, 0xC0, 0xE0, 0xF0};
  for (std::size_t k = length - 1; k >= 1; --k) {
    out[k] = static_cast<char>(0x80 | (code_point & 0x3F));
    code_point >>= 6;
  }
  out[0] = static_cast<char>(lead_bits[length] | code_point);
  return out;
}

std::string encode(std::uint32_t code_point) {
  const std::size_t length = code_point < 0x80 ? 1 : code_point < 0x800 ? 2 : code_point < 0x10000 ? 3 : 4;
  return encode(code_point, length);
}

std::string bytes(std::initializer_list<unsigned> list) {
  std::string out;
  for (unsigned b : list) out += static_cast<char>(b);
  return out;
}

TEST(Encoding_5_1, EncoderSanity) {
  // The helper must produce the RFC 3629 examples, or the tests below prove nothing.
  EXPECT_EQ(encode(0x41), "A");
  EXPECT_EQ(encode(0xE9), bytes({0xC3, 0xA9}));
  EXPECT_EQ(encode(0x20AC), bytes({0xE2, 0x82, 0xAC}));
  EXPECT_EQ(encode(0x1D11E), bytes({0xF0, 0x9D, 0x84, 0x9E}));
  EXPECT_EQ(encode(0, 2), bytes({0xC0, 0x80}));
}

TEST(Encoding_5_1, ValidFormsAtEveryLengthBoundary) {
  const std::string valid[] = {
      bytes({0x00}),                   // U+0000 (a NUL is valid UTF-8; 5.2 rejects it later)
      bytes({0x7F}),                   // U+007F, last 1-byte
      bytes({0xC2, 0x80}),             // U+0080, first 2-byte
      bytes({0xDF, 0xBF}),             // U+07FF, last 2-byte
      bytes({0xE0, 0xA0, 0x80}),       // U+0800, first 3-byte
      bytes({0xED, 0x9F, 0xBF}),       // U+D7FF, just below the surrogates
      bytes({0xEE, 0x80, 0x80}),       // U+E000, just above them
      bytes({0xEF, 0xBF, 0xBF}),       // U+FFFF, last 3-byte
      bytes({0xF0, 0x90, 0x80, 0x80}), // U+10000, first 4-byte
      bytes({0xF4, 0x8F, 0xBF, 0xBF}), // U+10FFFF, the last code point
  };
  for (const std::string& s : valid) {
    EXPECT_TRUE(gnp::is_valid_utf8(s)) << testing::PrintToString(s);
    EXPECT_EQ(gnp::first_invalid_utf8(s), npos) << testing::PrintToString(s);
    EXPECT_EQ(gnp::first_invalid_utf8("ab" + s + "cd"), npos) << testing::PrintToString(s);
  }
  EXPECT_TRUE(gnp::is_valid_utf8(""));
}

TEST(Encoding_5_1, OverlongFormsRejected) {
  const std::string overlong[] = {
      bytes({0xC0, 0x80}),             // U+0000 in 2 bytes
      bytes({0xC1, 0xBF}),             // U+007F in 2 bytes
      bytes({0xE0, 0x80, 0x80}),       // U+0000 in 3 bytes
      bytes({0xE0, 0x9F, 0xBF}),       // U+07FF in 3 bytes
      bytes({0xF0, 0x80, 0x80, 0x80}), // U+0000 in 4 bytes
      bytes({0xF0, 0x8F, 0xBF, 0xBF}), // U+FFFF in 4 bytes
  };
  for (const std::string& s : overlong) {
    EXPECT_FALSE(gnp::is_valid_utf8(s)) << testing::PrintToString(s);
    EXPECT_EQ(gnp::first_invalid_utf8("ok " + s), 3u) << testing::PrintToString(s);
  }
}

TEST(Encoding_5_1, SurrogatesRejected) {
  for (const std::string& s : {bytes({0xED, 0xA0, 0x80}), bytes({0xED, 0xBF, 0xBF}),
                               bytes({0xED, 0xB0, 0x80})}) {
    EXPECT_FALSE(gnp::is_valid_utf8(s)) << testing::PrintToString(s);
    EXPECT_EQ(gnp::first_invalid_utf8("x" + s), 1u);
  }
  // A CESU-8 style pair (U+D83D U+DE00) is two surrogates, not U+1F600.
  EXPECT_EQ(gnp::first_invalid_utf8(bytes({0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80})), 0u);
}

TEST(Encoding_5_1, AboveU10FFFFRejected) {
  EXPECT_EQ(gnp::first_invalid_utf8(bytes({0xF4, 0x90, 0x80, 0x80})), 0u);  // U+110000
  EXPECT_EQ(gnp::first_invalid_utf8(bytes({0xF7, 0xBF, 0xBF, 0xBF})), 0u);  // U+1FFFFF
  for (unsigned lead = 0xF5; lead <= 0xFF; ++lead) {
    EXPECT_EQ(gnp::first_invalid_utf8(bytes({lead, 0x80, 0x80, 0x80})), 0u) << std::hex << lead;
    EXPECT_EQ(gnp::first_invalid_utf8("abc" + bytes({lead})), 3u) << std::hex << lead;
  }
}

TEST(Encoding_5_1, TruncatedAtEveryLengthRejected) {
  const std::string sequences[] = {
      bytes({0xC3, 0xA9}),
      bytes({0xE2, 0x82, 0xAC}),
      bytes({0xF0, 0x9D, 0x84, 0x9E}),
      bytes({0xF4, 0x8F, 0xBF, 0xBF}),
  };
  for (const std::string& whole : sequences) {
    for (std::size_t keep = 1; keep < whole.size(); ++keep) {
      const std::string cut = whole.substr(0, keep);
      EXPECT_EQ(gnp::first_invalid_utf8(cut), 0u) << testing::PrintToString(cut);
      EXPECT_EQ(gnp::first_invalid_utf8("ab" + cut), 2u) << "truncated at end of text";
      EXPECT_EQ(gnp::first_invalid_utf8("ab" + cut + "cd"), 2u) << "interrupted by ASCII";
      EXPECT_EQ(gnp::first_invalid_utf8("ab" + cut + "\r\n"), 2u) << "CR is not a continuation";
      EXPECT_EQ(gnp::first_invalid_utf8("ab" + cut + whole), 2u) << "interrupted by a lead byte";
    }
  }
}

TEST(Encoding_5_1, StrayContinuationBytesRejected) {
  for (unsigned b = 0x80; b <= 0xBF; ++b) {
    EXPECT_EQ(gnp::first_invalid_utf8(bytes({b})), 0u) << std::hex << b;
    EXPECT_EQ(gnp::first_invalid_utf8("abc" + bytes({b})), 3u) << std::hex << b;
  }
  // One continuation too many after a complete sequence.
  EXPECT_EQ(gnp::first_invalid_utf8(bytes({0xC3, 0xA9, 0xA9})), 2u);
  EXPECT_EQ(gnp::first_invalid_utf8(bytes({0xE2, 0x82, 0xAC, 0x80})), 3u);
}

TEST(Encoding_5_1, FirstInvalidOffsetAcrossTheAsciiFastPath) {
  // A bad byte at every offset of a long ASCII run, so each position within and across 8-byte
  // words is seen; and a valid multi-byte sequence straddling each word boundary.
  for (std::size_t at = 0; at < 40; ++at) {
    std::string text(48, 'a');
    text[at] = static_cast<char>(0xFF);
    EXPECT_EQ(gnp::first_invalid_utf8(text), at);
    std::string valid(48, 'a');
    valid.replace(at, 4, bytes({0xF0, 0x9F, 0x98, 0x80}));
    EXPECT_EQ(gnp::first_invalid_utf8(valid), npos) << "U+1F600 at " << at;
  }
}

TEST(Encoding_5_1, FirstInvalidReportsTheEarliestOfSeveral) {
  const std::string text = "ok " + bytes({0xC3, 0xA9}) + " " + bytes({0xC0, 0x80}) + " " + bytes({0xFF});
  EXPECT_EQ(gnp::first_invalid_utf8(text), 6u);
}

TEST(Encoding_5_1, EveryScalarValueEncodesValidAndEverySurrogateInvalid) {
  for (std::uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    const std::string s = encode(cp);
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    ASSERT_EQ(gnp::is_valid_utf8(s), !surrogate) << std::hex << "U+" << cp;
  }
}

TEST(Encoding_5_1, EveryOverlongEncodingIsInvalid) {
  for (std::uint32_t cp = 0; cp < 0x10000; ++cp) {
    const std::size_t shortest = encode(cp).size();
    for (std::size_t length = shortest + 1; length <= 4; ++length) {
      ASSERT_FALSE(gnp::is_valid_utf8(encode(cp, length))) << std::hex << "U+" << cp << " in " << length;
    }
  }
}

TEST(Encoding_5_1, AllOneAndTwoByteStringsMatchOracle) {
  char buf[2];
  for (unsigned a = 0; a < 256; ++a) {
    buf[0] = static_cast<char>(a);
    ASSERT_EQ(gnp::first_invalid_utf8({buf, 1}), oracle_first_invalid({buf, 1})) << std::hex << a;
    for (unsigned b = 0; b < 256; ++b) {
      buf[1] = static_cast<char>(b);
      ASSERT_EQ(gnp::first_invalid_utf8({buf, 2}), oracle_first_invalid({buf, 2}))
          << std::hex << a << " " << b;
    }
  }
}

TEST(Encoding_5_1, AllThreeByteStringsMatchOracle) {
  char buf[3];
  std::size_t valid = 0;
  for (unsigned a = 0; a < 256; ++a) {
    buf[0] = static_cast<char>(a);
    for (unsigned b = 0; b < 256; ++b) {
      buf[1] = static_cast<char>(b);
      for (unsigned c = 0; c < 256; ++c) {
        buf[2] = static_cast<char>(c);
        const std::string_view text(buf, 3);
        const std::size_t expected = oracle_first_invalid(text);
        ASSERT_EQ(gnp::first_invalid_utf8(text), expected) << std::hex << a << " " << b << " " << c;
        valid += expected == npos;
      }
    }
  }
  // Independent count: 3 ASCII + 2-byte/ASCII combinations + one 3-byte scalar value.
  //   128^3 + 2 * 128 * 1920 + (65536 - 2048 - 2048)
  EXPECT_EQ(valid, 128u * 128 * 128 + 2u * 128 * 1920 + (65536u - 2048 - 2048));
}

TEST(Encoding_5_1, FourByteLeadsWithSampledTailsMatchOracle) {
  const unsigned tails[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xF4, 0xFF};
  char buf[4];
  for (unsigned a = 0xC0; a < 256; ++a) {
    buf[0] = static_cast<char>(a);
    for (unsigned b = 0; b < 256; ++b) {
      buf[1] = static_cast<char>(b);
      for (unsigned c : tails) {
        buf[2] = static_cast<char>(c);
        for (unsigned d : tails) {
          buf[3] = static_cast<char>(d);
          const std::string_view text(buf, 4);
          ASSERT_EQ(gnp::first_invalid_utf8(text), oracle_first_invalid(text))
              << std::hex << a << " " << b << " " << c << " " << d;
        }
      }
    }
  }
}

TEST(Encoding_5_1, CountCodePointsCountsScalarsNotBytes) {
  EXPECT_EQ(gnp::count_code_points(""), 0u);
  EXPECT_EQ(gnp::count_code_points("abc"), 3u);
  const std::string mixed = "a" + encode(0xE9) + encode(0x20AC) + encode(0x1D11E);
  EXPECT_EQ(mixed.size(), 10u);
  EXPECT_EQ(gnp::count_code_points(mixed), 4u);
}

}  // namespace
