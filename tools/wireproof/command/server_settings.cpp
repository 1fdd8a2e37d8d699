#include "command/server_settings.hpp"

#include <string_view>

namespace wireproof::command {

using scenario::ServerSettings;

const SettingPlaceholder kSettingPlaceholders[3] = {
    {"{idle_timeout_ms}", "idle-timeout-ms", &ServerSettings::idle_timeout_ms, 30'000},
    {"{request_timeout_ms}", "request-timeout-ms", &ServerSettings::request_timeout_ms, 10'000},
    {"{max_connections}", "max-connections", &ServerSettings::max_connections, 1024},
};

namespace {

void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

std::string fill_settings(const std::string& command_template, const ServerSettings& settings) {
  std::string command = command_template;
  for (const SettingPlaceholder& p : kSettingPlaceholders) {
    replace_all(command, p.text, std::to_string((settings.*p.field).value_or(p.fallback)));
  }
  return command;
}

std::string settings_text(const ServerSettings& settings) {
  std::string text;
  for (const SettingPlaceholder& p : kSettingPlaceholders) {
    if (settings.*p.field) {
      text += std::string(text.empty() ? "" : " ") + p.setting + "=" + std::to_string(*(settings.*p.field));
    }
  }
  return text;
}

}  // namespace wireproof::command
