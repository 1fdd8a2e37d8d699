// Finds where responses end in a byte stream, for GNP/1 frames (head, then Size body bytes) and
// for RESP replies to inline redis commands. Incremental: keeps its place across reads.
#pragma once

#include <cstddef>
#include <string_view>

#include "load_options.hpp"

namespace wireproof::load {

class ResponseCounter {
 public:
  explicit ResponseCounter(Protocol protocol) : protocol_(protocol) {}

  // Consumes complete responses from the front of `data`; returns how many bytes were consumed
  // and adds to `complete` and `errors`. Returns npos when the data is malformed.
  std::size_t consume(std::string_view data, std::size_t& complete, std::size_t& errors);

 private:
  std::size_t consume_gnp(std::string_view data, std::size_t& complete, std::size_t& errors);
  std::size_t consume_resp(std::string_view data, std::size_t& complete, std::size_t& errors);

  Protocol protocol_;
};

}  // namespace wireproof::load
