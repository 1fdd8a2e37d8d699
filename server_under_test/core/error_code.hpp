// GNP/1 error codes (PROTOCOL.md 7.1) and whether each one closes the connection (7.2).
#pragma once

#include <optional>
#include <string_view>

namespace gnp {

enum class ErrorCode {
  bad_encoding,
  bad_request,
  too_large,
  unknown_command,
  bad_arguments,
  not_found,
  auth_required,
  auth_unknown_cert,
  auth_not_yet_valid,
  auth_expired,
  busy,
  timeout,
};

inline constexpr ErrorCode kAllErrorCodes[] = {
    ErrorCode::bad_encoding,     ErrorCode::bad_request,       ErrorCode::too_large,
    ErrorCode::unknown_command,  ErrorCode::bad_arguments,     ErrorCode::not_found,
    ErrorCode::auth_required,    ErrorCode::auth_unknown_cert, ErrorCode::auth_not_yet_valid,
    ErrorCode::auth_expired,     ErrorCode::busy,              ErrorCode::timeout,
};

// The wire spelling, e.g. "bad-encoding".
std::string_view error_code_name(ErrorCode code);

// Inverse of error_code_name; nullopt for an unknown spelling.
std::optional<ErrorCode> error_code_from_name(std::string_view name);

// True for the codes after which the server closes the connection (PROTOCOL.md 7.2).
bool error_closes_connection(ErrorCode code);

}  // namespace gnp
