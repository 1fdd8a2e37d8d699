// gnp::Connection as a whole: greeting (3.1), framing seen through responses (4.3-4.6), response
// order and headers (6.1-6.4), close behaviour per error (7.2), timeouts (10.1, 10.2) with time
// injected by the test, and bounded output (10.4).
#include <gtest/gtest.h>

#include "test_client.hpp"

namespace {

using namespace std::literals;
using gnp_test::escaped;
using gnp_test::framed;
using gnp_test::kStart;
using gnp_test::Lines;
using gnp_test::milliseconds;
using gnp_test::seconds;
using gnp_test::TestClient;

std::string ok_body(std::string_view body, std::string_view seq = {}) {
  std::string line = "OK";
  if (!seq.empty()) line += " Sequence=" + std::string(seq);
  return line + " body=\"" + escaped(body) + "\"";
}

TEST(Greeting_3_1, GreetingWrittenBeforeAnyInput) {
  gnp::Store store;
  gnp::Connection connection(store, gnp::ConnectionConfig{}, kStart);
  EXPECT_EQ(connection.output(), "OK\r\n\r\n");
  connection.consume_output(connection.output().size());
  connection.receive(framed("PING"), kStart);
  EXPECT_EQ(connection.output(), "OK\r\n\r\n");
}

TEST(Greeting_3_1, NoGreetingWhenTheShellHasSpoken) {
  gnp::Store store;
  gnp::ConnectionConfig config;
  config.send_greeting = false;
  gnp::Connection connection(store, config, kStart);
  EXPECT_EQ(connection.output(), "");
}

// A pipeline touching every response shape; the expected summaries are written by hand.
const std::string kPipeline = framed("PING\r\nSequence: 1") + framed("ECHO a b\r\nSequence: 2") +
                              framed("SET k v1") + framed("GET k\r\nSequence: 003") +
                              framed("GET nope\r\nSequence: 4") + framed("NOPE\r\nSequence: 5") +
                              framed("PING  x\r\nSequence: 6") + framed("ECHO \xFF\r\nSequence: 7") +
                              framed("DEL k\r\nSequence: 8") + framed("GET k") +
                              framed("SET k\r\nSequence: 9") + framed("PING\r\nSequence: 10");

const Lines kPipelineResponses = {
    "OK Sequence=1",
    ok_body("a b", "2"),
    "OK",
    ok_body("v1", "3"),
    "ERR not-found Sequence=4",
    "ERR unknown-command Sequence=5",
    "ERR bad-request",
    "ERR bad-encoding",
    "OK Sequence=8",
    "ERR not-found",
    "ERR bad-arguments Sequence=9",
    "OK Sequence=10",
};

TEST(Responses_6_1, PipelinedResponsesInRequestOrder) {
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send(kPipeline), kPipelineResponses);
  EXPECT_EQ(client.connection.requests_answered(), kPipelineResponses.size());
  EXPECT_FALSE(client.connection.closing());
}

TEST(Segmentation_4_4, EverySplitOfAPipelineGivesTheSameResponses) {
  for (std::size_t cut = 0; cut <= kPipeline.size(); ++cut) {
    gnp::Store store;
    TestClient client(store);
    Lines got = client.send(std::string_view(kPipeline).substr(0, cut));
    for (std::string& line : client.send(std::string_view(kPipeline).substr(cut))) got.push_back(line);
    ASSERT_EQ(got, kPipelineResponses) << "split at " << cut;
  }
}

TEST(Segmentation_4_4, OneByteReadsGiveTheSameResponses) {
  gnp::Store store;
  TestClient client(store);
  Lines got;
  for (char c : kPipeline) {
    for (std::string& line : client.send(std::string_view(&c, 1))) got.push_back(line);
  }
  EXPECT_EQ(got, kPipelineResponses);
}

// covers: 4.1/6 5.6/4 (PI\0NG is bad-request, not unknown-command)
TEST(Framing_4_1, RequestFailingSyntaxIsStillExactlyOneRequest) {
  // The example of 4.1: a NUL makes the first request bad, and the next starts after its terminator.
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send("PI\0NG\r\n\r\nPING\r\n\r\n"sv), (Lines{"ERR bad-request", "OK"}));
}

TEST(Responses_6_2, ExactBytesOfOkResponses) {
  gnp::Store store;
  gnp::Connection connection(store, gnp_test::quiet_config(), kStart);
  connection.receive(framed("PING") + framed("PING\r\nSequence: 7") + framed("ECHO a b\r\nSequence: 7"), kStart);
  EXPECT_EQ(connection.output(), "OK\r\n\r\nOK\r\nSequence: 7\r\n\r\nOK\r\nSequence: 7\r\nSize: 3\r\n\r\na b");
}

