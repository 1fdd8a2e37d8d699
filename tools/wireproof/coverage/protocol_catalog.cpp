#include "coverage/protocol_catalog.hpp"

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "scenario/scenario.hpp"
#include "cli/source_tree.hpp"

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

const std::regex& tag_pattern() {
  // Anything shaped like a tag, so that a misspelt class is reported instead of skipped.
  static const std::regex tag(R"(\[([0-9]+\.[0-9]+)/([0-9]+)([^\]\n]*)\])");
  return tag;
}

std::string strip_markup(std::string text) {
  text = std::regex_replace(text, std::regex(R"(\*\*)"), "");
  text = std::regex_replace(text, tag_pattern(), "");
  text = std::regex_replace(text, std::regex(R"(\s+)"), " ");
  const std::size_t first = text.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

std::string shorten(std::string text) {
  // "**4.3 When ...**" lead: drop the markup, tags and the number, keep about one line.
  text = strip_markup(std::move(text));
  text = std::regex_replace(text, std::regex(R"(^[0-9]+\.[0-9]+\s*)"), "");
  if (text.size() > 90) text = text.substr(0, 87) + "...";
  return text;
}

bool known_class(const std::string& klass) {
  return klass == "MUST" || klass == "MUST NOT" || klass == "SHOULD" || klass == "SHOULD NOT" || klass == "MAY";
}

// Collects one section's paragraphs and cuts each at its tags.
class Reader {
 public:
  explicit Reader(CatalogParse& out) : out_(out) {}

  void line(const std::string& raw, int number) {
    static const std::regex start(R"(^\*\*([0-9]+\.[0-9]+)[ .])");
    std::smatch m;
    if (std::regex_search(raw, m, start)) {
      end_paragraph();
      out_.catalog.sections.push_back({m[1].str(), "", "", required_by(m[1].str())});
      section_ = m[1].str();
      lead_.clear();
      in_lead_ = true;
    } else if (raw.rfind('#', 0) == 0 || raw.rfind("**Rationale", 0) == 0) {
      end_paragraph();
      section_.clear();  // headings and rationales state no requirement
      in_lead_ = false;
    }
    if (section_.empty()) return;
    if (in_lead_) {
      lead_ += " " + raw;
      const std::size_t open = lead_.find("**");
      const std::size_t close = open == std::string::npos ? open : lead_.find("**", open + 2);
      if (close != std::string::npos) {
        out_.catalog.sections.back().summary = shorten(lead_.substr(0, close));
        in_lead_ = false;
      }
    }
    std::string text = raw;
    if (text.rfind('>', 0) == 0) text.erase(0, text.rfind("> ", 0) == 0 ? 2 : 1);
    if (text.find_first_not_of(" \t") == std::string::npos) return end_paragraph();
    if (!paragraph_.empty()) paragraph_ += ' ';
    for (auto it = std::sregex_iterator(text.begin(), text.end(), tag_pattern()); it != std::sregex_iterator(); ++it) {
      const std::smatch& t = *it;
      const std::string klass = t[3].str().empty() ? "" : t[3].str().substr(1);
      const std::string id = t[1].str() + "/" + t[2].str();
      if (t[3].str().rfind(' ', 0) != 0 || !known_class(klass)) {
        error(number, "tag " + t[0].str() + " needs a class after the ID: MUST, MUST NOT, SHOULD, SHOULD NOT or MAY");
        continue;
      }
      if (t[1].str() != section_) {
        error(number, "tag [" + id + "] is in section " + section_ + "; its ID must start with " + section_ + "/");
        continue;
      }
      if (t[2].str().front() == '0') {
        error(number, "tag [" + id + "]: the number after '/' starts at 1 and has no leading zero");
        continue;
      }
      if (const auto seen = seen_.find(id); seen != seen_.end()) {
        error(number, "requirement " + id + " is tagged twice (first on line " + std::to_string(seen->second) + ")");
        continue;
      }
      seen_[id] = number;
      tags_.push_back({paragraph_.size() + static_cast<std::size_t>(t.position(0)),
                       Requirement{id, section_, std::stoi(t[2].str()), klass, "", number}});
    }
    paragraph_ += text;
  }

  void end_paragraph() {
    for (std::size_t i = 0; i < tags_.size(); ++i) {
      const std::size_t from = tags_[i].offset;
      const std::size_t to = i + 1 < tags_.size() ? tags_[i + 1].offset : paragraph_.size();
      tags_[i].requirement.text = strip_markup(paragraph_.substr(from, to - from));
      out_.catalog.requirements.push_back(std::move(tags_[i].requirement));
    }
    tags_.clear();
    paragraph_.clear();
  }

 private:
  struct Tag {
    std::size_t offset;  // in paragraph_
    Requirement requirement;
  };
  void error(int line, const std::string& message) { out_.errors.push_back("line " + std::to_string(line) + ": " + message); }

  CatalogParse& out_;
  std::string section_;  // the numbered section being read; empty outside one
  std::string lead_;
  bool in_lead_ = false;
  std::string paragraph_;  // the current paragraph, '>' quoting removed, lines joined by SP
  std::vector<Tag> tags_;
  std::map<std::string, int> seen_;  // requirement ID -> line
};

}  // namespace

const ProtocolSection* ProtocolCatalog::section(std::string_view number) const {
  for (const ProtocolSection& s : sections) {
    if (s.number == number) return &s;
  }
  return nullptr;
}

const Requirement* ProtocolCatalog::requirement(std::string_view id) const {
  for (const Requirement& r : requirements) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

CatalogParse parse_protocol(std::string_view markdown) {
  CatalogParse out;
  Reader reader(out);
  std::istringstream in{std::string(markdown)};
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    reader.line(line, ++number);
  }
  reader.end_paragraph();
  for (ProtocolSection& s : out.catalog.sections) {
    int strongest = 0;  // 3 MUST*, 2 SHOULD*, 1 MAY
    for (const Requirement& r : out.catalog.requirements) {
      if (r.section != s.number) continue;
      strongest = std::max(strongest, r.pass_fail() ? 3 : r.klass == "MAY" ? 1 : 2);
    }
    s.keyword = strongest == 3 ? "MUST" : strongest == 2 ? "SHOULD" : strongest == 1 ? "MAY" : "";
  }
  return out;
}

std::optional<ProtocolCatalog> load_protocol(const std::filesystem::path& file, std::string* error) {
  std::ifstream in(file, std::ios::binary);
  if (!in.is_open()) {
    if (error != nullptr) *error = file.string() + ": cannot read";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  CatalogParse parsed = parse_protocol(text.str());
  if (!parsed.errors.empty()) {
    if (error != nullptr) {
      *error = "";
      for (const std::string& e : parsed.errors) *error += (error->empty() ? "" : "\n") + file.string() + ":" + e.substr(5);
    }
    return std::nullopt;
  }
  if (parsed.catalog.sections.empty()) {
    if (error != nullptr) *error = file.string() + ": no numbered sections such as \"**4.3 ...**\" found";
    return std::nullopt;
  }
  return std::move(parsed.catalog);
}

std::optional<std::filesystem::path> default_protocol_file() { return cli::find_in_source_tree("docs/PROTOCOL.md"); }

}  // namespace wireproof::coverage
