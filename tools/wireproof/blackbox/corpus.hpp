// Loads a corpus directory (corpus/<target>/ files are raw request streams) for fuzz and diff.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "arguments.hpp"

namespace wireproof::blackbox {

// Larger files are not corpus entries (they are skipped when loading, and never written).
inline constexpr std::size_t kMaxCorpusEntryBytes = 64 * 1024;

// Every regular, non-hidden file below `root` up to kMaxCorpusEntryBytes, in path order (so a seed gives the
// same run). On failure returns what it has and sets `error` naming the directory.
std::vector<std::string> load_corpus(const std::filesystem::path& root, std::string& error);

// --corpus DIR, else ./corpus when it is a directory, else none. Throws cli::UsageError when
// the directory cannot be read.
std::vector<std::string> corpus_from_option(const cli::Arguments& args);

}  // namespace wireproof::blackbox
