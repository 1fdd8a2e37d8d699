// 4.5 and 6.1: several requests in one segment; exactly one response each, in request order.
#include "socket_test_support.hpp"

namespace gnp_socket_tests {
namespace {

class Pipelining : public BothTransports {};

TEST_P(Pipelining, RequestsInOneSegmentAreAnsweredInOrder_4_5_6_1) {
  ServerProcess server = start();
  Client client = greeted(server);
  const std::string stream =
      "SET k v1\r\nSequence: 1\r\n\r\n"
      "GET k\r\nSequence: 2\r\n\r\n"
      "NOPE\r\nSequence: 3\r\n\r\n"        // unknown-command keeps the connection (7.2)
      "SET k v2\r\nSequence: 4\r\n\r\n"
      "GET k\r\nSequence: 5\r\n\r\n"
      "ECHO a  b\r\nSequence: 6\r\n\r\n"   // doubled SP: bad-request, no Sequence (5.3, 6.3)
      "DEL k\r\nSequence: 7\r\n\r\n"
      "GET k\r\nSequence: 8\r\n\r\n";
  ASSERT_EQ(client.send(stream).status, wireproof::SendStatus::sent);  // one send, one segment

  const std::string expected[] = {
      "OK\r\nSequence: 1\r\n\r\n",
      "OK\r\nSequence: 2\r\nSize: 2\r\n\r\nv1",
      "ERR unknown-command\r\nSequence: 3\r\n",
      "OK\r\nSequence: 4\r\n\r\n",
      "OK\r\nSequence: 5\r\nSize: 2\r\n\r\nv2",
      "ERR bad-request\r\nMessage: ",
      "OK\r\nSequence: 7\r\n\r\n",
      "ERR not-found\r\nSequence: 8\r\n",
  };
  for (const std::string& prefix : expected) {
    const ReadResult response = client.read_response(kReadTimeout);
    ASSERT_EQ(response.status, ReadStatus::frame) << describe(response);
    EXPECT_EQ(response.frame.raw.substr(0, prefix.size()), prefix);
  }
  EXPECT_EQ(client.read_response(100ms).status, ReadStatus::timeout);  // nothing extra (6.1)
}

// covers: 4.2/5
TEST_P(Pipelining, ManyLargeRequestsInOneWriteAreAllAnswered_4_2_4_5) {
  // Ten 8000-byte requests in one write: the limit applies per request, not per read (4.2).
  ServerProcess server = start();
  Client client = greeted(server);
  const std::string argument(8000 - std::string("ECHO \r\n\r\n").size(), 'x');
  std::string stream;
  for (int i = 0; i < 10; ++i) stream += "ECHO " + argument + "\r\n\r\n";
  ASSERT_EQ(client.send(stream).status, wireproof::SendStatus::sent);
  for (int i = 0; i < 10; ++i) {
    const ReadResult response = client.read_response(kReadTimeout);
    ASSERT_EQ(response.status, ReadStatus::frame) << i << ": " << describe(response);
    EXPECT_TRUE(response.frame.ok);
    EXPECT_EQ(response.frame.body, argument);
  }
}

GNP_BOTH_TRANSPORTS(Pipelining);

}  // namespace
}  // namespace gnp_socket_tests
