// Splits a command template into argv the way a POSIX shell splits words, without running a
// shell: blanks separate words, '...' is literal, "..." keeps \" \\ \$ \` escapes, and a
// backslash outside quotes escapes the next byte. No expansion of any kind.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wireproof {

// nullopt (with *error naming the byte offset) on an unterminated quote, a trailing backslash
// or an empty command.
std::optional<std::vector<std::string>> split_command(std::string_view text, std::string* error);

// Replaces every occurrence of `placeholder` in every word.
std::vector<std::string> substitute(std::vector<std::string> words, std::string_view placeholder,
                                    std::string_view value);

// The words joined with single spaces, quoting those that would not survive split_command.
std::string join_command(const std::vector<std::string>& words);

}  // namespace wireproof
