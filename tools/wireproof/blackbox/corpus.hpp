// Loads a corpus directory (corpus/<target>/ files are raw request streams) for fuzz and diff.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace wireproof::blackbox {

// Every regular, non-hidden file below `root` up to 64 KiB, in path order (so a seed gives the
// same run). On failure returns what it has and sets `error` naming the directory.
std::vector<std::string> load_corpus(const std::filesystem::path& root, std::string& error);

}  // namespace wireproof::blackbox
