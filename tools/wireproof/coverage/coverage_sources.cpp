#include "coverage/coverage_sources.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "scenario/scenario.hpp"

namespace wireproof::coverage {
namespace {

std::string read(const std::filesystem::path& file, bool* ok) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  if (in.is_open()) text << in.rdbuf();
  *ok = in.is_open() && !in.bad();
  return text.str();
}

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

}  // namespace

const std::vector<CoverageDir>& coverage_dirs() {
  static const std::vector<CoverageDir> dirs = {
      {"server_under_test/tests", "unit"},
      {"server_under_test/tests/socket", "socket"},
      {"server_under_test/tls", "unit"},
      {"conformance/properties", "property"},
      {"conformance/properties/live", "live"},
      {"fuzz", "fuzz"},
      {"tools/harness/tests", "harness"},
      {"tools/wireproof/tests", "harness"},
      {"tools/wireproof/blackbox/tests", "harness"},
      {"tools/wireproof/stateful", "stateful"},
  };
  return dirs;
}

std::vector<MechanismCitation> citations_in(const std::string& text, const std::string& file,
                                            const std::string& mechanism, std::vector<std::string>* errors) {
  std::vector<MechanismCitation> out;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    for (std::size_t at = line.find("covers:"); at != std::string::npos; at = line.find("covers:", at + 7)) {
      // IDs up to the first word that is not one (so "covers: 4.3/1 4.3/2, too" stops at ',').
      int found = 0;
      for (std::string w : words(line.substr(at + 7))) {
        while (!w.empty() && (w.back() == ',' || w.back() == ';' || w.back() == ')' || w.back() == '.')) w.pop_back();
        if (!scenario::is_requirement_id(w)) break;
        out.push_back({w, mechanism, file, number});
        ++found;
      }
      if (found == 0 && errors != nullptr) {
        errors->push_back(file + ":" + std::to_string(number) + ": 'covers:' is not followed by a requirement ID such as 4.3/2");
      }
    }
  }
  return out;
}

std::vector<MechanismCitation> scan_mechanism_citations(const std::filesystem::path& root,
                                                        std::vector<std::string>* errors) {
  std::vector<MechanismCitation> out;
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const CoverageDir& dir : coverage_dirs()) {
    const std::filesystem::path base = root / dir.path;
    if (!std::filesystem::is_directory(base, ec)) continue;
    for (auto it = std::filesystem::recursive_directory_iterator(base, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      const std::string ext = it->path().extension().string();
      if (it->is_regular_file(ec) && (ext == ".cpp" || ext == ".hpp" || ext == ".py")) files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  for (const std::filesystem::path& path : files) {
    const std::string relative = path.lexically_relative(root).generic_string();
    const char* mechanism = "";
    std::size_t best = 0;
    for (const CoverageDir& dir : coverage_dirs()) {
      const std::string prefix = std::string(dir.path) + "/";
      if (relative.rfind(prefix, 0) == 0 && prefix.size() > best) {
        best = prefix.size();
        mechanism = dir.mechanism;
      }
    }
    bool ok = false;
    const std::string text = read(path, &ok);
    if (!ok) {
      if (errors != nullptr) errors->push_back(relative + ": cannot read");
      continue;
    }
    for (MechanismCitation& c : citations_in(text, relative, mechanism, errors)) out.push_back(std::move(c));
  }
  return out;
}

Unobservable parse_unobservable(const std::string& text, const std::string& file, std::vector<std::string>* errors) {
  Unobservable out;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    const std::size_t end = line.find_first_of(" \t", start);
    const std::string id = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const std::size_t reason_at = end == std::string::npos ? std::string::npos : line.find_first_not_of(" \t", end);
    auto fail = [&](const std::string& message) {
      if (errors != nullptr) errors->push_back(file + ":" + std::to_string(number) + ": " + message);
    };
    if (!scenario::is_requirement_id(id)) {
      fail("'" + id + "' is not a requirement ID such as 4.3/2");
    } else if (reason_at == std::string::npos) {
      fail(id + " needs a reason: why no check can observe it on the wire");
    } else if (out.reasons.count(id) != 0) {
      fail(id + " listed twice (first on line " + std::to_string(out.lines[id]) + ")");
    } else {
      out.reasons[id] = line.substr(reason_at);
      out.lines[id] = number;
    }
  }
  return out;
}

Unobservable load_unobservable(const std::filesystem::path& file, std::vector<std::string>* errors) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return {};
  bool ok = false;
  const std::string text = read(file, &ok);
  if (!ok) {
    if (errors != nullptr) errors->push_back(file.string() + ": cannot read");
    return {};
  }
  return parse_unobservable(text, file.string(), errors);
}

}  // namespace wireproof::coverage
