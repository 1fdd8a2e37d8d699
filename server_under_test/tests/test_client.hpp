// Drives a gnp::Connection the way a shell would, with time passed in by the test.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/connection.hpp"
#include "response_summary.hpp"

namespace gnp_test {

using Lines = std::vector<std::string>;
using std::chrono::milliseconds;
using std::chrono::seconds;

inline const gnp::TimePoint kStart{};  // every test's time 0

inline gnp::ConnectionConfig quiet_config() {
  gnp::ConnectionConfig config;
  config.send_greeting = false;  // most tests are about what follows the greeting
  return config;
}

class TestClient {
 public:
  explicit TestClient(gnp::Store& store, const gnp::ConnectionConfig& config = quiet_config())
      : connection(store, config, kStart) {}

  // Delivers `bytes` in one read at `now`, expects all of them taken, and returns the response
  // summaries written since the last call.
  Lines send(std::string_view bytes, gnp::TimePoint now = kStart) {
    const std::size_t taken = connection.receive(bytes, now);
    EXPECT_EQ(taken, bytes.size()) << "receive() left input although output was drained";
    return drain();
  }

  // Summaries of the output written since the last drain, which is then consumed.
  Lines drain() {
    const std::string out(connection.output());
    connection.consume_output(out.size());
    return summarize(out);
  }

  gnp::Connection connection;
};

inline std::string framed(std::string_view request) { return std::string(request) + "\r\n\r\n"; }

}  // namespace gnp_test
