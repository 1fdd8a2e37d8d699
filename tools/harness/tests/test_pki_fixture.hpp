// The one test PKI of every TLS test program: made on first use with tools/make-test-pki
// (MAKE_TEST_PKI, defined by the test's CMakeLists.txt) into a temporary directory, removed at exit.
// ca, server, client-allowed, client-unknown, client-expired, client-not-yet-valid,
// client-unknown-expired (.pem/.key) and allowed.txt (PROTOCOL.md 9.3; every second entry in the
// other fingerprint form, see TestPki::generate).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "harness/test_pki.hpp"

namespace wireproof {

inline const TestPki& test_pki() {
  static const std::shared_ptr<TestPki> pki = TestPki::generate(MAKE_TEST_PKI, std::chrono::seconds(60));
  return *pki;
}

// A path inside it, e.g. test_pki_file("ca.pem").
inline std::string test_pki_file(const std::string& name) { return test_pki().file(name).string(); }

}  // namespace wireproof
