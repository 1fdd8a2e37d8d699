#include "request_parser.hpp"

#include <algorithm>

#include "fault.hpp"
#include "framer.hpp"
#include "utf8.hpp"

namespace gnp {

namespace {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

inline bool names_equal(std::string_view a, std::string_view b) {
  if (GNP_FAULT(case_sensitive_header_names)) return a == b;
  return header_name_equals(a, b);
}

ParseError bad_request(std::string_view message, std::size_t offset) {
  return {ErrorCode::bad_request, message, offset};
}

std::string_view trim_sp_ht(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits the command line into tokens separated by exactly one SP (5.3).
std::optional<ParseError> parse_command_line(std::string_view line, std::size_t base, Request& out) {
  if (line.empty()) return bad_request("empty command line", base);
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\t') return bad_request("HT in command line", base + i);
  }
  if (line.front() == ' ') return bad_request("leading space in command line", base);
  if (line.back() == ' ') return bad_request("trailing space in command line", base + line.size() - 1);
  std::size_t start = 0;
  while (true) {
    const std::size_t sp = line.find(' ', start);
    const std::string_view token = line.substr(start, sp == std::string_view::npos ? sp : sp - start);
    if (token.empty()) {
      if (!GNP_FAULT(accept_double_space)) return bad_request("doubled space in command line", base + start);
    } else if (out.command.empty()) {
      out.command = token;
    } else {
      out.args.push_back(token);
    }
    if (sp == std::string_view::npos) break;
    start = sp + 1;
  }
  return std::nullopt;
}

std::optional<ParseError> parse_header_line(std::string_view line, std::size_t base, Request& out) {
  std::size_t i = 0;
  while (i < line.size() && is_name_char(line[i])) ++i;
  if (i == line.size()) return bad_request("header line without ':'", base);
  if (line[i] != ':') return bad_request("bad character in header name", base + i);
  if (i == 0) return bad_request("empty header name", base);
  out.headers.push_back({line.substr(0, i), trim_sp_ht(line.substr(i + 1))});
  return std::nullopt;
}

bool less_case_insensitive(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return ascii_lower(x) < ascii_lower(y); });
}

bool has_duplicate_header(const std::vector<Header>& headers) {
  if (headers.size() <= 16) {
    for (std::size_t i = 0; i < headers.size(); ++i) {
      for (std::size_t j = i + 1; j < headers.size(); ++j) {
        if (names_equal(headers[i].name, headers[j].name)) return true;
      }
    }
    return false;
  }
  // Many headers: sort names so the check stays O(n log n) on a hostile 8 KiB request.
  std::vector<std::string_view> names;
  names.reserve(headers.size());
  for (const Header& h : headers) names.push_back(h.name);
  if (GNP_FAULT(case_sensitive_header_names)) {
    std::sort(names.begin(), names.end());
  } else {
    std::sort(names.begin(), names.end(), less_case_insensitive);
  }
  for (std::size_t i = 1; i < names.size(); ++i) {
    if (names_equal(names[i - 1], names[i])) return true;
  }
  return false;
}

std::optional<std::uint64_t> parse_sequence(std::string_view value) {
  if (value.empty()) return std::nullopt;
  const std::uint64_t max = GNP_FAULT(accept_sequence_overflow) ? ~0ULL : kMaxSequence;
  std::uint64_t n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (n > (max - digit) / 10) {
      if (!GNP_FAULT(accept_sequence_overflow)) return std::nullopt;
    }
    n = n * 10 + digit;
  }
  return n;
}

}  // namespace

std::optional<ParseError> parse_request(std::string_view frame, Request& out) {
  out.clear();
  std::string_view text = frame;
  if (text.size() >= kTerminator.size() && text.substr(text.size() - kTerminator.size()) == kTerminator) {
    text.remove_suffix(kTerminator.size());
  }

  // 5.1 encoding, over the whole request before anything else.
  if (const std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    return ParseError{ErrorCode::bad_encoding, "invalid UTF-8", bad};
  }

  // 5.2 control characters and line breaks; 5.3/5.4 line by line.
  std::size_t line_start = 0;
  bool first_line = true;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i <= n; ++i) {
    std::size_t line_end = i;
    std::size_t next_start = 0;
    if (i == n) {
      next_start = n + 1;
    } else {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c != 0x7F) continue;
      if (c == '\t') continue;
      if (c == '\r') {
        if (i + 1 >= n || text[i + 1] != '\n') return bad_request("bare CR", i);
        next_start = i + 2;
      } else if (c == '\n') {
        if (!GNP_FAULT(accept_bare_lf)) return bad_request("bare LF", i);
        next_start = i + 1;
      } else if (c == 0) {
        return bad_request("NUL byte", i);
      } else {
        return bad_request("control character", i);
      }
    }
    const std::string_view line = text.substr(line_start, line_end - line_start);
    std::optional<ParseError> error = first_line ? parse_command_line(line, line_start, out)
                                                 : parse_header_line(line, line_start, out);
    if (error) return error;
    first_line = false;
    line_start = next_start;
    i = next_start - 1;  // the loop's ++i lands on next_start
  }

  if (!GNP_FAULT(accept_duplicate_header) && has_duplicate_header(out.headers)) {
    return bad_request("repeated header", 0);
  }
  for (const Header& h : out.headers) {
    if (names_equal(h.name, "Sequence")) {
      out.sequence = parse_sequence(h.value);
      if (!out.sequence) return bad_request("Sequence is not a decimal integer in 0..2^63-1", 0);
    }
  }
  return std::nullopt;
}

}  // namespace gnp
