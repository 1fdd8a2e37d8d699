#include "report/progress.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "harness/escape.hpp"
#include "cli/terminal.hpp"

namespace wireproof::report {

void Progress::scenario_done(const std::vector<certify::CaseResult>& cases, std::size_t done, std::size_t total) {
  if (cases.empty()) return;
  const scenario::Scenario& s = *cases.front().scenario;
  const certify::CaseResult* failure = nullptr;  // a new one; a known failure (--baseline) is xfail
  const certify::CaseResult* known = nullptr;
  bool all_pass = true;
  for (const certify::CaseResult& c : cases) {
    if (certify::is_new_failure(c) && failure == nullptr) failure = &c;
    if (certify::is_xfail(c) && known == nullptr) known = &c;
    if (c.verdict != certify::Verdict::pass) all_pass = false;
  }
  if (failure != nullptr) ++failed_;
  const std::string where = s.section + " " + std::string(scenario::level_name(s.level)) + " " + s.id;
  std::string line;
  if (failure == nullptr && known != nullptr) {
    line = "xfail " + where + " [" + known->strategy + "]: known failure (--baseline): " +
           clip_text(printable_text(known->known_failure), kMessageBytes);
  } else if (failure != nullptr) {
    line = std::string(failure->verdict == certify::Verdict::fail ? "FAIL" : "FAIL(" + std::string(outcome_name(failure->verdict)) + ")") +
           " " + where + " [" + failure->strategy + "] line " + std::to_string(failure->line) + ": " +
           clip_text(printable_text(failure->message), kMessageBytes);
  } else if (all_pass) {
    line = "pass " + where + " (" + std::to_string(cases.size()) + (cases.size() == 1 ? " case)" : " cases)");
  } else {
    line = std::string(outcome_name(cases.front().verdict)) + " " + where + ": " +
           clip_text(printable_text(cases.front().message), kMessageBytes);
  }
  char counter[32];
  std::snprintf(counter, sizeof counter, "[%3zu/%zu] ", done, total);
  if (live_) {
    // One column short of the width: writing the last column leaves some terminals about to wrap.
    const std::size_t width = cli::terminal_columns(fileno(out_)) - 1;
    if (failure != nullptr) {
      // The verdict word ("FAIL", "FAIL(crash)") in red; the width counts visible characters only.
      const std::string shown = line.substr(0, width - std::min(width, std::strlen(counter)));
      const std::size_t word = std::min(shown.find(' '), shown.size());
      if (colour_) {
        std::fprintf(out_, "\r\033[K%s\033[31m%s\033[0m%s\n", counter, shown.substr(0, word).c_str(), shown.substr(word).c_str());
      } else {
        std::fprintf(out_, "\r\033[K%s%s\n", counter, shown.c_str());
      }
    }
    std::string status = std::string(counter) + (failed_ == 0 ? "all passing so far" : std::to_string(failed_) + " failing") +
                         " | " + s.id;
    std::fprintf(out_, "\r\033[K%s", status.substr(0, width).c_str());
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
