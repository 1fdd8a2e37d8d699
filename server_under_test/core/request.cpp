#include "core/request.hpp"

#include "core/framer.hpp"

namespace gnp {

bool header_name_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

std::string serialize_request(const Request& request) {
  std::string out(request.command);
  for (std::string_view arg : request.args) {
    out += ' ';
    out += arg;
  }
  for (const Header& h : request.headers) {
    out += "\r\n";
    out += h.name;
    out += ": ";
    out += h.value;
  }
  out += kTerminator;
  return out;
}

}  // namespace gnp
