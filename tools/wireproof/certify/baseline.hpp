// Known failures (certify --baseline FILE, --write-baseline FILE; format in docs/SCENARIOS.md).
//
//   # comment lines and blank lines are ignored
//   wireproof 0.1.0 (git 3e42e0c)        which wireproof wrote it (optional)
//   suite 3f2a9c1e0b7d5a44               the scenario set it was written for (optional)
//   06-responses/pipelined-mixed-errors  reorder bug, tracked in #12
//   04-framing/split-terminator [bytewise]  only when the terminator is cut
//   6.1  all of section 6.1 (and its sub-paragraphs)
//   6.1/3  every scenario citing requirement 6.1/3
//
// An entry is SELECTOR [ '[' STRATEGY ']' ] REASON: a scenario id (or glob), a section number or a
// requirement ID; optionally one segmentation strategy; then the reason (required). A failing case
// an entry covers is XFAIL (does not fail the run); a covered case that passes is XPASS.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "certify/case_result.hpp"
#include "scenario/scenario.hpp"

namespace wireproof::certify {

struct BaselineEntry {
  std::string selector;  // scenario id or glob, section number, or requirement ID "S/N"
  std::string strategy;  // "" for every strategy
  std::string reason;
  int line = 0;
};

struct Baseline {
  std::string file;
  std::string written_by;  // the `wireproof` line, "" when absent
  std::string suite;       // the `suite` line, "" when absent
  std::vector<BaselineEntry> entries;
};

// nullopt with *error ("FILE:LINE: ...") when unreadable or malformed.
std::optional<Baseline> read_baseline(const std::filesystem::path& file, std::string* error);

// Marks the cases an entry covers (CaseResult::known_failure = the entry's reason): every failing
// one, and the passing ones only when nothing the entry covers failed in this run (XPASS).
void apply_baseline(const Baseline& baseline, std::vector<CaseResult>& cases);

// Notes for the run's reports: a baseline written for another suite, entries matching no scenario
// of the suite.
std::vector<std::string> baseline_notes(const Baseline& baseline, const std::vector<scenario::Scenario>& suite,
                                        const std::string& suite_hash);

// The baseline text for these results: one entry per failing scenario (the strategies it failed
// under in the reason), the first 160 bytes of the first failure's message.
std::string write_baseline(const std::vector<CaseResult>& results, const std::string& written_by,
                           const std::string& suite_hash, const std::string& target);

}  // namespace wireproof::certify
