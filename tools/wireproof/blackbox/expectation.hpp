// What a conforming server must send for a request stream: computed by the reference core
// (gnp::Connection) fed the same bytes, followed by the client's half-close (4.6).
//
// The expectation is exact when the store the core is given holds what the server's store holds
// (a fresh server, or a model kept in step with it) and one connection runs at a time.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/response_reader.hpp"
#include "core/store.hpp"

namespace wireproof::blackbox {

enum class CloseCause {
  end_of_stream,  // the client's half-close: answer every complete request, then close (4.6)
  quit,           // QUIT was answered (8.6)
  too_large,      // ERR too-large was sent (4.3)
};

struct Expectation {
  std::string bytes;                   // greeting, then every response, exactly
  std::vector<ResponseFrame> frames;   // `bytes` as frames; frames[0] is the greeting
  // requests[i] is what frames[i + 1] answers: a framed request, or for too-large the first 8192
  // bytes of the request that never ended.
  std::vector<std::string> requests;
  CloseCause close_cause = CloseCause::end_of_stream;
  std::size_t unfinished_bytes = 0;    // bytes of a request cut off by the half-close (no answer)
};

// Runs the reference core on `stream` with `store` (which it updates, as the server would).
Expectation expect_reference(std::string_view stream, gnp::Store& store);

std::string_view close_cause_name(CloseCause cause);

}  // namespace wireproof::blackbox
