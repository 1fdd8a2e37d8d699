#include "core/response_writer.hpp"

#include <charconv>

#include "core/fault.hpp"
#include "core/utf8.hpp"

namespace gnp {

namespace {

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, result.ptr);
}

// `field` is a header name with its colon and SP as 6.2 spells it ("Size: "); the faulty build
// may misspell it.
void append_name(std::string& out, std::string_view field) {
  if (!GNP_FAULT(lowercase_header_names) && !GNP_FAULT(no_space_after_colon)) {
    out += field;
    return;
  }
  const std::size_t start = out.size();
  out += GNP_FAULT(no_space_after_colon) ? field.substr(0, field.size() - 1) : field;
  if (GNP_FAULT(lowercase_header_names)) out[start] = static_cast<char>(out[start] + ('a' - 'A'));
}

void append_sequence(std::string& out, std::optional<std::uint64_t> sequence) {
  if (!sequence) return;
  append_name(out, "Sequence: ");
  append_number(out, *sequence);
  out += "\r\n";
}

void append_size(std::string& out, std::size_t size) {
  append_name(out, "Size: ");
  append_number(out, size);
  out += "\r\n";
}

}  // namespace

void write_ok(std::string& out, std::optional<std::uint64_t> sequence, std::string_view body) {
  out += GNP_FAULT(lowercase_ok) ? "ok\r\n" : "OK\r\n";
  if (!GNP_FAULT(size_before_sequence)) append_sequence(out, sequence);
  if (!body.empty()) {
    append_size(out, GNP_FAULT(size_counts_code_points) ? count_code_points(body) : body.size());
  } else if (GNP_FAULT(size_zero_on_empty_ok)) {
    append_size(out, 0);
  }
  if (GNP_FAULT(size_before_sequence)) append_sequence(out, sequence);
  if (GNP_FAULT(message_on_ok)) out += "Message: OK\r\n";
  if (GNP_FAULT(server_header)) out += "Server: gnp\r\n";
  out += "\r\n";
  out += body;
}

void write_error(std::string& out, ErrorCode code, std::optional<std::uint64_t> sequence,
                 std::string_view message) {
  out += "ERR ";
  const std::size_t code_start = out.size();
  out += error_code_name(code);
  if (GNP_FAULT(error_code_underscores)) {
    for (std::size_t i = code_start; i < out.size(); ++i) {
      if (out[i] == '-') out[i] = '_';
    }
  }
  out += "\r\n";
  append_sequence(out, sequence);
  if (GNP_FAULT(size_on_errors)) append_size(out, 0);
  if (!(GNP_FAULT(not_found_without_message) && code == ErrorCode::not_found)) {
    append_name(out, "Message: ");
    out += message;
    out += "\r\n";
  }
  if (GNP_FAULT(server_header)) out += "Server: gnp\r\n";
  out += "\r\n";
}

}  // namespace gnp
