#include "tls/certificate_facts.hpp"

#include <openssl/asn1.h>
#include <openssl/evp.h>

#include <ctime>
#include <vector>

namespace gnp::tls {

namespace {

bool to_time(const ASN1_TIME* asn1, std::time_t& out) {
  std::tm tm{};
  if (asn1 == nullptr || ASN1_TIME_to_tm(asn1, &tm) != 1) return false;
  out = timegm(&tm);
  return true;
}

}  // namespace

std::optional<CertificateFacts> certificate_facts(X509* certificate) {
  if (certificate == nullptr) return std::nullopt;
  const int length = i2d_X509(certificate, nullptr);
  if (length <= 0) return std::nullopt;
  std::vector<unsigned char> der(static_cast<std::size_t>(length));
  unsigned char* cursor = der.data();
  i2d_X509(certificate, &cursor);

  CertificateFacts facts;
  unsigned int size = 0;
  if (EVP_Digest(der.data(), der.size(), facts.sha256.data(), &size, EVP_sha256(), nullptr) != 1 ||
      EVP_Digest(der.data(), der.size(), facts.sha1.data(), &size, EVP_sha1(), nullptr) != 1) {
    return std::nullopt;
  }
  if (!to_time(X509_get0_notBefore(certificate), facts.not_before) ||
      !to_time(X509_get0_notAfter(certificate), facts.not_after)) {
    return std::nullopt;
  }
  return facts;
}

}  // namespace gnp::tls
