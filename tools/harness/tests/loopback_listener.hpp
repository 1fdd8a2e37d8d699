// A listening socket on 127.0.0.1 with a kernel-chosen port, for tests that play the server.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include "harness/address.hpp"

namespace wireproof {

// Returns the listening descriptor and sets `address` to where it listens.
inline int listen_on_loopback(Address& address) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof addr;
  EXPECT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::listen(listener, 4), 0);
  EXPECT_EQ(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &length), 0);
  address = Address{"127.0.0.1", ntohs(addr.sin_port)};
  return listener;
}

}  // namespace wireproof
