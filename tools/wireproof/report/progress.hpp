// Progress while certify runs: on a terminal one live line (failures scroll above it); otherwise
// one plain line per scenario, for logs.
#pragma once

#include <cstdio>
#include <vector>

#include "case_result.hpp"

namespace wireproof::report {

class Progress {
 public:
  Progress(std::FILE* out, bool live) : out_(out), live_(live) {}
  void scenario_done(const std::vector<certify::CaseResult>& cases, std::size_t done, std::size_t total);
  void finish();  // clears the live line

 private:
  std::FILE* out_;
  bool live_;
  std::size_t failed_ = 0;
};

}  // namespace wireproof::report
