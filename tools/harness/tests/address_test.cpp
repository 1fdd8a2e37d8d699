// parse_address: the HOST:PORT form used on command lines and in scenario files.
#include <gtest/gtest.h>

#include "harness/address.hpp"

namespace wireproof {
namespace {

TEST(Address, ParsesHostAndPort) {
  std::string error;
  const auto a = parse_address("127.0.0.1:7000", &error);
  ASSERT_TRUE(a) << error;
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 7000);
  EXPECT_EQ(a->to_string(), "127.0.0.1:7000");

  const auto named = parse_address("localhost:65535", &error);
  ASSERT_TRUE(named) << error;
  EXPECT_EQ(named->host, "localhost");
  EXPECT_EQ(named->port, 65535);
}

TEST(Address, ParsesBracketedIpv6) {
  std::string error;
  const auto a = parse_address("[::1]:1", &error);
  ASSERT_TRUE(a) << error;
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 1);
  EXPECT_EQ(a->to_string(), "[::1]:1");
}

TEST(Address, ReportsEachErrorQuotingTheInput) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "address '': expected HOST:PORT"},
      {"localhost", "address 'localhost': expected HOST:PORT"},
      {":7000", "address ':7000': empty host"},
      {"host:", "address 'host:': empty port"},
      {"host:http", "address 'host:http': port is not a number in 1..65535"},
      {"host:0", "address 'host:0': port is not a number in 1..65535"},
      {"host:65536", "address 'host:65536': port is not a number in 1..65535"},
      {"host:123456", "address 'host:123456': port is not a number in 1..65535"},
      {"host:-1", "address 'host:-1': port is not a number in 1..65535"},
      {"host:80 ", "address 'host:80 ': port is not a number in 1..65535"},
      {"::1:7000", "address '::1:7000': IPv6 host must be in brackets, e.g. [::1]:7000"},
      {"[::1:7000", "address '[::1:7000': missing ']' after IPv6 host"},
      {"[::1]7000", "address '[::1]7000': expected ':PORT' after ']'"},
      {"[::1]", "address '[::1]': expected ':PORT' after ']'"},
      {"[]:7000", "address '[]:7000': empty host"},
      {"a b:7000", "address 'a b:7000': invalid character in host"},
  };
  for (const auto& [text, expected] : cases) {
    SCOPED_TRACE(text);
    std::string error;
    EXPECT_FALSE(parse_address(text, &error));
    EXPECT_EQ(error, expected);
    EXPECT_FALSE(parse_address(text, nullptr));
  }
}

}  // namespace
}  // namespace wireproof
