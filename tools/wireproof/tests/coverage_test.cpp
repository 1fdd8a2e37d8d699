// PROTOCOL.md paragraph parsing and the coverage table behind docs/COVERAGE.md.
#include <gtest/gtest.h>

#include "coverage_table.hpp"
#include "scenario_parser.hpp"

namespace wireproof::coverage {
namespace {

constexpr const char* kSpec =
    "## 4 Request framing\n"
    "\n"
    "**4.2 A request MUST be at most 8192 bytes. The limit applies to each\n"
    "request.**\n"
    "\n"
    "> More text.\n"
    "\n"
    "**4.3 Too large gets an error.**\n"
    "\n"
    "> The server MUST NOT resynchronise.\n"
    "\n"
    "## 9 TLS\n"
    "\n"
    "**9.1 TLS 1.2 or later.** Servers SHOULD prefer 1.3.\n"
    "\n"
    "## 10 Limits\n"
    "\n"
    "**10.1 Idle timeout: the server SHOULD close.**\n";

scenario::Scenario make(const std::string& id, const std::string& section) {
  const std::string text = "section " + section + "\nlevel MUST\ntitle \"t\"\nconnect a\n";
  return *scenario::parse_scenario(text, id + ".gnpt", id).scenario;
}

TEST(ProtocolSections, ParsesNumbersKeywordsAndScope) {
  const std::vector<ProtocolSection> s = parse_protocol_sections(kSpec);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0].number, "4.2");
  EXPECT_EQ(s[0].keyword, "MUST");
  EXPECT_EQ(s[0].summary, "A request MUST be at most 8192 bytes. The limit applies to each request.");
  EXPECT_EQ(s[1].keyword, "MUST");  // from the quoted explanation, not the lead
  EXPECT_EQ(s[2].number, "9.1");
  EXPECT_EQ(s[2].keyword, "SHOULD");
  EXPECT_EQ(s[2].required_by, "TLS");  // 11.2: certify --tls must cover section 9
  EXPECT_EQ(s[0].required_by, "Core");
  EXPECT_EQ(s[3].required_by, "Core");  // 10.1 SHOULD is run with small settings
  EXPECT_EQ(s[3].keyword, "SHOULD");
}

TEST(CoverageTable, ListsScenariosAndFindsGaps) {
  const std::vector<ProtocolSection> sections = parse_protocol_sections(kSpec);
  const std::vector<scenario::Scenario> scenarios = {make("framing/a", "4.2"), make("framing/b", "4.2"),
                                                     make("stray", "4.9")};
  const std::string table = coverage_markdown(sections, scenarios);
  EXPECT_NE(table.find("| 4.2 | MUST | Core | 2 | 0 | `framing/a`<br>`framing/b` |"), std::string::npos) << table;
  EXPECT_NE(table.find("| 4.3 | MUST | Core | 0 | 0 | - |"), std::string::npos) << table;
  EXPECT_NE(table.find("| 9.1 | SHOULD | TLS | 0 | 0 | - |"), std::string::npos) << table;
  const std::vector<CoverageGap> gaps = coverage_gaps(sections, scenarios);
  ASSERT_EQ(gaps.size(), 4u);  // 4.3, 9.1 (TLS level) and 10.1 uncovered, 4.9 unknown
  EXPECT_EQ(gaps[0].section, "4.3");
  EXPECT_EQ(gaps[1].section, "9.1");
  EXPECT_NE(gaps[1].what.find("TLS level"), std::string::npos) << gaps[1].what;
  EXPECT_EQ(gaps[2].section, "10.1");
  EXPECT_EQ(gaps[3].section, "4.9");
}

}  // namespace
}  // namespace wireproof::coverage
