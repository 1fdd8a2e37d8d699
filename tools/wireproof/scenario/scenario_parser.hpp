// Reads the .gnpt scenario format (docs/SCENARIOS.md) into a Scenario.
//
// Every error names the place: "conformance/scenarios/x.gnpt:12:9: expected a number after 'within'".
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario.hpp"

namespace wireproof::scenario {

struct ParseError {
  std::string file;
  int line = 0;
  int column = 0;  // 1-based byte column
  std::string message;

  std::string describe() const;  // "file:line:column: message"
};

struct ParseResult {
  std::optional<Scenario> scenario;
  std::vector<ParseError> errors;  // non-empty iff scenario is empty
};

// How many bytes a file's byte strings may expand to (docs/SCENARIOS.md, "Limits"). Repetition
// (`"x" * N`) lets a few bytes of text ask for megabytes; past these caps the parser reports an
// error at the piece that crosses them instead of allocating.
struct ParseLimits {
  std::size_t max_string_bytes = std::size_t{1} << 20;  // one byte string (send, flood, raw, body)
  std::size_t max_total_bytes = std::size_t{16} << 20;  // every byte string of the file together
};

// `file` is used in messages and copied to Scenario::file; `id` becomes Scenario::id.
ParseResult parse_scenario(std::string_view text, const std::string& file, const std::string& id,
                           const ParseLimits& limits = {});

struct LoadResult {
  std::vector<Scenario> scenarios;  // sorted by id
  std::vector<ParseError> errors;   // every file's errors; also unreadable files and an empty tree
};

// Reads every *.gnpt below `root`; ids are the paths relative to root without the extension.
LoadResult load_scenarios(const std::filesystem::path& root);

}  // namespace wireproof::scenario
