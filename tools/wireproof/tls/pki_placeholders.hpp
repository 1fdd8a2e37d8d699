// The PKI placeholders of a --server command template (PROTOCOL.md 9): {tls_cert} server.pem,
// {tls_key} server.key, {allow_file} allowed.txt, {ca_file} ca.pem, filled from a TestPki.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/test_pki.hpp"

namespace wireproof::tls {

const std::vector<std::string_view>& pki_placeholders();
bool uses_pki_placeholders(std::string_view command);
// Throws PkiError when a path holds characters the command template cannot carry unquoted.
std::string fill_pki_placeholders(std::string command, const TestPki& pki);

}  // namespace wireproof::tls
