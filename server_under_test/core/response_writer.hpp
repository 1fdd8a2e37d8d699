// Writes GNP/1 response frames (PROTOCOL.md 6.2): status line, then Sequence, Size and Message
// headers in that order when present, an empty line, then exactly Size body bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error_code.hpp"

namespace gnp {

inline constexpr std::string_view kGreeting = "OK\r\n\r\n";

void write_ok(std::string& out, std::optional<std::uint64_t> sequence, std::string_view body = {});
void write_error(std::string& out, ErrorCode code, std::optional<std::uint64_t> sequence,
                 std::string_view message);

}  // namespace gnp
