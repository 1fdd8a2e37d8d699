// HTML and XML share their five markup characters: & < > " become entities.
#pragma once

#include <string>
#include <string_view>

namespace wireproof::report {

std::string escape_markup(std::string_view text);

}  // namespace wireproof::report
