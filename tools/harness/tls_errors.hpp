// OpenSSL's error queue as one line of text, for the harness's TLS messages.
#pragma once

#include <string>

namespace wireproof {

// The reasons in the queue, oldest first, joined by ": "; empties the queue.
std::string openssl_errors();

}  // namespace wireproof
