// Request framing, PROTOCOL.md 4.1-4.5: gnp::Framer and gnp::scan_for_terminator.
// Expected frames come from a naive oracle (repeated std::string::find of "\r\n\r\n") or are
// written out by hand; never from the framer itself.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/framer.hpp"

namespace {

using namespace std::literals;
using gnp::Framer;

constexpr std::size_t kLimit = 8192;

// What feeding a stream through one Framer produced.
struct Fed {
  std::vector<std::string> frames;
  bool too_large = false;
  std::size_t unconsumed = 0;  // bytes left in the input when too_large was reported
  Framer framer;
};

// Feeds `input` cut at `cuts` (ascending offsets), collecting frames as the caller would.
Fed feed(std::string_view input, const std::vector<std::size_t>& cuts) {
  Fed fed;
  std::size_t start = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(input.size());
  for (std::size_t end : ends) {
    std::string_view piece = input.substr(start, end - start);
    start = end;
    while (!fed.too_large) {
      std::string_view frame;
      const Framer::Result result = fed.framer.next(piece, frame);
      if (result == Framer::Result::frame) {
        fed.frames.emplace_back(frame);
      } else if (result == Framer::Result::too_large) {
        fed.too_large = true;
        fed.unconsumed = piece.size() + (input.size() - end);
      } else {
        EXPECT_TRUE(piece.empty()) << "need_more must consume all input";
        break;
      }
    }
  }
  return fed;
}

Fed feed_whole(std::string_view input) { return feed(input, {}); }

Fed feed_in_chunks(std::string_view input, std::size_t chunk) {
  std::vector<std::size_t> cuts;
  for (std::size_t at = chunk; at < input.size(); at += chunk) cuts.push_back(at);
  return feed(input, cuts);
}

// The oracle: every complete request, by plain substring search (4.1).
std::vector<std::string> naive_frames(std::string_view input) {
  std::vector<std::string> frames;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = input.find("\r\n\r\n", start);
    if (at == std::string_view::npos) return frames;
    frames.emplace_back(input.substr(start, at + 4 - start));
    start = at + 4;
  }
}

// A request of exactly `total` bytes, terminator included.
std::string request_of_size(std::size_t total) {
  const std::string head = "ECHO ";
  return head + std::string(total - head.size() - 4, 'x') + "\r\n\r\n";
}

// Pipelined requests with every awkward byte near a terminator: lone CR, CRLFCR + CR, LF + CRLF,
// NUL, an empty request, and an unfinished tail.
const std::string kPipelined =
    "PING\r\n\r\n"
    "ECHO a\rb\r\n\r\n"
    "X\r\n\r\r\n\r\n"
    "\r\n\r\n"
    "Y\0\r\n\r\n"s
    "GET k\nA: \n\r\n\r\n"
    "SET k v\r\nSequence: 1\r\n\r\n"
    "tail\r\n\r";

const std::vector<std::string> kPipelinedFrames = {
    "PING\r\n\r\n",
    "ECHO a\rb\r\n\r\n",
    "X\r\n\r\r\n\r\n",
    "\r\n\r\n",
    "Y\0\r\n\r\n"s,
    "GET k\nA: \n\r\n\r\n",
    "SET k v\r\nSequence: 1\r\n\r\n",
};

TEST(Framing_4_1, OracleAgreesWithHandWrittenFrames) {
  // Guards the oracle itself, so the split tests below compare against the right thing.
  EXPECT_EQ(naive_frames(kPipelined), kPipelinedFrames);
}

TEST(Framing_4_5, WholePipelinedInputYieldsEveryRequestInOrder) {
  Fed fed = feed_whole(kPipelined);
  EXPECT_EQ(fed.frames, kPipelinedFrames);
  EXPECT_FALSE(fed.too_large);
  EXPECT_EQ(fed.framer.buffered(), std::string_view("tail\r\n\r").size());
  EXPECT_EQ(fed.framer.offset(), kPipelined.size());
}

TEST(Framing_4_4, EverySplitPositionYieldsWholeInputFrames) {
  for (std::size_t cut = 0; cut <= kPipelined.size(); ++cut) {
    Fed fed = feed(kPipelined, {cut});
    EXPECT_EQ(fed.frames, kPipelinedFrames) << "split at " << cut;
    EXPECT_EQ(fed.framer.offset(), kPipelined.size()) << "split at " << cut;
  }
}

