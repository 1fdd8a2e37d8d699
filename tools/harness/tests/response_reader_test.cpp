// ResponseReader against PROTOCOL.md 6.2-6.5: valid frames in every chunking, and each malformed
// form with its exact error text, which must not depend on chunking either.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/response_reader.hpp"

namespace wireproof {
namespace {

using namespace std::string_literals;

struct Outcome {
  std::vector<ResponseFrame> frames;
  bool failed = false;
  std::string error;
  std::size_t buffered = 0;
};

// Feeds `stream` cut at `cuts` (sorted offsets), draining frames after every piece.
Outcome read_in_pieces(const std::string& stream, const std::vector<std::size_t>& cuts,
                       std::size_t limit = kDefaultMaxResponseBytes) {
  ResponseReader reader;
  ReadingConventions conventions;
  conventions.max_response_bytes = limit;
  reader.set_conventions(conventions);
  Outcome outcome;
  std::size_t begin = 0;
  auto drain = [&] {
    while (auto frame = reader.next()) outcome.frames.push_back(std::move(*frame));
  };
  for (std::size_t cut : cuts) {
    reader.feed(std::string_view(stream).substr(begin, cut - begin));
    drain();
    begin = cut;
  }
  reader.feed(std::string_view(stream).substr(begin));
  drain();
  outcome.failed = reader.failed();
  outcome.error = reader.error();
  outcome.buffered = reader.buffered();
  return outcome;
}

// Every way to cut the stream once, plus bytewise: the chunkings the tests iterate over.
std::vector<std::vector<std::size_t>> chunkings(const std::string& stream) {
  std::vector<std::vector<std::size_t>> all = {{}};
  for (std::size_t cut = 1; cut < stream.size(); ++cut) all.push_back({cut});
  std::vector<std::size_t> bytewise;
  for (std::size_t cut = 1; cut < stream.size(); ++cut) bytewise.push_back(cut);
  all.push_back(bytewise);
  return all;
}

std::string describe(const std::vector<std::size_t>& cuts) {
  std::string text = "cuts:";
  for (std::size_t cut : cuts) text += " " + std::to_string(cut);
  return text;
}

// A stream of valid frames covering every header combination (6.2), with bodies holding the
// terminator (6.4).
const std::string kValidStream =
    "OK\r\n\r\n"s                                                        // greeting (6.6)
    "OK\r\nSequence: 7\r\n\r\n"s                                          // PING with Sequence
    "OK\r\nSize: 12\r\n\r\nab\r\n\r\ncd\r\n\r\n"s                         // body with terminators
    "OK\r\nSequence: 0\r\nSize: 3\r\n\r\n\0\xff\n"s                       // raw bytes in the body
    "ERR not-found\r\nSequence: 9223372036854775807\r\nMessage: no such key\r\n\r\n"s
    "ERR bad-request\r\nMessage: caf\xc3\xa9 \xe2\x82\xac\r\n\r\n"s      // UTF-8 message
    "OK\r\n\r\n"s;

void expect_valid_frames(const Outcome& outcome) {
  ASSERT_FALSE(outcome.failed) << outcome.error;
  ASSERT_EQ(outcome.frames.size(), 7u);
  EXPECT_EQ(outcome.buffered, 0u);
  const auto& f = outcome.frames;

  EXPECT_TRUE(f[0].ok);
  EXPECT_TRUE(f[0].headers.empty());
  EXPECT_EQ(f[0].raw, "OK\r\n\r\n");

  EXPECT_TRUE(f[1].ok);
  EXPECT_EQ(f[1].sequence, 7u);
  EXPECT_FALSE(f[1].size);
  EXPECT_EQ(f[1].body, "");

  EXPECT_EQ(f[2].size, 12u);
  EXPECT_EQ(f[2].body, "ab\r\n\r\ncd\r\n\r\n");
  EXPECT_FALSE(f[2].sequence);

  EXPECT_EQ(f[3].sequence, 0u);
  EXPECT_EQ(f[3].body, "\0\xff\n"s);

  EXPECT_FALSE(f[4].ok);
  EXPECT_EQ(f[4].code, "not-found");
  EXPECT_EQ(f[4].sequence, 9223372036854775807u);
  EXPECT_EQ(f[4].message, "no such key");
  using Headers = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(f[4].headers, (Headers{{"Sequence", "9223372036854775807"}, {"Message", "no such key"}}));

  EXPECT_EQ(f[5].code, "bad-request");
  EXPECT_EQ(f[5].message, "caf\xc3\xa9 \xe2\x82\xac");
  EXPECT_FALSE(f[5].sequence);

  std::string raw_concatenated;
  for (const auto& frame : f) raw_concatenated += frame.raw;
  EXPECT_EQ(raw_concatenated, kValidStream);
}

TEST(ResponseReader, ValidFramesInEveryChunking_6_2) {
  for (const auto& cuts : chunkings(kValidStream)) {
    SCOPED_TRACE(describe(cuts));
    expect_valid_frames(read_in_pieces(kValidStream, cuts));
  }
}

TEST(ResponseReader, ValidFramesCutTwiceAnywhere_6_2) {
  for (std::size_t a = 1; a < kValidStream.size(); ++a) {
    for (std::size_t b = a + 1; b < kValidStream.size(); ++b) {
      const Outcome outcome = read_in_pieces(kValidStream, {a, b});
      ASSERT_FALSE(outcome.failed) << describe({a, b}) << ": " << outcome.error;
      ASSERT_EQ(outcome.frames.size(), 7u) << describe({a, b});
    }
  }
}

// covers: 6.4/2 (the harness, a client, finds the body by Size)
TEST(ResponseReader, BodyHoldingTerminatorIsFramedBySize_6_4) {
  const std::string stream = "OK\r\nSize: 8\r\n\r\n" "\r\n\r\nOK\r\n" "OK\r\n\r\n";
  const Outcome outcome = read_in_pieces(stream, {});
  ASSERT_FALSE(outcome.failed) << outcome.error;
  ASSERT_EQ(outcome.frames.size(), 2u);
  EXPECT_EQ(outcome.frames[0].body, "\r\n\r\nOK\r\n");
  EXPECT_EQ(outcome.frames[1].raw, "OK\r\n\r\n");
}

TEST(ResponseReader, IncompleteFrameWaitsAndCountsBufferedBytes_6_2) {
  ResponseReader reader;
  reader.feed("OK\r\n\r\nOK\r\nSize: 5\r\n\r\nab");
  ASSERT_TRUE(reader.next());
  EXPECT_FALSE(reader.next());
  EXPECT_FALSE(reader.failed());
  EXPECT_EQ(reader.buffered(), 17u);
  EXPECT_EQ(reader.stream_offset(), 6u);
  reader.feed("cde");
  const auto frame = reader.next();
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->body, "abcde");
  EXPECT_EQ(reader.buffered(), 0u);
}

TEST(ResponseReader, LongStreamOffsetsSurviveBufferCompaction_6_2) {
  // Thousands of frames push the reader past its compaction point; the error offset must still
  // be the absolute stream offset.
  std::string stream;
  for (int i = 0; i < 3000; ++i) stream += "OK\r\nSize: 4\r\n\r\nbody";
  const std::size_t bad_at = stream.size();
  stream += "OK\r\nBogus: 1\r\n\r\n";
  const Outcome outcome = read_in_pieces(stream, {1000, 20000, 40000});
  EXPECT_EQ(outcome.frames.size(), 3000u);
  EXPECT_EQ(outcome.error, "byte " + std::to_string(bad_at + 4) +
                               ": unknown header 'Bogus' (6.2: only Sequence, Size, Message)");
}

struct MalformedCase {
  const char* name;
  std::string stream;
  std::size_t frames_before;  // valid frames preceding the fault
  std::string error;
  std::size_t limit = kDefaultMaxResponseBytes;  // --max-response-bytes
};

std::vector<MalformedCase> malformed_cases() {
  const std::string long_message(70000, 'a');  // a head longer than the 64 KiB limit of the long-head cases
  return {
      {"NotAStatusLine", "HTTP/1.1 200 OK\r\n\r\n", 0,
       "byte 0: status line 'HTTP/1.1 200 OK' is neither 'OK' nor 'ERR <code>' (6.2)"},
      {"ErrWithoutCode", "ERR\r\nMessage: x\r\n\r\n", 0,
       "byte 0: status line 'ERR' is neither 'OK' nor 'ERR <code>' (6.2)"},
      {"LowercaseOk", "ok\r\n\r\n", 0, "byte 0: status line 'ok' is neither 'OK' nor 'ERR <code>' (6.2)"},
      {"UnknownErrorCode", "ERR nope\r\nMessage: x\r\n\r\n", 0, "byte 4: unknown error code 'nope' (7.1)"},
      {"EmptyStatusLine", "\r\n\r\n", 0, "byte 0: empty status line (6.2)"},
      {"BareLf", "OK\n\n", 0, "byte 2: bare LF in response head (6.2)"},
      {"BareCr", "OK\rX\r\n\r\n", 0, "byte 2: bare CR in response head (6.2)"},
      {"SizeBeforeSequence", "OK\r\nSize: 3\r\nSequence: 1\r\n\r\nabc", 0,
       "byte 13: header 'Size' before 'Sequence' (6.2)"},
      {"MessageBeforeSequence", "ERR not-found\r\nMessage: m\r\nSequence: 1\r\n\r\n", 0,
       "byte 27: header 'Message' before 'Sequence' (6.2)"},
      {"RepeatedSize", "OK\r\nSize: 1\r\nSize: 1\r\n\r\nx", 0, "byte 13: repeated header 'Size' (6.2)"},
      {"UnknownHeader", "OK\r\nX-Foo: 1\r\n\r\n", 0,
       "byte 4: unknown header 'X-Foo' (6.2: only Sequence, Size, Message)"},
      {"HeaderNameWrongCase", "OK\r\nsize: 1\r\n\r\nx", 0,
       "byte 4: unknown header 'size' (6.2: only Sequence, Size, Message)"},
      {"HeaderWithoutSpace", "OK\r\nSize:1\r\n\r\nx", 0, "byte 4: header line 'Size:1' is not 'Name: value' (6.2)"},
      {"HeaderWithoutColon", "OK\r\nSize 1\r\n\r\nx", 0, "byte 4: header line 'Size 1' is not 'Name: value' (6.2)"},
      {"SizeLeadingZero", "OK\r\nSize: 01\r\n\r\nx", 0, "byte 4: Size value '01' is not canonical decimal (6.4)"},
      {"SizeNegative", "OK\r\nSize: -1\r\n\r\n", 0, "byte 4: Size value '-1' is not canonical decimal (6.4)"},
      {"SizeEmpty", "OK\r\nSize: \r\n\r\n", 0, "byte 4: Size value '' is not canonical decimal (6.4)"},
      {"SizeZero", "OK\r\nSize: 0\r\n\r\n", 0, "byte 4: Size 0: Size is present only when the body is non-empty (6.4)"},
      {"SizeOverflow", "OK\r\nSize: 99999999999999999999\r\n\r\n", 0,
       "byte 4: Size value '99999999999999999999' is not canonical decimal (6.4)"},
      {"SizeOverTheLimit", "OK\r\nSize: 16777217\r\n\r\n", 0,
       "byte 4: Size 16777217 is more than the 16 MiB wireproof reads in one case (limit: --max-response-bytes); "
       "no legal body exceeds 8183 bytes (6.4)"},
      {"SizeOverASmallLimit", "OK\r\nSize: 1001\r\n\r\n", 0,
       "byte 4: Size 1001 is more than the 1000 bytes wireproof reads in one case (limit: --max-response-bytes); "
       "no legal body exceeds 8183 bytes (6.4)",
       1000},
      {"SizeMaxInt64", "OK\r\nSize: 9223372036854775807\r\n\r\n", 0,
       "byte 4: Size 9223372036854775807 is more than the 16 MiB wireproof reads in one case (limit: "
       "--max-response-bytes); no legal body exceeds 8183 bytes (6.4)"},
      {"SizePlusSign", "OK\r\nSize: +5\r\n\r\nhello", 0, "byte 4: Size value '+5' is not canonical decimal (6.4)"},
      {"SequenceLeadingZero", "OK\r\nSequence: 007\r\n\r\n", 0,
       "byte 4: Sequence value '007' is not canonical decimal 0..2^63-1 (6.3)"},
      {"SequenceTooLarge", "OK\r\nSequence: 9223372036854775808\r\n\r\n", 0,
       "byte 4: Sequence value '9223372036854775808' is not canonical decimal 0..2^63-1 (6.3)"},
      {"SequenceOnBadRequest", "ERR bad-request\r\nSequence: 1\r\nMessage: x\r\n\r\n", 0,
       "byte 17: Sequence on ERR bad-request (6.3)"},
      {"SequenceOnTooLarge", "ERR too-large\r\nSequence: 1\r\nMessage: x\r\n\r\n", 0,
       "byte 15: Sequence on ERR too-large (6.3)"},
      {"SequenceOnTimeout", "ERR timeout\r\nSequence: 1\r\nMessage: x\r\n\r\n", 0,
       "byte 13: Sequence on ERR timeout (6.3)"},
      {"SizeOnErr", "ERR not-found\r\nSize: 1\r\nMessage: x\r\n\r\nz", 0,
       "byte 15: Size on an ERR response (6.4)"},
      {"ErrWithoutMessage", "ERR not-found\r\n\r\n", 0, "byte 15: ERR not-found without Message (6.5)"},
      {"MessageOnOk", "OK\r\nMessage: hi\r\n\r\n", 0, "byte 4: Message on an OK response (6.5)"},
      {"EmptyMessage", "ERR not-found\r\nMessage: \r\n\r\n", 0, "byte 15: empty Message (6.5)"},
      {"TabInMessage", "ERR not-found\r\nMessage: a\tb\r\n\r\n", 0,
       "byte 25: control byte '\\t' in response head (6.2)"},
      {"NulInStatusLine", "OK\0\r\n\r\n"s, 0, "byte 2: control byte '\\x00' in response head (6.2)"},
      {"BadUtf8InMessage", "ERR not-found\r\nMessage: \xc3\x28\r\n\r\n", 0,
       "byte 24: invalid UTF-8 in response head (2.3)"},
      {"OverlongUtf8InMessage", "ERR not-found\r\nMessage: x\xc0\xaf\r\n\r\n", 0,
       "byte 25: invalid UTF-8 in response head (2.3)"},
      {"SurrogateInMessage", "ERR not-found\r\nMessage: \xed\xa0\x80\r\n\r\n", 0,
       "byte 24: invalid UTF-8 in response head (2.3)"},
      {"HeadTooLong", "ERR timeout\r\nMessage: " + long_message + "\r\n\r\n", 0,
       "byte 65536: no end of a frame's head in the 64 KiB wireproof reads in one case (limit: "
       "--max-response-bytes); a head ends with an empty line (6.2)",
       64 * 1024},
      {"HeadTooLongAfterAFrame", "OK\r\n\r\nERR timeout\r\nMessage: " + long_message + "\r\n\r\n", 1,
       "byte 65542: no end of a frame's head in the 64 KiB wireproof reads in one case (limit: "
       "--max-response-bytes); a head ends with an empty line (6.2)",
       64 * 1024},
      {"FaultAfterValidFrames", "OK\r\n\r\nOK\r\nSize: 2\r\n\r\nabBAD\r\n\r\n", 2,
       "byte 23: status line 'BAD' is neither 'OK' nor 'ERR <code>' (6.2)"},
  };
}

// Test listings show the case name instead of the struct's raw bytes.
void PrintTo(const MalformedCase& c, std::ostream* os) { *os << c.name; }

class MalformedResponse : public testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedResponse, SameErrorInEveryChunking) {
  const MalformedCase& c = GetParam();
  // The long-head case would take minutes bytewise; whole, a few cuts and 1 KiB pieces suffice.
  std::vector<std::vector<std::size_t>> all;
  if (c.stream.size() > 1000) {
    all = {{}, {1}, {c.stream.size() / 2}, {}};
    for (std::size_t cut = 1024; cut < c.stream.size(); cut += 1024) all.back().push_back(cut);
  } else {
    all = chunkings(c.stream);
  }
  for (const auto& cuts : all) {
    SCOPED_TRACE(describe(cuts));
    const Outcome outcome = read_in_pieces(c.stream, cuts, c.limit);
    EXPECT_TRUE(outcome.failed);
    EXPECT_EQ(outcome.error, c.error);
    EXPECT_EQ(outcome.frames.size(), c.frames_before);
  }
}

TEST_P(MalformedResponse, StaysFailedAndIgnoresFurtherBytes) {
  ResponseReader reader;
  ReadingConventions conventions;
  conventions.max_response_bytes = GetParam().limit;
  reader.set_conventions(conventions);
  reader.feed(GetParam().stream);
  while (reader.next()) {
  }
  ASSERT_TRUE(reader.failed());
  const std::string error = reader.error();
  reader.feed("OK\r\n\r\n");
  EXPECT_FALSE(reader.next());
  EXPECT_EQ(reader.error(), error);
}

INSTANTIATE_TEST_SUITE_P(Section6, MalformedResponse, testing::ValuesIn(malformed_cases()),
                         [](const testing::TestParamInfo<MalformedCase>& info) { return info.param.name; });

}  // namespace
}  // namespace wireproof
