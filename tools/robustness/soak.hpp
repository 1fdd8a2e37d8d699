// The soak run: mixed valid and invalid traffic, plus corpus inputs, across many connections for
// a long time. Every valid request must be answered exactly as the reference core answers it,
// the server must not crash, and its memory must stay flat.
#pragma once

#include <cstdint>
#include <string>

namespace wireproof::robust {

struct SoakOptions {
  std::string server_template;
  std::string corpus_dir;
  double seconds = 600;
  int connections = 200;
  std::uint64_t seed = 1;
};

// Prints progress every 10 s and a summary; returns the process exit code.
int run_soak(const SoakOptions& options);

}  // namespace wireproof::robust
