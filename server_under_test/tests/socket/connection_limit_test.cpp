// 10.3: beyond the connection limit a new connection gets ERR busy (in place of the greeting)
// and is closed; service resumes once a connection drops.
#include "socket_test_support.hpp"

namespace gnp_socket_tests {
namespace {

class ConnectionLimit : public BothTransports {};

TEST_P(ConnectionLimit, ThirdConnectionIsBusyUntilOneLeaves_10_3) {
  ServerProcess server = start("--max-connections 2");
  Client first = connect_greeted_once_placed(server, transport());
  Client second = connect_greeted_once_placed(server, transport());

  Client third = connect(server);
  const ReadResult busy = third.read_response(kReadTimeout);
  ASSERT_EQ(busy.status, ReadStatus::frame) << describe(busy);
  EXPECT_FALSE(busy.frame.ok);
  EXPECT_EQ(busy.frame.code, "busy");
  expect_closed_after_frame(third);

  // The open connections are unaffected, and the refused one did not count (10.3).
  const ReadResult pong = round_trip(second, "PING\r\n\r\n");
  ASSERT_EQ(pong.status, ReadStatus::frame) << describe(pong);
  EXPECT_TRUE(pong.frame.ok);

  // One leaves; the server learns of it asynchronously, so wait (bounded) for a greeting.
  first.close();
  bool greeted = false;
  for (int attempt = 0; attempt < 40 && !greeted; ++attempt) {
    Client next = connect(server);
    const ReadResult frame = next.read_response(kReadTimeout);
    ASSERT_EQ(frame.status, ReadStatus::frame) << describe(frame);
    greeted = frame.frame.ok;
    if (greeted) {
      const ReadResult served = round_trip(next, "PING\r\n\r\n");
      ASSERT_EQ(served.status, ReadStatus::frame) << describe(served);
      EXPECT_TRUE(served.frame.ok);
    } else {
      EXPECT_EQ(frame.frame.code, "busy");
      std::this_thread::sleep_for(25ms);
    }
  }
  EXPECT_TRUE(greeted) << "still busy after the first connection closed";
}

GNP_BOTH_TRANSPORTS(ConnectionLimit);

}  // namespace
}  // namespace gnp_socket_tests
