// Client-certificate authentication after the TLS handshake (PROTOCOL.md 9.2-9.4). The decision
// is a pure function of facts about the certificate, so it is tested without any TLS at all.
#pragma once

#include <array>
#include <cstdint>
#include <ctime>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/error_code.hpp"

namespace gnp::tls {

using Sha256 = std::array<std::uint8_t, 32>;
using Sha1 = std::array<std::uint8_t, 20>;

// The fingerprints a server lets in: SHA-256 (64 hex digits) or SHA-1 (40), case-insensitive,
// with or without ':' between byte pairs (9.3).
class AllowedFingerprints {
 public:
  // Adds one fingerprint; on malformed text returns false and says why in `error`.
  bool add(std::string_view text, std::string& error);
  // One fingerprint per line; blank lines and lines starting with '#' are skipped. Errors name
  // the file and line.
  bool add_file(const std::string& path, std::string& error);

  bool contains(const Sha256& sha256, const Sha1& sha1) const;
  std::size_t size() const { return sha256_.size() + sha1_.size(); }

 private:
  std::set<Sha256> sha256_;
  std::set<Sha1> sha1_;
};

struct CertificateFacts {
  Sha256 sha256{};          // over the DER encoding
  Sha1 sha1{};
  std::time_t not_before = 0;
  std::time_t not_after = 0;
};

// nullopt: authenticated. Otherwise the auth-* error to send, by the order of 9.2: no
// certificate, unknown fingerprint (whatever the dates, 9.4), not yet valid, expired.
std::optional<ErrorCode> check_client(const std::optional<CertificateFacts>& certificate,
                                      const AllowedFingerprints& allowed, std::time_t now);

}  // namespace gnp::tls
