// Which scenarios a certify run takes (docs/SCENARIOS.md, "Selecting scenarios"): several
// --scenarios directories (the bundled suite is `default`), --filter, --exclude, --rerun-failed.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "scenario/scenario.hpp"
#include "scenario/scenario_parser.hpp"

namespace wireproof::certify {

// The scenarios a run takes: the --scenarios directories ('default' or none: the bundled suite,
// cli/source_tree.hpp), then --filter, --exclude and --rerun-failed.
struct Suite {
  std::vector<std::filesystem::path> dirs;
  std::vector<scenario::Scenario> all;       // everything loaded: what the suite hash covers
  std::vector<scenario::Scenario> selected;  // what runs
};

// false (the reasons printed on stderr) when nothing can run: a directory missing, parse errors,
// an unreadable --rerun-failed report, or an empty selection.
bool load_suite(const cli::Arguments& parsed, Suite& suite);

// Loads every directory; ids must be unique across them (a clash is an error naming both files).
scenario::LoadResult load_scenario_dirs(const std::vector<std::filesystem::path>& dirs);

// The scenario ids a JSON report (--json) lists with a failing verdict (fail, timeout, crash,
// error); nullopt with *error when the file is unreadable or not a certify report.
std::optional<std::set<std::string>> failed_ids_from_report(const std::filesystem::path& report, std::string* error);

// --list: one line per scenario: id, section, level, [the requirements it cites], title.
std::string scenario_list(const std::vector<scenario::Scenario>& scenarios);

}  // namespace wireproof::certify
