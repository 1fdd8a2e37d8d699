// What a TLS port needs (PROTOCOL.md 9): the OpenSSL context (TLS 1.2+, a client certificate
// requested and any accepted at the TLS layer, 9.1) and the fingerprints let in (9.3). Made once
// at start-up; every bad file or fingerprint is reported there, never at the first connection.
#pragma once

#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "tls/client_auth.hpp"
#include "shell/options.hpp"

namespace gnp::shell {

struct TlsService {
  TlsService() : context(boost::asio::ssl::context::tls_server) {}

  boost::asio::ssl::context context;
  gnp::tls::AllowedFingerprints allowed;
};

// From --tls-cert, --tls-key, --allow-fingerprint and --allow-file. On failure returns null and
// sets `error` to one line naming the option, the file or value, and the reason.
std::shared_ptr<TlsService> make_tls_service(const Options& options, std::string& error);

}  // namespace gnp::shell
