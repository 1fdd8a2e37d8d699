// The numbered paragraphs of docs/PROTOCOL.md ("**4.3 When 8192 bytes ...**"), with the strongest
// keyword each one uses, and which of them the conformance suite must cover.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wireproof::coverage {

struct ProtocolSection {
  std::string number;   // "4.3"
  std::string summary;  // the bold lead sentence, shortened
  std::string keyword;  // "MUST", "SHOULD" or "" (a plain normative statement)
  // Which conformance level of PROTOCOL.md 11.2 needs a scenario for it: Core (2.1, 2.3, 3.1, 4-8
  // and 10; 10.1-10.3 are SHOULDs run with small server settings) or TLS (2.2, 3.2 and 9, run by
  // certify --tls, which also runs the Core scenarios inside TLS). Empty: none (1.x, 11.x).
  std::string required_by;  // "Core", "TLS" or ""
  bool required() const { return !required_by.empty(); }
};

std::vector<ProtocolSection> parse_protocol_sections(std::string_view markdown);

// nullopt with *error when the file cannot be read or has no numbered paragraphs.
std::optional<std::vector<ProtocolSection>> load_protocol_sections(const std::filesystem::path& file,
                                                                   std::string* error);

}  // namespace wireproof::coverage
