#include "core/error_code.hpp"

namespace gnp {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_encoding: return "bad-encoding";
    case ErrorCode::bad_request: return "bad-request";
    case ErrorCode::too_large: return "too-large";
    case ErrorCode::unknown_command: return "unknown-command";
    case ErrorCode::bad_arguments: return "bad-arguments";
    case ErrorCode::not_found: return "not-found";
    case ErrorCode::auth_required: return "auth-required";
    case ErrorCode::auth_unknown_cert: return "auth-unknown-cert";
    case ErrorCode::auth_not_yet_valid: return "auth-not-yet-valid";
    case ErrorCode::auth_expired: return "auth-expired";
    case ErrorCode::busy: return "busy";
    case ErrorCode::timeout: return "timeout";
  }
  return "unknown";
}

std::optional<ErrorCode> error_code_from_name(std::string_view name) {
  for (ErrorCode code : kAllErrorCodes) {
    if (error_code_name(code) == name) return code;
  }
  return std::nullopt;
}

bool error_closes_connection(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_encoding:
    case ErrorCode::bad_request:
    case ErrorCode::unknown_command:
    case ErrorCode::bad_arguments:
    case ErrorCode::not_found:
      return false;
    default:
      return true;
  }
}

}  // namespace gnp
