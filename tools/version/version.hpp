// The version every binary reports with --version: the CMake project version plus the git
// description of the tree it was built from. The values live in a generated translation unit
// (build/generated/version_info.cpp, rewritten only when they change), so a new commit recompiles
// one file and relinks, not the whole tree.
#pragma once

#include <string>
#include <string_view>

namespace wireproof {

std::string_view project_version();  // "0.2.0" (project(VERSION) in CMakeLists.txt)
std::string_view git_description();  // `git describe --always --dirty`, or "unknown" outside git

// "PROGRAM 0.2.0 (git 3e42e0c-dirty)": the line --version prints.
std::string version_line(std::string_view program);

// For a binary's main(): when the only argument is --version, prints version_line and
// returns true. Keeps every binary's --version the same without touching its option parser.
bool print_version_if_asked(int argc, const char* const* argv, std::string_view program);

}  // namespace wireproof
