// 10.1 idle timeout and 10.2 request timeout (slow drip): ERR timeout, then close (7.2).
#include "socket_test_support.hpp"

namespace gnp_socket_tests {
namespace {

class Timeouts : public BothTransports {};

TEST_P(Timeouts, IdleConnectionGetsTimeoutThenClose_10_1) {
  ServerProcess server = start("--idle-timeout-ms 300");
  Client client = greeted(server);
  const ReadResult response = client.read_response(3s);  // bounded wait, far above 300 ms
  ASSERT_EQ(response.status, ReadStatus::frame) << describe(response);
  EXPECT_FALSE(response.frame.ok);
  EXPECT_EQ(response.frame.code, "timeout");
  expect_closed_after_frame(client);
}

TEST_P(Timeouts, IdleTimerRestartsWithEveryByte_10_1) {
  // Complete requests every 100 ms keep a 300 ms idle timer from firing.
  ServerProcess server = start("--idle-timeout-ms 300");
  Client client = greeted(server);
  for (int i = 0; i < 8; ++i) {
    std::this_thread::sleep_for(100ms);
    const ReadResult response = round_trip(client, "PING\r\n\r\n");
    ASSERT_EQ(response.status, ReadStatus::frame) << i << ": " << describe(response);
    EXPECT_TRUE(response.frame.ok) << response.frame.raw;
  }
}

TEST_P(Timeouts, SlowDripRequestGetsTimeoutThenClose_10_2) {
  // One byte every 50 ms: the idle timer (2 s) keeps restarting, the request timer (300 ms)
  // does not (10.2), so ERR timeout must come long before the request is complete.
  ServerProcess server = start("--idle-timeout-ms 2000 --request-timeout-ms 300");
  Client client = greeted(server);
  const std::string request = "ECHO " + std::string(60, 'x') + "\r\n\r\n";
  std::size_t sent = 0;
  ReadResult response;
  for (; sent < request.size(); ++sent) {
    if (client.send(request.substr(sent, 1)).status != wireproof::SendStatus::sent) break;
    response = client.read_response(50ms);
    if (response.status != ReadStatus::timeout) break;
  }
  ASSERT_EQ(response.status, ReadStatus::frame) << describe(response);
  EXPECT_LT(sent + 1, request.size()) << "the request was completed before any timeout";
  EXPECT_EQ(response.frame.code, "timeout");
  EXPECT_FALSE(response.frame.sequence);
  expect_closed_after_frame(client);  // and no response to the unfinished request (10.2)
}

GNP_BOTH_TRANSPORTS(Timeouts);

}  // namespace
}  // namespace gnp_socket_tests
