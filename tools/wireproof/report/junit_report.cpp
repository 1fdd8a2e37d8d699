#include <map>

#include "escape.hpp"
#include "markup_escape.hpp"
#include "report_writers.hpp"
#include "root_causes.hpp"
#include "scenario_writer.hpp"

namespace wireproof::report {
namespace {

// XML text and attribute values: markup characters as entities, bytes outside printable ASCII
// already escaped by escape_bytes (XML 1.0 forbids most controls even as entities).
std::string xml(const std::string& text) { return escape_markup(escape_bytes(text)); }
// Text already in the escape notation (preflight finding, root causes): markup characters only.
std::string xml_printable(const std::string& text) { return escape_markup(text); }

std::string seconds(double ms) { return std::to_string(ms / 1000.0); }

}  // namespace

std::string junit_report(const RunReport& report) {
  std::map<std::string, std::vector<const CaseResult*>, decltype(&section_less)> by_section(&section_less);
  for (const CaseResult& r : report.results) by_section[r.scenario->section].push_back(&r);

  Counts all;
  for (const CaseResult& r : report.results) all.add(r.verdict);
  // Which root cause each failing case belongs to, for its failure text.
  const std::vector<RootCause> causes = root_causes(report.results);
  std::map<const CaseResult*, std::size_t> cause_of;
  for (std::size_t i = 0; i < causes.size(); ++i) {
    for (const ScenarioFailure& f : causes[i].failures) {
      for (const CaseResult* c : f.cases) cause_of[c] = i;
    }
  }
  auto cause_line = [&](const CaseResult* r) {
    const std::size_t i = cause_of.at(r);
    return "root cause " + std::to_string(i + 1) + " of " + std::to_string(causes.size()) + ": " +
           causes[i].description;
  };
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"wireproof certify\" tests=\"" + std::to_string(all.total()) + "\" failures=\"" +
         std::to_string(all.failed) + "\" skipped=\"" + std::to_string(all.skipped) + "\" time=\"" +
         seconds(report.duration_ms) + "\">\n";
  // No test of its own: the preflight's finding and the root causes, for readers of the XML.
  out += "  <testsuite name=\"wireproof summary\" tests=\"0\" failures=\"0\" skipped=\"0\" time=\"0\">\n"
         "    <properties>\n      <property name=\"preflight\" value=\"" + xml_printable(report.preflight) + "\"/>\n"
         "      <property name=\"root_causes\" value=\"" + std::to_string(causes.size()) + "\"/>\n";
  for (std::size_t i = 0; i < causes.size(); ++i) {
    std::string scenarios;
    for (const ScenarioFailure& f : causes[i].failures) {
      scenarios += (scenarios.empty() ? "" : ", ") + f.example->scenario->id + " [" + f.strategy_list() + "]";
    }
    out += "      <property name=\"root_cause." + std::to_string(i + 1) + "\" value=\"" +
           xml_printable(causes[i].description + " -- " + scenarios) + "\"/>\n";
  }
  out += "    </properties>\n    <system-out>" + xml(root_cause_count(causes.size())) + "</system-out>\n  </testsuite>\n";
  for (const auto& [section, cases] : by_section) {
    Counts c;
    double ms = 0;
    for (const CaseResult* r : cases) {
      c.add(r->verdict);
      ms += r->duration.count();
    }
    out += "  <testsuite name=\"PROTOCOL.md " + xml(section) + "\" tests=\"" + std::to_string(c.total()) +
           "\" failures=\"" + std::to_string(c.failed) + "\" skipped=\"" + std::to_string(c.skipped) +
           "\" time=\"" + seconds(ms) + "\">\n";
    for (const CaseResult* r : cases) {
      out += "    <testcase classname=\"" + xml(section + " " + std::string(scenario::level_name(r->scenario->level))) +
             "\" name=\"" + xml(r->scenario->id + " [" + r->strategy + "]") + "\" file=\"" + xml(r->scenario->file) +
             "\" time=\"" + seconds(r->duration.count()) + "\">\n";
      if (certify::is_failure(r->verdict)) {
        std::vector<std::string> details = {cause_line(r),
                                            r->scenario->file + ":" + std::to_string(r->line) + ": " + r->message};
        if (!r->requirement.empty()) details.insert(details.begin() + 1, "breaks " + r->broken_requirement());
        for (const certify::Traffic& t : r->traffic) {
          details.push_back(t.connection + " sent: " + scenario::write_bytes(t.sent));
          details.push_back(t.connection + " received: " + scenario::write_bytes(t.received));
        }
        for (const std::string& line : r->server_output) details.push_back("server| " + line);
        if (!r->liveness.empty()) details.push_back("liveness: " + r->liveness);
        out += "      <failure type=\"" + std::string(outcome_name(r->verdict)) + "\" message=\"" +
               xml(r->message) + "\">";
        for (const std::string& line : details) out += xml(line) + "\n";
        out += "</failure>\n";
      } else if (r->verdict != Verdict::pass) {
        out += "      <skipped message=\"" + xml(r->message) + "\"/>\n";
      }
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace wireproof::report
