// Parse errors a new user hit (issue 13, item 6): raw bytes of the file echoed to the terminal,
// a UTF-8 BOM as an invisible "unknown keyword", errors that cascade or repeat.
#include <gtest/gtest.h>

#include "scenario/scenario_parser.hpp"

namespace wireproof::scenario {
namespace {

constexpr const char* kHeader = "section 4.3\nlevel MUST\ntitle \"t\"\n";

TEST(ScenarioParseErrors, ControlBytesAreShownInTheNotationNotEchoed) {
  const ParseResult result = parse_scenario(std::string(kHeader) + "\x1b]0;owned\x07 a\nconnect a\n", "x.gnpt", "x");
  ASSERT_EQ(result.errors.size(), 1u);
  const std::string shown = result.errors[0].describe();
  for (const char c : shown) EXPECT_GE(static_cast<unsigned char>(c), 0x20) << shown;
  EXPECT_NE(shown.find(R"(unknown keyword '\x1b]0;owned\x07')"), std::string::npos) << shown;
}

TEST(ScenarioParseErrors, Utf8BomAtStartIsAccepted) {
  const ParseResult result = parse_scenario("\xEF\xBB\xBF" + std::string(kHeader) + "connect a\nexpect a OK\n", "x.gnpt", "x");
  EXPECT_TRUE(result.errors.empty()) << result.errors.front().describe();
  ASSERT_TRUE(result.scenario.has_value());
  EXPECT_EQ(result.scenario->section, "4.3");
}

TEST(ScenarioParseErrors, ABadOnlyStepIsNotAlsoNoSteps) {
  const ParseResult result = parse_scenario(std::string(kHeader) + "send\n", "x.gnpt", "x");
  ASSERT_EQ(result.errors.size(), 1u) << result.errors.back().describe();
  EXPECT_EQ(result.errors[0].line, 4);
  EXPECT_NE(result.errors[0].message.find("expected a connection name"), std::string::npos);
  // Without any step line the file still gets "no steps".
  const ParseResult empty = parse_scenario(kHeader, "x.gnpt", "x");
  ASSERT_EQ(empty.errors.size(), 1u);
  EXPECT_EQ(empty.errors[0].message, "no steps");
}

TEST(ScenarioParseErrors, FileLimitIsReportedOnce) {
  const ParseLimits limits{100, 250};
  std::string text = std::string(kHeader) + "connect a\n";
  for (int i = 0; i < 10; ++i) text += "send a \"x\" * 100\n";  // the 3rd crosses 250, the rest too
  const ParseResult result = parse_scenario(text, "f.gnpt", "f", limits);
  ASSERT_EQ(result.errors.size(), 1u) << result.errors.back().describe();
  EXPECT_EQ(result.errors[0].line, 7);
}

}  // namespace
}  // namespace wireproof::scenario
