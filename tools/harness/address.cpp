#include "harness/address.hpp"

#include <netdb.h>

namespace wireproof {
namespace {

std::optional<Address> fail(std::string* error, std::string_view text, const std::string& what) {
  if (error != nullptr) *error = "address '" + std::string(text) + "': " + what;
  return std::nullopt;
}

}  // namespace

std::string Address::to_string() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<Address> parse_address(std::string_view text, std::string* error) {
  std::string_view host;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return fail(error, text, "missing ']' after IPv6 host");
    host = text.substr(1, close - 1);
    const std::string_view rest = text.substr(close + 1);
    if (rest.empty() || rest.front() != ':') return fail(error, text, "expected ':PORT' after ']'");
    port_text = rest.substr(1);
  } else {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return fail(error, text, "expected HOST:PORT");
    host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return fail(error, text, "IPv6 host must be in brackets, e.g. [::1]:7000");
    }
  }
  if (host.empty()) return fail(error, text, "empty host");
  for (char c : host) {
    if (c <= ' ' || c == 0x7f || c == '[' || c == ']' || c == '/') {
      return fail(error, text, "invalid character in host");
    }
  }
  if (port_text.empty()) return fail(error, text, "empty port");
  if (port_text.size() > 5) return fail(error, text, "port is not a number in 1..65535");
  unsigned port = 0;
  for (char c : port_text) {
    if (c < '0' || c > '9') return fail(error, text, "port is not a number in 1..65535");
    port = port * 10 + static_cast<unsigned>(c - '0');
  }
  if (port == 0 || port > 65535) return fail(error, text, "port is not a number in 1..65535");
  return Address{std::string(host), static_cast<std::uint16_t>(port)};
}

Resolved resolve(const Address& address, std::string* error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(address.port);
  if (const int rc = ::getaddrinfo(address.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    if (error != nullptr) *error = ::gai_strerror(rc);
    return Resolved(nullptr, ::freeaddrinfo);
  }
  return Resolved(found, ::freeaddrinfo);
}

}  // namespace wireproof
