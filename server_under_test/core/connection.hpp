// The sans-IO GNP/1 connection: bytes in (any chunking), response bytes out, and a close
// decision. No sockets and no clocks: the caller passes the time in and moves the bytes.
//
// The caller's loop: after the connection is made, write output(); for each read, call
// receive() (it may take only a prefix while output is over its limit: offer the rest again once
// output has drained), write output(), consume_output(). Call tick() at next_deadline(). Once
// closing() and all output is written, close the transport.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/dispatch.hpp"
#include "core/error_code.hpp"
#include "core/framer.hpp"
#include "core/request.hpp"
#include "core/store.hpp"

namespace gnp {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

struct ConnectionConfig {
  std::chrono::milliseconds idle_timeout{30'000};     // 10.1
  std::chrono::milliseconds request_timeout{10'000};  // 10.2
  // Input is not taken while this much output waits to be written (10.4). Output is bounded by
  // this plus one response (at most a GET body of one request's size plus headers).
  std::size_t output_limit = 64 * 1024;
  bool send_greeting = true;  // false when the shell has already spoken (e.g. an auth error)
};

class Connection {
 public:
  Connection(Store& store, const ConnectionConfig& config, TimePoint now);

  // Processes bytes from the front of `bytes`; returns how many were taken. Takes everything
  // unless output is over its limit; once closing, takes (and discards) everything.
  std::size_t receive(std::string_view bytes, TimePoint now);
  // The peer will send nothing more: an unfinished request is dropped (4.6), then close.
  void receive_eof();
  // Applies the idle and request timeouts (10.1, 10.2).
  void tick(TimePoint now);
  // When tick() next has something to do; TimePoint::max() when nothing is pending.
  TimePoint next_deadline() const;

  std::string_view output() const { return std::string_view(out_).substr(out_pos_); }
  void consume_output(std::size_t n);
  bool closing() const { return closing_; }
  // Closing and every byte of output written: the transport may close now.
  bool finished() const { return closing_ && output().empty(); }

  std::uint64_t requests_answered() const { return answered_; }

 private:
  void handle_frame(std::string_view frame);
  void close_with(ErrorCode code, std::string_view message);

  ConnectionConfig config_;
  Framer framer_;
  Dispatcher dispatcher_;
  Request request_;
  std::string out_;
  std::size_t out_pos_ = 0;
  bool closing_ = false;
  TimePoint last_byte_;
  TimePoint request_started_;
  std::uint64_t answered_ = 0;
  int frames_this_receive_ = 0;
};

}  // namespace gnp
