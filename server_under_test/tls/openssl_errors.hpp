// OpenSSL's error queue as one line of text: the one formatter of the server's TLS start-up
// messages and the wireproof harness's TLS client errors.
#pragma once

#include <openssl/err.h>

#include <string>
#include <string_view>

namespace gnp {

// The reasons in the queue, oldest (most specific) first, each once, joined by ": "; empties
// the queue. "no OpenSSL reason given" when it held none.
inline std::string openssl_errors() {
  std::string reasons;
  while (const unsigned long code = ERR_get_error()) {
    const char* text = ERR_reason_error_string(code);
    const std::string reason = text != nullptr ? text : "OpenSSL error " + std::to_string(code);
    if (reasons.find(reason) == std::string::npos) reasons += (reasons.empty() ? "" : ": ") + reason;
  }
  return reasons.empty() ? "no OpenSSL reason given" : reasons;
}

}  // namespace gnp
