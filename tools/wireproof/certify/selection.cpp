#include "certify/selection.hpp"

#include <boost/json.hpp>
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "certify/certify_run.hpp"
#include "harness/escape.hpp"
#include "cli/source_tree.hpp"

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

bool load_suite(const cli::Arguments& parsed, Suite& suite) {
  std::vector<std::string> given = parsed.values("--scenarios");
  if (given.empty()) given.push_back("default");
  for (const std::string& dir : given) {
    if (dir != "default") {
      suite.dirs.emplace_back(dir);
      continue;
    }
    const auto bundled = cli::find_in_source_tree("conformance/scenarios");
    if (!bundled) {
      std::cerr << "wireproof certify: " << cli::not_found_message("conformance/scenarios") << "; pass --scenarios DIR\n";
      return false;
    }
    suite.dirs.push_back(*bundled);
  }
  scenario::LoadResult loaded = load_scenario_dirs(suite.dirs);
  if (!loaded.errors.empty()) {
    for (const scenario::ParseError& e : loaded.errors) std::cerr << e.describe() << "\n";
    std::cerr << "wireproof certify: " << loaded.errors.size() << " error(s) in the scenarios; nothing was run\n";
    return false;
  }
  std::optional<std::set<std::string>> rerun;
  if (const auto report = parsed.value("--rerun-failed")) {
    std::string error;
    rerun = failed_ids_from_report(*report, &error);
    if (!rerun) {
      std::cerr << "wireproof certify: --rerun-failed: " << error << "\n";
      return false;
    }
    if (rerun->empty()) {
      std::cerr << "wireproof certify: --rerun-failed: " << *report << " lists no failed case; nothing to run\n";
      return false;
    }
  }
  const std::vector<std::string> excludes = parsed.values("--exclude");
  suite.all = std::move(loaded.scenarios);
  for (const scenario::Scenario& s : suite.all) {
    if (parsed.value("--filter") && !matches_filter(s, *parsed.value("--filter"))) continue;
    if (std::any_of(excludes.begin(), excludes.end(), [&](const std::string& e) { return matches_filter(s, e); })) continue;
    if (rerun && rerun->count(s.id) == 0) continue;
    suite.selected.push_back(s);
  }
  if (suite.selected.empty()) {
    std::cerr << "wireproof certify: no scenario of " << suite.all.size() << " is selected (--filter '"
              << parsed.value("--filter").value_or("*") << "', " << excludes.size() << " --exclude"
              << (rerun ? ", --rerun-failed " + *parsed.value("--rerun-failed") : std::string()) << ")\n";
    return false;
  }
  return true;
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
