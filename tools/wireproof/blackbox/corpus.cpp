#include "corpus.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>

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

std::vector<std::string> corpus_from_option(const cli::Arguments& args) {
  const std::filesystem::path dir = args.value("--corpus").value_or("corpus");
  if (!args.has("--corpus") && !std::filesystem::is_directory(dir)) return {};
  std::string error;
  std::vector<std::string> corpus = load_corpus(dir, error);
  if (!error.empty()) throw cli::UsageError("--corpus: " + error);
  return corpus;
}

}  // namespace wireproof::blackbox
