// Client against an in-process listening socket that the test drives byte by byte: every
// read/close/send outcome, and that nothing blocks beyond its timeout.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "harness/tests/loopback_listener.hpp"
#include "harness/client.hpp"

namespace wireproof {
namespace {

using namespace std::chrono_literals;

// A listening socket on 127.0.0.1 and the server side of one accepted connection.
class Peer {
 public:
  Peer() {
    listener_ = listen_on_loopback(address_);
  }
  ~Peer() {
    close_connection();
    ::close(listener_);
  }
  const Address& address() const { return address_; }

  Client connect_client() {
    Client client = Client::connect(address_, 1s);
    pollfd pfd{listener_, POLLIN, 0};
    EXPECT_EQ(::poll(&pfd, 1, 1000), 1);
    connection_ = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    EXPECT_GE(connection_, 0);
    return client;
  }
  void write(const std::string& bytes) {
    ASSERT_EQ(::send(connection_, bytes.data(), bytes.size(), MSG_NOSIGNAL), static_cast<ssize_t>(bytes.size()));
  }
  std::string read_some() {
    pollfd pfd{connection_, POLLIN, 0};
    if (::poll(&pfd, 1, 1000) != 1) return "";
    char buffer[65536];
    const ssize_t n = ::recv(connection_, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : "";
  }
  void close_connection() {
    if (connection_ >= 0) ::close(connection_);
    connection_ = -1;
  }
  // Close with RST instead of FIN.
  void reset_connection() {
    const linger hard{1, 0};
    ::setsockopt(connection_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    close_connection();
  }
  void shrink_receive_buffer() {
    const int size = 4096;
    ::setsockopt(connection_, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }

 private:
  int listener_ = -1;
  int connection_ = -1;
  Address address_;
};

TEST(Client, ReadsFramesSplitAcrossWrites_6_2) {
  Peer peer;
  Client client = peer.connect_client();
  peer.write("OK\r\n\r\nOK\r\nSize: 4\r\n\r\nab");
  ReadResult first = client.read_response(1s);
  ASSERT_EQ(first.status, ReadStatus::frame) << first.error;
  EXPECT_EQ(first.frame.raw, "OK\r\n\r\n");
  EXPECT_EQ(client.read_response(50ms).status, ReadStatus::timeout);
  peer.write("\r\n");
  ReadResult second = client.read_response(1s);
  ASSERT_EQ(second.status, ReadStatus::frame) << second.error;
  EXPECT_EQ(second.frame.body, "ab\r\n");
  EXPECT_EQ(client.received(), "OK\r\n\r\nOK\r\nSize: 4\r\n\r\nab\r\n");
}

TEST(Client, TimeoutSaysHowMuchOfAFrameArrived) {
  Peer peer;
  Client client = peer.connect_client();
  peer.write("OK\r\nSize: 10\r\n\r\nabc");
  const ReadResult result = client.read_response(100ms);
  EXPECT_EQ(result.status, ReadStatus::timeout);
  EXPECT_EQ(result.error, "no complete response within 100 ms (19 bytes of one received)");
}

TEST(Client, MalformedResponseCarriesReaderError_6_2) {
  Peer peer;
  Client client = peer.connect_client();
  peer.write("OK\r\nSize: 2\r\nSequence: 1\r\n\r\nab");
  const ReadResult result = client.read_response(1s);
  EXPECT_EQ(result.status, ReadStatus::malformed);
  EXPECT_EQ(result.error, "byte 13: header 'Size' before 'Sequence' (6.2)");
}

TEST(Client, FramesBeforeCloseAreStillDelivered) {
  Peer peer;
  Client client = peer.connect_client();
  peer.write("ERR too-large\r\nMessage: m\r\n\r\n");
  peer.close_connection();
  const ReadResult frame = client.read_response(1s);
  ASSERT_EQ(frame.status, ReadStatus::frame) << frame.error;
  EXPECT_EQ(frame.frame.code, "too-large");
  const ReadResult after = client.read_response(1s);
  EXPECT_EQ(after.status, ReadStatus::closed);
  EXPECT_EQ(after.error, "connection closed by peer");
}

TEST(Client, CloseInsideAFrameIsReported) {
  Peer peer;
  Client client = peer.connect_client();
  peer.write("OK\r\nSize: 9\r\n\r\nabc");
  peer.close_connection();
  const ReadResult result = client.read_response(1s);
  EXPECT_EQ(result.status, ReadStatus::closed);
  EXPECT_EQ(result.error, "connection closed by peer inside a frame (18 bytes of it received)");
}

TEST(Client, ResetIsAClosedResultNotAnException) {
  Peer peer;
  Client client = peer.connect_client();
  peer.reset_connection();
  const ReadResult result = client.read_response(1s);
  EXPECT_EQ(result.status, ReadStatus::closed);
  EXPECT_EQ(result.error, "connection reset by peer");
  const SendResult sent = client.send("PING\r\n\r\n", 1s);
  EXPECT_EQ(sent.status, SendStatus::peer_closed);
}

TEST(Client, WaitForCloseCollectsBytesAndSeesEofOrTimeout) {
  Peer peer;
  Client client = peer.connect_client();
  const CloseResult open = client.wait_for_close(50ms);
  EXPECT_TRUE(open.timed_out);
  EXPECT_FALSE(open.closed_by_peer);
  peer.write("OK\r\n\r\n");
  peer.close_connection();
  const CloseResult closed = client.wait_for_close(1s);
  EXPECT_TRUE(closed.closed_by_peer);
  EXPECT_FALSE(closed.timed_out);
  EXPECT_FALSE(closed.reset);
  EXPECT_EQ(closed.data_received_meanwhile, "OK\r\n\r\n");
  EXPECT_EQ(client.read_response(10ms).status, ReadStatus::frame);  // bytes also reach the reader
}

// The byte limit (--max-response-bytes): a client reads no more than its budget and one byte, and
// says so; frames complete before the limit are still delivered.
ReadingConventions limited_to(std::size_t bytes) {
  ReadingConventions conventions;
  conventions.max_response_bytes = bytes;
  return conventions;
}

TEST(Client, ReadsNoMoreThanTheByteLimit) {
  Peer peer;
  Client client = peer.connect_client();
  client.set_reading_conventions(limited_to(1000));
  peer.write("OK\r\n\r\n" + std::string(5000, 'x'));  // a frame, then a head without end
  const ReadResult greeting = client.read_response(1s);
  ASSERT_EQ(greeting.status, ReadStatus::frame);
  const ReadResult next = client.read_response(1s);
  EXPECT_EQ(next.status, ReadStatus::malformed);
  EXPECT_EQ(next.error, "the server sent more than 1000 bytes, more than wireproof reads in one case "
                        "(limit: --max-response-bytes)");
  EXPECT_TRUE(client.over_limit());
  EXPECT_EQ(client.received().size(), 1001u);
  peer.write(std::string(5000, 'y'));
  const CloseResult wait = client.wait_for_close(50ms);  // returns at once: nothing more is read
  EXPECT_TRUE(wait.over_limit);
  EXPECT_FALSE(wait.closed_by_peer);
  EXPECT_EQ(client.received().size(), 1001u);
}

TEST(Client, ExactlyTheLimitIsNotOverIt) {
  Peer peer;
  Client client = peer.connect_client();
  client.set_reading_conventions(limited_to(12));
  peer.write("OK\r\n\r\nOK\r\n\r\n");
  peer.close_connection();
  const CloseResult closed = client.wait_for_close(1s);
  EXPECT_TRUE(closed.closed_by_peer);
  EXPECT_FALSE(closed.over_limit);
  EXPECT_FALSE(client.over_limit());
}

TEST(Client, ConnectionsSharingABudgetReadItOnce) {
  Peer first;
  Peer second;
  const auto budget = std::make_shared<ReadBudget>(100);
  Client a = first.connect_client();
  Client b = second.connect_client();
  a.set_reading_conventions(limited_to(100), budget);
  b.set_reading_conventions(limited_to(100), budget);
  first.write(std::string(80, 'a'));
  EXPECT_TRUE(a.wait_for_close(100ms).timed_out);
  EXPECT_FALSE(a.over_limit());
  second.write(std::string(80, 'b'));
  const CloseResult over = b.wait_for_close(1s);
  EXPECT_TRUE(over.over_limit);
  EXPECT_EQ(a.received().size() + b.received().size(), 101u);  // the case's 100 and one byte
}

TEST(Client, SendPiecesDeliversEveryByteInOrder_4_4) {
  Peer peer;
  Client client = peer.connect_client();
  const std::string bytes = "PING\r\n\r\nECHO a\r\n\r\n";
  const SendResult sent = client.send_pieces(bytes, {1, 5, 6, 7, 15}, 1000us);
  EXPECT_EQ(sent.status, SendStatus::sent);
  EXPECT_EQ(sent.bytes_sent, bytes.size());
  std::string got;
  while (got.size() < bytes.size()) {
    const std::string more = peer.read_some();
    if (more.empty()) break;
    got += more;
  }
  EXPECT_EQ(got, bytes);
}

TEST(Client, SendTimesOutWhenPeerNeverReads_10_4) {
  Peer peer;
  Client client = peer.connect_client();
  peer.shrink_receive_buffer();
  client.set_read_while_sending(false);
  const std::string big(64 * 1024 * 1024, 'x');
  const SendResult sent = client.send(big, 200ms);
  EXPECT_EQ(sent.status, SendStatus::timeout);
  EXPECT_LT(sent.bytes_sent, big.size());
  EXPECT_NE(sent.error.find("within 200 ms"), std::string::npos) << sent.error;
}

TEST(Client, ConnectFailuresNameTheAddress) {
  Peer peer;
  const Address address = peer.address();
  try {
    Client::connect(Address{"127.0.0.1", 1}, 1s);
    FAIL() << "connect to port 1 succeeded";
  } catch (const ClientError& e) {
    EXPECT_EQ(std::string(e.what()), "connect to 127.0.0.1:1: Connection refused");
  }
  try {
    Client::connect(Address{"no-such-host.invalid", 7000}, 1s);
    FAIL() << "connect to an invalid host succeeded";
  } catch (const ClientError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("connect to no-such-host.invalid:7000: cannot resolve host: ", 0), 0u)
        << e.what();
  }
  EXPECT_NO_THROW(Client::connect(address, 1s));
}

}  // namespace
}  // namespace wireproof
