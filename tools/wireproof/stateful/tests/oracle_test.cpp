// The oracle (reference core, one store shared by every connection, 8.8) and the divergence table.
#include <gtest/gtest.h>

#include "stateful/divergence.hpp"
#include "stateful/oracle.hpp"
#include "stateful/traffic.hpp"

namespace wireproof::stateful {
namespace {

std::string status(const ResponseFrame& f) { return f.ok ? "OK" : f.code; }

// 8.8: a SET answered on one connection is seen by the next request on another.
TEST(Oracle, StoreIsSharedAcrossConnections_8_8) {
  Oracle oracle;
  const RoundExpectation a = oracle.answer("c1", "SET s v1\r\n\r\n");
  ASSERT_TRUE(a.opens);
  ASSERT_EQ(a.frames.size(), 2u);
  EXPECT_EQ(a.frames[0].raw, "OK\r\n\r\n");  // the greeting
  const RoundExpectation b = oracle.answer("c2", "GET s\r\nSequence: 007\r\n\r\nDEL s\r\n\r\n");
  ASSERT_EQ(b.frames.size(), 3u);
  EXPECT_EQ(b.frames[1].body, "v1");
  EXPECT_EQ(b.frames[1].sequence, 7u);
  EXPECT_EQ(b.requests[0], "GET s\r\nSequence: 007\r\n\r\n");
  const RoundExpectation c = oracle.answer("c1", "GET s\r\n\r\n");
  EXPECT_FALSE(c.opens);
  ASSERT_EQ(c.frames.size(), 1u);
  EXPECT_EQ(status(c.frames[0]), "not-found");
}

// 8.6: QUIT answers OK and closes; what follows it has no effect; the next round reopens.
TEST(Oracle, QuitClosesAndNothingAfterItCounts_8_6) {
  Oracle oracle;
  const RoundExpectation a = oracle.answer("c1", "PING\r\n\r\nQUIT\r\n\r\nSET s v\r\n\r\n");
  EXPECT_TRUE(a.closes);
  EXPECT_EQ(a.frames.size(), 3u);  // greeting, PING, QUIT
  EXPECT_FALSE(oracle.is_open("c1"));
  const RoundExpectation b = oracle.answer("c1", "GET s\r\n\r\n");
  EXPECT_TRUE(b.opens);
  ASSERT_EQ(b.frames.size(), 2u);
  EXPECT_EQ(status(b.frames[1]), "not-found");
}

TEST(Oracle, ResetRoundAnswersOkInAnyState) {
  Oracle oracle;
  oracle.answer("c1", "SET s x\r\n\r\n");
  const Round reset = reset_round({"s", "t"});
  const RoundExpectation e = oracle.answer(reset.connection, reset.bytes());
  ASSERT_EQ(e.frames.size(), 5u);
  for (std::size_t i = 1; i < e.frames.size(); ++i) EXPECT_TRUE(e.frames[i].ok);
  EXPECT_EQ(status(oracle.answer("c1", "GET s\r\n\r\n").frames[0]), "not-found");
}

ResponseFrame frame(bool ok, std::string code = "", std::string body = "") {
  ResponseFrame f;
  f.ok = ok;
  f.code = std::move(code);
  f.body = std::move(body);
  if (!f.body.empty()) f.size = f.body.size();
  return f;
}

TEST(DivergenceTable, RequirementsByRequestAndHistory) {
  KeyWriters writers;
  auto cited = [&](std::string_view request, const ResponseFrame& want, const ResponseFrame& got,
                   const std::string& on = "c1") { return answer_requirement(request, want, got, writers, on).first; };
  // Never written: GET 8.4, DEL 8.5.
  EXPECT_EQ(cited("GET k\r\n\r\n", frame(false, "not-found"), frame(true, "", "x")), "8.4/3");
  EXPECT_EQ(cited("DEL k\r\n\r\n", frame(false, "not-found"), frame(true)), "8.5/2");
  // Written earlier in the run: by another connection 8.8/2, on this one 8.8/3.
  note_write(writers, "SET k v\r\n\r\n", frame(true), "c2");
  EXPECT_EQ(cited("GET k\r\n\r\n", frame(true, "", "v"), frame(true, "", "old"), "c1"), "8.8/2");
  EXPECT_EQ(cited("GET k\r\n\r\n", frame(true, "", "v"), frame(true, "", "old"), "c2"), "8.8/3");
  // The reset connection leaves a key as never written.
  note_write(writers, "DEL k\r\n\r\n", frame(true), kResetConnection);
  EXPECT_EQ(cited("GET k\r\n\r\n", frame(false, "not-found"), frame(true, "", "v")), "8.4/3");
  // A failed DEL writes nothing.
  note_write(writers, "DEL k\r\n\r\n", frame(false, "not-found"), "c2");
  EXPECT_EQ(cited("DEL k\r\n\r\n", frame(false, "not-found"), frame(true)), "8.5/2");
  ResponseFrame with_sequence = frame(true);
  with_sequence.sequence = 5;
  EXPECT_EQ(cited("PING\r\nSequence: 5\r\n\r\n", with_sequence, frame(true)), "6.3/1");
  EXPECT_EQ(cited("ECHO  a\r\n\r\n", frame(false, "bad-request"), frame(true, "", "a")), "5.3/1");
  EXPECT_EQ(cited("ECHO \xC0\x80\r\n\r\n", frame(false, "bad-encoding"), frame(true)), "5.1/1");
  EXPECT_EQ(cited("ping\r\n\r\n", frame(false, "unknown-command"), frame(true)), "8.7/2");
  EXPECT_EQ(cited("GET a b\r\n\r\n", frame(false, "bad-arguments"), frame(false, "not-found")), "8.7/1");
  EXPECT_EQ(cited("ECHO a b\r\n\r\n", frame(true, "", "a b"), frame(true, "", "ab")), "8.2/2");
  EXPECT_EQ(section_of("8.8/2"), "8.8");
  EXPECT_EQ(reader_error_section("byte 3: unknown header 'X' (6.2: only Sequence, Size, Message)"), "6.2");
  EXPECT_EQ(reader_error_section("byte 9: Size on an ERR response (6.4)"), "6.4");
}

}  // namespace
}  // namespace wireproof::stateful
