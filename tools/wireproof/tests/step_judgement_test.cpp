// certify's judging of what arrived for an expect step (certify/step_judgement.hpp), without sockets.
#include "certify/step_judgement.hpp"

#include <gtest/gtest.h>

namespace wireproof::certify {
namespace {

Awaited awaited_ok() {
  const FrameExpectation ok;
  return {ok.describe(), ok, {}};
}

// Found by hostile_server_fuzzer: a status line the server sent reached the divergence raw, and
// the JSON report (which embeds divergences as printable text) then held ill-formed UTF-8.
TEST(StepJudgement, DivergenceQuotesAServerStatusLineEscaped) {
  const StepFailure f = cannot_become("response", awaited_ok(), "\x8a\x9a\x1b[31m\r\nSize: 1\r\n");
  EXPECT_EQ(f.divergence.expected, "OK");
  EXPECT_EQ(f.divergence.received, "\\x8a\\x9a\\x1b[31m");
  EXPECT_EQ(status_line("ERR busy\r\n"), "ERR busy");
  EXPECT_EQ(status_line("ERR busy"), std::nullopt);
}

// Leftover bytes (up to a whole body) are quoted bounded: the first 300, then the count.
TEST(StepJudgement, LeftoverBytesAreQuotedBounded) {
  const StepFailure f = leftover("OK\r\nSize: 100000\r\n\r\n" + std::string(100000, 'x'));
  EXPECT_LT(f.message.size(), 400u) << f.message;
  EXPECT_NE(f.message.find("... (100020 bytes)"), std::string::npos) << f.message;
  EXPECT_EQ(f.divergence.received, "part of a frame");
}

TEST(StepJudgement, CloseAndSilenceAreJudgedOnWhatTheWaitSaw) {
  CloseResult wait;
  wait.closed_by_peer = true;
  EXPECT_FALSE(judge_close(false, "OK\r\n\r\n", wait, std::chrono::milliseconds(100), false));
  EXPECT_FALSE(
      judge_close(true, std::string("\x15\x03\x03\x00\x02\x02\x28", 7), wait, std::chrono::milliseconds(100), false));
  const std::optional<StepFailure> plaintext =
      judge_close(true, "OK\r\n\r\n", wait, std::chrono::milliseconds(100), false);
  ASSERT_TRUE(plaintext);
  EXPECT_EQ(plaintext->divergence.received, "bytes outside TLS");
  wait.data_received_meanwhile = "ERR \x1b\r\n\r\n";
  const std::optional<StepFailure> sent = judge_close(false, "", wait, std::chrono::milliseconds(100), false);
  ASSERT_TRUE(sent);
  EXPECT_EQ(sent->divergence.received, "ERR \\x1b");
  const std::optional<StepFailure> closed = judge_silence(false, "", wait, std::chrono::milliseconds(100));
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->divergence.received, "close");
}

TEST(StepJudgement, PrefixThatCanStillBecomeTheFrameIsNoFailure) {
  EXPECT_TRUE(awaited_ok().can_become("OK\r"));
  EXPECT_FALSE(awaited_ok().can_become("ERR"));
  EXPECT_TRUE(judges_prefixes({}, "greeting"));
  EXPECT_FALSE(judges_prefixes({.greeting = "OK\r\n", .bare_lf_line_ends = false}, "greeting"));
}

TEST(StepJudgement, LenientGreetingIsAcceptedInPlaceOfTheExactOne) {
  ResponseReader reader;
  reader.set_conventions({.greeting = "OK\r\n", .bare_lf_line_ends = false});
  reader.feed("OK\r\n");
  const std::optional<ResponseFrame> frame = reader.next();
  ASSERT_TRUE(frame);
  EXPECT_FALSE(judge_raw("greeting", "OK\r\n\r\n", *frame, reader.conventions()));
  const std::optional<StepFailure> strict = judge_raw("greeting", "OK\r\n\r\n", *frame, {});
  ASSERT_TRUE(strict);
  EXPECT_EQ(strict->divergence.received, "\"OK\\r\\n\"");
}

}  // namespace
}  // namespace wireproof::certify
