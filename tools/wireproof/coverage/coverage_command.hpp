// `wireproof coverage`: prints or checks docs/COVERAGE.md.
#pragma once

#include <span>
#include <string>

namespace wireproof::coverage {

int run_coverage(std::span<const std::string> args);

}  // namespace wireproof::coverage
