// scenario_fuzzer: the .gnpt scenario parser (tools/wireproof/scenario, docs/SCENARIOS.md) on
// arbitrary text.
//
// Checked: the parser gives either a scenario or errors, never both or neither; every error
// names a line and column inside the text and says something; an accepted scenario written back
// (write_scenario) parses again, and writing that gives the same text (the writer's promise that
// parse_scenario(write_scenario(s)) gives back s). Inputs whose repetitions would expand to more
// than 1 MiB are skipped (see repetition_bytes).
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "scenario_parser.hpp"
#include "scenario_writer.hpp"

namespace {

using wireproof::scenario::parse_scenario;
using wireproof::scenario::ParseResult;
using wireproof::scenario::write_scenario;

// Bytes the `"..." * N` repetitions of the text would expand to, roughly (quoted length times N).
// The parser caps each byte string at 16 MiB by design; inputs asking for megabytes are skipped
// so the fuzzer spends its time on syntax rather than on memset.
std::uint64_t repetition_bytes(std::string_view text) {
  std::uint64_t total = 0;
  for (std::size_t star = text.find('*'); star != std::string_view::npos; star = text.find('*', star + 1)) {
    std::size_t quote = star;
    while (quote > 0 && text[quote - 1] == ' ') --quote;
    if (quote == 0 || text[quote - 1] != '"') continue;
    // quote - 1 is the closing quote; the previous quote opens the piece (escapes ignored: rough).
    const std::size_t open = quote >= 2 ? text.rfind('"', quote - 2) : std::string_view::npos;
    const std::uint64_t piece = open == std::string_view::npos ? quote : quote - open;
    std::uint64_t count = 0;
    std::size_t i = star + 1;
    while (i < text.size() && text[i] == ' ') ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9' && count < (1ULL << 40); ++i) {
      count = count * 10 + static_cast<std::uint64_t>(text[i] - '0');
    }
    total += piece * count;
  }
  return total;
}

constexpr std::uint64_t kMaxRepetitionBytes = 1 << 20;

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
  if (repetition_bytes(text) > kMaxRepetitionBytes) return 0;
  const ParseResult result = parse_scenario(text, "fuzz.gnpt", "fuzz");
  FUZZ_CHECK(result.scenario.has_value() != !result.errors.empty(),
             "scenario and errors: " + std::to_string(result.scenario.has_value()) + " / " +
                 std::to_string(result.errors.size()) + " errors");
  check_errors(result, text);
  if (!result.scenario) return 0;

  const std::string written = write_scenario(*result.scenario);
  const ParseResult again = parse_scenario(written, "written.gnpt", "fuzz");
  FUZZ_CHECK(again.scenario.has_value(), "the written scenario does not parse: " +
                                             (again.errors.empty() ? std::string() : again.errors.front().describe()) +
                                             "\n--- written ---\n" + written);
  const std::string rewritten = write_scenario(*again.scenario);
  FUZZ_CHECK(rewritten == written, "writing the re-parsed scenario changed it\n--- first ---\n" + written +
                                       "\n--- second ---\n" + rewritten);
  return 0;
}
