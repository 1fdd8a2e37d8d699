// Invariant checks for the fuzz targets. Unlike assert() they stay on in every build type; a
// failure prints what broke and aborts, so libFuzzer, AFL++ and the replay runner all record the
// input as a crash.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace wireproof::fuzz {

[[noreturn]] inline void check_failed(const char* file, int line, const char* condition,
                                      const std::string& detail) {
  std::fprintf(stderr, "\n%s:%d: fuzz invariant broken: %s\n  %s\n", file, line, condition,
               detail.c_str());
  std::fflush(stderr);
  std::abort();
}

}  // namespace wireproof::fuzz

// `detail` is only evaluated when the check fails, so it may build strings freely.
#define FUZZ_CHECK(condition, detail)                                                   \
  do {                                                                                  \
    if (!(condition)) ::wireproof::fuzz::check_failed(__FILE__, __LINE__, #condition, (detail)); \
  } while (0)
