// PROTOCOL.md parsing (sections and requirement tags), citation checks, test-source citations and
// the coverage table behind docs/COVERAGE.md.
#include <gtest/gtest.h>

#include <fstream>

#include "coverage/citations.hpp"
#include "coverage/coverage_table.hpp"
#include "report/report_writers.hpp"
#include "scenario/scenario_parser.hpp"

namespace wireproof::coverage {
namespace {

constexpr const char* kSpec =
    "Intro: tags look like `[4.3/2 MUST NOT]`.\n"
    "\n"
    "## 4 Request framing\n"
    "\n"
    "**4.2 [4.2/1 MUST] A request MUST be at most 8192 bytes. [4.2/2 MUST] The limit applies to each\n"
    "request.**\n"
    "\n"
    "> More text without a tag.\n"
    "\n"
    "**4.3 Too large gets an error.**\n"
    "\n"
    "> [4.3/1 MUST NOT] The server MUST NOT resynchronise: bytes\n"
    "> after it are **never** read. [4.3/2 MUST] Boundary: `\\r\\n\\r` at the end is too large.\n"
    ">\n"
    "> [4.3/3 MAY] A server MAY log it.\n"
    "\n"
    "**Rationale.** [4.3/9 MUST] a tag in a rationale is not a requirement.\n"
    "\n"
    "## 9 TLS\n"
    "\n"
    "**9.1 TLS 1.2 or later.** [9.1/1 SHOULD] Servers SHOULD prefer 1.3.\n"
    "\n"
    "## 10 Limits\n"
    "\n"
    "**10.1 [10.1/1 SHOULD] Idle timeout: the server SHOULD close.**\n"
    "\n"
    "## 11 Conformance\n"
    "\n"
    "**11.5 MAYs.** [11.5/1 MUST] Checks MUST accept either choice.\n";

ProtocolCatalog catalog() {
  CatalogParse parsed = parse_protocol(kSpec);
  EXPECT_TRUE(parsed.errors.empty()) << parsed.errors.front();
  return parsed.catalog;
}

scenario::Scenario make(const std::string& id, const std::string& header) {
  const std::string text = header + "level MUST\ntitle \"t\"\nconnect a\n";
  scenario::ParseResult r = scenario::parse_scenario(text, id + ".gnpt", id);
  EXPECT_TRUE(r.scenario) << r.errors.front().describe();
  return *r.scenario;
}

TEST(ProtocolCatalog, ParsesSectionsAndScope) {
  const ProtocolCatalog c = catalog();
  ASSERT_EQ(c.sections.size(), 5u);
  EXPECT_EQ(c.sections[0].number, "4.2");
  EXPECT_EQ(c.sections[0].keyword, "MUST");
  EXPECT_EQ(c.sections[0].summary, "A request MUST be at most 8192 bytes. The limit applies to each request.");
  EXPECT_EQ(c.sections[1].keyword, "MUST");  // 4.3: from its MUST NOT, in the quoted text
  EXPECT_EQ(c.sections[2].number, "9.1");
  EXPECT_EQ(c.sections[2].keyword, "SHOULD");
  EXPECT_EQ(c.sections[2].required_by, "TLS");  // 11.2: certify --tls must cover section 9
  EXPECT_EQ(c.sections[0].required_by, "Core");
  EXPECT_EQ(c.sections[3].required_by, "Core");  // 10.1 SHOULD is run with small settings
  EXPECT_EQ(c.sections[4].required_by, "");
}

TEST(ProtocolCatalog, CutsParagraphsAtTags) {
  const ProtocolCatalog c = catalog();
  ASSERT_EQ(c.requirements.size(), 8u);  // the intro's and the rationale's tags are not requirements
  const Requirement* r = c.requirement("4.3/1");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->section, "4.3");
  EXPECT_EQ(r->number, 1);
  EXPECT_EQ(r->klass, "MUST NOT");
  EXPECT_TRUE(r->pass_fail());
  EXPECT_EQ(r->line, 12);
  // Joined over the line break, '>' and '**' removed, cut before the next tag.
  EXPECT_EQ(r->text, "The server MUST NOT resynchronise: bytes after it are never read.");
  EXPECT_EQ(c.requirement("4.3/2")->text, "Boundary: `\\r\\n\\r` at the end is too large.");
  EXPECT_EQ(c.requirement("4.3/3")->klass, "MAY");
  EXPECT_FALSE(c.requirement("4.3/3")->pass_fail());
  EXPECT_EQ(c.requirement("4.2/1")->text, "A request MUST be at most 8192 bytes.");
  EXPECT_EQ(c.requirement("4.2/2")->text, "The limit applies to each request.");  // ends with the paragraph
  EXPECT_EQ(c.requirement("9.1/1")->text, "Servers SHOULD prefer 1.3.");
  EXPECT_EQ(c.requirement("4.3/9"), nullptr);
  EXPECT_EQ(c.requirement("4.3/4"), nullptr);
}

TEST(ProtocolCatalog, ReportsBadTags) {
  const CatalogParse p = parse_protocol(
      "## 4 F\n\n**4.1 A.** [4.1/1 MUST] x. [4.1/1 MUST] again. [4.2/1 MUST] wrong section.\n"
      "[4.1/2 MUTS] misspelt. [4.1/3] no class. [4.1/04 MAY] zero.\n");
  ASSERT_EQ(p.errors.size(), 5u);
  EXPECT_EQ(p.errors[0], "line 3: requirement 4.1/1 is tagged twice (first on line 3)");
  EXPECT_EQ(p.errors[1], "line 3: tag [4.2/1] is in section 4.1; its ID must start with 4.1/");
  EXPECT_NE(p.errors[2].find("line 4: tag [4.1/2 MUTS] needs a class"), std::string::npos) << p.errors[2];
  EXPECT_NE(p.errors[3].find("tag [4.1/3] needs a class"), std::string::npos) << p.errors[3];
  EXPECT_NE(p.errors[4].find("leading zero"), std::string::npos) << p.errors[4];
}

TEST(ProtocolCatalog, LoadNamesTheFileInErrors) {
  std::string error;
  EXPECT_FALSE(load_protocol("/nonexistent/PROTOCOL.md", &error));
  EXPECT_EQ(error, "/nonexistent/PROTOCOL.md: cannot read");
  const std::string path = ::testing::TempDir() + "/bad-protocol.md";
  std::ofstream(path) << "## 4 F\n\n**4.1 A.** [4.1/1 MUST] x. [4.1/1 MUST] y.\n";
  EXPECT_FALSE(load_protocol(path, &error));
  EXPECT_EQ(error, path + ":3: requirement 4.1/1 is tagged twice (first on line 3)");
}

TEST(ProtocolCatalog, TheRealDocumentParses) {
  std::string error;
  const auto c = load_protocol(std::string(WIREPROOF_TEST_SOURCE_DIR) + "/docs/PROTOCOL.md", &error);
  ASSERT_TRUE(c) << error;
  EXPECT_GE(c->requirements.size(), 120u);
  const Requirement* r = c->requirement("4.3/7");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->klass, "MUST");
  EXPECT_EQ(r->text.rfind("Boundary cases: if those 8192 octets end with", 0), 0u) << r->text;
  for (const Requirement& q : c->requirements) {
    EXPECT_FALSE(q.text.empty()) << q.id;
    EXPECT_EQ(q.text.find('['), std::string::npos) << q.id << ": " << q.text;  // no tag left inside
  }
}

