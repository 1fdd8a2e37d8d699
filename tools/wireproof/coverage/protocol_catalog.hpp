// What docs/PROTOCOL.md defines, as data: its numbered sections ("**4.3 When 8192 bytes ...**") and
// its requirements, the `[4.3/2 MUST NOT]` tags in front of every normative statement (PROTOCOL.md
// introduction and 11.6). Scenarios, coverage and reports cite both.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wireproof::coverage {

struct ProtocolSection {
  std::string number;   // "4.3"
  std::string summary;  // the bold lead sentence, shortened, tags removed
  std::string keyword;  // the strongest class of its requirements: "MUST", "SHOULD", "MAY" or ""
  // Which conformance level of PROTOCOL.md 11.2 needs it checked: Core (2.1, 2.3, 3.1, 4-8 and 10;
  // 10.1-10.3 are SHOULDs run with small server settings) or TLS (2.2, 3.2 and 9, run by certify
  // --tls, which also runs the Core scenarios inside TLS). Empty: none (1.x, 11.x).
  std::string required_by;  // "Core", "TLS" or ""
  bool required() const { return !required_by.empty(); }
};

// One normative statement.
struct Requirement {
  std::string id;       // "4.3/2"
  std::string section;  // "4.3"
  int number = 0;       // 2
  std::string klass;    // "MUST", "MUST NOT", "SHOULD", "SHOULD NOT" or "MAY"
  std::string text;     // the statement, from its tag to the next tag or the end of the paragraph
  int line = 0;         // the line of its tag in PROTOCOL.md
  // MUST and MUST NOT are pass/fail (PROTOCOL.md 1.1); SHOULDs are reported, MAYs accepted.
  bool pass_fail() const { return klass == "MUST" || klass == "MUST NOT"; }
};

struct ProtocolCatalog {
  std::vector<ProtocolSection> sections;  // in document order
  std::vector<Requirement> requirements;  // in document order

  const ProtocolSection* section(std::string_view number) const;
  const Requirement* requirement(std::string_view id) const;
};

struct CatalogParse {
  ProtocolCatalog catalog;
  std::vector<std::string> errors;  // "line 12: ...": malformed, misplaced or repeated tags
};

CatalogParse parse_protocol(std::string_view markdown);

// nullopt with *error when the file cannot be read, has no numbered sections or has a bad tag.
std::optional<ProtocolCatalog> load_protocol(const std::filesystem::path& file, std::string* error);

// The one place that locates PROTOCOL.md when no --protocol FILE is given: the source tree's (or
// installed) docs/PROTOCOL.md; nullopt when there is none.
std::optional<std::filesystem::path> default_protocol_file();

}  // namespace wireproof::coverage
