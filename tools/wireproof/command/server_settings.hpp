// The server-settings placeholders of a --server command template (PROTOCOL.md 10.1-10.3):
// {idle_timeout_ms}, {request_timeout_ms}, {max_connections}. Certify fills them per scenario,
// fuzz, repro and diff with the PROTOCOL.md defaults; {port} is left for the Target.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "scenario/scenario.hpp"

namespace wireproof::command {

struct SettingPlaceholder {
  const char* text;     // "{idle_timeout_ms}"
  const char* setting;  // "idle-timeout-ms"
  std::optional<std::uint32_t> scenario::ServerSettings::*field;
  std::uint32_t fallback;  // the PROTOCOL.md default, used when a scenario does not care
};
extern const SettingPlaceholder kSettingPlaceholders[3];

// The template with every settings placeholder filled: the scenario's value, else the default.
std::string fill_settings(const std::string& command_template, const scenario::ServerSettings& settings = {});

// "idle-timeout-ms=500 max-connections=2": the settings a scenario states ("" when none).
std::string settings_text(const scenario::ServerSettings& settings);

}  // namespace wireproof::command
