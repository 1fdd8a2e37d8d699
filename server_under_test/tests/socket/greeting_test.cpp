// 3.1: on accept the server sends the greeting before reading anything.
#include "socket_test_support.hpp"

namespace gnp_socket_tests {
namespace {

class Greeting : public BothTransports {};

TEST_P(Greeting, SentBeforeTheClientSendsAnything_3_1) {
  ServerProcess server = start();
  Client client = connect(server);
  const ReadResult greeting = client.read_response(kReadTimeout);
  ASSERT_EQ(greeting.status, ReadStatus::frame) << describe(greeting);
  EXPECT_EQ(greeting.frame.raw, "OK\r\n\r\n");  // 6.6: no headers, no body
  // Nothing else arrives unasked.
  EXPECT_EQ(client.read_response(100ms).status, ReadStatus::timeout);
  EXPECT_EQ(client.received(), "OK\r\n\r\n");
}

// covers: 3.1/3
TEST_P(Greeting, BytesSentBeforeTheGreetingAreTheFirstRequest_3_1) {
  ServerProcess server = start();
  Client client = connect(server);
  ASSERT_EQ(client.send("PING\r\nSequence: 1\r\n\r\n").status, wireproof::SendStatus::sent);
  const ReadResult greeting = client.read_response(kReadTimeout);
  ASSERT_EQ(greeting.status, ReadStatus::frame) << describe(greeting);
  EXPECT_EQ(greeting.frame.raw, "OK\r\n\r\n");
  const ReadResult pong = client.read_response(kReadTimeout);
  ASSERT_EQ(pong.status, ReadStatus::frame) << describe(pong);
  EXPECT_EQ(pong.frame.raw, "OK\r\nSequence: 1\r\n\r\n");
}

TEST_P(Greeting, EveryConnectionGetsItsOwn_3_1) {
  ServerProcess server = start();
  Client first = greeted(server);
  Client second = greeted(server);
  EXPECT_EQ(first.received(), second.received());
}

GNP_BOTH_TRANSPORTS(Greeting);

}  // namespace
}  // namespace gnp_socket_tests
