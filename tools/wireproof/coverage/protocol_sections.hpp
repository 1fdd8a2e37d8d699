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
  // Part of what certify must cover over plain TCP: 2.1, 2.3, 3.1, 4-8 and 10 (PROTOCOL.md 11.2;
  // 10.1-10.3 are SHOULDs run with small server settings). TLS (2.2, 3.2, 9) is not.
  bool required = false;
};

std::vector<ProtocolSection> parse_protocol_sections(std::string_view markdown);

// nullopt with *error when the file cannot be read or has no numbered paragraphs.
std::optional<std::vector<ProtocolSection>> load_protocol_sections(const std::filesystem::path& file,
                                                                   std::string* error);

}  // namespace wireproof::coverage
