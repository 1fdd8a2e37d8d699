// Finding the project's own data (conformance/scenarios, corpus, docs/PROTOCOL.md,
// tools/make-test-pki) from an installed or a freshly built binary. One lookup serves every
// subcommand; the places, in order:
//   1. <exe dir>/../share/wireproof/REL   an installed binary (cmake --install, the .deb):
//                                          cmake/packaging.cmake lays the data out so
//   2. <source dir>/REL                    only when the binary runs from the build tree it was
//                                          built in (build/bin), the source dir compiled in
// An installed copy never falls back to the source tree, so a missing installed file shows up.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wireproof::cli {

// The places find_in_source_tree looks for `relative`, in order.
std::vector<std::filesystem::path> data_candidates(const std::filesystem::path& relative);

// The first existing candidate for `relative` (e.g. "conformance/scenarios"), or nullopt.
std::optional<std::filesystem::path> find_in_source_tree(const std::filesystem::path& relative);

// For the error when nothing was found: "cannot find REL (looked in A, B)".
std::string not_found_message(const std::filesystem::path& relative);

}  // namespace wireproof::cli
