// 8.8: one store shared by every connection of the server.
#include "socket_test_support.hpp"

namespace gnp_socket_tests {
namespace {

ReadResult must_answer(Client& client, const std::string& request) {
  ReadResult response = round_trip(client, request);
  EXPECT_EQ(response.status, ReadStatus::frame) << request << ": " << describe(response);
  return response;
}

TEST(SharedStore, WritesOnOneConnectionAreSeenOnAnother_8_8) {
  ServerProcess server = start_server();
  Client a = connect_greeted(server);
  Client b = connect_greeted(server);

  EXPECT_EQ(must_answer(b, "GET color\r\n\r\n").frame.code, "not-found");  // starts empty (8.3)
  EXPECT_TRUE(must_answer(a, "SET color red\r\n\r\n").frame.ok);
  EXPECT_EQ(must_answer(b, "GET color\r\n\r\n").frame.body, "red");
  EXPECT_TRUE(must_answer(b, "SET color blue\r\n\r\n").frame.ok);
  EXPECT_EQ(must_answer(a, "GET color\r\n\r\n").frame.body, "blue");
  EXPECT_TRUE(must_answer(b, "DEL color\r\n\r\n").frame.ok);
  EXPECT_EQ(must_answer(a, "GET color\r\n\r\n").frame.code, "not-found");
  EXPECT_EQ(must_answer(a, "DEL color\r\n\r\n").frame.code, "not-found");
}

TEST(SharedStore, SurvivesTheWritingConnection_8_8) {
  ServerProcess server = start_server();
  {
    Client writer = connect_greeted(server);
    EXPECT_TRUE(must_answer(writer, "SET k v\r\n\r\n").frame.ok);
  }
  Client reader = connect_greeted(server);
  EXPECT_EQ(must_answer(reader, "GET k\r\n\r\n").frame.body, "v");
}

}  // namespace
}  // namespace gnp_socket_tests
