// The classes of invalid (or limit-probing) requests and, for each, what PROTOCOL.md requires:
// the error code, the section that requires it, whether the server then closes (7.2) and whether
// the response echoes the request's Sequence (6.3: not for requests that were not understood).
#pragma once

#include <span>
#include <string_view>

namespace wireproof::properties {

enum class InvalidClass {
  // 5.1 encoding
  utf8_overlong,
  utf8_surrogate,
  utf8_above_max,            // F4 90.. and up: above U+10FFFF
  utf8_truncated,
  utf8_stray_continuation,
  utf8_f5_to_ff,
  // 5.2 lines and controls
  bare_cr,
  bare_lf,
  nul,
  c0_control,
  del,
  // 5.3 command line
  ht_in_command_line,
  leading_space,
  trailing_space,
  doubled_space,
  empty_command_line,
  // 5.4 headers
  header_without_colon,
  bad_header_name,
  empty_header_name,
  duplicate_header,
  // 5.5 Sequence
  bad_sequence,
  // 8.7, 8.4, 8.5 (understood, so Sequence is echoed)
  wrong_argument_count,
  unknown_command,
  missing_key,
  // 4.2, 4.3 size limit
  too_large_with_terminator,  // 8193 bytes or more, terminator last
  too_large_no_terminator,    // 8192 bytes or more and no terminator at all
};

struct InvalidClassInfo {
  InvalidClass cls;
  std::string_view name;
  std::string_view section;
  std::string_view error;  // the code the server must send
  bool closes;             // 7.2
  bool echoes_sequence;    // 6.3
};

std::span<const InvalidClassInfo> all_invalid_classes();
const InvalidClassInfo& info(InvalidClass cls);

}  // namespace wireproof::properties
