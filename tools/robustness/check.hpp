// One robustness check: starts its own server, holds it against a hostile or heavy peer, and
// reports what it held (connections, requests, bytes, errors, memory) and whether it passed.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "harness/server_process.hpp"

namespace wireproof::robust {

struct CheckOptions {
  std::string server_template;  // with {port}; each check appends the options it needs
  bool full = false;            // full scale (tools/robustness) or short (ctest)
};

class CheckReport {
 public:
  void fact(std::string line) { lines_.push_back("  " + std::move(line)); }
  void fail(std::string line) {
    passed_ = false;
    lines_.push_back("  FAIL: " + std::move(line));
  }
  void expect(bool condition, std::string what) {
    if (!condition) fail(std::move(what));
  }
  bool passed() const { return passed_; }
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  bool passed_ = true;
  std::vector<std::string> lines_;
};

using CheckFunction = void (*)(const CheckOptions&, CheckReport&);

struct Check {
  const char* name;
  const char* section;  // PROTOCOL.md
  const char* summary;
  CheckFunction run;
};

// Starts the server under test with `extra` options appended to the template.
ServerProcess start_server(const CheckOptions& options, const std::string& extra);

void check_idle_connections(const CheckOptions&, CheckReport&);
void check_slow_drip(const CheckOptions&, CheckReport&);
void check_non_reader(const CheckOptions&, CheckReport&);
void check_abuse(const CheckOptions&, CheckReport&);
void check_connection_limit(const CheckOptions&, CheckReport&);
void check_sigterm(const CheckOptions&, CheckReport&);

double seconds_since(std::chrono::steady_clock::time_point start);

}  // namespace wireproof::robust
