// What covers a PROTOCOL.md requirement besides the scenarios (docs/SCENARIOS.md, "Coverage"):
//  - citations in test sources: a comment token `covers: 5.5/3 5.5/4` in a unit test, property
//    suite, fuzz target or live suite, in the directories of kCoverageDirs;
//  - conformance/unobservable.txt: requirements no check can observe on the wire, with the reason.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace wireproof::coverage {

struct CoverageDir {
  const char* path;       // relative to the source tree
  const char* mechanism;  // what kind of check lives there, e.g. "unit"
};
// Scanned recursively; a file is counted under the longest matching path.
const std::vector<CoverageDir>& coverage_dirs();

struct MechanismCitation {
  std::string requirement;  // "5.5/3"
  std::string mechanism;    // "unit", "socket", "property", "live", "fuzz", "harness", "stateful"
  std::string file;         // relative to the source tree
  int line = 0;
};

// Every `covers:` token in the source files (*.cpp *.hpp *.py) below root/<coverage_dirs()>, in
// file and line order. A `covers:` not followed by at least one ID is an error ("file:line: ...").
std::vector<MechanismCitation> scan_mechanism_citations(const std::filesystem::path& root,
                                                        std::vector<std::string>* errors);
// The same for one file's text (for tests).
std::vector<MechanismCitation> citations_in(const std::string& text, const std::string& file,
                                            const std::string& mechanism, std::vector<std::string>* errors);

// conformance/unobservable.txt: "ID  reason" per line, '#' comments. Requirement ID -> reason.
struct Unobservable {
  std::map<std::string, std::string> reasons;
  std::map<std::string, int> lines;  // where each was listed
};
Unobservable parse_unobservable(const std::string& text, const std::string& file, std::vector<std::string>* errors);
// A missing file is an empty list; an unreadable or malformed one gives errors.
Unobservable load_unobservable(const std::filesystem::path& file, std::vector<std::string>* errors);

}  // namespace wireproof::coverage
