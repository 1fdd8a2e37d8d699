// Which scenarios a certify run takes (docs/SCENARIOS.md, "Selecting scenarios"): several
// --scenarios directories (the bundled suite is `default`), --filter, --exclude, --rerun-failed.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scenario.hpp"
#include "scenario_parser.hpp"

namespace wireproof::certify {

// Loads every directory; ids must be unique across them (a clash is an error naming both files).
scenario::LoadResult load_scenario_dirs(const std::vector<std::filesystem::path>& dirs);

// The scenario ids a JSON report (--json) lists with a failing verdict (fail, timeout, crash,
// error); nullopt with *error when the file is unreadable or not a certify report.
std::optional<std::set<std::string>> failed_ids_from_report(const std::filesystem::path& report, std::string* error);

// --list: one line per scenario: id, section, level, [the requirements it cites], title.
std::string scenario_list(const std::vector<scenario::Scenario>& scenarios);

}  // namespace wireproof::certify