TEST(Responses_6_3, SequenceEchoedAsCanonicalDecimal) {
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send(framed("PING\r\nSequence: 007") + framed("PING\r\nSequence: 0") +
                        framed("PING\r\nSequence: 0000") + framed("PING\r\nsequence:  42 ") +
                        framed("PING\r\nSequence: 9223372036854775807")),
            (Lines{"OK Sequence=7", "OK Sequence=0", "OK Sequence=0", "OK Sequence=42", "OK Sequence=9223372036854775807"}));
}

TEST(Responses_6_3, SequenceEchoedOnUnderstoodErrors) {
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send(framed("NOPE\r\nSequence: 1") + framed("PING x\r\nSequence: 2") +
                        framed("GET missing\r\nSequence: 3") + framed("DEL missing\r\nSequence: 4")),
            (Lines{"ERR unknown-command Sequence=1", "ERR bad-arguments Sequence=2", "ERR not-found Sequence=3",
                   "ERR not-found Sequence=4"}));
}

TEST(Responses_6_3, NoSequenceOnBadRequestOrBadEncoding) {
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send(framed("PING \r\nSequence: 1") +                  // bad command line
                        framed("PING\r\nSequence: 2\r\nBad Name: x") +    // bad later header
                        framed("PING\r\nSequence: 3\r\nsequence: 3") +    // repeated header
                        framed("PING\r\nSequence: 4\r\nX: \xC0\x80") +    // overlong UTF-8
                        framed("PING\r\nSequence: 9223372036854775808")),  // out of range
            (Lines{"ERR bad-request", "ERR bad-request", "ERR bad-request", "ERR bad-encoding",
                   "ERR bad-request"}));
}

TEST(Responses_6_3, SequenceNeverCarriedToAnotherRequest) {
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send(framed("PING\r\nSequence: 5") + framed("PING") + framed("PING\r\nSequence: 6") +
                        framed("PING  \r\nSequence: 7") + framed("PING")),
            (Lines{"OK Sequence=5", "OK", "OK Sequence=6", "ERR bad-request", "OK"}));
  EXPECT_EQ(client.send(framed("PING")), Lines{"OK"}) << "nor to the next read";
}

TEST(Responses_6_3, NoSequenceOnTooLarge) {
  gnp::Store store;
  TestClient client(store);
  const std::string start = "PING\r\nSequence: 5\r\nX: ";
  EXPECT_EQ(client.send(start + std::string(gnp::kMaxRequestBytes - start.size(), 'a')),
            Lines{"ERR too-large"});
}

TEST(Responses_6_4, SizePresentIffBodyNonEmpty) {
  gnp::Store store;
  gnp::Connection connection(store, gnp_test::quiet_config(), kStart);
  connection.receive(framed("SET k v") + framed("PING") + framed("ECHO x") + framed("GET k") + framed("DEL k"),
                     kStart);
  EXPECT_EQ(connection.output(),
            "OK\r\n\r\nOK\r\n\r\nOK\r\nSize: 1\r\n\r\nxOK\r\nSize: 1\r\n\r\nvOK\r\n\r\n");
}

TEST(Responses_6_4, SizeCountsBytesNotCodePoints) {
  gnp::Store store;
  gnp::Connection connection(store, gnp_test::quiet_config(), kStart);
  const std::string text = "\xE2\x82\xAC\xF0\x9D\x84\x9E \xC3\xA9";  // 3 code points + SP, 10 bytes
  connection.receive(framed("ECHO " + text), kStart);
  EXPECT_EQ(connection.output(), "OK\r\nSize: 10\r\n\r\n" + text);
}

// 7.2: each code the core produces, followed by a request in the same read and in a later one.
struct ErrorCase {
  std::string request;
  std::string response;
};

TEST(Errors_7_2, NonClosingErrorsServeTheNextRequest) {
  const std::vector<ErrorCase> cases = {
      {framed("\xFF"), "ERR bad-encoding"},
      {framed("PING "), "ERR bad-request"},
      {framed("NOPE"), "ERR unknown-command"},
      {framed("PING x"), "ERR bad-arguments"},
      {framed("GET nokey"), "ERR not-found"},
      {framed("DEL nokey"), "ERR not-found"},
  };
  for (const ErrorCase& c : cases) {
    gnp::Store store;
    TestClient client(store);
    EXPECT_EQ(client.send(c.request + framed("PING\r\nSequence: 1")), (Lines{c.response, "OK Sequence=1"}))
        << c.response;
    EXPECT_EQ(client.send(framed("PING\r\nSequence: 2")), Lines{"OK Sequence=2"}) << c.response;
    EXPECT_FALSE(client.connection.closing()) << c.response;
  }
}

