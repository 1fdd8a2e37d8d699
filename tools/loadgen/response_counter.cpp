#include "response_counter.hpp"

#include <charconv>
#include <cstring>

namespace wireproof::load {

namespace {

// Parses the number after `name` inside a response head; -1 when the header is absent.
long header_number(std::string_view head, std::string_view name) {
  const std::size_t at = head.find(name);
  if (at == std::string_view::npos) return -1;
  long value = -1;
  const char* begin = head.data() + at + name.size();
  std::from_chars(begin, head.data() + head.size(), value);
  return value;
}

}  // namespace

std::size_t ResponseCounter::consume(std::string_view data, std::size_t& complete, std::size_t& errors) {
  return protocol_ == Protocol::gnp ? consume_gnp(data, complete, errors) : consume_resp(data, complete, errors);
}

std::size_t ResponseCounter::consume_gnp(std::string_view data, std::size_t& complete, std::size_t& errors) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    const void* hit = memmem(data.data() + pos, data.size() - pos, "\r\n\r\n", 4);
    if (hit == nullptr) break;
    const std::size_t head_end = static_cast<std::size_t>(static_cast<const char*>(hit) - data.data()) + 4;
    const std::string_view head = data.substr(pos, head_end - pos);
    const long size = header_number(head, "\r\nSize: ");
    if (size < -1) return std::string_view::npos;
    const std::size_t frame_end = head_end + static_cast<std::size_t>(size > 0 ? size : 0);
    if (frame_end > data.size()) break;
    if (head.starts_with("ERR")) ++errors;
    else if (!head.starts_with("OK")) return std::string_view::npos;
    ++complete;
    pos = frame_end;
  }
  return pos;
}

std::size_t ResponseCounter::consume_resp(std::string_view data, std::size_t& complete, std::size_t& errors) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    const std::size_t eol = data.find("\r\n", pos);
    if (eol == std::string_view::npos) break;
    const char kind = data[pos];
    std::size_t end = eol + 2;
    if (kind == '$') {
      long length = 0;
      std::from_chars(data.data() + pos + 1, data.data() + eol, length);
      if (length >= 0) end += static_cast<std::size_t>(length) + 2;
      if (end > data.size()) break;
    } else if (kind == '-') {
      ++errors;
    } else if (kind != '+' && kind != ':') {
      return std::string_view::npos;
    }
    ++complete;
    pos = end;
  }
  return pos;
}

}  // namespace wireproof::load
