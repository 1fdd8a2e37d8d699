#include "selection.hpp"

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "escape.hpp"

namespace wireproof::certify {

scenario::LoadResult load_scenario_dirs(const std::vector<std::filesystem::path>& dirs) {
  scenario::LoadResult all;
  std::map<std::string, std::string> file_of;
  for (const std::filesystem::path& dir : dirs) {
    scenario::LoadResult one = scenario::load_scenarios(dir);
    for (scenario::ParseError& e : one.errors) all.errors.push_back(std::move(e));
    for (scenario::Scenario& s : one.scenarios) {
      const auto [it, fresh] = file_of.emplace(s.id, s.file);
      if (!fresh) {
        all.errors.push_back({s.file, 0, 0, "scenario id '" + s.id + "' is also " + it->second + " (ids must be unique across --scenarios)"});
        continue;
      }
      all.scenarios.push_back(std::move(s));
    }
  }
  std::sort(all.scenarios.begin(), all.scenarios.end(),
            [](const scenario::Scenario& a, const scenario::Scenario& b) { return a.id < b.id; });
  return all;
}

std::optional<std::set<std::string>> failed_ids_from_report(const std::filesystem::path& report, std::string* error) {
  std::ifstream in(report, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) {
    *error = report.string() + ": cannot read the report";
    return std::nullopt;
  }
  boost::system::error_code ec;
  const boost::json::value root = boost::json::parse(text.str(), ec);
  const boost::json::object* object = ec ? nullptr : root.if_object();
  const boost::json::value* schema = object != nullptr ? object->if_contains("schema") : nullptr;
  const boost::json::value* results = object != nullptr ? object->if_contains("results") : nullptr;
  if (schema == nullptr || !schema->is_string() || !schema->as_string().starts_with("wireproof-certify/") ||
      results == nullptr || !results->is_array()) {
    *error = report.string() + ": not a certify JSON report (--json)" + (ec ? ": " + ec.message() : "");
    return std::nullopt;
  }
  std::set<std::string> ids;
  for (const boost::json::value& r : results->as_array()) {
    const boost::json::object* o = r.if_object();
    if (o == nullptr || !o->contains("id") || !o->contains("verdict")) continue;
    const std::string verdict(o->at("verdict").as_string());
    if (verdict == "fail" || verdict == "timeout" || verdict == "crash" || verdict == "error") {
      ids.insert(std::string(o->at("id").as_string()));
    }
  }
  return ids;
}

std::string scenario_list(const std::vector<scenario::Scenario>& scenarios) {
  std::size_t width = 0;
  for (const scenario::Scenario& s : scenarios) width = std::max(width, s.id.size());
  std::string out;
  for (const scenario::Scenario& s : scenarios) {
    std::string line = s.id + std::string(width + 2 - s.id.size(), ' ') + s.section;
    line += std::string(line.size() < width + 10 ? width + 10 - line.size() : 1, ' ');
    line += std::string(scenario::level_name(s.level)) + "  ";
    std::string requirements;
    for (const scenario::RequirementRef& r : s.requirements) requirements += (requirements.empty() ? "" : ",") + r.id;
    if (!requirements.empty()) line += "[" + requirements + "]  ";
    line += printable_text(s.title);
    out += line + "\n";
  }
  return out;
}

}  // namespace wireproof::certify