TEST(Citations, UnknownSectionsAndRequirementsAreErrors) {
  const ProtocolCatalog c = catalog();
  const std::vector<scenario::Scenario> scenarios = {make("good", "section 4.3\nrequirement 4.3/1 4.3/2\n"),
                                                     make("bad", "section 4.9\nrequirement 4.3/1 4.3/9\n"),
                                                     make("derived", "requirement 9.1/1\n")};
  EXPECT_EQ(scenarios[2].section, "9.1");
  const std::vector<scenario::ParseError> errors = check_citations(c, scenarios);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].describe(), "bad.gnpt:1:9: PROTOCOL.md has no section 4.9");
  EXPECT_EQ(errors[1].describe(), "bad.gnpt:2:19: PROTOCOL.md has no requirement 4.3/9");
}

TEST(Citations, FailureNamesTheStepsRequirement) {
  const ProtocolCatalog c = catalog();
  scenario::ParseResult p = scenario::parse_scenario(
      "requirement 4.3/1 4.3/2\nlevel MUST\ntitle \"t\"\nconnect a\nexpect a OK [4.3/2]\nexpect a OK\n", "s.gnpt", "s");
  ASSERT_TRUE(p.scenario) << p.errors.front().describe();
  std::vector<certify::CaseResult> results(3);
  for (auto& r : results) r.scenario = &*p.scenario;
  results[0].verdict = certify::Verdict::fail;
  results[0].line = 5;
  results[1].verdict = certify::Verdict::timeout;
  results[1].line = 6;
  results[2].verdict = certify::Verdict::pass;
  results[2].line = 5;
  name_broken_requirements(c, results);
  EXPECT_EQ(results[0].requirement, "4.3/2");
  EXPECT_EQ(results[0].requirement_text, "Boundary: `\\r\\n\\r` at the end is too large.");
  EXPECT_EQ(results[1].requirement, "4.3/1");  // no annotation: the scenario's first
  EXPECT_EQ(results[2].requirement, "");       // passed: nothing broken
}

