// `wireproof certify`: options, loading, running, reporting.
#pragma once

#include <span>
#include <string>

namespace wireproof::certify {

int run_certify(std::span<const std::string> args);

}  // namespace wireproof::certify
