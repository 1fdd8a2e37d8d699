// wireproof repro: replays corpus files, crash files and fuzz reproducers against a server and
// says, for each, crash / timeout / fail / pass, judged by the reference core.
#include <iostream>
#include <sstream>

#include "cli/arguments.hpp"
#include "blackbox/commands.hpp"
#include "blackbox/reproducer.hpp"
#include "stateful/runner.hpp"
#include "command/subcommand.hpp"
#include "stateful/traffic_scenario.hpp"
#include "blackbox/trial.hpp"

namespace wireproof::blackbox {

namespace {

constexpr std::size_t kCutAttempts = 3;

command::Spec repro_spec() {
  command::Spec spec{"repro", "wireproof repro FILE... (--server CMD | --connect ADDR) [--tls ...] [options]",
                     "Replay request streams over TCP (or inside TLS) and judge the answers against the reference core.",
                     {command::Shared::server, command::Shared::connect, command::Shared::tls,
                      command::Shared::segment, command::Shared::timeout_ms, command::Shared::max_response_bytes}};
  spec.max_positional = 100000;
  return spec;
}

void add_repro_options(cli::Options& options) {
  options.add("--pause-us", "N", "pause between pieces of a cut stream (default 2000)");
  options.epilog(
      "Files: NAME.gnpt scenarios (as written by `wireproof fuzz`) replay the bytes sent on their first\n"
      "connection, cut as the scenario pins; scenarios over several connections (certify's stateful phase\n"
      "writes them) replay every connection's sends in order, judged by the reference core over one store.\n"
      "NAME.txt (fuzz's reports) are skipped with a note. Any other file is a raw request stream (corpus/<target>/\n"
      "entries of connection_fuzzer and parser_fuzzer, fuzz .bin files, crash files): all of it is sent\n"
      "after connecting, then the client half-closes. framer_fuzzer entries are sent the same way (their\n"
      "leading chunk-choice bytes become part of the stream; use --segment for cutting).\n"
      "Each stream goes to a freshly started server (--server), so the reference core's answers are exact.\n"
      "--tls: the stream goes inside TLS after the greeting (PROTOCOL.md 9.6; the oracle is unchanged);\n"
      "{tls_cert} {tls_key} {allow_file} {ca_file} in --server are filled as for certify (--pki DIR or a\n"
      "generated PKI).\n"
      "Exit: 0 all pass, 1 a crash, timeout or fail, 2 usage, setup or unreadable file.");
}

std::string indented(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::string out;
  while (std::getline(in, line)) out += "    " + line + "\n";
  return out;
}


int repro_with(const command::Setup& setup) {
  const cli::Arguments& parsed = setup.args;
  if (parsed.positional().empty()) throw cli::UsageError("no FILE given");
  Timing timing;
  timing.deadline = setup.timeout;
  timing.reading = setup.reading();
  if (auto us = parsed.integer("--pause-us", 0, 1000000)) timing.pause = std::chrono::microseconds(*us);
  const Strategy raw_strategy = setup.segment;
  Target target = setup.open(0, Target::Options{});
  if (!target.started()) {
    std::cout << "note: --connect: a running server keeps its store between files; answers to GET/DEL are exact\n"
                 "only if nothing was stored before.\n";
  }
  FreshRunner runner(target, timing, /*server_is_fresh=*/true);
  std::size_t counts[4] = {0, 0, 0, 0};
  std::size_t unreadable = 0;
  std::size_t skipped = 0;
  for (const std::string& file : parsed.positional()) {
    if (const std::string why = not_a_stream(file); !why.empty()) {
      std::cout << file << ": skipped: " << why << "\n";
      ++skipped;
      continue;
    }
    // Scenarios over several connections (certify's stateful phase writes them): every round, in
    // order, judged by the reference core over one shared store (8.8).
    if (const std::optional<stateful::Traffic> traffic = stateful::multi_connection_traffic(file)) {
      bool cut = false;
      for (const stateful::Round& round : traffic->rounds) cut = cut || !round.cuts().empty();
      stateful::TrafficRun run;
      std::size_t attempts = 0;
      do {  // as for streams: a busy machine can merge pieces, so an ok with cuts is retried
        ++attempts;
        run = stateful::run_traffic(*traffic, target.address(), target.tls(), {timing.connect, timing.deadline},
                                    /*reset=*/false);
      } while (!run.divergence && cut && attempts < kCutAttempts);
      const std::string how = std::to_string(traffic->rounds.size()) + " rounds on " +
                              std::to_string(run.connection_order.size()) + " connections";
      if (!run.divergence) {
        ++counts[0];
        std::cout << file << ": pass (" << how << "): every response as the reference\n";
        continue;
      }
      stateful::Divergence d = *run.divergence;
      if (const std::optional<ServerDeath> died = target.death(Target::kExitGrace)) {
        d.outcome = Outcome::crash;
        d.summary += " (the " + died->describe() + ")";
      }
      ++counts[static_cast<int>(d.outcome)];
      std::cout << file << ": " << outcome_name(d.outcome) << " " << d.section << " " << d.kind << " (" << how
                << "): " << d.summary << "\n" << indented(d.detail);
      if (d.outcome == Outcome::crash && target.started()) target.restart();
      runner.mark_dirty();  // keys were written: the next stream file gets a fresh server
      continue;
    }
    std::string error;
    const std::optional<LoadedCase> loaded = load_case(file, raw_strategy, &error);
    if (!loaded) {
      std::cout << file << ": error: " << error << "\n";
      ++unreadable;
      continue;
    }
    if (!loaded->note.empty()) std::cout << file << ": note: " << loaded->note << "\n";
    TrialResult result;
    Verdict verdict;
    std::size_t attempts = 0;
    try {
      // A cut stream relies on the server reading each piece on its own; a busy machine can merge
      // pieces, so an ok there is retried before it is believed.
      const std::size_t max_attempts = cuts_of(loaded->test).empty() ? 1 : kCutAttempts;
      do {
        ++attempts;
        result = runner.run(loaded->test);
      } while (result.verdict.outcome == Outcome::pass && attempts < max_attempts);
      verdict = result.verdict;
      relabel_if_segmentation_dependent(runner, loaded->test, verdict);
    } catch (const std::exception& e) {
      std::cout << file << ": error: " << e.what() << "\n";
      ++unreadable;
      continue;
    }
    ++counts[static_cast<int>(verdict.outcome)];
    const std::string how = std::to_string(loaded->test.stream.size()) + " bytes, " + segmentation_name(loaded->test) +
                            (attempts > 1 ? ", " + std::to_string(attempts) + " attempts" : "");
    if (verdict.outcome == Outcome::pass) {
      std::cout << file << ": pass (" << how << "): " << result.expected.frames.size() - 1
                << " responses as the reference, then close after " << close_cause_name(result.expected.close_cause)
                << "\n";
      continue;
    }
    std::cout << file << ": " << outcome_name(verdict.outcome) << " " << verdict.section << " " << verdict.kind << " ("
              << how << "): " << verdict.summary << "\n"
              << indented(verdict.detail);
  }
  std::cout << "repro: " << parsed.positional().size() << " file(s): " << counts[0] << " pass, " << counts[3]
            << " crash, " << counts[2] << " timeout, " << counts[1] << " fail"
            << (unreadable ? ", " + std::to_string(unreadable) + " unreadable" : "")
            << (skipped ? ", " + std::to_string(skipped) + " skipped" : "") << "\n";
  if (unreadable != 0) return 2;
  if (skipped == parsed.positional().size()) {
    std::cerr << "wireproof repro: nothing replayed: every file was skipped\n";
    return 2;
  }
  return counts[1] + counts[2] + counts[3] != 0 ? 1 : 0;
}

}  // namespace

int run_repro(std::span<const std::string> args) {
  return command::run(repro_spec(), add_repro_options, args, repro_with);
}

}  // namespace wireproof::blackbox