TEST(Errors_7_2, TooLargeClosesAndIgnoresEverythingAfter) {
  gnp::Store store;
  TestClient client(store);
  const std::string input = framed("PING") + std::string(gnp::kMaxRequestBytes, 'a') + framed("PING");
  EXPECT_EQ(client.send(input), (Lines{"OK", "ERR too-large"}));
  EXPECT_TRUE(client.connection.closing());
  EXPECT_TRUE(client.connection.finished());
  EXPECT_EQ(client.send(framed("PING")), Lines{});
}

TEST(Errors_7_2, TooLargeInOneByteReads) {
  gnp::Store store;
  TestClient client(store);
  const std::string input(gnp::kMaxRequestBytes - 1, 'a');
  EXPECT_EQ(client.send(input), Lines{});
  EXPECT_FALSE(client.connection.closing()) << "8191 bytes may still become a request";
  EXPECT_EQ(client.send("a"), Lines{"ERR too-large"}) << "the 8192nd byte decides (4.3)";
  EXPECT_TRUE(client.connection.closing());
}

TEST(Framing_4_2, RequestOfExactly8192BytesIsServed) {
  gnp::Store store;
  TestClient client(store);
  const std::string arg(gnp::kMaxRequestBytes - "ECHO "s.size() - 4, 'z');
  const std::string request = framed("ECHO " + arg);
  ASSERT_EQ(request.size(), gnp::kMaxRequestBytes);
  EXPECT_EQ(client.send(request + request), (Lines{ok_body(arg), ok_body(arg)}));
  EXPECT_FALSE(client.connection.closing());
}

TEST(Framing_4_2, PipelinedRequestsBeyond8192InOneReadAllServed) {
  gnp::Store store;
  TestClient client(store);
  std::string input;
  Lines expected;
  for (int i = 0; i < 2000; ++i) {
    input += framed("PING\r\nSequence: " + std::to_string(i));
    expected.push_back("OK Sequence=" + std::to_string(i));
  }
  ASSERT_GT(input.size(), 4 * gnp::kMaxRequestBytes);
  EXPECT_EQ(client.send(input), expected);
}

TEST(EndOfStream_4_6, UnfinishedRequestDroppedCompleteOnesAnswered) {
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send(framed("PING") + "ECHO unfinished\r\nSequence: 3\r\n\r"), Lines{"OK"});
  client.connection.receive_eof();
  EXPECT_TRUE(client.connection.closing());
  EXPECT_EQ(client.drain(), Lines{}) << "no response for the unfinished request";
  EXPECT_TRUE(client.connection.finished());
  EXPECT_EQ(client.send("\n"), Lines{}) << "bytes after EOF are not framed";
}

TEST(EndOfStream_4_6, EofWaitsForPendingOutput) {
  gnp::Store store;
  TestClient client(store);
  client.connection.receive(framed("PING"), kStart);
  client.connection.receive_eof();
  EXPECT_FALSE(client.connection.finished()) << "the OK is not yet written";
  EXPECT_EQ(client.drain(), Lines{"OK"});
  EXPECT_TRUE(client.connection.finished());
}

// 10.1 and 10.2, with idle 30 s and request 10 s (the defaults).

gnp::ConnectionConfig timeout_config() {
  gnp::ConnectionConfig config = gnp_test::quiet_config();
  config.idle_timeout = seconds(30);
  config.request_timeout = seconds(10);
  return config;
}

TEST(Timeouts_10_1, IdleConnectionTimesOutAtTheDeadline) {
  gnp::Store store;
  TestClient client(store, timeout_config());
  EXPECT_EQ(client.connection.next_deadline(), kStart + seconds(30));
  client.connection.tick(kStart + seconds(30) - milliseconds(1));
  EXPECT_EQ(client.drain(), Lines{});
  EXPECT_FALSE(client.connection.closing());
  client.connection.tick(kStart + seconds(30));
  EXPECT_EQ(client.drain(), Lines{"ERR timeout"});
  EXPECT_TRUE(client.connection.closing());
  EXPECT_EQ(client.connection.next_deadline(), gnp::TimePoint::max());
  client.connection.tick(kStart + seconds(100));
  EXPECT_EQ(client.drain(), Lines{}) << "one timeout frame only";
}

