// Reads what client authentication needs out of an OpenSSL certificate.
#pragma once

#include <openssl/x509.h>

#include <optional>

#include "tls/client_auth.hpp"

namespace gnp::tls {

// Fingerprints over the DER encoding and the validity dates; nullopt when `certificate` is null
// or cannot be encoded.
std::optional<CertificateFacts> certificate_facts(X509* certificate);

}  // namespace gnp::tls