TEST(Framing_4_4, EveryPairOfSplitPositionsYieldsWholeInputFrames) {
  for (std::size_t a = 0; a <= kPipelined.size(); ++a) {
    for (std::size_t b = a; b <= kPipelined.size(); ++b) {
      Fed fed = feed(kPipelined, {a, b});
      ASSERT_EQ(fed.frames, kPipelinedFrames) << "split at " << a << " and " << b;
    }
  }
}

TEST(Framing_4_4, OneByteChunksYieldWholeInputFrames) {
  EXPECT_EQ(feed_in_chunks(kPipelined, 1).frames, kPipelinedFrames);
}

TEST(Framing_4_4, TerminatorSplitAtEachInnerPosition) {
  const std::string input = "PING\r\n\r\nECHO z\r\n\r\n";
  for (std::size_t inner = 1; inner <= 3; ++inner) {
    const std::size_t cut = 4 + inner;  // inside the first terminator
    Fed fed = feed(input, {cut});
    EXPECT_EQ(fed.frames, (std::vector<std::string>{"PING\r\n\r\n", "ECHO z\r\n\r\n"}))
        << "terminator split after its byte " << inner;
    EXPECT_EQ(fed.framer.buffered(), 0u);
  }
}

TEST(Framing_4_1, ExhaustiveShortStreamsMatchOracleWholeAndBytewise) {
  // Every string of length <= 7 over {CR, LF, 'a', NUL}: whole, bytewise, and split in two.
  const char alphabet[] = {'\r', '\n', 'a', '\0'};
  std::string s;
  for (std::size_t len = 0; len <= 7; ++len) {
    std::size_t count = 1;
    for (std::size_t i = 0; i < len; ++i) count *= 4;
    for (std::size_t code = 0; code < count; ++code) {
      s.clear();
      for (std::size_t i = 0, c = code; i < len; ++i, c /= 4) s += alphabet[c % 4];
      const std::vector<std::string> expected = naive_frames(s);
      ASSERT_EQ(feed_whole(s).frames, expected) << testing::PrintToString(s);
      ASSERT_EQ(feed_in_chunks(s, 1).frames, expected) << testing::PrintToString(s);
      ASSERT_EQ(feed(s, {len / 2}).frames, expected) << testing::PrintToString(s);
    }
  }
}

TEST(Framing_4_1, NulBeforeTerminatorDoesNotHideIt) {
  const std::string input = "EC\0HO x\r\n\r\n\0\r\n\r\nPING\r\n\r\n"s;
  const std::vector<std::string> expected = {"EC\0HO x\r\n\r\n"s, "\0\r\n\r\n"s, "PING\r\n\r\n"};
  EXPECT_EQ(feed_whole(input).frames, expected);
  EXPECT_EQ(feed_in_chunks(input, 1).frames, expected);
  EXPECT_EQ(feed_in_chunks(input, 3).frames, expected);
}

TEST(Framing_4_2, RequestOf8191BytesAccepted) {
  const std::string request = request_of_size(kLimit - 1);
  ASSERT_EQ(request.size(), kLimit - 1);
  for (std::size_t chunk : {request.size(), std::size_t{1500}, std::size_t{1}}) {
    Fed fed = feed_in_chunks(request, chunk);
    EXPECT_EQ(fed.frames, std::vector<std::string>{request}) << "chunk " << chunk;
    EXPECT_FALSE(fed.too_large);
  }
}

TEST(Framing_4_2, RequestOfExactly8192BytesIncludingTerminatorAccepted) {
  const std::string request = request_of_size(kLimit);
  ASSERT_EQ(request.size(), kLimit);
  for (std::size_t chunk : {request.size(), std::size_t{1500}, std::size_t{8191}, std::size_t{1}}) {
    Fed fed = feed_in_chunks(request, chunk);
    EXPECT_EQ(fed.frames, std::vector<std::string>{request}) << "chunk " << chunk;
    EXPECT_FALSE(fed.too_large) << "chunk " << chunk;
    EXPECT_FALSE(fed.framer.failed());
  }
  // Split inside the terminator, whose last byte is the 8192nd.
  for (std::size_t cut = kLimit - 4; cut < kLimit; ++cut) {
    Fed fed = feed(request, {cut});
    EXPECT_EQ(fed.frames, std::vector<std::string>{request}) << "split at " << cut;
  }
}

