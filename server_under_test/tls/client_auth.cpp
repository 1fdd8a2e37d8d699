#include "tls/client_auth.hpp"

#include <fstream>

#include "tls/tls_fault.hpp"

namespace gnp::tls {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool AllowedFingerprints::add(std::string_view text, std::string& error) {
  text = trim(text);
  std::string digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ':') {
      // Colons only between byte pairs: never leading, trailing or doubled.
      if (i == 0 || i + 1 == text.size() || text[i + 1] == ':' || digits.size() % 2 != 0) {
        error = "misplaced ':' at character " + std::to_string(i + 1);
        return false;
      }
      continue;
    }
    if (hex_value(c) < 0) {
      error = "'" + std::string(1, c) + "' at character " + std::to_string(i + 1) + " is not a hex digit";
      return false;
    }
    digits += c;
  }
  if (digits.size() != 64 && digits.size() != 40) {
    error = "a fingerprint has 64 hex digits (SHA-256) or 40 (SHA-1), this one has " +
            std::to_string(digits.size());
    return false;
  }
  auto decode = [&](auto& out) {
    for (std::size_t i = 0; i < out.size(); ++i) {
      out[i] = static_cast<std::uint8_t>(hex_value(digits[2 * i]) * 16 + hex_value(digits[2 * i + 1]));
    }
  };
  if (digits.size() == 64) {
    Sha256 fp;
    decode(fp);
    sha256_.insert(fp);
  } else {
    Sha1 fp;
    decode(fp);
    sha1_.insert(fp);
  }
  return true;
}

bool AllowedFingerprints::add_file(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = path + ": cannot be read";
    return false;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    std::string why;
    if (!add(text, why)) {
      error = path + ":" + std::to_string(number) + ": " + why;
      return false;
    }
  }
  return true;
}

bool AllowedFingerprints::contains(const Sha256& sha256, const Sha1& sha1) const {
  return sha256_.count(sha256) != 0 || sha1_.count(sha1) != 0;
}

std::optional<ErrorCode> check_client(const std::optional<CertificateFacts>& certificate,
                                      const AllowedFingerprints& allowed, std::time_t now) {
  if (!certificate) return ErrorCode::auth_required;
  const bool known = allowed.contains(certificate->sha256, certificate->sha1);
  const bool check_dates = !GNP_TLS_FAULT(dates_unchecked);
  if (GNP_TLS_FAULT(dates_before_fingerprint)) {
    if (now < certificate->not_before) return ErrorCode::auth_not_yet_valid;
    if (now > certificate->not_after) return ErrorCode::auth_expired;
  }
  if (!known) return ErrorCode::auth_unknown_cert;
  if (check_dates && now < certificate->not_before) return ErrorCode::auth_not_yet_valid;
  if (check_dates && now > certificate->not_after) return ErrorCode::auth_expired;
  return std::nullopt;
}

}  // namespace gnp::tls
