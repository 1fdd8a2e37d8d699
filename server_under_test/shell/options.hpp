// Command-line options of gnp-server and gnp-server-mutant: parsing, validation and help text.
// Parsing never exits or prints; the caller decides what to do with the result.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gnp::shell {

struct Options {
  enum class Action { serve, help, list_faults };

  Action action = Action::serve;
  std::string host = "127.0.0.1";  // an IP literal ("localhost" is accepted and mapped)
  std::uint16_t port = 7070;       // 0: any free port
  std::chrono::milliseconds idle_timeout{30'000};     // PROTOCOL.md 10.1
  std::chrono::milliseconds request_timeout{10'000};  // 10.2
  std::size_t max_connections = 1024;                 // 10.3
  unsigned threads = 1;                               // io_context threads
  std::string fault;  // gnp-server-mutant only: a name from gnp::all_faults(); empty for none

  // TLS (PROTOCOL.md 9). An empty tls_cert means plain TCP (2.1). With a certificate, the key and
  // at least one allowed fingerprint are required (checked here only for presence; the files and
  // the fingerprints' syntax are checked when the TLS context is made, tls_service.hpp).
  std::string tls_cert;
  std::string tls_key;
  std::vector<std::string> allow_fingerprints;  // every --allow-fingerprint, in order
  std::vector<std::string> allow_files;         // every --allow-file, in order
  bool tls() const { return !tls_cert.empty(); }
};

// Which options exist: the mutant binary also takes --fault and --list-faults.
struct OptionSet {
  std::string_view program;  // used in messages, e.g. "gnp-server"
  bool fault_options = false;
};

struct ParseResult {
  Options options;
  std::string error;  // empty on success; otherwise one line naming the option and the value
  bool ok() const { return error.empty(); }
};

// `args` excludes argv[0]. Accepts `--name value` and `--name=value`; a repeated option takes
// the last value, except --allow-fingerprint and --allow-file, which add up.
ParseResult parse_options(std::span<const char* const> args, const OptionSet& set);

std::string help_text(const OptionSet& set);

}  // namespace gnp::shell
