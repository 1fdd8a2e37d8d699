#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "harness/escape.hpp"
#include "report/markup_escape.hpp"
#include "report/report_writers.hpp"
#include "report/root_causes.hpp"
#include "scenario/scenario_writer.hpp"

namespace wireproof::report {
namespace {

std::string html(std::string_view text) { return escape_markup(text); }

// Raw protocol bytes, shown printable.
std::string bytes_html(const std::string& bytes, std::uint64_t total) {
  std::string text = html(scenario::write_bytes(bytes));  // folds runs: "x" * 8184
  if (total > bytes.size()) text += " <i>... (" + std::to_string(total) + " bytes in all)</i>";
  return text;
}

std::string cell_class(const Counts& c) {
  if (c.failed > 0) return "bad";
  if (c.passed > 0) return "good";
  return "none";
}

constexpr const char* kStyle = R"(
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
.verdict { font-size: 1.3em; font-weight: bold; padding: .4em .8em; display: inline-block; border-radius: 4px; }
.pass { background: #d4f4d4; color: #155d15; } .fail { background: #f8d4d4; color: #8a1414; }
table { border-collapse: collapse; } th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: center; }
th { background: #f0f0f0; } td.section { text-align: left; font-weight: bold; }
td.good { background: #d4f4d4; } td.bad { background: #f4b4b4; font-weight: bold; } td.none { color: #999; }
details { margin: .6em 0; border: 1px solid #e0a0a0; border-radius: 4px; padding: .4em .8em; background: #fff8f8; }
summary { cursor: pointer; font-weight: bold; } code, pre { font: 12px/1.4 ui-monospace, monospace; }
pre { background: #f6f6f6; padding: .5em; white-space: pre-wrap; word-break: break-all; }
.muted { color: #777; }
)";

}  // namespace

std::string html_report(const RunReport& report) {
  const ScenarioTotals t = scenario_totals(report.results);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>wireproof certify: " +
                    html(report.target) + "</title>\n<style>" + kStyle + "</style></head><body>\n";
  out += "<h1>wireproof certify</h1>\n<p>" + html(report.target_kind) + ": <code>" + html(report.target) +
         "</code><br>level tested: " + html(report.level) + " (" +
         html(report.tls.empty() ? std::string("plain TCP") : report.tls) + ")<br><span class=\"muted\">started " +
         html(report.started_at) + ", " +
         std::to_string(static_cast<long>(report.duration_ms)) + " ms, seed " + std::to_string(report.seed) +
         "<br>wireproof " + html(report.wireproof_version) + ", suite " + html(report.suite_hash) + " (" +
         std::to_string(report.suite_scenarios) + " scenarios)" +
         (report.baseline.empty() ? "" : ", baseline " + html(printable_text(report.baseline))) + "</span></p>\n";
  out += std::string("<p class=\"verdict ") + (report.exit_code == 0 ? "pass\">PASS" : "fail\">FAIL") + "</p>\n";
  out += "<p>MUST scenarios: " + std::to_string(t.must_passed) + " passed, " + std::to_string(t.must_failed) +
         " failed, " + std::to_string(t.must_skipped) + " skipped. SHOULD scenarios: " + std::to_string(t.should_passed) +
         " passed, " + std::to_string(t.should_failed) + " failed, " + std::to_string(t.should_skipped) +
         " skipped.</p>\n";
  if (!report.stateful.empty()) out += "<p>" + html(printable_text(report.stateful)) + "</p>\n";
  if (!report.setup_error.empty()) out += "<pre>setup error: " + html(printable_text(report.setup_error)) + "</pre>\n";
  if (!report.preflight.empty()) out += "<p>preflight: <code>" + html(report.preflight) + "</code></p>\n";

  // Failure boxes: one per scenario and root cause, numbered; cells of the matrix link to them.
  const std::vector<RootCause> causes = root_causes(report.results);
  std::map<std::pair<std::string, std::string>, std::string> first_box;  // (section, strategy) -> anchor
  int box = 0;
  for (const RootCause& cause : causes) {
    for (const ScenarioFailure& f : cause.failures) {
      const std::string anchor = "failure-" + std::to_string(++box);
      for (const std::string& strategy : f.strategies) first_box.try_emplace({f.example->scenario->section, strategy}, anchor);
    }
  }

  // Sections x strategies: passed/total cases per cell.
  std::vector<std::string> columns = report.strategies;
  std::set<std::string> extra;
  for (const CaseResult& r : report.results) {
    if (std::find(columns.begin(), columns.end(), r.strategy) == columns.end()) extra.insert(r.strategy);
  }
  columns.insert(columns.end(), extra.begin(), extra.end());
  out += "<h2>Sections &times; segmentation strategies</h2>\n<table><tr><th>section</th><th>MUST</th><th>SHOULD</th>";
  for (const std::string& c : columns) out += "<th>" + html(c == "-" ? "not run" : c) + "</th>";
  out += "</tr>\n";
  for (const SectionSummary& s : summarize_sections(report.results)) {
    out += "<tr><td class=\"section\">" + html(s.section) + "</td><td>" + std::to_string(s.must_scenarios) +
           "</td><td>" + std::to_string(s.should_scenarios) + "</td>";
    for (const std::string& c : columns) {
      const auto it = s.by_strategy.find(c);
      if (it == s.by_strategy.end()) {
        out += "<td class=\"none\">&ndash;</td>";
        continue;
      }
      const Counts& n = it->second;
      const std::string text = std::to_string(n.passed) + "/" + std::to_string(n.total());
      const auto link = first_box.find({s.section, c});
      out += "<td class=\"" + cell_class(n) + "\">" +
             (n.failed > 0 && link != first_box.end() ? "<a href=\"#" + link->second + "\">" + text + "</a>" : text) +
             "</td>";
    }
    out += "</tr>\n";
  }
  out += "</table>\n";

  out += "<h2>Failures: " + html(root_cause_count(causes.size())) + "</h2>\n";
  if (!causes.empty()) {
    out += "<ol>\n";
    for (const RootCause& cause : causes) {
      out += "<li>" + html(cause.description) + " <span class=\"muted\">(" + std::to_string(cause.failures.size()) +
             " scenario(s), " + std::to_string(cause.cases()) + " case(s))</span></li>\n";
    }
    out += "</ol>\n";
  }
  box = 0;
  for (std::size_t i = 0; i < causes.size(); ++i) {
    out += "<h3>Root cause " + std::to_string(i + 1) + ": " + html(causes[i].description) + "</h3>\n";
    for (const ScenarioFailure& f : causes[i].failures) {
      const CaseResult& r = *f.example;
      out += "<details open id=\"failure-" + std::to_string(++box) + "\"><summary>" +
             html(std::string(outcome_name(r.verdict))) + " &mdash; " + html(r.scenario->section) + " " +
             html(std::string(scenario::level_name(r.scenario->level))) + " &mdash; " + html(r.scenario->id) + " [" +
             html(f.strategy_list()) + "]</summary>\n";
      out += "<p>" + html(printable_text(r.scenario->title)) + "<br><code>" + html(r.scenario->file) +
             (r.line != 0 ? ":" + std::to_string(r.line) : "") + "</code></p>\n<pre>" + html(printable_text(r.message)) +
             "</pre>\n";
      for (const certify::Traffic& tr : r.traffic) {
        out += "<p>connection <b>" + html(tr.connection) + "</b></p><pre>sent:     " +
               bytes_html(tr.sent, tr.sent_total) + "\nreceived: " + bytes_html(tr.received, tr.received_total) +
               "</pre>\n";
      }
      if (!r.requirement.empty()) {
        out += "<p>breaks <b>" + html(r.requirement) + "</b>: " + html(r.requirement_text) + "</p>\n";
      }
      if (!r.liveness.empty()) out += "<p>liveness after the failure: <code>" + html(printable_text(r.liveness)) + "</code></p>\n";
      if (!r.server_output.empty()) {
        out += "<p>last server output</p><pre>";
        for (const std::string& line : r.server_output) out += html(printable_text(line)) + "\n";
        out += "</pre>\n";
      }
      out += "</details>\n";
    }
  }
  if (causes.empty()) out += "<p>None.</p>\n";
  bool known = false;  // --baseline: known failures and xpasses, listed apart from the root causes
  for (const CaseResult& r : report.results) {
    if (!certify::is_xfail(r) && !certify::is_xpass(r)) continue;
    if (!known) out += "<h2>In the baseline (" + html(printable_text(report.baseline)) + ")</h2>\n<ul>\n";
    known = true;
    out += "<li>" + html(std::string(certify::case_status(r))) + " &mdash; " + html(r.scenario->section) + " " +
           html(r.scenario->id) + " [" + html(r.strategy) + "]: " + html(printable_text(r.known_failure)) + "</li>\n";
  }
  if (known) out += "</ul>\n";

  bool skipped = false;
  for (const CaseResult& r : report.results) {
    if (r.verdict != Verdict::skip) continue;
    if (!skipped) out += "<h2>Skipped</h2>\n<ul>\n";
    skipped = true;
    out += "<li><code>" + html(r.scenario->id) + "</code> (" + html(r.scenario->section) + "): " + html(printable_text(r.message)) +
           "</li>\n";
  }
  if (skipped) out += "</ul>\n";
  out += "</body></html>\n";
  return out;
}

}  // namespace wireproof::report