TEST(Framing_4_3, RequestOf8193BytesIsTooLargeAtOffset8192) {
  const std::string request = request_of_size(kLimit + 1);
  for (std::size_t chunk : {request.size(), std::size_t{1500}, std::size_t{8192}, std::size_t{1}}) {
    Fed fed = feed_in_chunks(request, chunk);
    EXPECT_TRUE(fed.frames.empty()) << "chunk " << chunk;
    EXPECT_TRUE(fed.too_large) << "chunk " << chunk;
    EXPECT_TRUE(fed.framer.failed());
    EXPECT_EQ(fed.framer.offset(), kLimit) << "chunk " << chunk;
    EXPECT_EQ(fed.unconsumed, 1u) << "the 8193rd byte is never consumed (4.3), chunk " << chunk;
  }
}

TEST(Framing_4_3, TooLargeIsReportedOnThe8192ndByteNotLater) {
  // 8192 bytes with no terminator: the limit is reached; no more input is needed to decide.
  const std::string bytes(kLimit, 'a');
  Framer framer;
  std::string_view input = bytes;
  std::string_view frame;
  EXPECT_EQ(framer.next(input, frame), Framer::Result::too_large);
  EXPECT_TRUE(input.empty());
  // With 8191 bytes it must still wait.
  Framer waiting;
  std::string_view shorter = std::string_view(bytes).substr(1);
  EXPECT_EQ(waiting.next(shorter, frame), Framer::Result::need_more);
  EXPECT_EQ(waiting.buffered(), kLimit - 1);
  EXPECT_FALSE(waiting.failed());
}

TEST(Framing_4_3, TooLargeOffsetCountsEarlierFrames) {
  const std::string input = "PING\r\n\r\n" + std::string(kLimit + 10, 'a');
  Fed fed = feed_whole(input);
  EXPECT_EQ(fed.frames, std::vector<std::string>{"PING\r\n\r\n"});
  EXPECT_TRUE(fed.too_large);
  EXPECT_EQ(fed.framer.offset(), 8 + kLimit);
  EXPECT_EQ(fed.unconsumed, 10u);
}

TEST(Framing_4_3, AfterTooLargeFramerStaysFailedAndReadsNothing) {
  const std::string big(kLimit, 'a');
  Framer framer;
  std::string_view input = big;
  std::string_view frame;
  ASSERT_EQ(framer.next(input, frame), Framer::Result::too_large);
  for (std::string_view later : {"PING\r\n\r\n"sv, "\r\n\r\n"sv, "x"sv}) {
    std::string_view rest = later;
    EXPECT_EQ(framer.next(rest, frame), Framer::Result::too_large);
    EXPECT_EQ(rest, later) << "no byte after too_large is consumed";
    EXPECT_TRUE(framer.failed());
    EXPECT_EQ(framer.offset(), kLimit);
  }
}

TEST(Framing_4_3, BytesAfterThe8192ndInTheSameReadAreNotFramed) {
  // A terminator right after the limit, and a complete request after it, in one read.
  const std::string input = std::string(kLimit, 'a') + "\r\n\r\nPING\r\n\r\n";
  Fed fed = feed_whole(input);
  EXPECT_TRUE(fed.frames.empty());
  EXPECT_TRUE(fed.too_large);
  EXPECT_EQ(fed.unconsumed, 12u);
}

TEST(Framing_4_2, PipelinedRequestsTotallingMoreThan8192AreAllAccepted) {
  // The limit is per request, never per read buffer.
  std::string input;
  std::vector<std::string> expected;
  for (std::size_t size : {kLimit, std::size_t{1000}, kLimit, kLimit - 1, std::size_t{9}, kLimit}) {
    expected.push_back(request_of_size(size));
    input += expected.back();
  }
  ASSERT_GT(input.size(), 4 * kLimit);
  for (std::size_t chunk : {input.size(), std::size_t{1500}, std::size_t{5000}, kLimit, kLimit + 1,
                            std::size_t{1}}) {
    Fed fed = feed_in_chunks(input, chunk);
    EXPECT_EQ(fed.frames.size(), expected.size()) << "chunk " << chunk;
    EXPECT_TRUE(fed.frames == expected) << "chunk " << chunk;
    EXPECT_FALSE(fed.too_large) << "chunk " << chunk;
  }
}

