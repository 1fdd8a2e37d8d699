#include <map>

#include "escape.hpp"
#include "markup_escape.hpp"
#include "report_writers.hpp"
#include "scenario_writer.hpp"

namespace wireproof::report {
namespace {

// XML text and attribute values: markup characters as entities, bytes outside printable ASCII
// escaped by printable_text (XML 1.0 forbids most controls even as entities). Not escape_bytes:
// messages and traffic lines already quote protocol bytes in the 1.2 notation.
std::string xml(const std::string& text) { return escape_markup(printable_text(text)); }

std::string seconds(double ms) { return std::to_string(ms / 1000.0); }

}  // namespace

std::string junit_report(const RunReport& report) {
  std::map<std::string, std::vector<const CaseResult*>, decltype(&section_less)> by_section(&section_less);
  for (const CaseResult& r : report.results) by_section[r.scenario->section].push_back(&r);

  Counts all;
  for (const CaseResult& r : report.results) all.add(r.verdict);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"wireproof certify\" tests=\"" + std::to_string(all.total()) + "\" failures=\"" +
         std::to_string(all.failed) + "\" skipped=\"" + std::to_string(all.skipped) + "\" time=\"" +
         seconds(report.duration_ms) + "\">\n";
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
        std::vector<std::string> details = {r->scenario->file + ":" + std::to_string(r->line) + ": " + r->message};
        for (const certify::Traffic& t : r->traffic) {
          details.push_back(t.connection + " sent: " + scenario::write_bytes(t.sent));
          details.push_back(t.connection + " received: " + scenario::write_bytes(t.received));
        }
        for (const std::string& line : r->server_output) details.push_back("server| " + line);
        out += "      <failure type=\"" + std::string(certify::verdict_name(r->verdict)) + "\" message=\"" +
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
