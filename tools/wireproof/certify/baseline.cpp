#include "certify/baseline.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "harness/escape.hpp"
#include "harness/segmentation.hpp"

namespace wireproof::certify {
namespace {

std::string trim(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return "";
  const std::size_t end = text.find_last_not_of(" \t\r");
  return std::string(text.substr(start, end - start + 1));
}

bool is_section_number(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.') return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

// "S/N": a section number, '/', a number.
bool is_requirement(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos || !is_section_number(text.substr(0, slash))) return false;
  const std::string_view n = text.substr(slash + 1);
  return !n.empty() && std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A requirement entry covers a failing case whose failing step checks it (CaseResult::requirement,
// set by coverage::name_broken_requirements), and a passing case of a scenario citing it.
bool cites(const CaseResult& r, const std::string& id) {
  if (is_failure(r.verdict)) return r.requirement == id;
  return std::any_of(r.scenario->requirements.begin(), r.scenario->requirements.end(),
                     [&](const scenario::RequirementRef& ref) { return ref.id == id; });
}

bool selects(const BaselineEntry& e, const scenario::Scenario& s) {
  if (is_section_number(e.selector)) return scenario::section_within(s.section, e.selector);
  return fnmatch(e.selector.c_str(), s.id.c_str(), 0) == 0;
}

bool covers(const BaselineEntry& e, const CaseResult& r) {
  if (!e.strategy.empty() && e.strategy != r.strategy) return false;
  if (is_requirement(e.selector)) return cites(r, e.selector);
  return selects(e, *r.scenario);
}

}  // namespace

std::optional<Baseline> read_baseline(const std::filesystem::path& file, std::string* error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    *error = file.string() + ": cannot read the baseline";
    return std::nullopt;
  }
  Baseline baseline;
  baseline.file = file.string();
  std::string text;
  int number = 0;
  const auto fail = [&](const std::string& what) {
    *error = printable_text(file.string()) + ":" + std::to_string(number) + ": " + what;
    return std::nullopt;
  };
  while (std::getline(in, text)) {
    ++number;
    if (number == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    const std::string line = trim(text);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t space = std::min(line.find_first_of(" \t"), line.size());
    const std::string first = line.substr(0, space);
    std::string rest = trim(std::string_view(line).substr(space));
    if (first == "wireproof" || first == "suite") {
      (first == "suite" ? baseline.suite : baseline.written_by) = rest;
      continue;
    }
    BaselineEntry entry{first, "", "", number};
    if (rest.starts_with("[")) {
      const std::size_t close = rest.find(']');
      if (close == std::string::npos) return fail("'[' without ']' after '" + printable_text(first) + "'");
      entry.strategy = rest.substr(1, close - 1);
      if (!parse_strategy(entry.strategy)) {
        return fail("unknown strategy '" + printable_text(entry.strategy) + "' (known: whole, bytewise, split-terminator, random)");
      }
      rest = trim(std::string_view(rest).substr(close + 1));
    }
    if (rest.empty()) return fail("entry '" + printable_text(first) + "' has no reason (SELECTOR [STRATEGY] REASON)");
    entry.reason = rest;
    baseline.entries.push_back(std::move(entry));
  }
  return baseline;
}

void apply_baseline(const Baseline& baseline, std::vector<CaseResult>& cases) {
  // An entry is judged as a unit: while any case it covers fails, the others it covers that pass
  // are plain passes (a pipelining bug may show under one segmentation in one run and under
  // another in the next; a requirement entry covers scenarios that never failed). Only an entry
  // none of whose cases failed makes them XPASS: the baseline is out of date.
  std::map<const BaselineEntry*, bool> entry_failed;
  std::vector<const BaselineEntry*> entry_of(cases.size(), nullptr);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const CaseResult& r = cases[i];
    if (r.scenario == nullptr || r.verdict == Verdict::skip || r.verdict == Verdict::not_run) continue;
    for (const BaselineEntry& e : baseline.entries) {
      if (!covers(e, r)) continue;
      entry_of[i] = &e;
      entry_failed[&e] |= is_failure(r.verdict);
      break;
    }
  }
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (entry_of[i] == nullptr) continue;
    CaseResult& r = cases[i];
    if (r.verdict == Verdict::pass && entry_failed[entry_of[i]]) continue;
    r.known_failure = entry_of[i]->reason;
  }
}

std::vector<std::string> baseline_notes(const Baseline& baseline, const std::vector<scenario::Scenario>& suite,
                                        const std::string& suite_hash) {
  std::vector<std::string> notes;
  if (!baseline.suite.empty() && baseline.suite != suite_hash) {
    notes.push_back("baseline " + baseline.file + " was written for suite " + baseline.suite +
                    (baseline.written_by.empty() ? "" : " (" + baseline.written_by + ")") + ", this run's suite is " +
                    suite_hash + ": its entries may not mean the same scenarios");
  }
  for (const BaselineEntry& e : baseline.entries) {
    if (is_requirement(e.selector)) continue;  // matched against failures, not the suite
    if (std::none_of(suite.begin(), suite.end(), [&](const scenario::Scenario& s) { return selects(e, s); })) {
      notes.push_back(baseline.file + ":" + std::to_string(e.line) + ": '" + e.selector + "' matches no scenario of the suite");
    }
  }
  return notes;
}

std::string write_baseline(const std::vector<CaseResult>& results, const std::string& written_by,
                           const std::string& suite_hash, const std::string& target) {
  struct PerScenario {
    std::vector<const CaseResult*> failed;
    std::size_t ran = 0;
  };
  std::map<std::string, PerScenario> by_id;  // id order
  for (const CaseResult& r : results) {
    if (r.verdict == Verdict::skip || r.verdict == Verdict::not_run) continue;
    PerScenario& p = by_id[r.scenario->id];
    ++p.ran;
    if (is_failure(r.verdict)) p.failed.push_back(&r);
  }
  std::string out = "# wireproof certify baseline: known failures (docs/SCENARIOS.md, \"Baselines\").\n"
                    "# Written against " + printable_text(target) + ".\n"
                    "wireproof " + written_by + "\nsuite " + suite_hash + "\n";
  const auto reason = [](const CaseResult& r) {
    std::string text = printable_text(r.message.substr(0, r.message.find('\n')));
    return text.empty() ? std::string(outcome_name(r.verdict)) : clip_text(text, 160);
  };
  // One entry per scenario, not per strategy: which strategies show a timing-dependent bug can
  // change from run to run. The reason names the strategies it failed under this time.
  for (const auto& [id, p] : by_id) {
    if (p.failed.empty()) continue;
    std::string strategies;
    if (p.failed.size() != p.ran) {
      for (const CaseResult* r : p.failed) strategies += (strategies.empty() ? "" : ", ") + r->strategy;
      strategies = "(failed under " + strategies + ") ";
    }
    out += id + "  " + strategies + reason(*p.failed.front()) + "\n";
  }
  return out;
}

}  // namespace wireproof::certify
