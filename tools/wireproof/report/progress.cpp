#include "progress.hpp"

#include <string>

#include "escape.hpp"

namespace wireproof::report {

void Progress::scenario_done(const std::vector<certify::CaseResult>& cases, std::size_t done, std::size_t total) {
  if (cases.empty()) return;
  const scenario::Scenario& s = *cases.front().scenario;
  const certify::CaseResult* failure = nullptr;
  bool all_pass = true;
  for (const certify::CaseResult& c : cases) {
    if (certify::is_failure(c.verdict) && failure == nullptr) failure = &c;
    if (c.verdict != certify::Verdict::pass) all_pass = false;
  }
  if (failure != nullptr) ++failed_;
  const std::string where = s.section + " " + std::string(scenario::level_name(s.level)) + " " + s.id;
  std::string line;
  if (failure != nullptr) {
    line = std::string(failure->verdict == certify::Verdict::fail ? "FAIL" : "FAIL(" + std::string(outcome_name(failure->verdict)) + ")") +
           " " + where + " [" + failure->strategy + "] line " + std::to_string(failure->line) + ": " +
           escape_bytes(failure->message);
  } else if (all_pass) {
    line = "pass " + where + " (" + std::to_string(cases.size()) + (cases.size() == 1 ? " case)" : " cases)");
  } else {
    line = std::string(outcome_name(cases.front().verdict)) + " " + where + ": " + escape_bytes(cases.front().message);
  }
  char counter[32];
  std::snprintf(counter, sizeof counter, "[%3zu/%zu] ", done, total);
  if (live_) {
    if (failure != nullptr) std::fprintf(out_, "\r\033[K%s%s\n", counter, line.c_str());
    std::string status = std::string(counter) + (failed_ == 0 ? "all passing so far" : std::to_string(failed_) + " failing") +
                         " | " + s.id;
    std::fprintf(out_, "\r\033[K%s", status.substr(0, 110).c_str());
  } else {
    std::fprintf(out_, "%s%s\n", counter, line.c_str());
  }
  std::fflush(out_);
}

void Progress::finish() {
  if (live_) std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
}

}  // namespace wireproof::report
