// Commands, PROTOCOL.md 8.1-8.8, through gnp::Connection. Expected responses are written by hand
// as client-side summaries (see response_reader.hpp).
#include <gtest/gtest.h>

#include "test_client.hpp"

namespace {

using gnp_test::escaped;
using gnp_test::framed;
using gnp_test::Lines;
using gnp_test::TestClient;

std::string ok_body(std::string_view body) { return "OK body=\"" + escaped(body) + "\""; }

// Sends each request on a fresh connection and store; returns the one response's summary.
std::string answer(std::string_view request) {
  gnp::Store store;
  TestClient client(store);
  const Lines lines = client.send(framed(request));
  return lines.size() == 1 ? lines[0] : "<" + std::to_string(lines.size()) + " responses>";
}

TEST(Commands_8_1, PingAnswersOk) { EXPECT_EQ(answer("PING"), "OK"); }

TEST(Commands_8_1, PingWithArgumentsIsBadArguments) {
  EXPECT_EQ(answer("PING x"), "ERR bad-arguments");
  EXPECT_EQ(answer("PING x y"), "ERR bad-arguments");
}

TEST(Commands_8_2, EchoJoinsArgumentsWithSingleSpace) {
  EXPECT_EQ(answer("ECHO a"), ok_body("a"));
  EXPECT_EQ(answer("ECHO a b c"), ok_body("a b c"));
  EXPECT_EQ(answer("ECHO h\xC3\xA9llo w\xC3\xB6rld \xF0\x9F\x98\x80"), ok_body("h\xC3\xA9llo w\xC3\xB6rld \xF0\x9F\x98\x80"));
  EXPECT_EQ(answer("ECHO Size: 99"), ok_body("Size: 99"));  // header-like text is just body
  EXPECT_EQ(answer("ECHO PING"), ok_body("PING"));
}

TEST(Commands_8_2, EchoHeadersAreNotPartOfTheBody) {
  EXPECT_EQ(answer("ECHO a b\r\nX-Extra: c d"), ok_body("a b"));
}

// covers: 5.4/10
TEST(Commands_8_2, SizeAndMessageInARequestAreIgnored) {
  // 5.4: Size and Message have no meaning in a request.
  EXPECT_EQ(answer("ECHO a\r\nSize: 5\r\nMessage: hi"), ok_body("a"));
}

TEST(Commands_8_2, EchoWithoutArgumentsIsBadArguments) { EXPECT_EQ(answer("ECHO"), "ERR bad-arguments"); }

TEST(Commands_8_3, SetArgumentCounts) {
  EXPECT_EQ(answer("SET k v"), "OK");
  EXPECT_EQ(answer("SET"), "ERR bad-arguments");
  EXPECT_EQ(answer("SET k"), "ERR bad-arguments");
  EXPECT_EQ(answer("SET k v w"), "ERR bad-arguments");
}

TEST(Commands_8_4, GetReturnsTheValueSet) {
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send(framed("SET key value")), Lines{"OK"});
  EXPECT_EQ(client.send(framed("GET key")), Lines{ok_body("value")});
  EXPECT_EQ(client.send(framed("SET key other")), Lines{"OK"});
  EXPECT_EQ(client.send(framed("GET key")), Lines{ok_body("other")}) << "SET overwrites";
  EXPECT_EQ(client.send(framed("GET KEY")), Lines{"ERR not-found"}) << "keys are exact bytes";
}

TEST(Commands_8_4, GetOfMultiByteValueHasByteSize) {
  gnp::Store store;
  TestClient client(store);
  const std::string value = "\xD0\xB7\xD0\xBD\xD0\xB0\xD1\x87\xD0\xB5\xD0\xBD\xD0\xB8\xD0\xB5";  // 8 code points
  EXPECT_EQ(client.send(framed("SET \xD0\xBA\xD0\xBB\xD1\x8E\xD1\x87 " + value)), Lines{"OK"});
  client.connection.receive(framed("GET \xD0\xBA\xD0\xBB\xD1\x8E\xD1\x87"), gnp_test::kStart);
  EXPECT_EQ(std::string(client.connection.output()), "OK\r\nSize: 16\r\n\r\n" + value);
}

// covers: 8.3/4 (a fresh store has no key)
TEST(Commands_8_4, GetMissingKeyIsNotFound) { EXPECT_EQ(answer("GET nothing"), "ERR not-found"); }

TEST(Commands_8_4, GetArgumentCounts) {
  EXPECT_EQ(answer("GET"), "ERR bad-arguments");
  EXPECT_EQ(answer("GET a b"), "ERR bad-arguments");
}

