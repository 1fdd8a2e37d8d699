// Request syntax, PROTOCOL.md 5.1-5.6: gnp::parse_request on single framed requests.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/framer.hpp"
#include "core/request_parser.hpp"

namespace {

using namespace std::literals;

// Parses `text` as a framed request (the terminator is appended). The frame must be one the
// framer could produce: its only "\r\n\r\n" is the terminator at the end.
std::optional<gnp::ParseError> parse(std::string_view text, gnp::Request& out) {
  static std::string frame;  // parse results view into it
  frame = std::string(text) + "\r\n\r\n";
  EXPECT_EQ(frame.find("\r\n\r\n"), frame.size() - 4) << "test input holds a terminator early";
  return gnp::parse_request(frame, out);
}

// "ok", "bad-encoding" or "bad-request": what the response's status would say.
std::string verdict(std::string_view text) {
  gnp::Request request;
  const std::optional<gnp::ParseError> error = parse(text, request);
  if (!error) return "ok";
  if (error->code == gnp::ErrorCode::bad_encoding) return "bad-encoding";
  if (error->code == gnp::ErrorCode::bad_request) return "bad-request";
  return "unexpected code";
}

std::size_t error_offset(std::string_view text) {
  gnp::Request request;
  const std::optional<gnp::ParseError> error = parse(text, request);
  return error ? error->offset : std::string_view::npos;
}

std::string with_byte(std::string_view before, unsigned byte, std::string_view after) {
  return std::string(before) + static_cast<char>(byte) + std::string(after);
}

// 5.2 lines and control characters

TEST(Lines_5_2, BareCrRejected) {
  for (std::string_view text : {"PING\rX"sv, "PING\r"sv, "\rPING"sv, "PING\r\nA: b\rc"sv,
                                "PING\r\r\nA: b"sv, "PING\r\nA: b\r"sv}) {
    EXPECT_EQ(verdict(text), "bad-request") << testing::PrintToString(text);
  }
  EXPECT_EQ(error_offset("PING\rX"), 4u);
}

TEST(Lines_5_2, BareLfRejected) {
  for (std::string_view text : {"PING\nA: b"sv, "PING\n"sv, "\nPING"sv, "PING\r\nA: b\nc"sv,
                                "PING\n\r\nA: b"sv, "PING\r\nA: b\n"sv}) {
    EXPECT_EQ(verdict(text), "bad-request") << testing::PrintToString(text);
  }
  EXPECT_EQ(error_offset("PING\nA: b"), 4u);
}

TEST(Lines_5_2, NulRejectedAnywhere) {
  for (std::string_view text : {"PI\0NG"sv, "\0"sv, "ECHO \0"sv, "PING\r\nA: \0"sv, "PING\r\nA\0: x"sv,
                                "PING\r\n\0A: x"sv}) {
    EXPECT_EQ(verdict(text), "bad-request") << testing::PrintToString(text);
  }
  EXPECT_EQ(error_offset("PI\0NG"sv), 2u);
}

TEST(Lines_5_2, EveryC0ControlExceptHtRejectedInEveryPart) {
  for (unsigned c = 0x01; c < 0x20; ++c) {
    if (c == '\t' || c == '\r' || c == '\n') continue;  // HT allowed in values; CR/LF above
    EXPECT_EQ(verdict(with_byte("PING", c, "")), "bad-request") << "command, byte " << c;
    EXPECT_EQ(verdict(with_byte("ECHO a", c, "b")), "bad-request") << "argument, byte " << c;
    EXPECT_EQ(verdict(with_byte("PING\r\nA: x", c, "y")), "bad-request") << "value, byte " << c;
    EXPECT_EQ(verdict(with_byte("PING\r\nA: ", c, "")), "bad-request") << "trimmed edge, byte " << c;
    EXPECT_EQ(verdict(with_byte("PING\r\nA", c, ": v")), "bad-request") << "name, byte " << c;
    EXPECT_EQ(error_offset(with_byte("PING\r\nA: x", c, "y")), 10u) << "byte " << c;
  }
}

TEST(Lines_5_2, DelRejected) {
  EXPECT_EQ(verdict("PING\x7F"), "bad-request");
  EXPECT_EQ(verdict("ECHO \x7F"), "bad-request");
  EXPECT_EQ(verdict("PING\r\nA: x\x7Fy"), "bad-request");
  EXPECT_EQ(verdict("PING\r\nA\x7F: y"), "bad-request");
}

TEST(Lines_5_2, HtAllowedInHeaderValueOnly) {
  gnp::Request request;
  ASSERT_FALSE(parse("PING\r\nA: x\ty", request));
  ASSERT_EQ(request.headers.size(), 1u);
  EXPECT_EQ(request.headers[0].value, "x\ty");
  EXPECT_EQ(verdict("PING\tx"), "bad-request");   // 5.3: no HT anywhere in the command line
  EXPECT_EQ(verdict("\tPING"), "bad-request");
  EXPECT_EQ(verdict("PING\t"), "bad-request");
  EXPECT_EQ(verdict("ECHO a\tb"), "bad-request");
  EXPECT_EQ(verdict("PING\r\nA\t: x"), "bad-request");  // nor in a header name
}

TEST(Lines_5_2, C1CodePointsAllowed) {
  gnp::Request request;
  const std::string text = "ECHO \xC2\x80\xC2\x9F\r\nA: \xC2\x85";
  ASSERT_FALSE(parse(text, request));
  ASSERT_EQ(request.args.size(), 1u);
  EXPECT_EQ(request.args[0], "\xC2\x80\xC2\x9F");
  EXPECT_EQ(request.headers[0].value, "\xC2\x85");  // U+0085 NEL is not a line break here
}

// 5.3 command line

TEST(CommandLine_5_3, TokensSplitOnSingleSp) {
  gnp::Request request;
  ASSERT_FALSE(parse("ECHO a b:c \xE2\x82\xAC", request));
  EXPECT_EQ(request.command, "ECHO");
  EXPECT_EQ(request.args, (std::vector<std::string_view>{"a", "b:c", "\xE2\x82\xAC"}));
  EXPECT_TRUE(request.headers.empty());
  EXPECT_FALSE(request.sequence);
}

TEST(CommandLine_5_3, NonAsciiSpaceIsPartOfAToken) {
  gnp::Request request;
  ASSERT_FALSE(parse("ECHO a\xC2\xA0" "b", request));  // U+00A0 is not SP
  EXPECT_EQ(request.args, (std::vector<std::string_view>{"a\xC2\xA0" "b"}));
}

TEST(Encoding_5_1, NoncharactersAreOrdinaryCharacters) {
  EXPECT_EQ(verdict("ECHO \xEF\xBB\xBF \xEF\xBF\xBF"), "ok");  // U+FEFF (BOM), U+FFFF
}

TEST(CommandLine_5_3, CommandNameKeptAsSent) {
  gnp::Request request;
  ASSERT_FALSE(parse("pInG", request));
  EXPECT_EQ(request.command, "pInG");  // case-sensitive matching is dispatch's job (8.7)
}

TEST(CommandLine_5_3, LeadingTrailingDoubledSpaceRejected) {
  for (std::string_view text : {" PING"sv, "PING "sv, "ECHO  a"sv, "ECHO a  b"sv, "ECHO a "sv, " "sv,
                                "  "sv, "ECHO a b  "sv, " ECHO a"sv}) {
    EXPECT_EQ(verdict(text), "bad-request") << testing::PrintToString(text);
  }
}

TEST(CommandLine_5_3, EmptyCommandLineRejected) {
  EXPECT_EQ(verdict(""), "bad-request");
  EXPECT_EQ(verdict("\r\nA: b"), "bad-request");
}

// 5.4 headers

TEST(Headers_5_4, NameCharsetAccepted) {
  gnp::Request request;
  ASSERT_FALSE(parse("PING\r\nAZaz09-_: v\r\nx: w\r\n-: y\r\n_: z", request));
  ASSERT_EQ(request.headers.size(), 4u);
  EXPECT_EQ(request.headers[0].name, "AZaz09-_");
  EXPECT_EQ(request.headers[0].value, "v");
  EXPECT_EQ(request.headers[2].name, "-");
  EXPECT_EQ(request.headers[3].name, "_");
}

TEST(Headers_5_4, BadNameCharactersRejected) {
  for (std::string_view name : {"A.B"sv, "A/B"sv, "A B"sv, "A@"sv, "(A)"sv, "\xC3\x84"sv, "A+"sv, "A="sv}) {
    EXPECT_EQ(verdict("PING\r\n" + std::string(name) + ": v"), "bad-request") << name;
  }
}

TEST(Headers_5_4, SpaceBeforeColonRejected) {
  EXPECT_EQ(verdict("PING\r\nName : v"), "bad-request");
  EXPECT_EQ(verdict("PING\r\n Name: v"), "bad-request");
}

TEST(Headers_5_4, MissingColonRejected) {
  EXPECT_EQ(verdict("PING\r\nNoColon"), "bad-request");
  EXPECT_EQ(verdict("PING\r\nName value"), "bad-request");
  EXPECT_EQ(verdict("PING\r\nA: b\r\nC"), "bad-request");
}

TEST(Headers_5_4, EmptyNameRejected) {
  EXPECT_EQ(verdict("PING\r\n: v"), "bad-request");
  EXPECT_EQ(verdict("PING\r\n:"), "bad-request");
}

// covers: 5.4/7
TEST(Headers_5_4, ValueTrimmedOfSpAndHtOnBothSides) {
  struct Case {
    std::string_view line;
    std::string_view value;
  };
  for (const Case& c : {Case{"A:v", "v"}, Case{"A: v", "v"}, Case{"A:   v  ", "v"},
                        Case{"A:\t v \t", "v"}, Case{"A: a b", "a b"}, Case{"A: a \t b ", "a \t b"},
                        Case{"A: x:y: z", "x:y: z"}}) {
    gnp::Request request;
    ASSERT_FALSE(parse("PING\r\n" + std::string(c.line), request)) << c.line;
    ASSERT_EQ(request.headers.size(), 1u);
    EXPECT_EQ(request.headers[0].value, c.value) << testing::PrintToString(c.line);
  }
}

TEST(Headers_5_4, EmptyValueAllowed) {
  for (std::string_view line : {"A:"sv, "A: "sv, "A:   "sv, "A: \t"sv}) {
    gnp::Request request;
    ASSERT_FALSE(parse("PING\r\n" + std::string(line), request)) << testing::PrintToString(line);
    ASSERT_EQ(request.headers.size(), 1u);
    EXPECT_EQ(request.headers[0].value, "");
  }
}

TEST(Headers_5_4, RepeatedNameInAnyCaseRejected) {
  EXPECT_EQ(verdict("PING\r\nFoo: 1\r\nFoo: 1"), "bad-request");
  EXPECT_EQ(verdict("PING\r\nFoo: 1\r\nfoo: 2"), "bad-request");
  EXPECT_EQ(verdict("PING\r\nX-A: 1\r\nX-B: 2\r\nx-a: 3"), "bad-request");
  EXPECT_EQ(verdict("PING\r\nA-B: 1\r\nA_B: 2"), "ok");  // '-' and '_' are different characters
  EXPECT_EQ(verdict("PING\r\nFoo: 1\r\nFoo2: 1"), "ok");
}

// Many headers take a different (sorted) path in some implementations; cover both sizes.
std::string many_headers(int count, std::string_view extra) {
  std::string text = "PING";
  for (int i = 0; i < count; ++i) text += "\r\nHeader-" + std::to_string(i) + ": v";
  text += extra;
  return text;
}

TEST(Headers_5_4, RepeatedNameAmongManyHeadersRejected) {
  for (int count : {15, 16, 17, 40, 300}) {
    EXPECT_EQ(verdict(many_headers(count, "")), "ok") << count;
    EXPECT_EQ(verdict(many_headers(count, "\r\nHEADER-0: w")), "bad-request") << count;
    EXPECT_EQ(verdict(many_headers(count, "\r\nheader-" + std::to_string(count - 1) + ": w")),
              "bad-request")
        << count;
    EXPECT_EQ(verdict(many_headers(count, "\r\nHeader-X: w\r\nhEADER-x: w")), "bad-request") << count;
  }
}

TEST(Headers_5_4, UnknownHeadersIgnoredAndKeptInOrder) {
  gnp::Request request;
  ASSERT_FALSE(parse("PING\r\nX-Whatever: any: thing\r\nZ: 1\r\nA: 2", request));
  ASSERT_EQ(request.headers.size(), 3u);
  EXPECT_EQ(request.headers[0].name, "X-Whatever");
  EXPECT_EQ(request.headers[0].value, "any: thing");
  EXPECT_EQ(request.headers[1].name, "Z");
  EXPECT_EQ(request.headers[2].name, "A");
  EXPECT_FALSE(request.sequence);
}

// 5.5 Sequence

std::optional<std::uint64_t> sequence_of(std::string_view value_text) {
  gnp::Request request;
  if (parse("PING\r\nSequence:" + std::string(value_text), request)) return std::nullopt;
  EXPECT_TRUE(request.sequence) << "parsed but no sequence for " << value_text;
  return request.sequence;
}

TEST(Sequence_5_5, ValidValues) {
  EXPECT_EQ(sequence_of(" 0"), 0u);
  EXPECT_EQ(sequence_of(" 1"), 1u);
  EXPECT_EQ(sequence_of(" 9223372036854775807"), 9223372036854775807u);
  EXPECT_EQ(sequence_of(" 007"), 7u);
  EXPECT_EQ(sequence_of(" 0000000000000000000000009223372036854775807"), 9223372036854775807u);
  EXPECT_EQ(sequence_of("  1 "), 1u);      // trimmed as every value (5.4)
  EXPECT_EQ(sequence_of("\t42\t"), 42u);
  EXPECT_EQ(sequence_of("1"), 1u);
}

TEST(Sequence_5_5, InvalidValuesRejected) {
  for (std::string_view value : {" "sv, ""sv, " 9223372036854775808"sv, " 9223372036854775810"sv,
                                 " 18446744073709551615"sv, " 18446744073709551616"sv,
                                 " 99999999999999999999999"sv, " +1"sv, " -1"sv, " -0"sv, " 1 2"sv,
                                 " 1\t2"sv, " 0x10"sv, " 1e3"sv, " 1.0"sv, " 1,000"sv,
                                 " \xD9\xA1"sv,           // U+0661 ARABIC-INDIC DIGIT ONE
                                 " \xEF\xBC\x91"sv,       // U+FF11 FULLWIDTH DIGIT ONE
                                 " 1\xC2\xA0"sv}) {       // trailing NBSP is not trimmed
    EXPECT_EQ(verdict("PING\r\nSequence:" + std::string(value)), "bad-request") << testing::PrintToString(value);
  }
}

TEST(Sequence_5_5, NameMatchedCaseInsensitively) {
  gnp::Request request;
  ASSERT_FALSE(parse("PING\r\nsEQUENCE: 5", request));
  EXPECT_EQ(request.sequence, 5u);
  EXPECT_EQ(verdict("PING\r\nSEQUENCE: x"), "bad-request");
  EXPECT_EQ(verdict("PING\r\nSequence: 1\r\nsequence: 1"), "bad-request");
}

TEST(Sequence_5_5, OtherHeaderNamesAreNotSequence) {
  gnp::Request request;
  ASSERT_FALSE(parse("PING\r\nSequences: x\r\nSequenc: y\r\nX-Sequence: z", request));
  EXPECT_FALSE(request.sequence);
}

// 5.6 order of checks

TEST(Order_5_6, EncodingCheckedBeforeAnySyntax) {
  // Invalid UTF-8 wins even when a syntax error comes first in the text.
  EXPECT_EQ(verdict("PI\x01NG\r\nX: \xFF"), "bad-encoding");
  EXPECT_EQ(verdict(" PING \xC0\x80"), "bad-encoding");
  EXPECT_EQ(verdict("PING\r\nA: 1\r\na: 2\r\nB: \xED\xA0\x80"), "bad-encoding");
  EXPECT_EQ(verdict("PING\r\nSequence: -1\r\nB: \xF4\x90\x80\x80"), "bad-encoding");
  EXPECT_EQ(verdict("\0\xE2\x82"sv), "bad-encoding");  // truncated right before the terminator
  EXPECT_EQ(error_offset("PING\r\nA: \xFF"), 9u);
}

TEST(Order_5_6, SyntaxCheckedLineByLine) {
  // Every 5.2-5.5 failure is bad-request; the offset shows the first failing line was chosen.
  const std::size_t offset = error_offset("ECHO  a\r\nB\x01: x\r\nNoColon");
  EXPECT_LT(offset, 7u) << "error reported at " << offset << ", after line 1";
  const std::size_t header_offset = error_offset("PING\r\nGood: 1\r\nBad Name: x\r\nC: \x02");
  EXPECT_GE(header_offset, 15u);
  EXPECT_LT(header_offset, 27u);
}

TEST(Request_5, ReusedRequestIsCleared) {
  gnp::Request request;
  ASSERT_FALSE(parse("ECHO a b c\r\nSequence: 9\r\nX: y", request));
  ASSERT_FALSE(parse("PING", request));
  EXPECT_EQ(request.command, "PING");
  EXPECT_TRUE(request.args.empty());
  EXPECT_TRUE(request.headers.empty());
  EXPECT_FALSE(request.sequence);
}

TEST(Request_5, SerializedRequestParsesBack) {
  gnp::Request request;
  request.command = "SET";
  request.args = {"k", "v\xC3\xA9"};
  request.headers = {{"Sequence", "12"}, {"X-Note", "a\tb"}};
  const std::string bytes = gnp::serialize_request(request);
  EXPECT_EQ(bytes, "SET k v\xC3\xA9\r\nSequence: 12\r\nX-Note: a\tb\r\n\r\n");
  gnp::Request back;
  ASSERT_FALSE(gnp::parse_request(bytes, back));
  EXPECT_EQ(back.command, "SET");
  EXPECT_EQ(back.args, request.args);
  EXPECT_EQ(back.sequence, 12u);
  ASSERT_EQ(back.headers.size(), 2u);
  EXPECT_EQ(back.headers[1].value, "a\tb");
}

TEST(Headers_5_4, HeaderNameEqualsIsAsciiCaseInsensitiveOnly) {
  EXPECT_TRUE(gnp::header_name_equals("Sequence", "sEQUENCE"));
  EXPECT_FALSE(gnp::header_name_equals("Sequence", "Sequenc"));
  EXPECT_FALSE(gnp::header_name_equals("A-B", "A_B"));
  EXPECT_FALSE(gnp::header_name_equals("@", "`"));   // 0x40 and 0x60 differ by the case bit
  EXPECT_FALSE(gnp::header_name_equals("[", "{"));
}

}  // namespace
