#include <boost/json.hpp>

#include "harness/escape.hpp"
#include "report/report_writers.hpp"
#include "report/root_causes.hpp"

namespace wireproof::report {
namespace {

constexpr std::size_t kMessageBytes = 64 * 1024;

boost::json::object counts_json(const Counts& c) {
  return {{"passed", c.passed}, {"failed", c.failed}, {"skipped", c.skipped}};
}

boost::json::object case_json(const CaseResult& r) {
  boost::json::object o;
  o["id"] = r.scenario->id;
  o["file"] = r.scenario->file;
  o["title"] = printable_text(r.scenario->title);
  o["section"] = r.scenario->section;
  o["level"] = std::string(scenario::level_name(r.scenario->level));
  o["strategy"] = r.strategy;
  o["seed"] = std::to_string(r.seed);  // a string: seeds exceed 2^53, past a JSON number's exact range
  o["verdict"] = std::string(outcome_name(r.verdict));
  o["status"] = std::string(certify::case_status(r));  // xfail, xpass, flaky, else the verdict
  if (!r.known_failure.empty()) o["known_failure"] = printable_text(r.known_failure);
  if (r.attempts > 1) o["attempts"] = r.attempts;
  if (r.flaky) o["flaky"] = true;
  o["duration_ms"] = r.duration.count();
  // Messages already quote protocol bytes in the 1.2 notation: printable_text, not escape_bytes.
  // Cut at kMessageBytes, saying so (message_truncated, message_bytes: the full length).
  if (!r.message.empty()) {
    std::string message = printable_text(r.message);
    if (message.size() > kMessageBytes) {
      o["message_bytes"] = message.size();
      o["message_truncated"] = true;
      message.resize(kMessageBytes);
    }
    o["message"] = std::move(message);
  }
  if (r.line != 0) o["line"] = r.line;
  if (!r.requirement.empty()) {
    o["requirement"] = r.requirement;  // the PROTOCOL.md requirement the failing step checks
    o["requirement_text"] = r.requirement_text;
  }
  if (!r.traffic.empty()) {
    boost::json::array traffic;
    for (const certify::Traffic& t : r.traffic) {
      traffic.push_back(boost::json::object{{"connection", t.connection},
                                            {"sent", escape_bytes(t.sent)},
                                            {"received", escape_bytes(t.received)},
                                            {"sent_bytes", t.sent_total},
                                            {"received_bytes", t.received_total}});
    }
    o["traffic"] = std::move(traffic);
  }
  if (!r.divergence.empty()) {
    // Already printable (bytes in the escape notation): not escaped again.
    o["divergence"] = boost::json::object{
        {"step", r.divergence.step}, {"expected", r.divergence.expected}, {"received", r.divergence.received}};
  }
  if (!r.consequence_of.empty()) o["consequence_of"] = r.consequence_of;
  if (!r.requirement.empty()) o["requirement"] = r.requirement;
  if (!r.liveness.empty()) o["liveness"] = printable_text(r.liveness);
  if (!r.server_output.empty()) {
    boost::json::array lines;
    for (const std::string& line : r.server_output) lines.push_back(boost::json::string(printable_text(line)));
    o["server_output"] = std::move(lines);
  }
  return o;
}

}  // namespace

std::string json_report(const RunReport& report) {
  boost::json::object root;
  root["schema"] = "wireproof-certify/2";
  root["wireproof_version"] = report.wireproof_version;
  root["suite"] = boost::json::object{{"hash", report.suite_hash}, {"scenarios", report.suite_scenarios}};
  if (report.baseline.empty()) {
    root["baseline"] = nullptr;
  } else {
    boost::json::array notes;
    for (const std::string& note : report.baseline_notes) notes.push_back(boost::json::string(printable_text(note)));
    root["baseline"] = boost::json::object{{"file", printable_text(report.baseline)}, {"strict", report.strict_baseline},
                                           {"notes", std::move(notes)}};
  }
  root["retries"] = report.retries;
  root["target"] = boost::json::object{{"kind", report.target_kind}, {"value", report.target}};
  root["level"] = report.level;
  root["tls"] = report.tls.empty() ? boost::json::value(nullptr) : boost::json::value(printable_text(report.tls));
  root["started_at"] = report.started_at;
  root["duration_ms"] = report.duration_ms;
  root["seed"] = std::to_string(report.seed);
  boost::json::array strategies;
  for (const std::string& s : report.strategies) strategies.push_back(boost::json::string(s));
  root["strategies"] = std::move(strategies);
  root["exit_code"] = report.exit_code;
  root["stateful"] = report.stateful.empty() ? boost::json::value(nullptr) : boost::json::value(printable_text(report.stateful));
  root["setup_error"] = report.setup_error.empty() ? boost::json::value(nullptr) : boost::json::value(printable_text(report.setup_error));

  const ScenarioTotals t = scenario_totals(report.results);
  Counts cases;
  int xfail = 0, xpass = 0, flaky = 0;
  for (const CaseResult& r : report.results) {
    cases.add(r.verdict);
    xfail += certify::is_xfail(r);
    xpass += certify::is_xpass(r);
    flaky += r.flaky;
  }
  root["summary"] = boost::json::object{
      {"must_scenarios", boost::json::object{{"passed", t.must_passed}, {"failed", t.must_failed}, {"skipped", t.must_skipped}}},
      {"should_scenarios",
       boost::json::object{{"passed", t.should_passed}, {"failed", t.should_failed}, {"skipped", t.should_skipped}}},
      {"cases", counts_json(cases)},
      {"xfail", xfail},
      {"xpass", xpass},
      {"flaky", flaky}};

  const std::vector<RootCause> causes = root_causes(report.results);
  root["summary"].as_object()["root_causes"] = causes.size();
  boost::json::array cause_list;
  for (std::size_t i = 0; i < causes.size(); ++i) {
    boost::json::array scenarios;
    for (const ScenarioFailure& f : causes[i].failures) {
      boost::json::array used;
      for (const std::string& st : f.strategies) used.push_back(boost::json::string(st));
      scenarios.push_back(boost::json::object{{"id", f.example->scenario->id},
                                              {"section", f.example->scenario->section},
                                              {"level", std::string(scenario::level_name(f.example->scenario->level))},
                                              {"verdict", std::string(outcome_name(f.example->verdict))},
                                              {"strategies", std::move(used)},
                                              {"message", printable_text(f.example->message)}});
    }
    cause_list.push_back(boost::json::object{{"number", i + 1},
                                             {"description", causes[i].description},
                                             {"cases", causes[i].cases()},
                                             {"scenarios", std::move(scenarios)}});
  }
  root["root_causes"] = std::move(cause_list);
  root["preflight"] = boost::json::object{{"summary", report.preflight}, {"strict", report.strict}};

  boost::json::array sections;
  for (const SectionSummary& s : summarize_sections(report.results)) {
    boost::json::object o = counts_json(s.cases);
    o["section"] = s.section;
    o["must_scenarios"] = s.must_scenarios;
    o["should_scenarios"] = s.should_scenarios;
    sections.push_back(std::move(o));
  }
  root["sections"] = std::move(sections);

  boost::json::array results;
  for (const CaseResult& r : report.results) results.push_back(case_json(r));
  root["results"] = std::move(results);
  return boost::json::serialize(root) + "\n";
}

}  // namespace wireproof::report
