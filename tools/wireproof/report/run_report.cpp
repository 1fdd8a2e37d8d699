#include "report/run_report.hpp"

#include <algorithm>
#include <charconv>
#include <set>

namespace wireproof::report {

void Counts::add(Verdict v) {
  if (v == Verdict::pass) {
    ++passed;
  } else if (certify::is_failure(v)) {
    ++failed;
  } else {
    ++skipped;
  }
}

namespace {
std::vector<unsigned> section_numbers(const std::string& section) {
  std::vector<unsigned> numbers;
  const char* p = section.data();
  const char* end = section.data() + section.size();
  while (p < end) {
    unsigned n = 0;
    const auto r = std::from_chars(p, end, n);
    numbers.push_back(n);
    p = r.ptr + 1;  // past the '.'
  }
  return numbers;
}
}  // namespace

bool section_less(const std::string& a, const std::string& b) { return section_numbers(a) < section_numbers(b); }

std::vector<SectionSummary> summarize_sections(const std::vector<CaseResult>& results) {
  std::map<std::string, SectionSummary> by_section;
  std::set<std::string> seen_scenarios;
  for (const CaseResult& r : results) {
    SectionSummary& s = by_section[r.scenario->section];
    s.section = r.scenario->section;
    if (seen_scenarios.insert(r.scenario->id).second) {
      (r.scenario->level == scenario::Level::must ? s.must_scenarios : s.should_scenarios)++;
    }
    s.cases.add(r.verdict);
    s.by_strategy[r.strategy].add(r.verdict);
  }
  std::vector<SectionSummary> out;
  for (auto& [section, summary] : by_section) out.push_back(std::move(summary));
  std::sort(out.begin(), out.end(), [](const SectionSummary& a, const SectionSummary& b) {
    return section_less(a.section, b.section);
  });
  return out;
}

ScenarioTotals scenario_totals(const std::vector<CaseResult>& results) {
  struct State {
    scenario::Level level;
    bool failed = false;
    bool all_passed = true;
  };
  std::map<std::string, State> states;
  for (const CaseResult& r : results) {
    State& s = states.try_emplace(r.scenario->id, State{r.scenario->level}).first->second;
    if (certify::is_failure(r.verdict)) s.failed = true;
    if (r.verdict != Verdict::pass) s.all_passed = false;
  }
  ScenarioTotals t;
  for (const auto& [id, s] : states) {
    const bool must = s.level == scenario::Level::must;
    if (s.failed) {
      (must ? t.must_failed : t.should_failed)++;
    } else if (s.all_passed) {
      (must ? t.must_passed : t.should_passed)++;
    } else {
      (must ? t.must_skipped : t.should_skipped)++;
    }
  }
  return t;
}

int exit_code_for(const std::vector<CaseResult>& results, const std::string& setup_error, bool strict_baseline) {
  if (!setup_error.empty()) return 2;
  for (const CaseResult& r : results) {
    if (r.scenario->level == scenario::Level::must && certify::is_new_failure(r)) return 1;
    if (strict_baseline && certify::is_xpass(r)) return 1;
  }
  return 0;
}

}  // namespace wireproof::report