TEST(Commands_8_5, DelRemovesThenReportsNotFound) {
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send(framed("SET k v")), Lines{"OK"});
  EXPECT_EQ(client.send(framed("DEL k")), Lines{"OK"});
  EXPECT_EQ(client.send(framed("GET k")), Lines{"ERR not-found"});
  EXPECT_EQ(client.send(framed("DEL k")), Lines{"ERR not-found"});
  EXPECT_EQ(store.size(), 0u);
}

TEST(Commands_8_5, DelArgumentCounts) {
  EXPECT_EQ(answer("DEL"), "ERR bad-arguments");
  EXPECT_EQ(answer("DEL a b"), "ERR bad-arguments");
  EXPECT_EQ(answer("DEL missing"), "ERR not-found");
}

TEST(Commands_8_6, QuitAnswersOkThenCloses) {
  gnp::Store store;
  TestClient client(store);
  const std::string input = framed("QUIT") + framed("PING");
  EXPECT_EQ(client.connection.receive(input, gnp_test::kStart), input.size())
      << "bytes after QUIT are taken and discarded";
  EXPECT_TRUE(client.connection.closing());
  EXPECT_FALSE(client.connection.finished()) << "the OK is still to be written";
  EXPECT_EQ(client.drain(), Lines{"OK"});
  EXPECT_TRUE(client.connection.finished());
  EXPECT_EQ(client.connection.receive(framed("PING"), gnp_test::kStart), 8u);
  EXPECT_EQ(client.drain(), Lines{}) << "nothing after QUIT is answered";
}

// covers: 8.6/4
TEST(Commands_8_6, RequestsAfterQuitHaveNoEffect) {
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send(framed("QUIT") + framed("SET k v")), Lines{"OK"});
  EXPECT_EQ(store.size(), 0u) << "a SET pipelined after QUIT must not reach the store";
}

TEST(Commands_8_6, QuitWithArgumentsIsBadArgumentsAndStaysOpen) {
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send(framed("QUIT now") + framed("PING")), (Lines{"ERR bad-arguments", "OK"}));
  EXPECT_FALSE(client.connection.closing());
}

TEST(Commands_8_7, OtherNamesAreUnknownCommands) {
  for (std::string_view name : {"ping", "Ping", "PINGX", "PIN", "FOO", "echo a", "Echo a", "get k",
                                "GETT k", "ECHOa", "QUIT\xC2\xA0", "\xEF\xBC\xB0ING"}) {
    EXPECT_EQ(answer(name), "ERR unknown-command") << name;
  }
}

TEST(Commands_8_7, UnknownCommandStaysOpen) {
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send(framed("quit") + framed("PING")), (Lines{"ERR unknown-command", "OK"}));
  EXPECT_FALSE(client.connection.closing()) << "lower-case quit is not QUIT";
}

TEST(Store_8_8, StoreSharedByTwoConnections) {
  gnp::Store store;
  TestClient a(store);
  TestClient b(store);
  EXPECT_EQ(a.send(framed("SET shared 1")), Lines{"OK"});
  EXPECT_EQ(b.send(framed("GET shared")), Lines{ok_body("1")});
  EXPECT_EQ(b.send(framed("SET shared 2")), Lines{"OK"});
  EXPECT_EQ(a.send(framed("GET shared")), Lines{ok_body("2")});
  EXPECT_EQ(b.send(framed("DEL shared")), Lines{"OK"});
  EXPECT_EQ(a.send(framed("GET shared")), Lines{"ERR not-found"});
  EXPECT_EQ(a.send(framed("DEL shared")), Lines{"ERR not-found"});
}

TEST(Store_8_8, QuitOnOneConnectionLeavesTheOtherOpen) {
  gnp::Store store;
  TestClient a(store);
  TestClient b(store);
  EXPECT_EQ(a.send(framed("QUIT")), Lines{"OK"});
  EXPECT_EQ(b.send(framed("PING")), Lines{"OK"});
  EXPECT_FALSE(b.connection.closing());
}

TEST(Store_8_8, SeparateStoresDoNotShare) {
  gnp::Store first;
  gnp::Store second;
  TestClient a(first);
  TestClient b(second);
  EXPECT_EQ(a.send(framed("SET k v")), Lines{"OK"});
  EXPECT_EQ(b.send(framed("GET k")), Lines{"ERR not-found"});
}

TEST(Store_8_8, PipelinedRequestsSeeEarlierWrites) {
  gnp::Store store;
  TestClient client(store);
  EXPECT_EQ(client.send(framed("SET k 1") + framed("GET k") + framed("DEL k") + framed("GET k") +
                        framed("SET k 2") + framed("GET k")),
            (Lines{"OK", ok_body("1"), "OK", "ERR not-found", "OK", ok_body("2")}));
}

}  // namespace