TEST(Timeouts_10_1, EachReceivedByteRestartsTheIdleTimer) {
  gnp::Store store;
  TestClient client(store, timeout_config());
  EXPECT_EQ(client.send(framed("PING"), kStart + seconds(20)), Lines{"OK"});
  EXPECT_EQ(client.connection.next_deadline(), kStart + seconds(50));
  client.connection.tick(kStart + seconds(49));
  EXPECT_EQ(client.drain(), Lines{});
  client.connection.tick(kStart + seconds(50));
  EXPECT_EQ(client.drain(), Lines{"ERR timeout"});
}

TEST(Timeouts_10_1, TimeoutClosesAndLaterRequestsAreIgnored) {
  gnp::Store store;
  TestClient client(store, timeout_config());
  client.connection.tick(kStart + seconds(31));
  EXPECT_EQ(client.drain(), Lines{"ERR timeout"});
  EXPECT_EQ(client.send(framed("PING"), kStart + seconds(32)), Lines{});
  EXPECT_TRUE(client.connection.finished());
}

TEST(Timeouts_10_2, SlowDripTimesOutFromTheFirstByteOfTheRequest) {
  gnp::Store store;
  TestClient client(store, timeout_config());
  EXPECT_EQ(client.send("PI", kStart + seconds(1)), Lines{});
  EXPECT_EQ(client.connection.next_deadline(), kStart + seconds(11));
  EXPECT_EQ(client.send("N", kStart + seconds(5)), Lines{});
  EXPECT_EQ(client.connection.next_deadline(), kStart + seconds(11)) << "more bytes do not extend it";
  client.connection.tick(kStart + seconds(11) - milliseconds(1));
  EXPECT_EQ(client.drain(), Lines{});
  client.connection.tick(kStart + seconds(11));
  EXPECT_EQ(client.drain(), Lines{"ERR timeout"});
  EXPECT_TRUE(client.connection.closing());
}

TEST(Timeouts_10_2, CompletedRequestStopsTheRequestTimer) {
  gnp::Store store;
  TestClient client(store, timeout_config());
  EXPECT_EQ(client.send("PI", kStart + seconds(1)), Lines{});
  EXPECT_EQ(client.send("NG\r\n\r\n", kStart + seconds(9)), Lines{"OK"});
  EXPECT_EQ(client.connection.next_deadline(), kStart + seconds(39)) << "only the idle timer remains";
  client.connection.tick(kStart + seconds(20));
  EXPECT_EQ(client.drain(), Lines{});
}

TEST(Timeouts_10_2, RequestStartedInTheSameReadThatCompletedAnotherGetsAFreshTimer) {
  gnp::Store store;
  TestClient client(store, timeout_config());
  EXPECT_EQ(client.send("PI", kStart + seconds(1)), Lines{});
  EXPECT_EQ(client.send("NG\r\n\r\nEC", kStart + seconds(8)), Lines{"OK"});
  EXPECT_EQ(client.connection.next_deadline(), kStart + seconds(18));
  client.connection.tick(kStart + seconds(12));
  EXPECT_EQ(client.drain(), Lines{}) << "the old request's start must not count";
  client.connection.tick(kStart + seconds(18));
  EXPECT_EQ(client.drain(), Lines{"ERR timeout"});
}

TEST(Timeouts_10_2, PartialRequestAfterCompleteOnesInOneRead) {
  gnp::Store store;
  TestClient client(store, timeout_config());
  EXPECT_EQ(client.send(framed("PING") + "PI", kStart + seconds(3)), Lines{"OK"});
  EXPECT_EQ(client.connection.next_deadline(), kStart + seconds(13));
}

TEST(Timeouts_10_2, IdleShorterThanRequestTimeoutStillApplies) {
  gnp::Store store;
  gnp::ConnectionConfig config = gnp_test::quiet_config();
  config.idle_timeout = seconds(2);
  config.request_timeout = seconds(10);
  TestClient client(store, config);
  EXPECT_EQ(client.send("PI", kStart + seconds(1)), Lines{});
  EXPECT_EQ(client.connection.next_deadline(), kStart + seconds(3));
  client.connection.tick(kStart + seconds(3));
  EXPECT_EQ(client.drain(), Lines{"ERR timeout"});
}

// 10.4: with output over the limit receive() takes only a prefix; the caller offers the rest
// again after draining; nothing is lost or reordered.

struct Drained {
  std::string bytes;       // every output byte, in order
  std::size_t max_pending = 0;
  bool saw_partial_take = false;
  bool saw_zero_take = false;
};

