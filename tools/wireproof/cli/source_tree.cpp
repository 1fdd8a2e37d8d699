#include "cli/source_tree.hpp"

#include <system_error>

namespace wireproof::cli {
namespace {

std::optional<std::filesystem::path> executable_dir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return exe.parent_path();
}

// Whether `dir` is the build tree's bin/ directory this binary was built into.
bool is_build_bin_dir([[maybe_unused]] const std::filesystem::path& dir) {
#ifdef WIREPROOF_BUILD_BIN_DIR
  std::error_code ec;
  return std::filesystem::equivalent(dir, WIREPROOF_BUILD_BIN_DIR, ec);
#else
  return false;
#endif
}

}  // namespace

std::vector<std::filesystem::path> data_candidates(const std::filesystem::path& relative) {
  std::vector<std::filesystem::path> out;
  const std::optional<std::filesystem::path> exe_dir = executable_dir();
  if (exe_dir) out.push_back((exe_dir->parent_path() / "share" / "wireproof" / relative).lexically_normal());
#ifdef WIREPROOF_SOURCE_DIR
  if (exe_dir && is_build_bin_dir(*exe_dir)) out.push_back(std::filesystem::path(WIREPROOF_SOURCE_DIR) / relative);
#endif
  return out;
}

std::optional<std::filesystem::path> find_in_source_tree(const std::filesystem::path& relative) {
  for (const std::filesystem::path& candidate : data_candidates(relative)) {
    std::error_code ec;
    if (std::filesystem::exists(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

std::string not_found_message(const std::filesystem::path& relative) {
  std::string places;
  for (const std::filesystem::path& candidate : data_candidates(relative)) {
    places += (places.empty() ? "" : ", ") + candidate.string();
  }
  return "cannot find " + relative.string() + " (looked in " + (places.empty() ? "no place: /proc/self/exe unreadable" : places) + ")";
}

}  // namespace wireproof::cli
