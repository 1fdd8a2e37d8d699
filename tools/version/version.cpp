#include "version/version.hpp"

#include <cstdio>
#include <string>

namespace wireproof {

std::string version_line(std::string_view program) {
  return std::string(program) + " " + std::string(project_version()) + " (git " + std::string(git_description()) + ")";
}

bool print_version_if_asked(int argc, const char* const* argv, std::string_view program) {
  if (argc != 2) return false;
  const std::string_view arg = argv[1];
  if (arg != "--version") return false;
  std::printf("%s\n", version_line(program).c_str());
  return true;
}

}  // namespace wireproof
