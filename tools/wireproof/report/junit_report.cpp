#include <unistd.h>

#include <algorithm>
#include <map>

#include "harness/escape.hpp"
#include "report/markup_escape.hpp"
#include "report/report_writers.hpp"
#include "report/root_causes.hpp"
#include "scenario/scenario_writer.hpp"

namespace wireproof::report {
namespace {

// XML text and attribute values: markup characters as entities, bytes outside printable ASCII
// escaped by printable_text (XML 1.0 forbids most controls even as entities). Not escape_bytes:
// messages and traffic lines already quote protocol bytes in the 1.2 notation.
std::string xml(const std::string& text) { return escape_markup(printable_text(text)); }
// Text already in the escape notation (preflight finding, root causes): markup characters only.
std::string xml_printable(const std::string& text) { return escape_markup(text); }

std::string seconds(double ms) { return std::to_string(ms / 1000.0); }

// JUnit counts a case that could not be carried out (verdict error: the server did not start) as
// an error, apart from the failures (fail, timeout, crash); Counts::failed holds both.
struct JunitCounts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  // A known failure (--baseline) is skipped, an XPASS a failure only under --strict-baseline.
  void add(const CaseResult& r, bool strict) {
    ++tests;
    if (certify::is_xfail(r)) ++skipped;
    else if (certify::is_xpass(r)) failures += strict;
    else if (r.verdict == Verdict::error) ++errors;
    else if (certify::is_failure(r.verdict)) ++failures;
    else if (r.verdict != Verdict::pass) ++skipped;
  }
  std::string attributes() const {
    return "tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"" +
           std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) + "\"";
  }
};

// Jenkins splits classname at dots into package and class: "4.3 MUST" would file the case under a
// package "4". Section numbers are written with '-' there ("section-4-3-MUST").
std::string classname(const std::string& section, scenario::Level level) {
  std::string out = "section-" + section + "-" + std::string(scenario::level_name(level));
  std::replace(out.begin(), out.end(), '.', '-');
  return out;
}

// JUnit's timestamp has no zone (the XSD's xs:dateTime pattern); started_at is UTC.
std::string junit_timestamp(const std::string& started_at) {
  return !started_at.empty() && started_at.back() == 'Z' ? started_at.substr(0, started_at.size() - 1) : started_at;
}

std::string host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "localhost";
  return name;
}

}  // namespace

std::string junit_report(const RunReport& report) {
  std::map<std::string, std::vector<const CaseResult*>, decltype(&section_less)> by_section(&section_less);
  for (const CaseResult& r : report.results) by_section[r.scenario->section].push_back(&r);

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
  JunitCounts all;
  for (const CaseResult& r : report.results) all.add(r, report.strict_baseline);
  const std::string timestamp = xml(junit_timestamp(report.started_at));
  const std::string hostname = xml(host_name());
  // What the results can be compared against: the same in every suite (JUnit has no run-level
  // properties).
  std::string properties = "    <properties>\n";
  for (const auto& [name, value] : {std::pair<std::string, std::string>{"wireproof_version", report.wireproof_version},
                                    {"suite_hash", report.suite_hash},
                                    {"suite_scenarios", std::to_string(report.suite_scenarios)},
                                    {"level", report.level},
                                    {"seed", std::to_string(report.seed)},
                                    {"baseline", report.baseline}}) {
    if (!value.empty()) properties += "      <property name=\"" + name + "\" value=\"" + xml(value) + "\"/>\n";
  }
  properties += "    </properties>\n";
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"wireproof certify\" " + all.attributes() + " time=\"" + seconds(report.duration_ms) +
         "\" timestamp=\"" + timestamp + "\">\n";
  // No test of its own: the preflight's finding and the root causes, for readers of the XML.
  out += "  <testsuite name=\"wireproof summary\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0\" timestamp=\"" +
         timestamp + "\" hostname=\"" + hostname + "\">\n"
         + properties.substr(0, properties.size() - std::string("    </properties>\n").size()) +
         "      <property name=\"preflight\" value=\"" + xml_printable(report.preflight) + "\"/>\n"
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
    JunitCounts c;
    double ms = 0;
    for (const CaseResult* r : cases) {
      c.add(*r, report.strict_baseline);
      ms += r->duration.count();
    }
    out += "  <testsuite name=\"PROTOCOL.md " + xml(section) + "\" " + c.attributes() + " time=\"" + seconds(ms) +
           "\" timestamp=\"" + timestamp + "\" hostname=\"" + hostname + "\">\n" + properties;
    for (const CaseResult* r : cases) {
      // A skip has no strategy ("-"): the case is the scenario itself.
      const std::string name = r->strategy == "-" ? r->scenario->id : r->scenario->id + " [" + r->strategy + "]";
      out += "    <testcase classname=\"" + xml(classname(section, r->scenario->level)) + "\" name=\"" + xml(name) +
             "\" file=\"" + xml(r->scenario->file) + "\" time=\"" + seconds(r->duration.count()) + "\">\n";
      if (certify::is_xfail(*r)) {
        out += "      <skipped message=\"" + xml("known failure (--baseline): " + r->known_failure + "; " + r->message) + "\"/>\n";
      } else if (certify::is_xpass(*r) && report.strict_baseline) {
        out += "      <failure type=\"xpass\" message=\"" +
               xml("passed, but the baseline lists it as a known failure (--strict-baseline): " + r->known_failure) + "\"/>\n";
      } else if (certify::is_failure(r->verdict)) {
        std::vector<std::string> details = {cause_line(r),
                                            r->scenario->file + ":" + std::to_string(r->line) + ": " + r->message};
        if (!r->requirement.empty()) details.insert(details.begin() + 1, "breaks " + r->broken_requirement());
        for (const certify::Traffic& t : r->traffic) {
          details.push_back(t.connection + " sent: " + scenario::write_bytes(t.sent));
          details.push_back(t.connection + " received: " + scenario::write_bytes(t.received));
        }
        for (const std::string& line : r->server_output) details.push_back("server| " + line);
        if (!r->liveness.empty()) details.push_back("liveness: " + r->liveness);
        const char* element = r->verdict == Verdict::error ? "error" : "failure";
        out += "      <" + std::string(element) + " type=\"" + std::string(outcome_name(r->verdict)) +
               "\" message=\"" + xml(r->message) + "\">";
        for (const std::string& line : details) out += xml(line) + "\n";
        out += "</" + std::string(element) + ">\n";
      } else if (r->verdict != Verdict::pass) {
        out += "      <skipped message=\"" + xml(r->message) + "\"/>\n";
      } else if (!r->message.empty()) {
        out += "      <system-out>" + xml(r->message) + "</system-out>\n";  // e.g. the stateful phase's counts
      }
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace wireproof::report
