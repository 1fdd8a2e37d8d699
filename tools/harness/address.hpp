// "HOST:PORT" / "[IPv6]:PORT" endpoints as given on command lines and in scenario files.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct addrinfo;

namespace wireproof {

struct Address {
  std::string host;  // without brackets, e.g. "::1"
  std::uint16_t port = 0;

  // Back to "host:port", bracketing IPv6 literals.
  std::string to_string() const;
};

// nullopt on bad input; *error (when non-null) says what is wrong, quoting the text.
std::optional<Address> parse_address(std::string_view text, std::string* error);

// The TCP endpoints a name lookup (getaddrinfo) found, freed with the pointer.
using Resolved = std::unique_ptr<addrinfo, void (*)(addrinfo*)>;
// Looks `address` up; a null pointer, *error set (gai_strerror), when it does not resolve.
Resolved resolve(const Address& address, std::string* error);

}  // namespace wireproof
