// Loads a corpus directory (corpus/<target>/ files are raw request streams) for fuzz and diff.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cli/arguments.hpp"

namespace wireproof::blackbox {

// Larger files are not corpus entries (they are skipped when loading, and never written).
inline constexpr std::size_t kMaxCorpusEntryBytes = 64 * 1024;

// Every regular, non-hidden file below `root` up to kMaxCorpusEntryBytes, in path order (so a seed gives the
// same run). On failure returns what it has and sets `error` naming the directory.
std::vector<std::string> load_corpus(const std::filesystem::path& root, std::string& error);

// The corpus a fuzz or diff run starts from: --corpus DIR (unreadable: cli::UsageError), else the
// bundled one (corpus/ next to the installed data or in the source tree, cli/source_tree.hpp),
// never ./corpus of the working directory. `note` says which and how many entries, or that there
// is none or it is empty (then the run uses generated traffic only).
struct CorpusChoice {
  std::vector<std::string> entries;
  std::string note;  // e.g. "bundled corpus /usr/share/wireproof/corpus (356 entries)"
};
CorpusChoice corpus_from_option(const cli::Arguments& args);

}  // namespace wireproof::blackbox
