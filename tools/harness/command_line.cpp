#include "harness/command_line.hpp"

namespace wireproof {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

std::optional<std::vector<std::string>> fail(std::string* error, std::string_view text,
                                             std::size_t at, const std::string& what) {
  if (error != nullptr) {
    *error = "command '" + std::string(text) + "': byte " + std::to_string(at) + ": " + what;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<std::string>> split_command(std::string_view text, std::string* error) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (is_blank(c)) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
      ++i;
      continue;
    }
    in_word = true;
    if (c == '\\') {
      if (i + 1 == text.size()) return fail(error, text, i, "trailing backslash");
      word += text[i + 1];
      i += 2;
    } else if (c == '\'') {
      const std::size_t close = text.find('\'', i + 1);
      if (close == std::string_view::npos) return fail(error, text, i, "unterminated single quote");
      word.append(text.substr(i + 1, close - i - 1));
      i = close + 1;
    } else if (c == '"') {
      std::size_t k = i + 1;
      for (; k < text.size() && text[k] != '"'; ++k) {
        const bool escape = text[k] == '\\' && k + 1 < text.size() &&
                            std::string_view("\"\\$`").find(text[k + 1]) != std::string_view::npos;
        if (escape) ++k;
        word += text[k];
      }
      if (k == text.size()) return fail(error, text, i, "unterminated double quote");
      i = k + 1;
    } else {
      word += c;
      ++i;
    }
  }
  if (in_word) words.push_back(std::move(word));
  if (words.empty()) return fail(error, text, 0, "empty command");
  return words;
}

std::vector<std::string> substitute(std::vector<std::string> words, std::string_view placeholder,
                                    std::string_view value) {
  for (std::string& word : words) {
    for (std::size_t at = word.find(placeholder); at != std::string::npos;
         at = word.find(placeholder, at + value.size())) {
      word.replace(at, placeholder.size(), value);
    }
  }
  return words;
}

std::string join_command(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += ' ';
    const bool plain = !word.empty() && word.find_first_of(" \t\n'\"\\$`") == std::string::npos;
    if (plain) {
      out += word;
      continue;
    }
    out += '\'';
    for (char c : word) {
      if (c == '\'') {
        out += "'\\''";
      } else {
        out += c;
      }
    }
    out += '\'';
  }
  return out;
}

}  // namespace wireproof
