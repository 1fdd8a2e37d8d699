// parser_fuzzer: gnp::parse_request against a second, deliberately simple reading of
// PROTOCOL.md 5 written here, plus a serialise/re-parse round trip.
//
// Input: the request bytes; the frame is everything up to the first "\r\n\r\n" (one is appended
// when the input has none), exactly what the framer would hand over (4.1).
// Checked:
//   - UTF-8 (5.1): the verdict and the offset of the first bad byte equal those of a decoder that
//     computes each code point arithmetically and then range-checks it;
//   - acceptance and error code (5.2-5.6) equal those of a simple split-and-check reading;
//   - an accepted request serialises (gnp::serialize_request) and re-parses to the same command,
//     arguments, headers and Sequence.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>
#include <string>
#include <string_view>

#include "core/framer.hpp"
#include "fuzz_check.hpp"
#include "core/request.hpp"
#include "core/request_parser.hpp"
#include "core/utf8.hpp"

namespace {

constexpr std::size_t npos = std::string_view::npos;

// RFC 3629 by arithmetic: read the length from the lead byte, accumulate 6 bits per continuation
// byte, then reject overlongs, surrogates and values above U+10FFFF. Returns the index of the
// first byte that does not start a well-formed sequence, or npos.
std::size_t simple_first_invalid_utf8(std::string_view text) {
  static constexpr std::uint32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};  // by length
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    if (lead < 0x80) {
      ++i;
      continue;
    } else if (lead >= 0xC0 && lead < 0xE0) {
      length = 2, code_point = lead - 0xC0u;
    } else if (lead >= 0xE0 && lead < 0xF0) {
      length = 3, code_point = lead - 0xE0u;
    } else if (lead >= 0xF0 && lead < 0xF8) {
      length = 4, code_point = lead - 0xF0u;
    } else {
      return i;  // a continuation byte or 0xF8..0xFF where a sequence must start
    }
    if (text.size() - i < length) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if (next < 0x80 || next >= 0xC0) return i;
      code_point = code_point * 64 + (next - 0x80u);
    }
    if (code_point < kSmallest[length]) return i;                    // overlong
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return i;      // surrogate
    if (code_point > 0x10FFFF) return i;                             // beyond Unicode
    i += length;
  }
  return npos;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  auto low = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return low(x) == low(y); });
}

bool less_ignoring_case(std::string_view a, std::string_view b) {
  auto low = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [&](char x, char y) { return low(x) < low(y); });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_decimal_in_range(std::string_view value) {  // 5.5, compared as digit strings
  if (value.empty() || value.find_first_not_of("0123456789") != npos) return false;
  while (value.size() > 1 && value.front() == '0') value.remove_prefix(1);
  constexpr std::string_view kMax = "9223372036854775807";
  return value.size() < kMax.size() || (value.size() == kMax.size() && value <= kMax);
}

// PROTOCOL.md 5.1-5.6 read as plainly as possible: which error, if any, the text deserves.
std::optional<gnp::ErrorCode> simple_verdict(std::string_view text) {
  if (simple_first_invalid_utf8(text) != npos) return gnp::ErrorCode::bad_encoding;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t' && c != '\r' && c != '\n') || byte == 0x7F) {
      return gnp::ErrorCode::bad_request;
    }
  }
  std::vector<std::string_view> names;
  std::size_t start = 0;
  for (std::size_t line_number = 0;; ++line_number) {
    const std::size_t crlf = text.find("\r\n", start);
    const std::string_view line = text.substr(start, crlf == npos ? npos : crlf - start);
    if (line.find_first_of("\r\n") != npos) return gnp::ErrorCode::bad_request;  // bare CR/LF
    if (line_number == 0) {
      if (line.empty() || line.front() == ' ' || line.back() == ' ' ||
          line.find("  ") != npos || line.find('\t') != npos) {
        return gnp::ErrorCode::bad_request;
      }
    } else {
      const std::size_t colon = line.find(':');
      if (colon == npos || colon == 0) return gnp::ErrorCode::bad_request;
      const std::string_view name = line.substr(0, colon);
      if (name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != npos) {
        return gnp::ErrorCode::bad_request;
      }
      names.push_back(name);
      if (equal_ignoring_case(name, "sequence") && !is_decimal_in_range(trim(line.substr(colon + 1)))) {
        return gnp::ErrorCode::bad_request;
      }
    }
    if (crlf == npos) break;
    start = crlf + 2;
  }
  std::sort(names.begin(), names.end(), less_ignoring_case);
  for (std::size_t i = 1; i < names.size(); ++i) {
    if (equal_ignoring_case(names[i - 1], names[i])) return gnp::ErrorCode::bad_request;  // repeated
  }
  return std::nullopt;
}

