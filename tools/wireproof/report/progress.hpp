// Progress while certify runs: on a terminal one live line (failures scroll above it); otherwise
// one plain line per scenario, for logs. Live lines are clipped to the terminal's width, read at
// every update, so each redraw overwrites the last instead of wrapping; messages are cut at
// kMessageBytes in log lines. Colour (FAIL in red) only when asked for (cli/terminal.hpp).
#pragma once

#include <cstdio>
#include <vector>

#include "certify/case_result.hpp"

namespace wireproof::report {

class Progress {
 public:
  static constexpr std::size_t kMessageBytes = 300;
  Progress(std::FILE* out, bool live, bool colour = false) : out_(out), live_(live), colour_(colour) {}
  void scenario_done(const std::vector<certify::CaseResult>& cases, std::size_t done, std::size_t total);
  void finish();  // clears the live line

 private:
  std::FILE* out_;
  bool live_;
  bool colour_;
  std::size_t failed_ = 0;
};

}  // namespace wireproof::report
