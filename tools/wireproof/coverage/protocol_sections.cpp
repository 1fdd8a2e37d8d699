#include "protocol_sections.hpp"

#include <fstream>
#include <regex>
#include <sstream>

namespace wireproof::coverage {
namespace {

// PROTOCOL.md 11.2.
std::string required_by(const std::string& number) {
  const std::string major = number.substr(0, number.find('.'));
  if (number == "2.1" || number == "2.3" || number == "3.1") return "Core";
  if (major == "4" || major == "5" || major == "6" || major == "7" || major == "8" || major == "10") return "Core";
  if (number == "2.2" || number == "3.2" || major == "9") return "TLS";
  return "";
}

std::string shorten(std::string text) {
  // "**4.3 When ...**" lead: drop the markup and the number, keep about one line.
  text = std::regex_replace(text, std::regex(R"(\*\*)"), "");
  text = std::regex_replace(text, std::regex(R"(^\s*[0-9]+\.[0-9]+\s*)"), "");
  text = std::regex_replace(text, std::regex(R"(\s+)"), " ");
  if (text.size() > 90) text = text.substr(0, 87) + "...";
  return text;
}

}  // namespace

std::vector<ProtocolSection> parse_protocol_sections(std::string_view markdown) {
  static const std::regex start(R"(^\*\*([0-9]+\.[0-9]+)[ .])");
  static const std::regex must(R"(\bMUST\b)");
  static const std::regex should(R"(\bSHOULD\b)");
  std::vector<ProtocolSection> sections;
  std::vector<std::string> bodies;  // each section's text, for its keyword
  bool in_section = false;          // a heading ends the current paragraph
  bool in_lead = false;             // inside the bold lead sentence
  std::string lead;
  std::istringstream in{std::string(markdown)};
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, start)) {
      sections.push_back({m[1].str(), "", "", required_by(m[1].str())});
      bodies.emplace_back();
      lead.clear();
      in_section = true;
      in_lead = true;
    } else if (line.rfind('#', 0) == 0) {
      in_section = false;
      in_lead = false;
    }
    if (!in_section) continue;
    bodies.back() += line + "\n";
    if (in_lead) {
      lead += " " + line;
      const std::size_t open = lead.find("**");
      const std::size_t close = open == std::string::npos ? open : lead.find("**", open + 2);
      if (close != std::string::npos) {
        sections.back().summary = shorten(lead.substr(0, close));
        in_lead = false;
      }
    }
  }
  for (std::size_t i = 0; i < sections.size(); ++i) {
    if (std::regex_search(bodies[i], must)) {
      sections[i].keyword = "MUST";
    } else if (std::regex_search(bodies[i], should)) {
      sections[i].keyword = "SHOULD";
    }
  }
  return sections;
}

std::optional<std::vector<ProtocolSection>> load_protocol_sections(const std::filesystem::path& file,
                                                                   std::string* error) {
  std::ifstream in(file, std::ios::binary);
  if (!in.is_open()) {
    if (error != nullptr) *error = file.string() + ": cannot read";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::vector<ProtocolSection> sections = parse_protocol_sections(text.str());
  if (sections.empty()) {
    if (error != nullptr) *error = file.string() + ": no numbered paragraphs such as \"**4.3 ...**\" found";
    return std::nullopt;
  }
  return sections;
}

}  // namespace wireproof::coverage