TEST(Framing_4_2, LimitRestartsAfterEachFrameWithinOneRead) {
  // A request that completes 1 byte before the limit, then a second one that would overflow
  // only if bytes of the first were still counted.
  const std::string first = request_of_size(kLimit - 1);
  const std::string second = request_of_size(kLimit);
  Fed fed = feed_whole(first.substr(0, 100));
  const std::string tail = first.substr(100) + second;
  std::string_view input = tail;
  std::string_view frame;
  ASSERT_EQ(fed.framer.next(input, frame), Framer::Result::frame);
  EXPECT_EQ(frame, first);
  ASSERT_EQ(fed.framer.next(input, frame), Framer::Result::frame);
  EXPECT_EQ(frame, second);
  EXPECT_TRUE(input.empty());
}

TEST(Framing_4_5, FrameAdvancesInputExactlyPastTerminator) {
  const std::string input = "PING\r\n\r\nECHO a\r\n";
  Framer framer;
  std::string_view rest = input;
  std::string_view frame;
  ASSERT_EQ(framer.next(rest, frame), Framer::Result::frame);
  EXPECT_EQ(frame, "PING\r\n\r\n");
  EXPECT_EQ(rest, "ECHO a\r\n");
  EXPECT_EQ(framer.offset(), 8u);
  ASSERT_EQ(framer.next(rest, frame), Framer::Result::need_more);
  EXPECT_TRUE(rest.empty());
  EXPECT_EQ(framer.buffered(), 8u);
  EXPECT_EQ(framer.offset(), 16u);
  std::string_view empty;
  EXPECT_EQ(framer.next(empty, frame), Framer::Result::need_more);
  EXPECT_EQ(framer.offset(), 16u);
}

TEST(Framing_4_5, BufferedIsZeroOnceAFrameBuiltFromEarlierReadsIsReturned) {
  // buffered() is "the current unfinished request"; a returned frame is not unfinished.
  // Connection uses it to decide whether the request timeout (10.2) runs.
  Framer framer;
  std::string_view first = "PI";
  std::string_view frame;
  ASSERT_EQ(framer.next(first, frame), Framer::Result::need_more);
  EXPECT_EQ(framer.buffered(), 2u);
  std::string_view second = "NG\r\n\r\nEC";
  ASSERT_EQ(framer.next(second, frame), Framer::Result::frame);
  EXPECT_EQ(frame, "PING\r\n\r\n");
  EXPECT_EQ(second, "EC");
  EXPECT_EQ(framer.buffered(), 0u) << "the returned frame still counts as buffered";
  ASSERT_EQ(framer.next(second, frame), Framer::Result::need_more);
  EXPECT_EQ(framer.buffered(), 2u);
}

TEST(Framing_4_5, OffsetAfterEachFrameIsTheSumOfFrameSizes) {
  for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{5}, kPipelined.size()}) {
    Framer framer;
    std::uint64_t expected_offset = 0;
    std::size_t expected_index = 0;
    for (std::size_t start = 0; start < kPipelined.size(); start += chunk) {
      std::string_view piece = std::string_view(kPipelined).substr(start, chunk);
      const std::size_t piece_end = start + piece.size();
      std::string_view frame;
      while (true) {
        const Framer::Result result = framer.next(piece, frame);
        if (result != Framer::Result::frame) break;
        ASSERT_LT(expected_index, kPipelinedFrames.size());
        expected_offset += kPipelinedFrames[expected_index++].size();
        EXPECT_EQ(framer.offset(), expected_offset) << "chunk " << chunk;
        EXPECT_EQ(framer.offset(), piece_end - piece.size()) << "offset is the next unread byte";
      }
      EXPECT_EQ(framer.offset(), piece_end);
    }
    EXPECT_EQ(expected_index, kPipelinedFrames.size());
  }
}

TEST(Framing_4_1, SmallMaxRequestIsHonoured) {
  // The constructor's limit is what Connection tests rely on; check it with a tiny one.
  Framer framer(8);
  std::string_view input = "PING\r\n\r\nPINGG\r\n\r\n";
  std::string_view frame;
  ASSERT_EQ(framer.next(input, frame), Framer::Result::frame);
  EXPECT_EQ(frame, "PING\r\n\r\n");
  EXPECT_EQ(framer.next(input, frame), Framer::Result::too_large);
  EXPECT_EQ(framer.offset(), 16u);
}

// scan_for_terminator: index one past the terminator, or npos with the carried prefix length.