TEST(Citations, EveryReportFormatNamesTheBrokenRequirementWithItsSentence) {
  const ProtocolCatalog c = catalog();
  scenario::ParseResult p = scenario::parse_scenario(
      "requirement 4.3/1 4.3/2\nlevel MUST\ntitle \"t\"\nconnect a\nexpect a OK [4.3/2]\n", "s.gnpt", "s");
  ASSERT_TRUE(p.scenario) << p.errors.front().describe();
  report::RunReport rr;
  rr.results.resize(1);
  rr.results[0].scenario = &*p.scenario;
  rr.results[0].strategy = "whole";
  rr.results[0].verdict = certify::Verdict::fail;
  rr.results[0].line = 5;
  rr.results[0].message = "expected OK";
  name_broken_requirements(c, rr.results);
  rr.exit_code = report::exit_code_for(rr.results, "");
  EXPECT_NE(report::text_summary(rr).find("breaks 4.3/2: Boundary: `\\r\\n\\r` at the end is too large."),
            std::string::npos) << report::text_summary(rr);
  const std::string json = report::json_report(rr);
  EXPECT_NE(json.find("\"requirement\":\"4.3/2\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"requirement_text\":\"Boundary: `"), std::string::npos) << json;
  EXPECT_NE(report::junit_report(rr).find("breaks 4.3/2: Boundary: `"), std::string::npos) << report::junit_report(rr);
  EXPECT_NE(report::html_report(rr).find("breaks <b>4.3/2</b>: Boundary: `"), std::string::npos);
}

// Built from pieces so that the coverage scan of this directory does not count these as citations.
const std::string kCovers = std::string("cov") + "ers:";

TEST(CoverageSources, FindsCitationsInTestSources) {
  std::vector<std::string> errors;
  const std::string text = "x\n// " + kCovers + " 4.3/1 4.3/2, and more\n# " + kCovers + " 9.1/1.\n// " + kCovers +
                           " nothing\n";
  const std::vector<MechanismCitation> c = citations_in(text, "t/x_test.cpp", "unit", &errors);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].requirement, "4.3/1");
  EXPECT_EQ(c[0].line, 2);
  EXPECT_EQ(c[1].requirement, "4.3/2");
  EXPECT_EQ(c[2].requirement, "9.1/1");
  EXPECT_EQ(c[2].mechanism, "unit");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "t/x_test.cpp:4: '" + kCovers + "' is not followed by a requirement ID such as 4.3/2");
}

