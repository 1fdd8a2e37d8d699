#include <boost/json.hpp>

#include "escape.hpp"
#include "report_writers.hpp"
#include "root_causes.hpp"

namespace wireproof::report {
namespace {

boost::json::object counts_json(const Counts& c) {
  return {{"passed", c.passed}, {"failed", c.failed}, {"skipped", c.skipped}};
}

boost::json::object case_json(const CaseResult& r) {
  boost::json::object o;
  o["id"] = r.scenario->id;
  o["file"] = r.scenario->file;
  o["title"] = escape_bytes(r.scenario->title);
  o["section"] = r.scenario->section;
  o["level"] = std::string(scenario::level_name(r.scenario->level));
  o["strategy"] = r.strategy;
  o["seed"] = r.seed;
  o["verdict"] = std::string(outcome_name(r.verdict));
  o["duration_ms"] = r.duration.count();
  if (!r.message.empty()) o["message"] = escape_bytes(r.message);
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
  if (!r.liveness.empty()) o["liveness"] = escape_bytes(r.liveness);
  if (!r.server_output.empty()) {
    boost::json::array lines;
    for (const std::string& line : r.server_output) lines.push_back(boost::json::string(escape_bytes(line)));
    o["server_output"] = std::move(lines);
  }
  return o;
}

}  // namespace

std::string json_report(const RunReport& report) {
  boost::json::object root;
  root["schema"] = "wireproof-certify/1";
  root["target"] = boost::json::object{{"kind", report.target_kind}, {"value", report.target}};
  root["level"] = report.level;
  root["tls"] = report.tls.empty() ? boost::json::value(nullptr) : boost::json::value(escape_bytes(report.tls));
  root["started_at"] = report.started_at;
  root["duration_ms"] = report.duration_ms;
  root["seed"] = report.seed;
  boost::json::array strategies;
  for (const std::string& s : report.strategies) strategies.push_back(boost::json::string(s));
  root["strategies"] = std::move(strategies);
  root["exit_code"] = report.exit_code;
  root["setup_error"] = report.setup_error.empty() ? boost::json::value(nullptr) : boost::json::value(escape_bytes(report.setup_error));

  const ScenarioTotals t = scenario_totals(report.results);
  Counts cases;
  for (const CaseResult& r : report.results) cases.add(r.verdict);
  root["summary"] = boost::json::object{
      {"must_scenarios", boost::json::object{{"passed", t.must_passed}, {"failed", t.must_failed}, {"skipped", t.must_skipped}}},
      {"should_scenarios",
       boost::json::object{{"passed", t.should_passed}, {"failed", t.should_failed}, {"skipped", t.should_skipped}}},
      {"cases", counts_json(cases)}};

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
                                              {"message", escape_bytes(f.example->message)}});
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
