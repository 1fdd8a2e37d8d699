// 4.2, 4.3, 7.2: a request of 8192 bytes is served; 8192 bytes without a terminator get
// ERR too-large, then the server closes, and nothing after the 8192nd byte is interpreted.
#include "socket_test_support.hpp"

namespace gnp_socket_tests {
namespace {

class TooLarge : public BothTransports {};

constexpr std::size_t kLimit = 8192;

TEST_P(TooLarge, RequestOfExactly8192BytesIsServed_4_2) {
  ServerProcess server = start();
  Client client = greeted(server);
  const std::string argument(kLimit - std::string("ECHO \r\n\r\n").size(), 'a');
  const ReadResult response = round_trip(client, "ECHO " + argument + "\r\n\r\n");
  ASSERT_EQ(response.status, ReadStatus::frame) << describe(response);
  EXPECT_TRUE(response.frame.ok);
  EXPECT_EQ(response.frame.body, argument);
}

TEST_P(TooLarge, ErrorFrameThenCloseAfterEarlierResponses_4_3_7_2) {
  ServerProcess server = start();
  Client client = greeted(server);
  // A pipelined PING first: its response comes before the error (4.3, 6.1). Then 8192 bytes
  // without a terminator, then a SET that must never be interpreted.
  const std::string oversized(kLimit, 'x');
  const std::string stream = "PING\r\nSequence: 5\r\n\r\n" + oversized + "SET after v\r\n\r\n";
  client.send(stream);  // the server may close before taking every byte: not an error here

  const ReadResult pong = client.read_response(kReadTimeout);
  ASSERT_EQ(pong.status, ReadStatus::frame) << describe(pong);
  EXPECT_EQ(pong.frame.raw, "OK\r\nSequence: 5\r\n\r\n");
  const ReadResult error = client.read_response(kReadTimeout);
  ASSERT_EQ(error.status, ReadStatus::frame) << describe(error);
  EXPECT_FALSE(error.frame.ok);
  EXPECT_EQ(error.frame.code, "too-large");
  EXPECT_FALSE(error.frame.sequence);  // 6.3
  expect_closed_after_frame(client);

  // The SET after the 8192nd byte had no effect (4.3).
  Client other = greeted(server);
  const ReadResult get = round_trip(other, "GET after\r\n\r\n");
  ASSERT_EQ(get.status, ReadStatus::frame) << describe(get);
  EXPECT_EQ(get.frame.code, "not-found");
}

TEST_P(TooLarge, SentAsSoonAsThe8192ndByteArrives_4_3) {
  // Exactly 8192 bytes and then silence: the server must not wait for more (4.3).
  ServerProcess server = start();
  Client client = greeted(server);
  ASSERT_EQ(client.send(std::string(kLimit - 3, 'x') + "\r\n\r").status, wireproof::SendStatus::sent);
  const ReadResult error = client.read_response(kReadTimeout);
  ASSERT_EQ(error.status, ReadStatus::frame) << describe(error);
  EXPECT_EQ(error.frame.code, "too-large");  // "\r\n\r" at the end is still too large (4.3)
  expect_closed_after_frame(client);
}

GNP_BOTH_TRANSPORTS(TooLarge);

}  // namespace
}  // namespace gnp_socket_tests
