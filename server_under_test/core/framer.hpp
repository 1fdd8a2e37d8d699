// Splits a byte stream into GNP/1 requests (PROTOCOL.md 4).
//
// A request is every byte up to and including the first "\r\n\r\n". The scan resumes where the
// previous read stopped, carrying how much of the terminator was already matched, so no byte is
// rescanned and the cost per byte is constant whatever the chunking. The 8192-byte limit applies
// to each request, never to what is buffered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "core/fault.hpp"

namespace gnp {

inline constexpr std::size_t kMaxRequestBytes = 8192;  // terminator included (4.2)
inline constexpr std::string_view kTerminator = "\r\n\r\n";

// One step of the matcher for "\r\n\r\n": on a mismatch the only useful fallback is a lone CR.
inline int terminator_step(int matched, char c) {
  if (c == kTerminator[static_cast<std::size_t>(matched)]) return matched + 1;
  return c == '\r' ? 1 : 0;
}

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
  // the carry buffer is finished, not unfinished, even before the next call releases it.
  std::size_t buffered() const { return release_carry_ ? 0 : carry_size_; }
  // Stream offset of the next byte to be consumed (also where too-large was detected).
  std::uint64_t offset() const { return offset_; }
  bool failed() const { return failed_; }

 private:
  static constexpr std::size_t kSmallRead = 16;

  Result next_small(std::string_view& input, std::string_view& frame);
  Result next_general(std::string_view& input, std::string_view& frame);
  void carry(const char* data, std::size_t size);

  std::size_t max_request_;
  std::unique_ptr<char[]> carry_;  // the unfinished request; max_request_ bytes once needed
  std::size_t carry_size_ = 0;
  bool release_carry_ = false;     // carry_ held the frame returned last time
  bool failed_ = false;
  int matched_ = 0;                // terminator bytes matched at the end of the carry
  std::uint64_t offset_ = 0;
};

// Scans `data` for the terminator, starting with `matched` of its bytes already seen just before
// `data`. Returns the index one past the terminator, or npos with `matched` updated to the
// terminator prefix that ends `data`. Exposed for tests and benchmarks.
std::size_t scan_for_terminator(const char* data, std::size_t size, int& matched);

// Tiny reads (the bytewise worst case of 4.4) go byte by byte into the carry: no search call, no
// bookkeeping beyond the matcher. Everything else takes the general path.
inline Framer::Result Framer::next(std::string_view& input, std::string_view& frame) {
  if (!kFaultInjection && input.size() <= kSmallRead && !input.empty() && !release_carry_ && !failed_ &&
      carry_ != nullptr && carry_size_ + input.size() < max_request_) {
    return next_small(input, frame);
  }
  return next_general(input, frame);
}

inline Framer::Result Framer::next_small(std::string_view& input, std::string_view& frame) {
  char* out = carry_.get() + carry_size_;
  int matched = matched_;
  for (std::size_t i = 0; i < input.size(); ++i) {
    const char c = input[i];
    out[i] = c;
    matched = terminator_step(matched, c);
    if (matched == 4) {
      carry_size_ += i + 1;
      offset_ += i + 1;
      input.remove_prefix(i + 1);
      matched_ = 0;
      release_carry_ = true;
      frame = std::string_view(carry_.get(), carry_size_);
      return Result::frame;
    }
  }
  matched_ = matched;
  carry_size_ += input.size();
  offset_ += input.size();
  input = {};
  return Result::need_more;
}

}  // namespace gnp
