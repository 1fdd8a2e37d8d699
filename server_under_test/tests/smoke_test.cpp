#include <gtest/gtest.h>
#include "connection.hpp"
TEST(Smoke, Ping) {
  gnp::Store store;
  gnp::Connection c(store, {}, gnp::TimePoint{});
  c.receive("PING\r\nSequence: 7\r\n\r\nECHO a b\r\n\r\n", gnp::TimePoint{});
  EXPECT_EQ(c.output(), "OK\r\n\r\nOK\r\nSequence: 7\r\n\r\nOK\r\nSize: 3\r\n\r\na b");
}
