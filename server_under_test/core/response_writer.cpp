#include "response_writer.hpp"

#include <charconv>

#include "fault.hpp"
#include "utf8.hpp"

namespace gnp {

namespace {

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, result.ptr);
}

void append_sequence(std::string& out, std::optional<std::uint64_t> sequence) {
  if (!sequence) return;
  out += "Sequence: ";
  append_number(out, *sequence);
  out += "\r\n";
}

}  // namespace

void write_ok(std::string& out, std::optional<std::uint64_t> sequence, std::string_view body) {
  out += "OK\r\n";
  append_sequence(out, sequence);
  if (!body.empty()) {
    out += "Size: ";
    append_number(out, GNP_FAULT(size_counts_code_points) ? count_code_points(body) : body.size());
    out += "\r\n";
  }
  out += "\r\n";
  out += body;
}

void write_error(std::string& out, ErrorCode code, std::optional<std::uint64_t> sequence,
                 std::string_view message) {
  out += "ERR ";
  out += error_code_name(code);
  out += "\r\n";
  append_sequence(out, sequence);
  out += "Message: ";
  out += message;
  out += "\r\n\r\n";
}

}  // namespace gnp