TEST(CoverageSources, ParsesTheUnobservableList) {
  std::vector<std::string> errors;
  const Unobservable u =
      parse_unobservable("# comment\n4.3/3  logging is not on the wire\n\n4.3/x why\n4.3/3 again\n4.2/1\n", "u.txt", &errors);
  ASSERT_EQ(u.reasons.size(), 1u);
  EXPECT_EQ(u.reasons.at("4.3/3"), "logging is not on the wire");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0], "u.txt:4: '4.3/x' is not a requirement ID such as 4.3/2");
  EXPECT_EQ(errors[1], "u.txt:5: 4.3/3 listed twice (first on line 2)");
  EXPECT_EQ(errors[2], "u.txt:6: 4.2/1 needs a reason: why no check can observe it on the wire");
}

TEST(CoverageTable, ListsWhatCoversEachRequirementAndFindsGaps) {
  const ProtocolCatalog c = catalog();
  const std::vector<scenario::Scenario> scenarios = {make("framing/a", "requirement 4.2/1\n"),
                                                     make("framing/b", "requirement 4.2/1 4.3/3\n"),
                                                     make("old", "section 4.2\n")};
  const std::vector<MechanismCitation> mechanisms = {{"4.3/1", "unit", "server_under_test/tests/framer_test.cpp", 3},
                                                     {"4.7/1", "fuzz", "fuzz/x.cpp", 9}};
  Unobservable unobservable;
  unobservable.reasons = {{"4.3/2", "inside the server"}, {"4.3/3", "wrongly marked"}};
  unobservable.lines = {{"4.3/2", 1}, {"4.3/3", 2}};
  const CoverageInputs in{c, scenarios, mechanisms, unobservable};
  const std::string table = coverage_markdown(in);
  EXPECT_NE(table.find("| 4.2/1 | MUST | Core | `framing/a`<br>`framing/b` | - | A request MUST be at most 8192 bytes. |"),
            std::string::npos) << table;
  EXPECT_NE(table.find("| 4.3/1 | MUST NOT | Core | - | unit `framer_test.cpp` |"), std::string::npos) << table;
  EXPECT_NE(table.find("| 4.3/2 | MUST | Core | - | **unobservable**: inside the server |"), std::string::npos) << table;
  EXPECT_NE(table.find("| 4.2 | MUST | Core | 2 | 1 |"), std::string::npos) << table;
  const CoverageFigures f = coverage_figures(in);
  EXPECT_EQ(f.requirements, 8);
  EXPECT_EQ(f.pass_fail, 5);  // 4.2/1 4.2/2 4.3/1 4.3/2 11.5/1
  EXPECT_EQ(f.by_scenarios, 2);
  EXPECT_EQ(f.by_other_only, 1);
  EXPECT_EQ(f.unobservable, 1);
  EXPECT_EQ(f.uncovered, 4);
  EXPECT_EQ(f.pass_fail_without_scenario, std::vector<std::string>{"4.3/1"});
  const std::vector<CoverageGap> gaps = coverage_gaps(in);
  ASSERT_EQ(gaps.size(), 4u);
  EXPECT_EQ(gaps[0].where, "4.2/2");  // MUST, covered by nothing; 11.5/1 binds no level, SHOULDs never fail
  EXPECT_NE(gaps[0].what.find("covered by nothing"), std::string::npos);
  EXPECT_EQ(gaps[1].where, "4.3/3");  // marked, but a scenario checks it
  EXPECT_EQ(gaps[2].where, "old");    // cites no requirement
  EXPECT_EQ(gaps[3].where, "fuzz/x.cpp:9");
  EXPECT_EQ(gaps[3].what, "PROTOCOL.md has no requirement 4.7/1");
}

}  // namespace
}  // namespace wireproof::coverage
