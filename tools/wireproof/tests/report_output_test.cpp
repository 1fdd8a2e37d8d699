// What the certify reports and progress lines show of a failure message (issue 13, item 6):
// quoted protocol bytes escaped exactly once, no raw control byte, bounded lengths, seeds that
// survive a JSON reader with doubles (jq, JavaScript).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "report/progress.hpp"
#include "report/report_writers.hpp"

namespace wireproof::report {
namespace {

// What the scenario runner writes for a mismatch: protocol bytes quoted in the 1.2 notation.
const std::string kMessage = R"(expect: expected "OK\r\n\r\n"; got "ERR bad-request\r\n")";

scenario::Scenario make_scenario() {
  scenario::Scenario s;
  s.id = "04-framing/example";
  s.file = "conformance/scenarios/04-framing/example.gnpt";
  s.title = "a \"quoted\" title";
  s.section = "4.3";
  return s;
}

RunReport make_report(const scenario::Scenario& s, const std::string& message) {
  RunReport rr;
  rr.target_kind = "server";
  rr.target = "gnp-server --port {port}";
  rr.started_at = "2026-01-01T00:00:00Z";
  rr.seed = 1;
  rr.strategies = {"whole"};
  CaseResult r;
  r.scenario = &s;
  r.strategy = "whole";
  r.verdict = Verdict::fail;
  r.message = message;
  r.line = 9;
  rr.results.push_back(r);
  rr.exit_code = 1;
  return rr;
}

std::string progress_output(const CaseResult& r, bool live) {
  std::FILE* file = std::tmpfile();
  Progress progress(file, live);
  progress.scenario_done({r}, 1, 1);
  progress.finish();
  std::string out(static_cast<std::size_t>(std::ftell(file)), '\0');
  std::rewind(file);
  const std::size_t n = std::fread(out.data(), 1, out.size(), file);
  out.resize(n);
  std::fclose(file);
  return out;
}

bool has_control_byte(const std::string& text) {
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && c != '\n' && c != '\r') || b >= 0x7f) return true;
  }
  return false;
}

TEST(ReportOutput, MessageQuotedOnceInEveryFormat) {
  const scenario::Scenario s = make_scenario();
  const RunReport rr = make_report(s, kMessage);

  const boost::json::value json = boost::json::parse(json_report(rr));
  EXPECT_EQ(json.at("results").at(0).at("message").as_string(), kMessage);
  EXPECT_EQ(json.at("results").at(0).at("title").as_string(), s.title);

  const std::string in_markup = R"(expected &quot;OK\r\n\r\n&quot;; got &quot;ERR bad-request\r\n&quot;)";
  const std::string html = html_report(rr);
  EXPECT_NE(html.find(in_markup), std::string::npos) << html;
  EXPECT_EQ(html.find(R"(\&quot;)"), std::string::npos);
  EXPECT_NE(html.find("a &quot;quoted&quot; title"), std::string::npos);

  const std::string junit = junit_report(rr);
  EXPECT_NE(junit.find("message=\"" + std::string(R"(expect: expected &quot;OK\r\n\r\n&quot;)")), std::string::npos) << junit;
  EXPECT_EQ(junit.find(R"(\&quot;)"), std::string::npos) << junit;
  EXPECT_EQ(junit.find(R"(\\r)"), std::string::npos) << junit;

  EXPECT_NE(text_summary(rr).find(kMessage), std::string::npos);
  const std::string log = progress_output(rr.results[0], false);
  EXPECT_NE(log.find(kMessage), std::string::npos) << log;
}