std::string describe(const gnp::Request& r) {
  std::string out = "command '" + std::string(r.command) + "', " + std::to_string(r.args.size()) + " args, " +
                    std::to_string(r.headers.size()) + " headers";
  if (r.sequence) out += ", Sequence " + std::to_string(*r.sequence);
  return out;
}

bool same_request(const gnp::Request& a, const gnp::Request& b) {
  if (a.command != b.command || a.args != b.args || a.sequence != b.sequence) return false;
  if (a.headers.size() != b.headers.size()) return false;
  for (std::size_t i = 0; i < a.headers.size(); ++i) {
    if (a.headers[i].name != b.headers[i].name || a.headers[i].value != b.headers[i].value) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The frame is a view into the input when it holds a terminator; else a copy with one added.
  std::string_view frame(reinterpret_cast<const char*>(data), size);
  std::string owned;
  if (const std::size_t at = frame.find(gnp::kTerminator); at != npos) {
    frame = frame.substr(0, at + gnp::kTerminator.size());
  } else {
    owned.reserve(size + gnp::kTerminator.size());
    owned.append(frame).append(gnp::kTerminator);
    frame = owned;
  }
  const std::string_view text = frame.substr(0, frame.size() - gnp::kTerminator.size());

  const std::size_t simple_bad = simple_first_invalid_utf8(text);
  FUZZ_CHECK(gnp::first_invalid_utf8(text) == simple_bad,
             "first_invalid_utf8 " + std::to_string(gnp::first_invalid_utf8(text)) + ", simple decoder " +
                 std::to_string(simple_bad) + " (npos = valid)");
  FUZZ_CHECK(gnp::is_valid_utf8(text) == (simple_bad == npos), "is_valid_utf8 disagrees with the simple decoder");

  gnp::Request request;
  const std::optional<gnp::ParseError> error = gnp::parse_request(frame, request);
  const std::optional<gnp::ErrorCode> expected = simple_verdict(text);
  const std::string got = error ? std::string(gnp::error_code_name(error->code)) + " (" +
                                      std::string(error->message) + ")"
                                : "accepted, " + describe(request);
  FUZZ_CHECK(error.has_value() == expected.has_value() && (!error || error->code == *expected),
             "parse_request: " + got + "; simple reading: " +
                 (expected ? std::string(gnp::error_code_name(*expected)) : std::string("accept")));
  if (error) {
    FUZZ_CHECK(error->offset <= text.size(), "error offset beyond the request: " + std::to_string(error->offset));
    if (error->code == gnp::ErrorCode::bad_encoding) {
      FUZZ_CHECK(error->offset == simple_bad, "bad-encoding at " + std::to_string(error->offset) +
                                                  ", first bad byte is " + std::to_string(simple_bad));
    }
    return 0;
  }

  const std::string again = gnp::serialize_request(request);
  gnp::Request reparsed;
  const std::optional<gnp::ParseError> reparse_error = gnp::parse_request(again, reparsed);
  FUZZ_CHECK(!reparse_error, "serialised request rejected: " +
                                 (reparse_error ? std::string(reparse_error->message) : std::string()));
  FUZZ_CHECK(same_request(request, reparsed),
             "round trip changed the request: " + describe(request) + " -> " + describe(reparsed));
  return 0;
}
