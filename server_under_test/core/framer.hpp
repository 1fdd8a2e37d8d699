// Splits a byte stream into GNP/1 requests (PROTOCOL.md 4).
//
// A request is every byte up to and including the first "\r\n\r\n". Each byte is examined once
// on its way through: the scan resumes where the previous read stopped, carrying how much of the
// terminator was already matched, so feeding a stream in 1-byte chunks costs the same per byte as
// feeding it whole. The 8192-byte limit applies to each request, never to what is buffered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gnp {

inline constexpr std::size_t kMaxRequestBytes = 8192;  // terminator included (4.2)
inline constexpr std::string_view kTerminator = "\r\n\r\n";

class Framer {
 public:
  enum class Result {
    frame,      // `frame` holds one complete request, terminator included
    need_more,  // all of `input` was consumed into the partial request
    too_large,  // 8192 bytes without a terminator; the framer stays in this state (4.3)
  };

  explicit Framer(std::size_t max_request = kMaxRequestBytes) : max_request_(max_request) {}

  // Takes bytes from the front of `input`, advancing it past what was consumed. On `frame`,
  // `frame` views the request; the view is valid until the next call or until the bytes behind
  // `input` go away. Bytes after the request stay in `input` for the next call.
  Result next(std::string_view& input, std::string_view& frame);

  // Bytes of the current unfinished request held from earlier calls. A frame just returned from
  // the internal buffer is finished, not unfinished, even before the next call releases it.
  std::size_t buffered() const { return release_partial_ ? 0 : partial_.size(); }
  // Stream offset of the next byte to be consumed (also where too-large was detected).
  std::uint64_t offset() const { return offset_; }
  bool failed() const { return failed_; }

 private:
  std::size_t max_request_;
  std::string partial_;
  bool release_partial_ = false;  // partial_ held the frame returned last time
  bool failed_ = false;
  int matched_ = 0;               // terminator bytes matched at the end of partial_
  std::uint64_t offset_ = 0;
};

// Scans `data` for the terminator, starting with `matched` of its bytes already seen just before
// `data`. Returns the index one past the terminator, or npos with `matched` updated to the
// terminator prefix that ends `data`. Exposed for tests and benchmarks.
std::size_t scan_for_terminator(const char* data, std::size_t size, int& matched);

}  // namespace gnp
