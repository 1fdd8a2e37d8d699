#include "tls/pki_placeholders.hpp"

#include <algorithm>
#include <cctype>

namespace wireproof::tls {

const std::vector<std::string_view>& pki_placeholders() {
  static const std::vector<std::string_view> names = {"{tls_cert}", "{tls_key}", "{allow_file}", "{ca_file}"};
  return names;
}

bool uses_pki_placeholders(std::string_view command) {
  const auto& names = pki_placeholders();
  return std::any_of(names.begin(), names.end(),
                     [&](std::string_view p) { return command.find(p) != std::string_view::npos; });
}

std::string fill_pki_placeholders(std::string command, const TestPki& pki) {
  const std::pair<std::string_view, const char*> files[] = {
      {"{tls_cert}", "server.pem"}, {"{tls_key}", "server.key"}, {"{allow_file}", "allowed.txt"}, {"{ca_file}", "ca.pem"}};
  for (const auto& [placeholder, name] : files) {
    const std::string path = pki.file(name).string();
    // The template is split into words after substitution: a path must survive that unquoted.
    const bool plain = std::all_of(path.begin(), path.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) != 0 || std::string_view("/._-+,:@%=").find(c) != std::string_view::npos;
    });
    if (!plain) {
      throw PkiError("the PKI path " + path + " holds characters the server command cannot carry (use a path of "
                     "letters, digits and / . _ - + , : @ % =)");
    }
    for (std::size_t at = command.find(placeholder); at != std::string::npos; at = command.find(placeholder, at + path.size())) {
      command.replace(at, placeholder.size(), path);
    }
  }
  return command;
}

}  // namespace wireproof::tls
