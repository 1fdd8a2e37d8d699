// What every subcommand (certify, repro, fuzz, diff) shares: one table of the common options
// (--server, --connect, the TLS options, --timeout-ms, --seed, --jobs, --segment,
// --max-response-bytes), parsed once into
// a Setup, and one prologue around the subcommand's own work:
//   options -> targets (and TLS) -> report paths checked -> run -> exit code.
// Usage and setup errors print one line "wireproof NAME: ..." and exit 2, before anything runs.
//
//   int run_repro(std::span<const std::string> args) {
//     return command::run({"repro", "wireproof repro FILE... (--server CMD | --connect ADDR)", "Replay ...",
//                          {Shared::server, Shared::connect, Shared::tls, Shared::timeout_ms}},
//                         add_repro_options,   // its own: options.add("--pause-us", "N", "...")
//                         args, repro_with);   // int repro_with(const command::Setup&)
//   }
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/address.hpp"
#include "cli/arguments.hpp"
#include "harness/response_reader.hpp"
#include "scenario/scenario.hpp"
#include "harness/segmentation.hpp"
#include "target/target.hpp"
#include "tls/tls_setup.hpp"

namespace wireproof::command {

enum class Shared { server, connect, tls, timeout_ms, seed, jobs, segment, max_response_bytes };

struct Spec {
  std::string name;     // "repro"; messages start "wireproof repro: "
  std::string usage;
  std::string summary;
  std::vector<Shared> shared;
  std::size_t min_targets = 1;  // --server and --connect given in all
  std::size_t max_targets = 1;
  std::chrono::milliseconds default_timeout{2000};
  int default_jobs = 1;
  std::optional<std::uint64_t> default_seed;  // nullopt: a random one (the command prints it)
  std::size_t max_positional = 0;
  std::vector<std::string> output_files;      // options naming report files, checked up front
};

// One server as given on the command line.
struct TargetSpec {
  bool start = true;    // --server (else --connect)
  std::string given;    // the text as typed
  std::string command;  // --server with the TLS placeholders filled (settings placeholders are not)
  Address address;      // --connect, parsed

  // Starts it (settings placeholders filled from `settings`, else the PROTOCOL.md defaults) or
  // connects to it. Throws SetupError.
  Target open(const Target::Options& options, const scenario::ServerSettings& settings = {}) const;
};

struct Setup {
  cli::Arguments args;  // for the subcommand's own options
  std::vector<TargetSpec> targets;
  std::shared_ptr<tls::TlsSetup> tls;  // nullptr without --tls; keeps a generated PKI until the end
  std::chrono::milliseconds timeout{2000};
  std::uint64_t seed = 0;
  bool seed_given = false;
  int jobs = 1;
  Strategy segment = Strategy::whole;
  // --max-response-bytes: the most bytes read from a server in one case (ReadBudget).
  std::size_t max_response_bytes = kDefaultMaxResponseBytes;

  // How every connection of the run reads the server: strictly, within the byte limit. Each
  // subcommand starts from this and adds only what it learns (certify's lenient forms).
  ReadingConventions reading() const {
    ReadingConventions conventions;
    conventions.max_response_bytes = max_response_bytes;
    return conventions;
  }

  // targets[i] opened, speaking TLS when the run does. Throws SetupError ("cannot start the
  // server: ..." for a --server).
  Target open(std::size_t i, const Target::Options& options, const scenario::ServerSettings& settings = {}) const;
};

class Subcommand {
 public:
  explicit Subcommand(Spec spec);
  cli::Options& options() { return options_; }

  // Parses `args` (--help prints the help, exit 0), builds the Setup and runs `body` with it.
  // A cli::UsageError or SetupError, from the prologue or from `body`, is printed as one line
  // and gives exit 2.
  int run(std::span<const std::string> args, const std::function<int(const Setup&)>& body) const;

 private:
  Setup prologue(std::span<const std::string> args) const;
  bool takes(Shared option) const;

  Spec spec_;
  cli::Options options_;
};

// A subcommand in one call: `spec`'s shared options plus those `add_own` declares, then
// Subcommand::run.
int run(Spec spec, void (*add_own)(cli::Options&), std::span<const std::string> args,
        const std::function<int(const Setup&)>& body);

// Throws cli::UsageError, naming `option` and why, when a report cannot be written at `path`
// (its directory is missing or not writable, or the path is a directory). Nothing is created.
void check_writable(const std::string& option, const std::string& path);

}  // namespace wireproof::command
