// One black-box execution on the wire: connect, send the stream cut into pieces, half-close,
// read until the server closes or the deadline passes.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harness/address.hpp"
#include "harness/response_reader.hpp"
#include "harness/segmentation.hpp"
#include "harness/tls_client_context.hpp"
#include "blackbox/verdict.hpp"

namespace wireproof::blackbox {

struct Timing {
  std::chrono::milliseconds connect{2000};
  std::chrono::milliseconds deadline{2000};  // for everything after the connect: then it is a hang
  std::chrono::microseconds pause{2000};     // between pieces, so each is its own read (4.4)
  // Pauses of one exchange add up to at most this: many pieces get shorter pauses.
  std::chrono::microseconds pause_budget{500'000};
  // How the server's answers are read (certify's preflight: a deviating greeting accepted in its
  // place, so a fuzzer explores past it); default strict.
  ReadingConventions reading;
};

// A pause shorter than this costs more in wake-ups than it buys: the pieces go back to back.
inline constexpr std::chrono::microseconds kShortestPause{20};

// What is sent: the stream and how it is cut (a strategy, or explicit cut points).
struct TestCase {
  std::string stream;
  Strategy strategy = Strategy::whole;
  std::uint64_t seed = 0;                   // for Strategy::random
  std::vector<std::size_t> explicit_cuts;   // used instead of the strategy when non-empty
};

std::vector<std::size_t> cuts_of(const TestCase& test);
std::string segmentation_name(const TestCase& test);  // e.g. "split-terminator", "random(seed 7)"

// Reads at most timing.reading.max_response_bytes (Observation::over_limit says when it stopped
// there). Throws ClientError when the connection cannot be made. With `tls` the stream goes inside TLS
// (each piece its own record, 9.6) and the half-close is the client's close_notify (4.6).
Observation exchange(const Address& address, const std::optional<TlsClientContext>& tls, const TestCase& test,
                     const Timing& timing);

}  // namespace wireproof::blackbox
