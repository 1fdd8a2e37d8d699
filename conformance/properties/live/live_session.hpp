// Several client connections to one live server, with a transcript of every byte exchanged so a
// failure can be replayed: one line per send or response, per connection, in order.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "harness/address.hpp"
#include "harness/client.hpp"

namespace wireproof::properties {

class LiveSession {
 public:
  static constexpr std::chrono::milliseconds kTimeout{5000};
  static constexpr std::chrono::microseconds kPauseBetweenPieces{200};

  // Connects `connections` clients and checks each greeting (3.1, 6.6). Throws
  // std::runtime_error saying which connection failed and how.
  LiveSession(const Address& address, std::size_t connections, std::string key_prefix);

  std::size_t connections() const { return clients_.size(); }
  const std::string& key_prefix() const { return key_prefix_; }

  // Sends `bytes` on connection `index`, cut at `cuts`, then reads `count` responses. Reading
  // stops at the first result that is not a frame (closed, timeout, malformed).
  std::vector<ReadResult> exchange(std::size_t index, const std::string& bytes,
                                   const std::vector<std::size_t>& cuts, std::size_t count);

  // Every exchange so far: `conn N >> "<escaped bytes>" cut at [...]` and `conn N << "..."`.
  std::string transcript() const;

 private:
  std::vector<Client> clients_;
  std::string key_prefix_;
  std::vector<std::string> transcript_;
};

}  // namespace wireproof::properties