Drained drive_slow_reader(gnp::Connection& connection, std::string_view input, std::size_t read_size) {
  Drained drained;
  std::size_t guard = 0;
  while (!input.empty() || !connection.output().empty()) {
    if (++guard > 1'000'000) {
      ADD_FAILURE() << "no progress";
      break;
    }
    if (!input.empty()) {
      const std::size_t taken = connection.receive(input, kStart);
      drained.saw_partial_take |= taken != 0 && taken < input.size();
      drained.saw_zero_take |= taken == 0;
      input.remove_prefix(taken);
    }
    drained.max_pending = std::max(drained.max_pending, connection.output().size());
    const std::string_view out = connection.output().substr(0, read_size);
    drained.bytes += out;
    connection.consume_output(out.size());
  }
  return drained;
}

TEST(OutputLimit_10_4, ReceiveTakesAPrefixAndTheRestIsServedAfterDraining) {
  gnp::Store store;
  gnp::ConnectionConfig config = gnp_test::quiet_config();
  config.output_limit = 256;
  gnp::Connection connection(store, config, kStart);
  const std::string value(1000, 'v');
  std::string input = framed("SET k " + value);
  std::string expected = "OK\r\n\r\n";
  for (int i = 0; i < 50; ++i) {
    input += framed("GET k\r\nSequence: " + std::to_string(i));
    expected += "OK\r\nSequence: " + std::to_string(i) + "\r\nSize: 1000\r\n\r\n" + value;
  }
  const Drained drained = drive_slow_reader(connection, input, 100);
  EXPECT_TRUE(drained.saw_partial_take) << "the limit never engaged";
  EXPECT_TRUE(drained.saw_zero_take) << "input was taken while output was over the limit";
  EXPECT_EQ(drained.bytes, expected);
  // Bounded by the limit plus one response (connection.hpp).
  EXPECT_LE(drained.max_pending, config.output_limit + 1100);
  EXPECT_EQ(connection.requests_answered(), 51u);
}

TEST(OutputLimit_10_4, LargeBacklogDrainedInSmallReadsLosesNothing) {
  gnp::Store store;
  gnp::Connection connection(store, gnp_test::quiet_config(), kStart);  // default 64 KiB limit
  const std::string value(8000, 'w');
  std::string input = framed("SET big " + value);
  std::string expected = "OK\r\n\r\n";
  for (int i = 0; i < 100; ++i) {
    input += framed("GET big\r\nSequence: " + std::to_string(i)) + framed("ECHO " + std::to_string(i));
    expected += "OK\r\nSequence: " + std::to_string(i) + "\r\nSize: 8000\r\n\r\n" + value;
    expected += "OK\r\nSize: " + std::to_string(std::to_string(i).size()) + "\r\n\r\n" + std::to_string(i);
  }
  const Drained drained = drive_slow_reader(connection, input, 1000);
  EXPECT_TRUE(drained.saw_partial_take);
  EXPECT_EQ(drained.bytes.size(), expected.size());
  EXPECT_TRUE(drained.bytes == expected) << "output differs from the expected byte stream";
  EXPECT_LE(drained.max_pending, 64u * 1024 + 8100);
}

TEST(OutputLimit_10_4, PartialRequestBehindTheLimitIsKept) {
  gnp::Store store;
  gnp::ConnectionConfig config = gnp_test::quiet_config();
  config.output_limit = 10;
  gnp::Connection connection(store, config, kStart);
  const std::string input = framed("ECHO 0123456789abcdef") + framed("PING\r\nSequence: 1") + "PI";
  const std::size_t first = connection.receive(input, kStart);
  EXPECT_EQ(first, framed("ECHO 0123456789abcdef").size()) << "stops after the response that fills output";
  std::string_view rest = std::string_view(input).substr(first);
  EXPECT_EQ(connection.receive(rest, kStart), 0u) << "nothing taken while over the limit";
  Lines got = gnp_test::summarize(connection.output());
  connection.consume_output(connection.output().size());
  for (int round = 0; round < 10 && !rest.empty(); ++round) {
    rest.remove_prefix(connection.receive(rest, kStart));
    for (std::string& line : gnp_test::summarize(connection.output())) got.push_back(line);
    connection.consume_output(connection.output().size());
  }
  EXPECT_TRUE(rest.empty());
  EXPECT_EQ(connection.receive("NG\r\n\r\n", kStart), 6u);
  for (std::string& line : gnp_test::summarize(connection.output())) got.push_back(line);
  EXPECT_EQ(got, (Lines{ok_body("0123456789abcdef"), "OK Sequence=1", "OK"})) << "the held \"PI\" completed";
}

}  // namespace
