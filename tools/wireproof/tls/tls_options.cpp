#include "tls/tls_options.hpp"

namespace wireproof::tls {

void add_tls_options(cli::Options& options) {
  options.add_flag("--tls", "speak TLS 1.2+ to the server (PROTOCOL.md 2.2, 9)");
  options.add("--client-cert", "FILE", "PEM certificate connections present (default: the PKI's client-allowed.pem)");
  options.add("--client-key", "FILE", "its unencrypted PEM key (with --client-cert)");
  options.add("--ca", "FILE", "verify the server's certificate with this PEM CA (default: the PKI's ca.pem)");
  options.add_flag("--insecure", "accept any server certificate");
  options.add("--pki", "DIR",
              "certificates as tools/make-test-pki lays them out (ca.pem, server.pem/.key, allowed.txt, client NAME.pem/.key); "
              "default: generated for the run when --server uses {tls_cert} {tls_key} {allow_file} or {ca_file}");
}

TlsOptions TlsOptions::from_arguments(const cli::Arguments& args) {
  TlsOptions o;
  o.enabled = args.has("--tls");
  o.client_cert = args.value("--client-cert");
  o.client_key = args.value("--client-key");
  o.ca = args.value("--ca");
  o.insecure = args.has("--insecure");
  o.pki = args.value("--pki");
  if (!o.enabled) {
    for (const char* option : {"--client-cert", "--client-key", "--ca", "--insecure", "--pki"}) {
      if (args.has(option)) throw cli::UsageError(std::string(option) + " needs --tls");
    }
    return o;
  }
  if (o.client_cert.has_value() != o.client_key.has_value()) {
    throw cli::UsageError(o.client_cert ? "--client-cert needs --client-key" : "--client-key needs --client-cert");
  }
  if (o.ca && o.insecure) throw cli::UsageError("give --ca FILE or --insecure, not both");
  return o;
}

}  // namespace wireproof::tls
