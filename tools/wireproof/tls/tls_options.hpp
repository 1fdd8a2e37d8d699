// The TLS options of certify, repro and fuzz (PROTOCOL.md 2.2, 9), as given on the command line.
// Turning them into a PKI and client contexts is TlsSetup's job (tls_setup.hpp).
//
//   --tls                           speak TLS to the server under test
//   --client-cert F --client-key F  the certificate connections present by default
//                                   (default: the PKI's client-allowed)
//   --ca F | --insecure             how the server's certificate is checked (default: the PKI's ca.pem)
//   --pki DIR                       certificates laid out like tools/make-test-pki writes them;
//                                   without it a PKI is generated when the --server command uses
//                                   {tls_cert}, {tls_key}, {allow_file} or {ca_file}
#pragma once

#include <optional>
#include <string>

#include "cli/arguments.hpp"

namespace wireproof::tls {

struct TlsOptions {
  bool enabled = false;  // --tls
  std::optional<std::string> client_cert;
  std::optional<std::string> client_key;
  std::optional<std::string> ca;
  bool insecure = false;
  std::optional<std::string> pki;

  // Throws cli::UsageError for combinations that cannot work (a TLS option without --tls,
  // --client-cert without --client-key, --ca with --insecure).
  static TlsOptions from_arguments(const cli::Arguments& args);
};

void add_tls_options(cli::Options& options);

}  // namespace wireproof::tls