struct ScanCase {
  int matched_in;
  std::string data;
  std::size_t end;
  int matched_out;  // only meaningful when end == npos
};

constexpr std::size_t npos = std::string_view::npos;

TEST(Framing_4_4, ScanForTerminatorCarryOverStates) {
  const std::vector<ScanCase> cases = {
      {0, "", npos, 0},
      {1, "", npos, 1},
      {3, "", npos, 3},
      {0, "\r", npos, 1},
      {0, "\r\n", npos, 2},
      {0, "\r\n\r", npos, 3},
      {0, "\r\n\r\n", 4, 0},
      {1, "\n\r\n", 3, 0},
      {2, "\r\n", 2, 0},
      {3, "\n", 1, 0},
      {3, "\nrest", 1, 0},
      {1, "\r", npos, 1},        // CR CR: only the second CR can start a terminator
      {2, "\n", npos, 0},        // CR LF LF
      {2, "\r", npos, 3},
      {3, "\r", npos, 1},        // CR LF CR CR
      {3, "\r\n\r\n", 4, 0},     // the carried prefix fails; a whole terminator follows
      {3, "x", npos, 0},
      {3, "\0"s, npos, 0},
      {1, "x\r\n\r\n", 5, 0},
      {0, "abc\r\n\r\nxyz", 7, 0},
      {0, "\r\n\r\r\n\r\n", 7, 0},
      {0, "abcd\r\n", npos, 2},
      {0, "abcd\r\n\rX", npos, 0},
      {0, "abcdefgh\r\n\r", npos, 3},
      {0, "abcdefgh\r", npos, 1},
      {0, "a\0b\r\n\r\n"s, 7, 0},
      {0, "\r\r\r\r\n\r\n", 7, 0},
      {0, "\n\r\n\r\n", 5, 0},
  };
  for (const ScanCase& c : cases) {
    int matched = c.matched_in;
    const std::size_t end = gnp::scan_for_terminator(c.data.data(), c.data.size(), matched);
    EXPECT_EQ(end, c.end) << "matched_in " << c.matched_in << " data " << testing::PrintToString(c.data);
    if (c.end == npos) {
      EXPECT_EQ(matched, c.matched_out)
          << "matched_in " << c.matched_in << " data " << testing::PrintToString(c.data);
    }
  }
}

// Oracle for scan_for_terminator: prepend the carried prefix and search naively.
void expect_scan_matches_oracle(int matched_in, const std::string& data) {
  const std::string stream = std::string(gnp::kTerminator.substr(0, matched_in)) + data;
  const std::size_t at = stream.find("\r\n\r\n");
  int matched = matched_in;
  const std::size_t end = gnp::scan_for_terminator(data.data(), data.size(), matched);
  if (at != std::string::npos) {
    ASSERT_EQ(end, at + 4 - matched_in) << matched_in << " " << testing::PrintToString(data);
    return;
  }
  ASSERT_EQ(end, npos) << matched_in << " " << testing::PrintToString(data);
  int longest = 0;  // the longest proper terminator prefix that ends the stream
  for (int k = 3; k >= 1; --k) {
    if (stream.size() >= static_cast<std::size_t>(k) &&
        stream.compare(stream.size() - k, k, gnp::kTerminator.substr(0, k)) == 0) {
      longest = k;
      break;
    }
  }
  ASSERT_EQ(matched, longest) << matched_in << " " << testing::PrintToString(data);
}

TEST(Framing_4_4, ScanForTerminatorMatchesOracleExhaustively) {
  // Every string of length <= 8 over {CR, LF, 'a'} with every carried prefix; also a long
  // prefix of filler so the scan's fast path (not just its carry-in loop) sees each pattern.
  const char alphabet[] = {'\r', '\n', 'a'};
  std::string s;
  for (std::size_t len = 0; len <= 8; ++len) {
    std::size_t count = 1;
    for (std::size_t i = 0; i < len; ++i) count *= 3;
    for (std::size_t code = 0; code < count; ++code) {
      s.clear();
      for (std::size_t i = 0, c = code; i < len; ++i, c /= 3) s += alphabet[c % 3];
      for (int matched_in = 0; matched_in <= 3; ++matched_in) {
        expect_scan_matches_oracle(matched_in, s);
        expect_scan_matches_oracle(matched_in, "0123456789" + s);
        expect_scan_matches_oracle(matched_in, s + "0123456789");
      }
    }
  }
}

}  // namespace
