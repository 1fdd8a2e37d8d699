// 8.6: QUIT gets OK, then the server closes that connection only; nothing after it is processed.
#include "socket_test_support.hpp"

namespace gnp_socket_tests {
namespace {

class Quit : public BothTransports {};

TEST_P(Quit, ClosesOnlyThisConnection_8_6) {
  ServerProcess server = start();
  Client quitting = greeted(server);
  Client staying = greeted(server);

  // A SET pipelined after QUIT must have no effect.
  ASSERT_EQ(quitting.send("QUIT\r\nSequence: 9\r\n\r\nSET ghost v\r\n\r\n").status, wireproof::SendStatus::sent);
  const ReadResult ok = quitting.read_response(kReadTimeout);
  ASSERT_EQ(ok.status, ReadStatus::frame) << describe(ok);
  EXPECT_EQ(ok.frame.raw, "OK\r\nSequence: 9\r\n\r\n");
  expect_closed_after_frame(quitting);

  const ReadResult pong = round_trip(staying, "PING\r\n\r\n");
  ASSERT_EQ(pong.status, ReadStatus::frame) << describe(pong);
  EXPECT_EQ(pong.frame.raw, "OK\r\n\r\n");
  const ReadResult ghost = round_trip(staying, "GET ghost\r\n\r\n");
  ASSERT_EQ(ghost.status, ReadStatus::frame) << describe(ghost);
  EXPECT_EQ(ghost.frame.code, "not-found");

  Client later = greeted(server);  // the server still accepts new connections
}

TEST_P(Quit, WithArgumentsIsBadArgumentsAndKeepsTheConnection_8_6_8_7) {
  ServerProcess server = start();
  Client client = greeted(server);
  const ReadResult response = round_trip(client, "QUIT now\r\n\r\n");
  ASSERT_EQ(response.status, ReadStatus::frame) << describe(response);
  EXPECT_EQ(response.frame.code, "bad-arguments");
  const ReadResult pong = round_trip(client, "PING\r\n\r\n");
  ASSERT_EQ(pong.status, ReadStatus::frame) << describe(pong);
  EXPECT_TRUE(pong.frame.ok);
}

GNP_BOTH_TRANSPORTS(Quit);

}  // namespace
}  // namespace gnp_socket_tests
