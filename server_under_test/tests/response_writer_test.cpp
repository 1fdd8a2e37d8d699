// Response frames and error codes, PROTOCOL.md 6.2-6.6 and 7.1-7.2: the writer functions and the
// error-code tables, against bytes and lists written out by hand from the spec.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

#include "core/error_code.hpp"
#include "response_summary.hpp"
#include "core/response_writer.hpp"

namespace {

using gnp::ErrorCode;

std::string ok(std::optional<std::uint64_t> sequence, std::string_view body = {}) {
  std::string out;
  gnp::write_ok(out, sequence, body);
  return out;
}

std::string error(ErrorCode code, std::optional<std::uint64_t> sequence, std::string_view message) {
  std::string out;
  gnp::write_error(out, code, sequence, message);
  return out;
}

TEST(Frame_6_2, OkWithoutHeadersOrBody) { EXPECT_EQ(ok(std::nullopt), "OK\r\n\r\n"); }

TEST(Frame_6_6, GreetingIsABareOkFrame) { EXPECT_EQ(gnp::kGreeting, "OK\r\n\r\n"); }

TEST(Frame_6_2, HeadersInOrderSequenceSizeThenBody) {
  EXPECT_EQ(ok(7), "OK\r\nSequence: 7\r\n\r\n");
  EXPECT_EQ(ok(std::nullopt, "abc"), "OK\r\nSize: 3\r\n\r\nabc");
  EXPECT_EQ(ok(0, "a b"), "OK\r\nSequence: 0\r\nSize: 3\r\n\r\na b");
  EXPECT_EQ(ok(9223372036854775807u, "x"), "OK\r\nSequence: 9223372036854775807\r\nSize: 1\r\n\r\nx");
}

TEST(Frame_6_2, ErrorWithSequenceAndMessage) {
  EXPECT_EQ(error(ErrorCode::not_found, 12, "no such key"),
            "ERR not-found\r\nSequence: 12\r\nMessage: no such key\r\n\r\n");
  EXPECT_EQ(error(ErrorCode::too_large, std::nullopt, "m"), "ERR too-large\r\nMessage: m\r\n\r\n");
}

TEST(Frame_6_4, SizeCountsBytesOfMultiByteBody) {
  const std::string body = "\xC3\xA9\xE2\x82\xAC\xF0\x9D\x84\x9E";  // 3 code points, 9 bytes
  EXPECT_EQ(ok(std::nullopt, body), "OK\r\nSize: 9\r\n\r\n" + body);
}

TEST(Frame_6_4, BodyMayContainTheTerminator) {
  // No GNP/1 command can produce such a body (5.2 forbids CR and LF inside tokens, so ECHO and
  // SET values never hold them); the writer must still frame it by Size alone.
  const std::string body = "a\r\n\r\nOK\r\n\r\nb";
  const std::string out = ok(5, body) + ok(6);
  EXPECT_EQ(out, "OK\r\nSequence: 5\r\nSize: 12\r\n\r\n" + body + "OK\r\nSequence: 6\r\n\r\n");
  EXPECT_EQ(gnp_test::summarize(out),
            (std::vector<std::string>{"OK Sequence=5 body=\"a\\r\\n\\r\\nOK\\r\\n\\r\\nb\"",
                                      "OK Sequence=6"}));
}

TEST(Frame_6_2, WriterAppendsWithoutDisturbingEarlierOutput) {
  std::string out = "prefix";
  gnp::write_ok(out, 1);
  gnp::write_error(out, ErrorCode::busy, std::nullopt, "full");
  EXPECT_EQ(out, "prefixOK\r\nSequence: 1\r\n\r\nERR busy\r\nMessage: full\r\n\r\n");
}

// 7.1: the complete list, in the spec's order, spelled by hand.
const std::vector<std::pair<ErrorCode, std::string_view>> kSpecCodes = {
    {ErrorCode::bad_encoding, "bad-encoding"},
    {ErrorCode::bad_request, "bad-request"},
    {ErrorCode::too_large, "too-large"},
    {ErrorCode::unknown_command, "unknown-command"},
    {ErrorCode::bad_arguments, "bad-arguments"},
    {ErrorCode::not_found, "not-found"},
    {ErrorCode::auth_required, "auth-required"},
    {ErrorCode::auth_unknown_cert, "auth-unknown-cert"},
    {ErrorCode::auth_not_yet_valid, "auth-not-yet-valid"},
    {ErrorCode::auth_expired, "auth-expired"},
    {ErrorCode::busy, "busy"},
    {ErrorCode::timeout, "timeout"},
};

TEST(Errors_7_1, EveryCodeHasItsWireSpelling) {
  for (const auto& [code, name] : kSpecCodes) {
    EXPECT_EQ(gnp::error_code_name(code), name);
    EXPECT_EQ(gnp::error_code_from_name(name), code) << name;
    EXPECT_EQ(error(code, std::nullopt, "m"), "ERR " + std::string(name) + "\r\nMessage: m\r\n\r\n");
  }
}

TEST(Errors_7_1, AllErrorCodesListsExactlyTheTwelve) {
  std::set<std::string_view> listed;
  for (ErrorCode code : gnp::kAllErrorCodes) listed.insert(gnp::error_code_name(code));
  std::set<std::string_view> expected;
  for (const auto& [code, name] : kSpecCodes) expected.insert(name);
  EXPECT_EQ(listed, expected);
  EXPECT_EQ(std::size(gnp::kAllErrorCodes), 12u);
}

TEST(Errors_7_1, UnknownSpellingsAreNotCodes) {
  for (std::string_view name : {"", "bad_request", "Bad-Request", "BAD-REQUEST", "bad-request ",
                                "timeout\r", "ok", "OK", "error"}) {
    EXPECT_FALSE(gnp::error_code_from_name(name)) << testing::PrintToString(name);
  }
}

TEST(Errors_7_2, CloseDecisionPerCode) {
  const std::set<std::string_view> closing = {"too-large",    "auth-required", "auth-unknown-cert",
                                              "auth-not-yet-valid", "auth-expired", "busy", "timeout"};
  for (const auto& [code, name] : kSpecCodes) {
    EXPECT_EQ(gnp::error_closes_connection(code), closing.count(name) == 1) << name;
  }
}

}  // namespace
