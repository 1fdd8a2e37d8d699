// The oracle of the stateful phase: the reference sans-IO core itself, one gnp::Connection per
// client connection over one shared gnp::Store (PROTOCOL.md 8.8), fed each round's bytes in round
// order. Segmentation never changes its answers (4.4), so each round is fed whole.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/connection.hpp"
#include "core/framer.hpp"
#include "harness/response_reader.hpp"
#include "core/store.hpp"

namespace wireproof::stateful {

// What the server must send for one round.
struct RoundExpectation {
  bool opens = false;                 // the connection was (re)opened: frames[0] is the greeting (3.1)
  std::vector<ResponseFrame> frames;  // the greeting when `opens`, then one response per answered request
  std::vector<std::string> requests;  // requests[i] is what answer i answers (frames[i + first_answer()])
  bool closes = false;                // the server then closes the connection (QUIT 8.6, too-large 4.3)

  std::size_t first_answer() const { return opens ? 1 : 0; }
};

class Oracle {
 public:
  // Answers `bytes` sent on `connection`, opening it first when it is not open.
  RoundExpectation answer(const std::string& connection, std::string_view bytes);
  bool is_open(const std::string& connection) const { return connections_.contains(connection); }
  // The client gave the connection up (it closed, or the run stopped trusting it).
  void forget(const std::string& connection) { connections_.erase(connection); }

 private:
  struct Peer {
    std::unique_ptr<gnp::Connection> core;
    gnp::Framer framer;  // cuts the same bytes into requests, to say which request each answer is for
  };
  gnp::Store store_;
  std::map<std::string, Peer> connections_;
};

}  // namespace wireproof::stateful
