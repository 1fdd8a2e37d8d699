// escape_bytes / unescape_bytes: the printable form used in traffic dumps and scenario files.
#include <gtest/gtest.h>

#include <string>

#include "harness/escape.hpp"

namespace wireproof {
namespace {

using namespace std::string_literals;

TEST(Escape, WritesNamedEscapesAndHex) {
  EXPECT_EQ(escape_bytes("PING\r\n\r\n"), "PING\\r\\n\\r\\n");
  EXPECT_EQ(escape_bytes("a\tb\\c\"d"), "a\\tb\\\\c\\\"d");
  EXPECT_EQ(escape_bytes("\0\x01\x7f\x80\xff"s), "\\x00\\x01\\x7f\\x80\\xff");
  EXPECT_EQ(escape_bytes(" ~"), " ~");
  EXPECT_EQ(escape_bytes(""), "");
}

TEST(Escape, EveryByteValueRoundTrips) {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  const std::string escaped = escape_bytes(all);
  for (char c : escaped) {
    const auto byte = static_cast<unsigned char>(c);
    ASSERT_TRUE(byte >= 0x20 && byte <= 0x7e) << "non-printable byte " << int(byte) << " in output";
  }
  std::string error;
  const auto back = unescape_bytes(escaped, &error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(*back, all);
}

TEST(Escape, PseudoRandomStringsRoundTrip) {
  std::uint64_t state = 0x9e3779b97f4a7c15u;
  for (int round = 0; round < 2000; ++round) {
    std::string bytes;
    state = state * 6364136223846793005u + 1442695040888963407u;
    const std::size_t length = (state >> 33) % 40;
    for (std::size_t i = 0; i < length; ++i) {
      state = state * 6364136223846793005u + 1442695040888963407u;
      bytes += static_cast<char>(state >> 56);
    }
    const auto back = unescape_bytes(escape_bytes(bytes), nullptr);
    ASSERT_TRUE(back);
    ASSERT_EQ(*back, bytes);
  }
}

TEST(Unescape, AcceptsUppercaseHexAndRawBytes) {
  EXPECT_EQ(unescape_bytes("\\xFF\\xaB", nullptr), "\xff\xab"s);
  EXPECT_EQ(unescape_bytes("caf\xc3\xa9", nullptr), "caf\xc3\xa9"s);
  EXPECT_EQ(unescape_bytes("GET k\\r\\n\\r\\n", nullptr), "GET k\r\n\r\n");
}

struct BadEscape {
  std::string text;
  std::string error;
};

TEST(Unescape, ReportsEachMalformedEscapeWithItsOffset) {
  const BadEscape cases[] = {
      {"ab\\", "byte 2: dangling '\\' at end of text"},
      {"\\", "byte 0: dangling '\\' at end of text"},
      {"x\\x", "byte 1: \\x needs two hex digits"},
      {"x\\x4", "byte 1: \\x needs two hex digits"},
      {"\\x4g", "byte 0: \\x needs two hex digits"},
      {"\\xg4", "byte 0: \\x needs two hex digits"},
      {"ok\\q", "byte 2: unknown escape '\\q' (known: \\r \\n \\t \\\\ \\\" \\xHH)"},
      {"\\\x01", "byte 0: unknown escape '\\\\x01' (known: \\r \\n \\t \\\\ \\\" \\xHH)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    std::string error;
    EXPECT_FALSE(unescape_bytes(c.text, &error));
    EXPECT_EQ(error, c.error);
    EXPECT_FALSE(unescape_bytes(c.text, nullptr));  // a null error pointer is allowed
  }
}

TEST(QuotedExcerpt, QuotesWholeUpToTheBoundThenCutsAndCounts) {
  EXPECT_EQ(quoted_excerpt("OK\r\n", 4), "\"OK\\r\\n\"");
  EXPECT_EQ(quoted_excerpt("OK\r\n\r\n", 4), "\"OK\\r\\n\"... (6 bytes)");
  EXPECT_EQ(quoted_excerpt("", 0), "\"\"");
}

}  // namespace
}  // namespace wireproof
