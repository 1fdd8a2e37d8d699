#include "harness/escape.hpp"

namespace wireproof {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> fail(std::string* error, std::size_t offset, const std::string& what) {
  if (error != nullptr) *error = "byte " + std::to_string(offset) + ": " + what;
  return std::nullopt;
}

}  // namespace

std::string escape_bytes(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '\r': out += "\\r"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      default:
        if (byte >= 0x20 && byte <= 0x7e) {
          out += c;
        } else {
          out += "\\x";
          out += kHexDigits[byte >> 4];
          out += kHexDigits[byte & 0x0f];
        }
    }
  }
  return out;
}

std::string printable_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte <= 0x7e) {
      out += c;
    } else {
      out += escape_bytes(std::string_view(&c, 1));
    }
  }
  return out;
}

std::string quoted_excerpt(std::string_view bytes, std::size_t max_shown) {
  if (bytes.size() <= max_shown) return "\"" + escape_bytes(bytes) + "\"";
  return "\"" + escape_bytes(bytes.substr(0, max_shown)) + "\"... (" + std::to_string(bytes.size()) + " bytes)";
}

std::string clip_text(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Back off to before an escape the cut would split ("\x1" of "\x1b").
  for (std::size_t back = 1; back <= 3 && back <= cut; ++back) {
    if (text[cut - back] == '\\') {
      cut -= back;
      break;
    }
  }
  return std::string(text.substr(0, cut)) + " ... (" + std::to_string(text.size()) + " bytes in all)";
}

std::optional<std::string> unescape_bytes(std::string_view text, std::string* error) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (i + 1 == text.size()) return fail(error, i, "dangling '\\' at end of text");
    const char kind = text[i + 1];
    switch (kind) {
      case 'r': out += '\r'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case 'x': {
        const int high = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
        const int low = i + 3 < text.size() ? hex_value(text[i + 3]) : -1;
        if (high < 0 || low < 0) return fail(error, i, "\\x needs two hex digits");
        out += static_cast<char>(high * 16 + low);
        i += 2;
        break;
      }
      default: {
        const auto byte = static_cast<unsigned char>(kind);
        const std::string shown = (byte >= 0x20 && byte <= 0x7e) ? std::string(1, kind)
                                                                  : escape_bytes(std::string(1, kind));
        return fail(error, i, "unknown escape '\\" + shown + "' (known: \\r \\n \\t \\\\ \\\" \\xHH)");
      }
    }
    ++i;
  }
  return out;
}

}  // namespace wireproof
