#include "properties/invalid_classes.hpp"

#include <stdexcept>

namespace wireproof::properties {

namespace {

using C = InvalidClass;

// Error code and close behaviour are copied from PROTOCOL.md 5.x, 4.3, 6.3, 7.2 and 8.x.
constexpr InvalidClassInfo kClasses[] = {
    {C::utf8_overlong, "utf8_overlong", "5.1", "bad-encoding", false, false},
    {C::utf8_surrogate, "utf8_surrogate", "5.1", "bad-encoding", false, false},
    {C::utf8_above_max, "utf8_above_max", "5.1", "bad-encoding", false, false},
    {C::utf8_truncated, "utf8_truncated", "5.1", "bad-encoding", false, false},
    {C::utf8_stray_continuation, "utf8_stray_continuation", "5.1", "bad-encoding", false, false},
    {C::utf8_f5_to_ff, "utf8_f5_to_ff", "5.1", "bad-encoding", false, false},
    {C::bare_cr, "bare_cr", "5.2", "bad-request", false, false},
    {C::bare_lf, "bare_lf", "5.2", "bad-request", false, false},
    {C::nul, "nul", "5.2", "bad-request", false, false},
    {C::c0_control, "c0_control", "5.2", "bad-request", false, false},
    {C::del, "del", "5.2", "bad-request", false, false},
    {C::ht_in_command_line, "ht_in_command_line", "5.3", "bad-request", false, false},
    {C::leading_space, "leading_space", "5.3", "bad-request", false, false},
    {C::trailing_space, "trailing_space", "5.3", "bad-request", false, false},
    {C::doubled_space, "doubled_space", "5.3", "bad-request", false, false},
    {C::empty_command_line, "empty_command_line", "5.3", "bad-request", false, false},
    {C::header_without_colon, "header_without_colon", "5.4", "bad-request", false, false},
    {C::bad_header_name, "bad_header_name", "5.4", "bad-request", false, false},
    {C::empty_header_name, "empty_header_name", "5.4", "bad-request", false, false},
    {C::duplicate_header, "duplicate_header", "5.4", "bad-request", false, false},
    {C::bad_sequence, "bad_sequence", "5.5", "bad-request", false, false},
    {C::wrong_argument_count, "wrong_argument_count", "8.7", "bad-arguments", false, true},
    {C::unknown_command, "unknown_command", "8.7", "unknown-command", false, true},
    {C::missing_key, "missing_key", "8.4/8.5", "not-found", false, true},
    {C::too_large_with_terminator, "too_large_with_terminator", "4.3", "too-large", true, false},
    {C::too_large_no_terminator, "too_large_no_terminator", "4.3", "too-large", true, false},
};

}  // namespace

std::span<const InvalidClassInfo> all_invalid_classes() { return kClasses; }

const InvalidClassInfo& info(InvalidClass cls) {
  for (const InvalidClassInfo& c : kClasses) {
    if (c.cls == cls) return c;
  }
  throw std::logic_error("InvalidClass without a table entry");
}

}  // namespace wireproof::properties
