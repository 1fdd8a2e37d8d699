#include "scenario.hpp"

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
