// Finding the project's own files (conformance/scenarios, docs/PROTOCOL.md) from an installed or
// built binary: first relative to the executable (build*/bin/wireproof -> ../..), then the source
// directory compiled in at configure time.
#pragma once

#include <filesystem>
#include <optional>

namespace wireproof::cli {

// The directory holding `relative` (e.g. "conformance/scenarios"), or nullopt when neither place has it.
std::optional<std::filesystem::path> find_in_source_tree(const std::filesystem::path& relative);

}  // namespace wireproof::cli
