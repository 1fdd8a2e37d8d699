// The wire oracle: a faulty server's traffic (written by hand here) is judged against the
// reference core, and the violated PROTOCOL.md section is named. Each test cites its section.
#include "blackbox/verdict.hpp"

#include <gtest/gtest.h>

#include "blackbox/expectation.hpp"

namespace wireproof::blackbox {
namespace {

const std::string kGreeting = "OK\r\n\r\n";

Expectation expect(std::string_view stream) {
  gnp::Store store;
  return expect_reference(stream, store);
}

Verdict judged(std::string_view stream, std::string received, bool closed = true) {
  return judge(expect(stream), Observation{std::move(received), closed, !closed});
}

// Expects a violation of `section` with `kind`; prints the verdict otherwise.
void expect_violation(const Verdict& v, std::string_view section, std::string_view kind) {
  EXPECT_EQ(v.outcome, Outcome::fail) << v.summary << "\n" << v.detail;
  EXPECT_EQ(v.section, section) << v.summary << "\n" << v.detail;
  EXPECT_EQ(v.kind, kind) << v.summary << "\n" << v.detail;
}

TEST(Expectation, PipelineAnsweredInOrderThenClosedAtHalfClose_6_1_4_6) {
  const Expectation e = expect("PING\r\n\r\nECHO a b\r\nSequence: 07\r\n\r\nGET k\r\n\r\nPIN");
  ASSERT_EQ(e.frames.size(), 4u);
  EXPECT_EQ(e.frames[0].raw, kGreeting);
  EXPECT_EQ(e.frames[2].body, "a b");
  EXPECT_EQ(e.frames[2].sequence, 7u);
  EXPECT_EQ(e.frames[3].code, "not-found");
  ASSERT_EQ(e.requests.size(), 3u);
  EXPECT_EQ(e.requests[1], "ECHO a b\r\nSequence: 07\r\n\r\n");
  EXPECT_EQ(e.close_cause, CloseCause::end_of_stream);
  EXPECT_EQ(e.unfinished_bytes, 3u);
}

TEST(Expectation, TooLargeClosesAndNamesTheUnendedRequest_4_3) {
  const std::string stream = "PING\r\n\r\n" + std::string(9000, 'a');
  const Expectation e = expect(stream);
  ASSERT_EQ(e.frames.size(), 3u);
  EXPECT_EQ(e.frames[2].code, "too-large");
  EXPECT_EQ(e.close_cause, CloseCause::too_large);
  ASSERT_EQ(e.requests.size(), 2u);
  EXPECT_EQ(e.requests[1], std::string(8192, 'a'));
}

TEST(Expectation, StoreCarriesStateAcrossConnections_8_8) {
  gnp::Store store;
  expect_reference("SET k v\r\n\r\n", store);
  const Expectation e = expect_reference("GET k\r\n\r\n", store);
  ASSERT_EQ(e.frames.size(), 2u);
  EXPECT_TRUE(e.frames[1].ok);
  EXPECT_EQ(e.frames[1].body, "v");
}

TEST(Verdict, ExactTrafficIsOk_6_2) {
  const std::string stream = "PING\r\n\r\nECHO a b\r\n\r\nQUIT\r\n\r\nPING\r\n\r\n";
  const Verdict v = judged(stream, expect(stream).bytes);
  EXPECT_EQ(v.outcome, Outcome::pass) << v.summary << v.detail;
}

TEST(Verdict, MessageTextIsNotCompared_6_5) {
  const Verdict v = judged("NOPE\r\n\r\n", kGreeting + "ERR unknown-command\r\nMessage: whatever\r\n\r\n");
  EXPECT_EQ(v.outcome, Outcome::pass) << v.summary << v.detail;
}

TEST(Verdict, MissingGreeting_3_1) {
  expect_violation(judged("PING\r\n\r\nECHO a\r\n\r\n", "OK\r\n\r\nOK\r\nSize: 1\r\n\r\na"), "3.1", "greeting");
}

TEST(Verdict, GreetingWithHeaders_6_6) {
  expect_violation(judged("PING\r\n\r\n", "OK\r\nSize: 1\r\n\r\nxOK\r\n\r\n"), "6.6", "greeting");
}

TEST(Verdict, SwappedPipelinedResponses_6_1) {
  expect_violation(judged("ECHO a\r\n\r\nECHO b\r\n\r\n",
                          kGreeting + "OK\r\nSize: 1\r\n\r\nbOK\r\nSize: 1\r\n\r\na"),
                   "6.1", "order");
}

TEST(Verdict, ByteLostAfterSplitTerminatorShowsAsAWrongAnswer_4_5) {
  // "PING" lost its first byte: the server answered "ING" (unknown-command) where PING was due.
  const Verdict v = judged("ECHO a\r\n\r\nPING\r\n\r\n",
                           kGreeting + "OK\r\nSize: 1\r\n\r\naERR unknown-command\r\nMessage: m\r\n\r\n");
  expect_violation(v, "8.7", "status");
  EXPECT_EQ(v.frame_index, 2u);
  EXPECT_NE(v.detail.find("PING\\r\\n\\r\\n"), std::string::npos) << v.detail;  // the request bytes
}

TEST(Verdict, WrongSequenceEcho_6_3) {
  expect_violation(judged("PING\r\nSequence: 5\r\n\r\n", kGreeting + "OK\r\nSequence: 4\r\n\r\n"), "6.3", "sequence");
}

TEST(Verdict, SequenceMissingFromResponse_6_3) {
  expect_violation(judged("PING\r\nSequence: 5\r\n\r\n", kGreeting + "OK\r\n\r\n"), "6.3", "sequence");
}

TEST(Verdict, SizeCountsCodePoints_6_4) {
  // body "h\xC3\xA9" is 3 bytes, 2 code points: a server sending Size: 2 truncates it.
  expect_violation(judged("ECHO h\xC3\xA9\r\n\r\n", kGreeting + "OK\r\nSize: 2\r\n\r\nh\xC3\xA9"), "6.4", "size");
}

TEST(Verdict, EchoJoinedWithoutSpace_8_2) {
  expect_violation(judged("ECHO a b\r\n\r\n", kGreeting + "OK\r\nSize: 2\r\n\r\nab"), "8.2", "body");
}

TEST(Verdict, GetMissingAnsweredOk_8_4) {
  expect_violation(judged("GET nokey\r\n\r\n", kGreeting + "OK\r\n\r\n"), "8.4", "status");
}

TEST(Verdict, LowercaseCommandAccepted_8_7) {
  expect_violation(judged("ping\r\n\r\n", kGreeting + "OK\r\n\r\n"), "8.7", "status");
}

TEST(Verdict, OverlongUtf8Accepted_5_1) {
  expect_violation(judged("ECHO \xC0\xAF\r\n\r\n", kGreeting + "OK\r\nSize: 2\r\n\r\n\xC0\xAF"), "5.1", "status");
}

TEST(Verdict, BareLfAccepted_5_2) {
  expect_violation(judged("PING\nX: y\r\n\r\n", kGreeting + "ERR unknown-command\r\nMessage: m\r\n\r\n"), "5.2", "status");
}

TEST(Verdict, DoubledSpaceAccepted_5_3) {
  expect_violation(judged("ECHO a  b\r\n\r\n", kGreeting + "OK\r\nSize: 3\r\n\r\na b"), "5.3", "status");
}

TEST(Verdict, RepeatedHeaderAccepted_5_4) {
  expect_violation(judged("PING\r\nX-A: 1\r\nx-a: 2\r\n\r\n", kGreeting + "OK\r\n\r\n"), "5.4", "status");
}

TEST(Verdict, SequenceOverflowAccepted_5_5) {
  expect_violation(judged("PING\r\nSequence: 9223372036854775808\r\n\r\n",
                          kGreeting + "OK\r\nSequence: 9223372036854775808\r\n\r\n"),
                   "5.5", "status");
}

TEST(Verdict, RequestOfExactlyTheLimitRefused_4_2) {
  const std::string request = "ECHO " + std::string(8192 - 9, 'x') + "\r\n\r\n";
  ASSERT_EQ(request.size(), 8192u);
  expect_violation(judged(request, kGreeting + "ERR too-large\r\nMessage: m\r\n\r\n"), "4.2", "status");
}

TEST(Verdict, TooLargeWithoutItsFrame_4_3) {
  expect_violation(judged(std::string(8200, 'a'), kGreeting), "4.3", "early-close");
}

TEST(Verdict, ServingOnAfterTooLarge_4_3) {
  const std::string stream = std::string(8192, 'a') + "PING\r\n\r\n";
  expect_violation(judged(stream, kGreeting + "ERR too-large\r\nMessage: m\r\n\r\nOK\r\n\r\n"), "4.3", "extra-response");
}

TEST(Verdict, ServingOnAfterQuit_8_6) {
  expect_violation(judged("QUIT\r\n\r\nPING\r\n\r\n", kGreeting + "OK\r\n\r\nOK\r\n\r\n"), "8.6", "extra-response");
}

TEST(Verdict, ClosingAfterBadRequest_7_2) {
  expect_violation(judged("PING \r\n\r\nPING\r\n\r\nPING\r\n\r\n", kGreeting + "ERR bad-request\r\nMessage: m\r\n\r\n"),
                   "7.2", "early-close");
}

TEST(Verdict, ClosingAfterTheLastBadRequestIsAnEarlyClose_7_2) {
  expect_violation(judged("PING\r\n\r\nPING \r\n\r\nPING\r\n\r\n",
                          kGreeting + "OK\r\n\r\nERR bad-request\r\nMessage: m\r\n\r\n"),
                   "7.2", "early-close");
}

TEST(Verdict, NulHidingTheTerminatorMergesRequests_4_1) {
  // The server scanned for the terminator only up to the NUL: requests 1 and 2 became one.
  const std::string stream = std::string("PING\0\r\n\r\nPING\r\n\r\nECHO a\r\n\r\n", 27);
  expect_violation(judged(stream, kGreeting + "ERR bad-request\r\nMessage: m\r\n\r\nOK\r\nSize: 1\r\n\r\na"),
                   "4.1", "merged-requests");
}

TEST(Verdict, NulHidingTheLastTerminator_4_1) {
  expect_violation(judged(std::string("\0\r\n\r\n", 5), kGreeting), "4.1", "merged-requests");
}

TEST(Verdict, LowercaseSequenceHeaderIgnored_5_4) {
  expect_violation(judged("PING\r\nsequence: 3\r\n\r\n", kGreeting + "OK\r\n\r\n"), "5.4", "header-name-case");
}

TEST(Verdict, AnsweringTheUnfinishedRequestAtHalfClose_4_6) {
  expect_violation(judged("PING\r\n\r\nPING", kGreeting + "OK\r\n\r\nOK\r\n\r\n"), "4.6", "extra-response");
}

TEST(Verdict, MalformedFrameCitesTheReaderSection_6_2) {
  const Verdict v = judged("PING\r\n\r\n", kGreeting + "OK\r\nSize: x\r\n\r\n");
  EXPECT_EQ(v.outcome, Outcome::fail);
  EXPECT_EQ(v.kind, "malformed");
  EXPECT_TRUE(v.section.starts_with("6.")) << v.section << " " << v.summary;
}

// Found by hostile_server_fuzzer: the reader's "(6.2: only Sequence, Size, Message)" was taken
// whole as the section, which then made the reproducer scenario unparsable.
TEST(Verdict, MalformedFrameSectionIsTheNumberAlone_6_2) {
  const Verdict v = judged("PING\r\n\r\n", kGreeting + "OK\r\nServer: x\r\n\r\n");
  EXPECT_EQ(v.kind, "malformed");
  EXPECT_EQ(v.section, "6.2") << v.summary;
}

// Found by hostile_server_fuzzer: the status line of a malformed frame reached the summary raw
// (ESC, BEL: a terminal escape from the server on the user's terminal).
TEST(Verdict, MalformedFrameStatusIsEscaped_6_2) {
  const Verdict v = judged("PING\r\n\r\n", kGreeting + "ERR \x1b[31mred\x07\r\nMessage: \x1b\r\n\r\n");
  EXPECT_EQ(v.kind, "status");
  EXPECT_EQ(v.summary.find('\x1b'), std::string::npos) << v.summary;
  EXPECT_NE(v.summary.find("\\x1b[31mred\\x07"), std::string::npos) << v.summary;
}

TEST(Verdict, NoCloseAfterHalfCloseIsAHang_4_6) {
  const std::string stream = "PING\r\n\r\n";
  const Verdict v = judged(stream, expect(stream).bytes, /*closed=*/false);
  EXPECT_EQ(v.outcome, Outcome::timeout);
  EXPECT_EQ(v.kind, "awaited-close");
  EXPECT_EQ(v.section, "4.6");
}

TEST(Verdict, NoAnswerBeforeTheDeadlineIsAHang_6_1) {
  const Verdict v = judged("PING\r\n\r\nPING\r\n\r\n", kGreeting + "OK\r\n\r\n", /*closed=*/false);
  EXPECT_EQ(v.outcome, Outcome::timeout);
  EXPECT_EQ(v.kind, "awaited-response");
  EXPECT_EQ(v.frame_index, 2u);
}

TEST(Verdict, BadRequestSectionsFollowTheParser_5_6) {
  EXPECT_EQ(bad_request_section("PING\x01\r\n\r\n"), "5.2");
  EXPECT_EQ(bad_request_section(" PING\r\n\r\n"), "5.3");
  EXPECT_EQ(bad_request_section("PING\r\nno colon\r\n\r\n"), "5.4");
  EXPECT_EQ(bad_request_section("PING\r\nSequence: -1\r\n\r\n"), "5.5");
  EXPECT_EQ(bad_request_section("PING\xFF\r\n\r\n"), "5.1");
}

}  // namespace
}  // namespace wireproof::blackbox