TEST(ReportOutput, ControlBytesInAMessageNeverReachTheOutput) {
  // e.g. an exception text carrying the server's bytes: ESC ] 0 ; title BEL retitles a terminal.
  const scenario::Scenario s = make_scenario();
  const RunReport rr = make_report(s, "connect a: \x1b]0;pwned\x07 and \xc3\xa9");
  for (std::string out : {text_summary(rr), html_report(rr), junit_report(rr), progress_output(rr.results[0], false),
                           progress_output(rr.results[0], true)}) {
    for (std::size_t at = out.find("\033[K"); at != std::string::npos; at = out.find("\033[K")) out.erase(at, 3);
    EXPECT_FALSE(has_control_byte(out)) << out;
    EXPECT_NE(out.find(R"(\x1b]0;pwne)"), std::string::npos) << out;  // the live line is cut at 80 columns
  }
  const boost::json::value json = boost::json::parse(json_report(rr));
  EXPECT_EQ(json.at("results").at(0).at("message").as_string(), R"(connect a: \x1b]0;pwned\x07 and \xc3\xa9)");
}

TEST(ReportOutput, LongMessagesAreBoundedAndSaySo) {
  const scenario::Scenario s = make_scenario();
  const std::string long_message = "expected \"" + std::string(8192, 'x') + "\"";
  const RunReport rr = make_report(s, long_message);

  // Every line that quotes the message (the root cause's description and the failure's own line)
  // is bounded; the failure's line says how long the message was.
  const std::string summary = text_summary(rr);
  bool quoted = false, total_said = false;
  for (std::size_t at = summary.find("expected \"xxx"); at != std::string::npos; at = summary.find("expected \"xxx", at + 1)) {
    const std::string line = summary.substr(at, summary.find('\n', at) - at);
    quoted = true;
    EXPECT_LT(line.size(), 600u) << line;
    total_said = total_said || line.find("(8203 bytes in all)") != std::string::npos;
  }
  EXPECT_TRUE(quoted) << summary;
  EXPECT_TRUE(total_said) << summary;

  const std::string log = progress_output(rr.results[0], false);
  EXPECT_LT(log.size(), 600u);
  EXPECT_NE(log.find("(8203 bytes in all)"), std::string::npos) << log;

  // JSON keeps up to 64 KiB whole; past that it is cut and says so.
  const boost::json::value whole = boost::json::parse(json_report(rr));
  EXPECT_EQ(whole.at("results").at(0).at("message").as_string(), long_message);
  EXPECT_EQ(whole.at("results").at(0).as_object().count("message_truncated"), 0u);
  const RunReport huge = make_report(s, std::string(100'000, 'y'));
  const boost::json::value cut = boost::json::parse(json_report(huge));
  EXPECT_EQ(cut.at("results").at(0).at("message").as_string().size(), 65536u);
  EXPECT_EQ(cut.at("results").at(0).at("message_truncated").as_bool(), true);
  EXPECT_EQ(cut.at("results").at(0).at("message_bytes").to_number<std::uint64_t>(), 100'000u);
}

TEST(ReportOutput, LiveLineFitsTheTerminalWidth) {
  // Not a terminal, so the width comes from COLUMNS (TIOCGWINSZ fails on a file).
  ::setenv("COLUMNS", "40", 1);
  const scenario::Scenario s = make_scenario();
  const RunReport rr = make_report(s, std::string(8192, 'x'));
  const std::string out = progress_output(rr.results[0], true);
  ::unsetenv("COLUMNS");
  // Every piece between redraws (\r, \n) shows at most 39 characters once "\033[K" is removed.
  std::string visible;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out.compare(i, 3, "\033[K") == 0) {
      i += 2;
      continue;
    }
    if (out[i] == '\r' || out[i] == '\n') {
      EXPECT_LE(visible.size(), 39u) << visible;
      visible.clear();
      continue;
    }
    visible += out[i];
  }
  EXPECT_LE(visible.size(), 39u) << visible;
}

TEST(ReportOutput, SeedsAreJsonStrings) {
  const scenario::Scenario s = make_scenario();
  RunReport rr = make_report(s, kMessage);
  rr.seed = (std::uint64_t{1} << 63) + 5;  // a double cannot hold it: 9223372036854775813 -> ...808
  rr.results[0].seed = 18446744073709551557ull;
  const boost::json::value json = boost::json::parse(json_report(rr));
  EXPECT_EQ(json.at("seed").as_string(), "9223372036854775813");
  EXPECT_EQ(json.at("results").at(0).at("seed").as_string(), "18446744073709551557");
}

}  // namespace
}  // namespace wireproof::report
