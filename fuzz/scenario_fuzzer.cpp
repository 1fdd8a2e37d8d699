// scenario_fuzzer: the .gnpt scenario parser (tools/wireproof/scenario, docs/SCENARIOS.md) on
// arbitrary text.
//
// Checked: the parser gives either a scenario or errors, never both or neither; every error
// names a line and column inside the text and says something; an accepted scenario written back
// (write_scenario) parses again, and writing that gives the same text (the writer's promise that
// parse_scenario(write_scenario(s)) gives back s). Parsed under lowered expansion caps (kLimits),
// so an input asking for more gets the parser's limit error, which is checked like any other.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "scenario/scenario_parser.hpp"
#include "scenario/scenario_writer.hpp"

namespace {

using wireproof::scenario::parse_scenario;
using wireproof::scenario::ParseResult;
using wireproof::scenario::write_scenario;

// The parser's own caps (docs/SCENARIOS.md "Limits"), lowered: the limit checks run the same code
// at any size, and small caps keep each input to kilobytes of memset and round-trip instead of
// the megabytes a real file may use.
constexpr wireproof::scenario::ParseLimits kLimits{16 * 1024, 64 * 1024};

void check_errors(const ParseResult& result, std::string_view text) {
  const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  for (const auto& error : result.errors) {
    FUZZ_CHECK(!error.message.empty(), "error without a message at " + error.describe());
    FUZZ_CHECK(error.line >= 1 && error.line <= lines + 1,
               "error line " + std::to_string(error.line) + " outside the text (" + std::to_string(lines) +
                   " lines): " + error.describe());
    FUZZ_CHECK(error.column >= 1, "error column below 1: " + error.describe());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ParseResult result = parse_scenario(text, "fuzz.gnpt", "fuzz", kLimits);
  FUZZ_CHECK(result.scenario.has_value() != !result.errors.empty(),
             "scenario and errors: " + std::to_string(result.scenario.has_value()) + " / " +
                 std::to_string(result.errors.size()) + " errors");
  check_errors(result, text);
  if (!result.scenario) return 0;

  const std::string written = write_scenario(*result.scenario);
  const ParseResult again = parse_scenario(written, "written.gnpt", "fuzz", kLimits);
  FUZZ_CHECK(again.scenario.has_value(), "the written scenario does not parse: " +
                                             (again.errors.empty() ? std::string() : again.errors.front().describe()) +
                                             "\n--- written ---\n" + written);
  const std::string rewritten = write_scenario(*again.scenario);
  FUZZ_CHECK(rewritten == written, "writing the re-parsed scenario changed it\n--- first ---\n" + written +
                                       "\n--- second ---\n" + rewritten);
  return 0;
}
