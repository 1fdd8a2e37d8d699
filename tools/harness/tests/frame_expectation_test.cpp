// FrameExpectation (compare ignoring Message, describe, judge prefixes) and the reader's lenient
// conventions (PROTOCOL.md 6.2-6.6).
#include "harness/frame_expectation.hpp"

#include <gtest/gtest.h>

#include <string>

namespace wireproof {
namespace {

ResponseFrame read_one(const std::string& bytes, ReadingConventions conventions = {}) {
  ResponseReader reader;
  reader.set_conventions(std::move(conventions));
  reader.feed(bytes);
  std::optional<ResponseFrame> frame = reader.next();
  EXPECT_TRUE(frame.has_value()) << reader.error();
  return frame.value_or(ResponseFrame{});
}

TEST(FrameExpectation, MessageTextIsNeverCompared) {  // 6.5
  const FrameExpectation want = FrameExpectation::error("not-found", 4);
  EXPECT_TRUE(want.matches(read_one("ERR not-found\r\nSequence: 4\r\nMessage: no such key\r\n\r\n")));
  EXPECT_TRUE(want.matches(read_one("ERR not-found\r\nSequence: 4\r\nMessage: x\r\n\r\n")));
}

TEST(FrameExpectation, FirstDifferingAspectInFrameOrder) {
  const FrameExpectation want{true, "", 5, "abc"};
  const auto status = want.difference(read_one("ERR bad-request\r\nMessage: m\r\n\r\n"));
  ASSERT_TRUE(status);
  EXPECT_EQ(status->aspect, FrameDifference::Aspect::status);
  EXPECT_EQ(status->summary(), "expected OK Sequence=5 body=\"abc\"; got ERR bad-request");
  const auto sequence = want.difference(read_one("OK\r\nSize: 3\r\n\r\nabc"));
  ASSERT_TRUE(sequence);
  EXPECT_EQ(sequence->aspect, FrameDifference::Aspect::sequence);
  const auto body = want.difference(read_one("OK\r\nSequence: 5\r\nSize: 3\r\n\r\nabd"));
  ASSERT_TRUE(body);
  EXPECT_EQ(body->aspect, FrameDifference::Aspect::body);
  EXPECT_FALSE(want.difference(read_one("OK\r\nSequence: 5\r\nSize: 3\r\n\r\nabc")));
}

TEST(FrameExpectation, LongBodiesAreCutInDescriptions) {
  const FrameExpectation want{true, "", std::nullopt, std::string(300, 'x')};
  EXPECT_EQ(want.describe(), "OK body=\"" + std::string(200, 'x') + "\"... (300 bytes)");
}

TEST(FrameExpectation, PrefixThatCanStillBecomeTheFrame) {
  const FrameExpectation greeting = FrameExpectation::greeting();
  EXPECT_TRUE(greeting.can_become(""));
  EXPECT_TRUE(greeting.can_become("OK\r\n"));      // the empty line may still come
  EXPECT_TRUE(greeting.can_become("OK\r\n\r\n"));
  EXPECT_FALSE(greeting.can_become("OK\r\nX"));    // can no longer be OK\r\n\r\n: fail now
  EXPECT_FALSE(greeting.can_become("ERR"));

  const FrameExpectation ok{true, "", 7, "hi"};
  EXPECT_TRUE(ok.can_become("OK\r\nSequence: 7\r\nSize: 2\r\n\r\nh"));
  EXPECT_FALSE(ok.can_become("OK\r\nSize: 2"));    // Sequence was due first (6.2)
  EXPECT_FALSE(ok.can_become("OK\r\nSequence: 8"));
}

TEST(FrameExpectation, ErrorPrefixAllowsAnyMessageText) {
  const FrameExpectation err = FrameExpectation::error("bad-request");
  EXPECT_TRUE(err.can_become("ERR bad-request\r\nMessage: anything at all"));
  EXPECT_TRUE(err.can_become("ERR bad-request\r\nMessage: text\r\n\r"));
  EXPECT_FALSE(err.can_become("ERR bad-request\r\nMessage: \r\n"));       // empty Message (6.5)
  EXPECT_FALSE(err.can_become("ERR bad-request\r\nMessage: a\x01"));      // control in it (6.5)
  EXPECT_FALSE(err.can_become("ERR bad-request\r\nMessage: text\r\nX"));  // a header after Message
  EXPECT_FALSE(err.can_become("ERR bad-request\r\nSequence: 1"));         // 6.3: never on bad-request
}

TEST(ReadingConventions, ObservedGreetingIsAcceptedInPlaceOfTheStrictOne) {
  ResponseReader strict;
  strict.feed("OK\r\nOK\r\nSequence: 1\r\n\r\n");
  EXPECT_FALSE(strict.next());
  EXPECT_TRUE(strict.failed());

  ResponseReader lenient;
  lenient.set_conventions({.greeting = "OK\r\n", .bare_lf_line_ends = false});
  lenient.feed("OK\r");
  EXPECT_FALSE(lenient.next());  // the observed greeting may still come whole
  lenient.feed("\nOK\r\nSequence: 1\r\n\r\n");
  const auto greeting = lenient.next();
  ASSERT_TRUE(greeting);
  EXPECT_EQ(greeting->raw, "OK\r\n");
  const auto answer = lenient.next();
  ASSERT_TRUE(answer) << lenient.error();
  EXPECT_EQ(answer->sequence, 1u);
}

TEST(ReadingConventions, StreamNotStartingWithTheObservedGreetingIsReadStrictly) {
  ResponseReader reader;
  reader.set_conventions({.greeting = "OK\r\n", .bare_lf_line_ends = false});
  reader.feed("ERR busy\r\nMessage: full\r\n\r\n");  // 10.3: busy replaces the greeting
  const auto frame = reader.next();
  ASSERT_TRUE(frame) << reader.error();
  EXPECT_EQ(frame->code, "busy");
}

TEST(ReadingConventions, BareLfLineEnds) {
  const ResponseFrame frame = read_one("OK\nSequence: 3\nSize: 2\n\nhi", {.greeting = std::nullopt, .bare_lf_line_ends = true});
  EXPECT_TRUE((FrameExpectation{true, "", 3, "hi"}.matches(frame)));
  ResponseReader strict;
  strict.feed("OK\n\n");
  EXPECT_FALSE(strict.next());
  EXPECT_NE(strict.error().find("bare LF"), std::string::npos);
}

}  // namespace
}  // namespace wireproof
