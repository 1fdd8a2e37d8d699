#include <algorithm>
#include <cstdio>

#include "harness/escape.hpp"
#include "report/report_writers.hpp"
#include "report/root_causes.hpp"
#include "scenario/scenario_writer.hpp"

namespace wireproof::report {
namespace {

constexpr std::size_t kDetailedPerCause = 4;  // failures shown with message and traffic per root cause
// A failure message on stdout is cut here (the JSON report has it in full, docs/SCENARIOS.md).
constexpr std::size_t kMessageBytes = 400;

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string shown(const std::string& bytes, std::uint64_t total) {
  std::string text = scenario::write_bytes(bytes);  // folds runs: "x" * 8184
  if (total > bytes.size()) text += " ... (" + std::to_string(total) + " bytes in all)";
  return text;
}

// Every case `pick` selects, with its message, traffic and server output, under `title`.
template <typename Pick>
std::string failure_list(const RunReport& report, const std::string& title, Pick pick) {
  std::string out;
  for (const CaseResult& r : report.results) {
    if (!pick(r)) continue;
    if (out.empty()) out += "\n" + title + ":\n";
    out += "  " + std::string(outcome_name(r.verdict)) + "  " + r.scenario->section + " " +
           std::string(scenario::level_name(r.scenario->level)) + "  " + r.scenario->id + " [" + r.strategy + "]\n";
    out += "      " + r.scenario->file + (r.line != 0 ? ":" + std::to_string(r.line) : "") + ": " +
           clip_text(printable_text(r.message), kMessageBytes) + "\n";
    if (!r.requirement.empty()) out += "      breaks " + printable_text(r.broken_requirement()) + "\n";
    for (const certify::Traffic& t : r.traffic) {
      out += "      " + t.connection + " sent:     " + shown(t.sent, t.sent_total) + "\n";
      out += "      " + t.connection + " received: " + shown(t.received, t.received_total) + "\n";
    }
    for (const std::string& line : r.server_output) out += "      server| " + printable_text(line) + "\n";
    if (!r.liveness.empty()) out += "      liveness: " + printable_text(r.liveness) + "\n";
  }
  return out;
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
             clip_text(printable_text(r.message), kMessageBytes) + "\n";
      if (!r.requirement.empty()) out += "        breaks " + r.broken_requirement() + "\n";
      for (const certify::Traffic& t : r.traffic) {
        out += "        " + t.connection + " sent:     " + shown(t.sent, t.sent_total) + "\n";
        out += "        " + t.connection + " received: " + shown(t.received, t.received_total) + "\n";
      }
      for (const std::string& line : r.server_output) out += "        server| " + printable_text(line) + "\n";
      if (!r.liveness.empty()) out += "        liveness: " + printable_text(r.liveness) + "\n";
    }
    if (!also.empty()) {
      out += "    and " + std::to_string(cause.failures.size() - kDetailedPerCause) + " more failing the same way: " + also +
             "\n";
    }
  }
  // Flaky ones (failures too, PROTOCOL.md 11.3) and known ones (--baseline)
  // each in their own list.
  out += failure_list(report, "flaky (failed, then passed on a --retries run; counted as failures, PROTOCOL.md 11.3)",
                      [](const CaseResult& r) { return certify::is_new_failure(r) && r.flaky; });
  bool header = false;
  for (const CaseResult& r : report.results) {
    if (!certify::is_xfail(r) && !certify::is_xpass(r)) continue;
    if (!header) out += "\nin the baseline (" + printable_text(report.baseline) + "):\n";
    header = true;
    out += "  " + std::string(certify::is_xfail(r) ? "xfail" : "XPASS") + "  " + r.scenario->section + " " +
           std::string(scenario::level_name(r.scenario->level)) + "  " + r.scenario->id + " [" + r.strategy + "]: " +
           clip_text(printable_text(r.known_failure), kMessageBytes) +
           (certify::is_xpass(r) ? " -- passed: remove it from the baseline" : "") + "\n";
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
    out += "  " + printable_text(reason) + ":\n";
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
  if (!report.stateful.empty()) out += printable_text(report.stateful) + "\n";
  if (!causes.empty()) {
    out += root_cause_count(causes.size()) + ":";
    for (std::size_t i = 0; i < causes.size(); ++i) {
      out += " (" + std::to_string(i + 1) + ") " + causes[i].description + ";";
    }
    out.back() = '\n';
  }
  int xfail = 0, xpass = 0, flaky = 0;
  for (const CaseResult& r : report.results) {
    xfail += certify::is_xfail(r);
    xpass += certify::is_xpass(r);
    flaky += r.flaky;
  }
  if (!report.baseline.empty()) {
    out += "known failures (--baseline): " + std::to_string(xfail) + " xfail, " + std::to_string(xpass) + " xpass" +
           (report.strict_baseline ? " (--strict-baseline: an xpass fails the run)" : "") + "\n";
  }
  if (report.retries > 0) {
    out += "flaky: " + std::to_string(flaky) + " case(s) failed, then passed on one of up to " +
           std::to_string(report.retries) + " retries (failures all the same, PROTOCOL.md 11.3)\n";
  }
  for (const std::string& note : report.baseline_notes) out += "note: " + printable_text(note) + "\n";
  if (!report.setup_error.empty()) out += "setup error: " + report.setup_error + "\n";
  out += "level tested: " + report.level + (report.tls.empty() ? " (plain TCP)" : " (" + report.tls + ")") + "\n";
  if (!report.wireproof_version.empty()) {
    out += "wireproof " + report.wireproof_version + ", suite " + report.suite_hash + " (" +
           std::to_string(report.suite_scenarios) + " scenarios)\n";
  }
  const bool new_must_failure = std::any_of(report.results.begin(), report.results.end(), [](const CaseResult& r) {
    return r.scenario->level == scenario::Level::must && certify::is_new_failure(r);
  });
  out += report.exit_code == 0   ? (xfail == 0 ? "result: PASS (every MUST scenario passed)\n"
                                               : "result: PASS (every MUST scenario passed or is a known failure)\n")
         : report.exit_code == 1 ? (new_must_failure ? "result: FAIL (a MUST scenario failed)\n"
                                                     : "result: FAIL (--strict-baseline: a baselined case passed)\n")
                                 : "result: ERROR (the run could not be completed)\n";
  return out;
}

}  // namespace wireproof::report
