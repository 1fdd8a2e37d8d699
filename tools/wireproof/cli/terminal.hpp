// What a progress display may do on a stream, by the usual conventions:
//   live line (\r redraws)  only on a terminal, and not under TERM=dumb
//   colour                  only with a live line, and not when NO_COLOR is set (no-color.org)
//   width                   TIOCGWINSZ of the terminal, else $COLUMNS, else 80
#pragma once

#include <cstddef>

namespace wireproof::cli {

struct TerminalStyle {
  bool live = false;
  bool colour = false;
};

TerminalStyle terminal_style(int fd);

// Columns of the terminal on `fd` now (it may have been resized); at least 20.
std::size_t terminal_columns(int fd);

}  // namespace wireproof::cli
