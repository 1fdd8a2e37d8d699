#include "scenario/scenario.hpp"

namespace wireproof::scenario {

std::string_view level_name(Level level) { return level == Level::must ? "MUST" : "SHOULD"; }

Where where_of(const Step& step) {
  return std::visit([](const auto& s) { return s.where; }, step);
}

std::string_view step_keyword(const Step& step) {
  struct Keyword {
    std::string_view operator()(const Connect&) const { return "connect"; }
    std::string_view operator()(const Send&) const { return "send"; }
    std::string_view operator()(const ExpectResponse&) const { return "expect"; }
    std::string_view operator()(const ExpectRaw&) const { return "expect raw"; }
    std::string_view operator()(const ExpectClosed&) const { return "expect closed"; }
    std::string_view operator()(const ExpectOpen&) const { return "expect open"; }
    std::string_view operator()(const Flood&) const { return "flood"; }
    std::string_view operator()(const Wait&) const { return "wait"; }
    std::string_view operator()(const Shutdown&) const { return "shutdown"; }
    std::string_view operator()(const Close&) const { return "close"; }
  };
  return std::visit(Keyword{}, step);
}

bool is_requirement_id(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos || slash + 1 == text.size()) return false;
  const std::string_view section = text.substr(0, slash);
  const std::string_view number = text.substr(slash + 1);
  const std::size_t dot = section.find('.');
  auto digits = [](std::string_view d) {
    return !d.empty() && d.find_first_not_of("0123456789") == std::string_view::npos;
  };
  return dot != std::string_view::npos && digits(section.substr(0, dot)) && digits(section.substr(dot + 1)) &&
         digits(number) && number.front() != '0';
}

std::string_view section_of_requirement(std::string_view id) { return id.substr(0, id.find('/')); }

std::string requirement_at(const Scenario& scenario, int line) {
  for (const Step& step : scenario.steps) {
    const Where where = where_of(step);
    if (where.line == line && where.requirement) return where.requirement->id;
  }
  return scenario.requirements.empty() ? "" : scenario.requirements.front().id;
}

bool section_within(std::string_view section, std::string_view parent) {
  if (section.size() < parent.size() || section.substr(0, parent.size()) != parent) return false;
  return section.size() == parent.size() || section[parent.size()] == '.';
}

std::string_view transport_name(Transport transport) {
  switch (transport) {
    case Transport::any: return "any";
    case Transport::tls: return "tls";
    case Transport::plain: return "plain";
  }
  return "any";
}

const std::vector<std::string>& known_tls_versions() {
  static const std::vector<std::string> versions = {"1.0", "1.1", "1.2", "1.3"};
  return versions;
}

}  // namespace wireproof::scenario
