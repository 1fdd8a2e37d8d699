#include "harness/response_reader.hpp"

#include <array>
#include <limits>

#include "harness/escape.hpp"

namespace wireproof {
namespace {

constexpr std::array<std::string_view, 12> kErrorCodes = {
    "bad-encoding",  "bad-request", "too-large",          "unknown-command",
    "bad-arguments", "not-found",   "auth-required",      "auth-unknown-cert",
    "auth-not-yet-valid", "auth-expired", "busy",         "timeout",
};

// The only error codes whose responses may echo Sequence (6.3); the others answer a request that
// was not understood, or no request at all.
constexpr std::array<std::string_view, 3> kCodesWithSequence = {"unknown-command", "bad-arguments",
                                                                "not-found"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view item) {
  for (std::string_view entry : list) {
    if (entry == item) return true;
  }
  return false;
}

// Index of the first byte of `text` that is not part of valid UTF-8 (RFC 3629), or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xbf;  // allowed range of the second byte
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead == 0xe0) low = 0xa0;   // overlong
      if (lead == 0xed) high = 0x9f;  // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead == 0xf0) low = 0x90;   // overlong
      if (lead == 0xf4) high = 0x8f;  // above U+10FFFF
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto byte = static_cast<unsigned char>(text[i + k]);
      const unsigned char min = k == 1 ? low : 0x80;
      const unsigned char max = k == 1 ? high : 0xbf;
      if (byte < min || byte > max) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

// Canonical decimal (no sign, no leading zeros) that fits `limit`; nullopt otherwise.
std::optional<std::uint64_t> parse_canonical_decimal(std::string_view text, std::uint64_t limit) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (limit - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

// A short, printable quotation of wire text for error messages.
std::string quote(std::string_view text) {
  constexpr std::size_t kShown = 40;
  std::string shown = escape_bytes(text.substr(0, kShown));
  if (text.size() > kShown) shown += "...";
  return "'" + shown + "'";
}

int header_rank(std::string_view name) {
  if (name == "Sequence") return 0;
  if (name == "Size") return 1;
  if (name == "Message") return 2;
  return -1;
}

}  // namespace

std::string byte_count_text(std::size_t bytes) {
  constexpr std::size_t kKiB = 1024, kMiB = 1024 * kKiB, kGiB = 1024 * kMiB;
  if (bytes >= kGiB && bytes % kGiB == 0) return std::to_string(bytes / kGiB) + " GiB";
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

void ResponseReader::feed(std::string_view bytes) {
  if (failed_) return;
  buf_.append(bytes);
}

std::optional<ResponseFrame> ResponseReader::take_lenient_greeting() {
  const std::string& greeting = *conventions_.greeting;
  const std::string_view have(buf_);
  if (have.size() < greeting.size() && std::string_view(greeting).starts_with(have)) return std::nullopt;  // more may come
  greeting_settled_ = true;
  if (!have.starts_with(greeting)) return std::nullopt;  // not this greeting: read strictly
  ResponseFrame frame;
  frame.ok = true;
  frame.raw = greeting;
  frame_start_ = greeting.size();
  start_frame();
  return frame;
}

std::optional<ResponseFrame> ResponseReader::next() {
  if (failed_) return std::nullopt;
  if (conventions_.greeting && !greeting_settled_ && buf_offset_ == 0 && frame_start_ == 0 && !head_done_) {
    if (std::optional<ResponseFrame> greeting = take_lenient_greeting()) return greeting;
    if (!greeting_settled_) return std::nullopt;
  }
  if (!head_done_ && !scan_head()) return std::nullopt;
  const std::size_t body_size = frame_.size.value_or(0);
  if (buf_.size() - body_start_ < body_size) return std::nullopt;

  ResponseFrame frame = std::move(frame_);
  frame.body = buf_.substr(body_start_, body_size);
  frame.raw = buf_.substr(frame_start_, body_start_ + body_size - frame_start_);
  frame_start_ = body_start_ + body_size;
  start_frame();
  return frame;
}

void ResponseReader::start_frame() {
  // Drop consumed bytes once they dominate the buffer, so long streams stay cheap.
  if (frame_start_ > 4096 && frame_start_ * 2 > buf_.size()) {
    buf_.erase(0, frame_start_);
    buf_offset_ += frame_start_;
    frame_start_ = 0;
  }
  line_start_ = scan_ = frame_start_;
  lines_ = 0;
  last_header_rank_ = -1;
  head_done_ = false;
  body_start_ = 0;
  frame_ = ResponseFrame{};
}

bool ResponseReader::scan_head() {
  while (scan_ < buf_.size()) {
    // Checked per byte, not per feed(), so the verdict does not depend on chunking.
    if (scan_ - frame_start_ >= conventions_.max_response_bytes) {
      return fail(buf_offset_ + scan_, "no end of a frame's head in the " +
                                           byte_count_text(conventions_.max_response_bytes) +
                                           " wireproof reads in one case " + std::string(kResponseLimitHint) +
                                           "; a head ends with an empty line (6.2)");
    }
    const char c = buf_[scan_];
    if (c == '\n' && conventions_.bare_lf_line_ends) {
      const std::size_t line_end = scan_++;
      if (!take_line(line_start_, line_end)) return false;
      line_start_ = scan_;
      if (head_done_) return true;
      continue;
    }
    if (c == '\n') return fail(buf_offset_ + scan_, "bare LF in response head (6.2)");
    if (c != '\r') {
      ++scan_;
      continue;
    }
    if (scan_ + 1 == buf_.size()) break;  // the LF may still come
    if (buf_[scan_ + 1] != '\n') return fail(buf_offset_ + scan_, "bare CR in response head (6.2)");
    const std::size_t line_end = scan_;
    scan_ += 2;
    if (!take_line(line_start_, line_end)) return false;
    line_start_ = scan_;
    if (head_done_) return true;
  }
  return false;
}

bool ResponseReader::take_line(std::size_t begin, std::size_t end) {
  const std::string_view line(buf_.data() + begin, end - begin);
  const std::uint64_t at = buf_offset_ + begin;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    if (byte < 0x20 || byte == 0x7f) {
      return fail(at + i, "control byte " + quote(line.substr(i, 1)) + " in response head (6.2)");
    }
  }
  if (const std::size_t bad = first_invalid_utf8(line); bad != std::string_view::npos) {
    return fail(at + bad, "invalid UTF-8 in response head (2.3)");
  }
  const std::size_t index = lines_++;
  if (index == 0) return take_status_line(line, at);
  if (line.empty()) return finish_head(at);
  return take_header_line(line, at);
}

bool ResponseReader::take_status_line(std::string_view line, std::uint64_t at) {
  if (line == "OK") {
    frame_.ok = true;
    return true;
  }
  constexpr std::string_view kErrPrefix = "ERR ";
  if (line.substr(0, kErrPrefix.size()) == kErrPrefix) {
    const std::string_view code = line.substr(kErrPrefix.size());
    if (!contains(kErrorCodes, code)) return fail(at + 4, "unknown error code " + quote(code) + " (7.1)");
    frame_.ok = false;
    frame_.code = std::string(code);
    return true;
  }
  if (line.empty()) return fail(at, "empty status line (6.2)");
  return fail(at, "status line " + quote(line) + " is neither 'OK' nor 'ERR <code>' (6.2)");
}

bool ResponseReader::take_header_line(std::string_view line, std::uint64_t at) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon + 1 == line.size() || line[colon + 1] != ' ') {
    return fail(at, "header line " + quote(line) + " is not 'Name: value' (6.2)");
  }
  const std::string_view name = line.substr(0, colon);
  const std::string_view value = line.substr(colon + 2);
  const int rank = header_rank(name);
  if (rank < 0) {
    return fail(at, "unknown header " + quote(name) + " (6.2: only Sequence, Size, Message)");
  }
  if (rank == last_header_rank_) return fail(at, "repeated header " + quote(name) + " (6.2)");
  if (rank < last_header_rank_) {
    const std::string_view previous = frame_.headers.back().first;
    return fail(at, "header " + quote(previous) + " before " + quote(name) + " (6.2)");
  }
  last_header_rank_ = rank;

  if (name == "Sequence") {
    if (!frame_.ok && !contains(kCodesWithSequence, frame_.code)) {
      return fail(at, "Sequence on ERR " + frame_.code + " (6.3)");
    }
    const auto sequence =
        parse_canonical_decimal(value, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    if (!sequence) {
      return fail(at, "Sequence value " + quote(value) + " is not canonical decimal 0..2^63-1 (6.3)");
    }
    frame_.sequence = *sequence;
  } else if (name == "Size") {
    if (!frame_.ok) return fail(at, "Size on an ERR response (6.4)");
    const auto size = parse_canonical_decimal(value, std::numeric_limits<std::uint64_t>::max());
    if (!size) return fail(at, "Size value " + quote(value) + " is not canonical decimal (6.4)");
    if (*size == 0) return fail(at, "Size 0: Size is present only when the body is non-empty (6.4)");
    if (*size > conventions_.max_response_bytes) {
      return fail(at, "Size " + std::string(value) + " is more than the " +
                          byte_count_text(conventions_.max_response_bytes) + " wireproof reads in one case " +
                          std::string(kResponseLimitHint) + "; no legal body exceeds 8183 bytes (6.4)");
    }
    frame_.size = static_cast<std::size_t>(*size);
  } else {
    if (frame_.ok) return fail(at, "Message on an OK response (6.5)");
    if (value.empty()) return fail(at, "empty Message (6.5)");
    frame_.message = std::string(value);
  }
  frame_.headers.emplace_back(std::string(name), std::string(value));
  return true;
}

bool ResponseReader::finish_head(std::uint64_t at) {
  if (!frame_.ok && !frame_.message) return fail(at, "ERR " + frame_.code + " without Message (6.5)");
  head_done_ = true;
  body_start_ = scan_;
  return true;
}

bool ResponseReader::fail(std::uint64_t at, const std::string& what) {
  failed_ = true;
  error_ = "byte " + std::to_string(at) + ": " + what;
  return false;
}

}  // namespace wireproof
