// 8.8: one store shared by every connection of the server.
#include "socket_test_support.hpp"

namespace gnp_socket_tests {
namespace {

class SharedStore : public BothTransports {};

ReadResult must_answer(Client& client, const std::string& request) {
  ReadResult response = round_trip(client, request);
  EXPECT_EQ(response.status, ReadStatus::frame) << request << ": " << describe(response);
  return response;
}

TEST_P(SharedStore, WritesOnOneConnectionAreSeenOnAnother_8_8) {
  ServerProcess server = start();
  Client a = greeted(server);
  Client b = greeted(server);

  EXPECT_EQ(must_answer(b, "GET color\r\n\r\n").frame.code, "not-found");  // starts empty (8.3)
  EXPECT_TRUE(must_answer(a, "SET color red\r\n\r\n").frame.ok);
  EXPECT_EQ(must_answer(b, "GET color\r\n\r\n").frame.body, "red");
  EXPECT_TRUE(must_answer(b, "SET color blue\r\n\r\n").frame.ok);
  EXPECT_EQ(must_answer(a, "GET color\r\n\r\n").frame.body, "blue");
  EXPECT_TRUE(must_answer(b, "DEL color\r\n\r\n").frame.ok);
  EXPECT_EQ(must_answer(a, "GET color\r\n\r\n").frame.code, "not-found");
  EXPECT_EQ(must_answer(a, "DEL color\r\n\r\n").frame.code, "not-found");
}

TEST_P(SharedStore, SurvivesTheWritingConnection_8_8) {
  ServerProcess server = start();
  {
    Client writer = greeted(server);
    EXPECT_TRUE(must_answer(writer, "SET k v\r\n\r\n").frame.ok);
  }
  Client reader = greeted(server);
  EXPECT_EQ(must_answer(reader, "GET k\r\n\r\n").frame.body, "v");
}

GNP_BOTH_TRANSPORTS(SharedStore);

}  // namespace
}  // namespace gnp_socket_tests
