// The certificates a TLS run uses (PROTOCOL.md 9), as a directory laid out like tools/make-test-pki
// writes it: ca.pem, server.pem/.key, client NAME.pem/.key (client-allowed, client-unknown,
// client-expired, client-not-yet-valid, client-unknown-expired) and allowed.txt (the fingerprints
// the server is to admit). Either generated for one run in a temporary directory, or given (--pki).
// Also the one test PKI of every TLS test (tests/test_pki_fixture.hpp).
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace wireproof {

// The PKI could not be made or is incomplete; the message names the file or the command.
class PkiError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TestPki {
 public:
  // Runs `script DIR` (tools/make-test-pki) in a new temporary directory, removed again by the
  // destructor, at most `timeout`. Then rewrites every second allowed.txt entry in the other
  // fingerprint form of 9.3 (lower-case hex without ':'), so both forms are exercised.
  static std::shared_ptr<TestPki> generate(const std::filesystem::path& script, std::chrono::seconds timeout);
  // An existing directory (not removed). Throws PkiError naming the first missing server-side
  // file (ca.pem, server.pem, server.key, allowed.txt).
  static std::shared_ptr<TestPki> open(const std::filesystem::path& dir);

  TestPki(const TestPki&) = delete;
  TestPki& operator=(const TestPki&) = delete;
  ~TestPki();

  const std::filesystem::path& dir() const { return dir_; }
  bool generated() const { return owned_; }
  std::filesystem::path file(std::string_view name) const { return dir_ / std::string(name); }
  std::filesystem::path certificate(const std::string& name) const { return file(name + ".pem"); }
  std::filesystem::path key(const std::string& name) const { return file(name + ".key"); }
  // "" when NAME.pem and NAME.key are readable files, else which one is not.
  std::string check_client(const std::string& name) const;

 private:
  TestPki(std::filesystem::path dir, bool owned) : dir_(std::move(dir)), owned_(owned) {}

  std::filesystem::path dir_;
  bool owned_;
};

}  // namespace wireproof
