// Incremental, strict reader of GNP/1 response frames (PROTOCOL.md 6.2-6.5), sans-IO.
//
// Feed bytes in any chunking; next() returns each complete frame in order. Any deviation from
// 6.2-6.5 (or a head that is not UTF-8 text, 2.3) stops the reader: failed() turns true and
// error() names the stream byte offset, what is wrong and the section, e.g.
// "byte 17: header 'Size' before 'Sequence' (6.2)". The error does not depend on how the bytes
// were chunked. The reader knows the protocol only from PROTOCOL.md, not from the server's code,
// so it can judge that code.
//
// Lenient reading (certify without --strict, docs/SCENARIOS.md): conventions a server was seen to
// follow instead of 6.2/6.6 can be accepted in their place, so that later deviations still show.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wireproof {

struct ResponseFrame {
  bool ok = false;
  std::string code;  // "" for OK, e.g. "not-found" for ERR
  std::vector<std::pair<std::string, std::string>> headers;  // in wire order
  std::optional<std::uint64_t> sequence;
  std::optional<std::size_t> size;
  std::optional<std::string> message;
  std::string body;
  std::string raw;  // exact bytes of the frame
};

// The most bytes of a server's output the harness reads in one case, over all its connections
// (--max-response-bytes; Client's ReadBudget).
// Far above any legal exchange: no GNP/1 body exceeds 8183 bytes (a request is at most 8192, 4.2/1;
// ECHO and GET answer with bytes of a request, 8.2/2, 8.4/2) and the suite's largest case reads
// 6.4 MB; far below what would strain memory, whatever a hostile server sends.
inline constexpr std::size_t kDefaultMaxResponseBytes = 16 * 1024 * 1024;

// "16 MiB", "1000 bytes": a byte count as the messages about the limit say it.
std::string byte_count_text(std::size_t bytes);
// What every message about the limit ends with, so a user finds the option.
inline constexpr std::string_view kResponseLimitHint = "(limit: --max-response-bytes)";

// How a server's responses are read: frame-level conventions accepted instead of PROTOCOL.md's
// (the default is strict), and the most bytes read in one case.
struct ReadingConventions {
  // The exact bytes this server greets with instead of `OK\r\n\r\n` (3.1, 6.6): at the start of the
  // stream they are returned as an OK frame without headers (raw = these bytes).
  std::optional<std::string> greeting;
  bool bare_lf_line_ends = false;  // a head's lines may end with LF alone (6.2 says CRLF)
  // The Client stops reading after this many bytes (ReadBudget); the reader refuses a frame that
  // cannot fit in it (a head without its end, or a Size beyond it) as soon as that shows.
  std::size_t max_response_bytes = kDefaultMaxResponseBytes;
  bool strict() const { return !greeting && !bare_lf_line_ends; }
  friend bool operator==(const ReadingConventions&, const ReadingConventions&) = default;
};

class ResponseReader {
 public:
  // Set before the first next(); strict by default.
  void set_conventions(ReadingConventions conventions) { conventions_ = std::move(conventions); }
  const ReadingConventions& conventions() const { return conventions_; }

  void feed(std::string_view bytes);
  // The next complete frame, or nullopt when more bytes are needed or the reader has failed.
  std::optional<ResponseFrame> next();

  bool failed() const { return failed_; }
  const std::string& error() const { return error_; }
  // Bytes fed but not yet returned as part of a frame (non-zero at EOF = a truncated frame).
  std::size_t buffered() const { return buf_.size() - frame_start_; }
  // Stream offset of the first byte not yet returned as part of a frame.
  std::uint64_t stream_offset() const { return buf_offset_ + frame_start_; }

 private:
  std::optional<ResponseFrame> take_lenient_greeting();
  bool scan_head();  // true once the frame's head is complete and valid
  bool take_line(std::size_t begin, std::size_t end);
  bool take_status_line(std::string_view line, std::uint64_t at);
  bool take_header_line(std::string_view line, std::uint64_t at);
  bool finish_head(std::uint64_t at);
  bool fail(std::uint64_t at, const std::string& what);
  void start_frame();

  std::string buf_;
  std::uint64_t buf_offset_ = 0;  // stream offset of buf_[0]
  std::size_t frame_start_ = 0;   // index in buf_ of the frame being read

  // State of the frame being read; indices are into buf_.
  std::size_t line_start_ = 0;
  std::size_t scan_ = 0;
  std::size_t lines_ = 0;
  int last_header_rank_ = -1;
  bool head_done_ = false;
  std::size_t body_start_ = 0;
  ResponseFrame frame_;

  bool failed_ = false;
  std::string error_;
  ReadingConventions conventions_;
  bool greeting_settled_ = false;  // the lenient greeting was taken, or the stream did not start with it
};

}  // namespace wireproof
