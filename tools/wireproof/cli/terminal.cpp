#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace wireproof::cli {

TerminalStyle terminal_style(int fd) {
  TerminalStyle style;
  const char* term = std::getenv("TERM");
  style.live = isatty(fd) == 1 && !(term != nullptr && std::strcmp(term, "dumb") == 0);
  const char* no_color = std::getenv("NO_COLOR");
  style.colour = style.live && !(no_color != nullptr && no_color[0] != '\0');
  return style;
}

std::size_t terminal_columns(int fd) {
  constexpr std::size_t kMinimum = 20;
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return std::max<std::size_t>(size.ws_col, kMinimum);
  if (const char* columns = std::getenv("COLUMNS"); columns != nullptr) {
    std::size_t n = 0;
    const char* end = columns + std::strlen(columns);
    if (std::from_chars(columns, end, n).ptr == end && n > 0) return std::max(n, kMinimum);
  }
  return 80;
}

}  // namespace wireproof::cli
