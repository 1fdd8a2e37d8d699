#include "blackbox/corpus.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

#include "cli/source_tree.hpp"

namespace wireproof::blackbox {

namespace {
constexpr std::uintmax_t kMaxEntryBytes = kMaxCorpusEntryBytes;
}

std::vector<std::string> load_corpus(const std::filesystem::path& root, std::string& error) {
  std::vector<std::string> entries;
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(root, ec);
  if (ec) {
    error = "cannot read corpus directory '" + root.string() + "': " + ec.message();
    return entries;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : it) {
    std::error_code size_error;
    if (entry.is_regular_file(size_error) && !entry.path().filename().string().starts_with(".") &&
        entry.file_size(size_error) <= kMaxEntryBytes && !size_error) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    entries.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  return entries;
}

CorpusChoice corpus_from_option(const cli::Arguments& args) {
  CorpusChoice choice;
  const std::optional<std::string> given = args.value("--corpus");
  std::optional<std::filesystem::path> dir;
  if (given) {
    dir = *given;
  } else {
    dir = cli::find_in_source_tree("corpus");
    if (!dir) {
      choice.note = "no corpus: " + cli::not_found_message("corpus") + "; generated traffic only (--corpus DIR to give one)";
      return choice;
    }
  }
  std::string error;
  choice.entries = load_corpus(*dir, error);
  if (!error.empty()) throw cli::UsageError("--corpus: " + error);
  const std::string origin = given ? "--corpus " : "bundled corpus ";
  choice.note = choice.entries.empty()
                    ? origin + dir->string() + " is empty (no file up to 64 KiB): generated traffic only"
                    : origin + dir->string() + " (" + std::to_string(choice.entries.size()) + " entries)";
  return choice;
}

}  // namespace wireproof::blackbox
