#include "core/request_parser.hpp"

#include <algorithm>

#include "core/fault.hpp"
#include "core/framer.hpp"
#include "core/utf8.hpp"

namespace gnp {

namespace {

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline bool is_name_char(char c) {
  if (GNP_FAULT(accept_bad_header_name_char)) return c != ':' && c != ' ' && c != '\t';
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

inline bool names_equal(std::string_view a, std::string_view b) {
  if (GNP_FAULT(case_sensitive_header_names)) return a == b;
  return header_name_equals(a, b);
}

// command-before-headers: the names of section 8, as a server that dispatches early knows them.
bool is_command_name(std::string_view name) {
  for (std::string_view known : {"PING", "ECHO", "SET", "GET", "DEL", "QUIT"}) {
    if (name == known) return true;
  }
  return false;
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
  if (GNP_FAULT(trim_command_line)) {
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
  }
  if (line.empty()) return bad_request("empty command line", base);
  for (std::size_t i = 0; i < line.size() && !GNP_FAULT(accept_ht_in_command_line); ++i) {
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
  if (GNP_FAULT(ignore_line_without_colon) && line.find(':') == std::string_view::npos) return std::nullopt;
  std::size_t i = 0;
  while (i < line.size() && is_name_char(line[i])) ++i;
  const std::size_t name_end = i;
  if (GNP_FAULT(accept_space_before_colon)) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  }
  if (i == line.size()) return bad_request("header line without ':'", base);
  if (line[i] != ':') return bad_request("bad character in header name", base + i);
  if (i == 0 && !GNP_FAULT(accept_empty_header_name)) return bad_request("empty header name", base);
  const std::string_view value = trim_sp_ht(line.substr(i + 1));
  if (GNP_FAULT(reject_colon_in_header_value) && value.find(':') != std::string_view::npos) {
    return bad_request("bad header value", base + i + 1);
  }
  out.headers.push_back({line.substr(0, name_end), value});
  return std::nullopt;
}

bool less_case_insensitive(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return ascii_lower(x) < ascii_lower(y); });
}

bool has_duplicate_header(const std::vector<Header>& headers) {
  if (GNP_FAULT(repeated_check_only_sequence)) {
    return std::count_if(headers.begin(), headers.end(),
                         [](const Header& h) { return names_equal(h.name, "Sequence"); }) > 1;
  }
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
  if (GNP_FAULT(accept_sequence_sign) && value.size() > 1 && value.front() == '+') value.remove_prefix(1);
  if (GNP_FAULT(reject_leading_zero_sequence) && value.size() > 1 && value.front() == '0') return std::nullopt;
  std::uint64_t max = GNP_FAULT(accept_sequence_overflow) ? ~0ULL : kMaxSequence;
  if (GNP_FAULT(reject_max_sequence)) max -= 1;
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    // accept-non-ascii-digits: U+FF10..U+FF19 (EF BC 90..99) read as the digits 0..9.
    if (GNP_FAULT(accept_non_ascii_digits) && value.substr(i, 2) == "\xEF\xBC" && i + 2 < value.size() &&
        static_cast<unsigned char>(value[i + 2]) >= 0x90 && static_cast<unsigned char>(value[i + 2]) <= 0x99) {
      c = static_cast<char>('0' + (static_cast<unsigned char>(value[i + 2]) - 0x90));
      i += 2;
    }
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
  if (const std::size_t bad = first_invalid_utf8(text);
      bad != std::string_view::npos && !GNP_FAULT(syntax_before_encoding)) {
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
      if (GNP_FAULT(reject_c1_controls) && c == 0xC2 && i + 1 < n &&
          static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
        return bad_request("control character", i);
      }
      if (c >= 0x20 && (c != 0x7F || GNP_FAULT(accept_del_octet))) continue;
      if (c == '\t' && !GNP_FAULT(reject_ht_in_header_value)) continue;
      if (c == '\r') {
        if (i + 1 >= n || text[i + 1] != '\n') return bad_request("bare CR", i);
        next_start = i + 2;
      } else if (c == '\n') {
        if (!GNP_FAULT(accept_bare_lf)) return bad_request("bare LF", i);
        next_start = i + 1;
      } else if (c == 0) {
        return bad_request("NUL byte", i);
      } else if (GNP_FAULT(accept_c0_controls) && c != '\t') {
        continue;
      } else {
        return bad_request("control character", i);
      }
    }
    const std::string_view line = text.substr(line_start, line_end - line_start);
    std::optional<ParseError> error = first_line ? parse_command_line(line, line_start, out)
                                                 : parse_header_line(line, line_start, out);
    if (error) return error;
    if (GNP_FAULT(command_before_headers) && first_line && !is_command_name(out.command)) {
      return ParseError{ErrorCode::unknown_command, "unknown command", 0};
    }
    first_line = false;
    line_start = next_start;
    i = next_start - 1;  // the loop's ++i lands on next_start
  }

  if (GNP_FAULT(syntax_before_encoding)) {
    if (const std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
      return ParseError{ErrorCode::bad_encoding, "invalid UTF-8", bad};
    }
  }
  if (!GNP_FAULT(accept_duplicate_header) && has_duplicate_header(out.headers)) {
    return bad_request("repeated header", 0);
  }
  for (const Header& h : out.headers) {
    if (GNP_FAULT(reject_unknown_headers) && !names_equal(h.name, "Sequence")) {
      return bad_request("unknown header", 0);
    }
    if (names_equal(h.name, "Sequence")) {
      if (GNP_FAULT(accept_empty_sequence) && h.value.empty()) continue;
      out.sequence = parse_sequence(h.value);
      if (!out.sequence) return bad_request("Sequence is not a decimal integer in 0..2^63-1", 0);
    }
  }
  return std::nullopt;
}

}  // namespace gnp
