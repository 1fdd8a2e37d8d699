#include <algorithm>
#include <cstdio>

#include "escape.hpp"
#include "report_writers.hpp"
#include "root_causes.hpp"
#include "scenario_writer.hpp"

namespace wireproof::report {
namespace {

constexpr std::size_t kDetailedPerCause = 4;  // failures shown with message and traffic per root cause

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string shown(const std::string& bytes, std::uint64_t total) {
  std::string text = scenario::write_bytes(bytes);  // folds runs: "x" * 8184
  if (total > bytes.size()) text += " ... (" + std::to_string(total) + " bytes in all)";
  return text;
}

}  // namespace

std::string text_summary(const RunReport& report) {
  std::string out = "\nsection  MUST SHOULD  cases  passed  failed  skipped\n";
  for (const SectionSummary& s : summarize_sections(report.results)) {
    char line[160];
    std::snprintf(line, sizeof line, "%s %4d %6d  %5d  %6d  %6d  %7d\n", pad(s.section, 8).c_str(), s.must_scenarios,
                  s.should_scenarios, s.cases.total(), s.cases.passed, s.cases.failed, s.cases.skipped);
    out += line;
  }

  if (!report.preflight.empty()) out += "\npreflight: " + report.preflight + "\n";
  const std::vector<RootCause> causes = root_causes(report.results);
  if (!causes.empty()) out += "\nfailures: " + root_cause_count(causes.size()) + "\n";
  for (std::size_t i = 0; i < causes.size(); ++i) {
    const RootCause& cause = causes[i];
    out += "\n  root cause " + std::to_string(i + 1) + ": " + cause.description + "  (" +
           std::to_string(cause.failures.size()) + " scenario(s), " + std::to_string(cause.cases()) + " case(s))\n";
    std::string also;  // past the first few, scenarios are only named (the HTML report shows them all)
    for (std::size_t k = 0; k < cause.failures.size(); ++k) {
      const ScenarioFailure& f = cause.failures[k];
      const CaseResult& r = *f.example;
      if (k >= kDetailedPerCause) {
        also += (also.empty() ? "" : ", ") + r.scenario->id + " (" + r.scenario->section + ")";
        continue;
      }
      out += "    " + std::string(outcome_name(r.verdict)) + "  " + r.scenario->section + " " +
             std::string(scenario::level_name(r.scenario->level)) + "  " + r.scenario->id + " [" + f.strategy_list() +
             "]\n";
      out += "        " + r.scenario->file + (r.line != 0 ? ":" + std::to_string(r.line) : "") + ": " +
             r.message + "\n";
      if (!r.requirement.empty()) out += "        breaks " + r.broken_requirement() + "\n";
      for (const certify::Traffic& t : r.traffic) {
        out += "        " + t.connection + " sent:     " + shown(t.sent, t.sent_total) + "\n";
        out += "        " + t.connection + " received: " + shown(t.received, t.received_total) + "\n";
      }
      for (const std::string& line : r.server_output) out += "        server| " + escape_bytes(line) + "\n";
      if (!r.liveness.empty()) out += "        liveness: " + escape_bytes(r.liveness) + "\n";
    }
    if (!also.empty()) {
      out += "    and " + std::to_string(cause.failures.size() - kDetailedPerCause) + " more failing the same way: " + also +
             "\n";
    }
  }

  // Skips grouped by reason: a plain run skips every TLS scenario for the same reason.
  std::vector<std::pair<std::string, std::vector<const CaseResult*>>> skips;
  for (const CaseResult& r : report.results) {
    if (r.verdict != Verdict::skip) continue;
    auto it = std::find_if(skips.begin(), skips.end(), [&](const auto& group) { return group.first == r.message; });
    if (it == skips.end()) it = skips.insert(skips.end(), {r.message, {}});
    it->second.push_back(&r);
  }
  if (!skips.empty()) out += "\nskipped:\n";
  for (const auto& [reason, cases] : skips) {
    out += "  " + reason + ":\n";
    std::string line = "   ";
    for (const CaseResult* r : cases) {
      const std::string item = " " + r->scenario->id + " (" + r->scenario->section + " " +
                               std::string(scenario::level_name(r->scenario->level)) + ")";
      if (line.size() + item.size() > 110 && line.size() > 3) {
        out += line + "\n";
        line = "   ";
      }
      line += item;
    }
    out += line + "\n";
  }

  const ScenarioTotals t = scenario_totals(report.results);
  char line[400];
  std::snprintf(line, sizeof line,
                "\nMUST: %d/%d scenarios passed (%d failed, %d skipped); SHOULD: %d/%d passed (%d failed, %d skipped); "
                "%zu cases in %.1f s\n",
                t.must_passed, t.must_passed + t.must_failed + t.must_skipped, t.must_failed, t.must_skipped,
                t.should_passed, t.should_passed + t.should_failed + t.should_skipped, t.should_failed,
                t.should_skipped, report.results.size(), report.duration_ms / 1000.0);
  out += line;
  if (!causes.empty()) {
    out += root_cause_count(causes.size()) + ":";
    for (std::size_t i = 0; i < causes.size(); ++i) {
      out += " (" + std::to_string(i + 1) + ") " + causes[i].description + ";";
    }
    out.back() = '\n';
  }
  if (!report.setup_error.empty()) out += "setup error: " + report.setup_error + "\n";
  out += "level tested: " + report.level + (report.tls.empty() ? " (plain TCP)" : " (" + report.tls + ")") + "\n";
  out += report.exit_code == 0   ? "result: PASS (every MUST scenario passed)\n"
         : report.exit_code == 1 ? "result: FAIL (a MUST scenario failed)\n"
                                 : "result: ERROR (the run could not be completed)\n";
  return out;
}

}  // namespace wireproof::report
