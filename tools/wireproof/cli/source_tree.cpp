#include "source_tree.hpp"

#include <system_error>

namespace wireproof::cli {

std::optional<std::filesystem::path> find_in_source_tree(const std::filesystem::path& relative) {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const std::filesystem::path candidate = exe.parent_path().parent_path().parent_path() / relative;
    if (std::filesystem::exists(candidate, ec)) return candidate;
  }
#ifdef WIREPROOF_SOURCE_DIR
  const std::filesystem::path compiled_in = std::filesystem::path(WIREPROOF_SOURCE_DIR) / relative;
  if (std::filesystem::exists(compiled_in, ec)) return compiled_in;
#endif
  return std::nullopt;
}

}  // namespace wireproof::cli
