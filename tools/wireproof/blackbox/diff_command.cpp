// wireproof diff: the same generated traffic to two servers, differences in what they answer
// reported (first differing response, escaped, with the request bytes). Message text is ignored.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include "cli/arguments.hpp"
#include "command/subcommand.hpp"
#include "harness/client.hpp"
#include "blackbox/commands.hpp"
#include "blackbox/corpus.hpp"
#include "harness/escape.hpp"
#include "blackbox/generator.hpp"
#include "blackbox/traffic_diff.hpp"
#include "blackbox/trial.hpp"

namespace wireproof::blackbox {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kPrintedDifferences = 20;

command::Spec diff_spec() {
  command::Spec spec{"diff",
                     "wireproof diff (--server A | --connect A) (--server B | --connect B) [--seconds N | --count N] [options]",
                     "Send the same generated traffic to two servers and report where their answers differ.",
                     {command::Shared::server, command::Shared::connect, command::Shared::seed, command::Shared::timeout_ms,
                      command::Shared::max_response_bytes}};
  spec.min_targets = 2;
  spec.max_targets = 2;
  spec.default_timeout = std::chrono::milliseconds(1000);
  return spec;
}

void add_diff_options(cli::Options& options) {
  options.add("--seconds", "N", "run this long");
  options.add("--count", "N", "run this many streams (default 300 when neither is given)");
  options.add("--corpus", "DIR", "raw request streams to draw from (default: the bundled corpus, share/wireproof/corpus when installed)");
  options.epilog("Exit: 0 no difference, 1 a difference, 2 usage or setup error.");
}

Observation observe(Target& target, const TestCase& test, const Timing& timing) {
  try {
    return exchange(target.address(), target.tls(), test, timing);
  } catch (const ClientError&) {
    return Observation{std::string(), false, true};
  }
}

// The restart policy (target.hpp) after a difference: a server that died or fails the liveness
// probe is restarted; one that is alive keeps running, with the keys the stream may have changed
// deleted so both stores agree again.
void bring_back(Target& target, const TestCase& test, const Timing& timing) {
  if (target.exited() || Target::needs_restart(target.probe())) {
    if (target.started()) target.restart();
    return;
  }
  gnp::Store scratch;
  forget_keys(target, scratch, test.stream, timing);
}

int diff_with(const command::Setup& setup) {
  const cli::Arguments& parsed = setup.args;
  Timing timing;
  timing.deadline = setup.timeout;
  timing.reading = setup.reading();
  timing.pause = std::chrono::milliseconds(1);
  timing.pause_budget = std::chrono::milliseconds(30);
  std::optional<std::int64_t> count = parsed.integer("--count", 1, INT64_MAX);
  const std::optional<std::int64_t> seconds = parsed.integer("--seconds", 1, 7 * 24 * 3600);
  if (count && seconds) throw cli::UsageError("give --seconds or --count, not both");
  if (!count && !seconds) count = 300;
  const CorpusChoice chosen = corpus_from_option(parsed);
  std::cerr << "diff: " << chosen.note << "\n";
  const std::vector<std::string>& corpus = chosen.entries;
  const std::uint64_t seed = setup.seed;
  std::vector<Target> targets;
  for (std::size_t i = 0; i < 2; ++i) targets.push_back(setup.open(i, Target::Options{}));
  std::cout << "diff: A = " << targets[0].describe() << ", B = " << targets[1].describe() << ", seed " << seed << "\n";

  Rng rng(seed);
  const Clock::time_point start = Clock::now();
  std::uint64_t execs = 0;
  std::uint64_t differing = 0;
  std::map<std::string, std::uint64_t> signatures;  // distinct differences and how often seen
  auto next_progress = start + std::chrono::seconds(1);
  try {
    while (count ? execs < static_cast<std::uint64_t>(*count) : Clock::now() < start + std::chrono::seconds(*seconds)) {
      const GeneratedStream generated = generate_stream(rng, corpus);
      TestCase test;
      test.stream = generated.bytes;
      test.strategy = rng.chance(1, 2) ? Strategy::whole : rng.chance(1, 2) ? Strategy::split_terminator : Strategy::random;
      test.seed = rng.next();
      const Observation a = observe(targets[0], test, timing);
      const Observation b = observe(targets[1], test, timing);
      ++execs;
      gnp::Store scratch;
      std::optional<TrafficDifference> difference =
          compare_traffic(a, b, expect_reference(test.stream, scratch).requests);
      for (std::size_t i = 0; i < 2; ++i) {
        const std::optional<ServerDeath> died =
            targets[i].death(difference ? Target::kExitGrace : std::chrono::milliseconds(0));
        if (!died) continue;
        const std::string death = died->describe();
        difference = TrafficDifference{0, std::string(i == 0 ? "A" : "B") + " died",
                                       std::string(i == 0 ? "A: " : "B: ") + death.substr(0, death.find('\n')),
                                       death + "\n"};
      }
      if (Clock::now() >= next_progress) {
        next_progress += std::chrono::seconds(1);
        std::cerr << "diff: " << execs << " execs, " << differing << " differing, " << signatures.size() << " distinct\n";
      }
      if (!difference) continue;
      ++differing;
      if (signatures[difference->signature]++ == 0 && signatures.size() <= kPrintedDifferences) {
        std::cout << "difference " << signatures.size() << " (stream #" << execs << ", " << test.stream.size()
                  << " bytes, " << segmentation_name(test) << ", " << generated.origin << "): " << difference->summary
                  << "\n"
                  << difference->detail << "stream: \"" << escape_bytes(test.stream) << "\"\n\n";
      }
      // Stores may have diverged: bring both back in step so later streams compare like with like.
      for (Target& target : targets) bring_back(target, test, timing);
    }
  } catch (const ClientError& e) {
    throw SetupError(e.what());
  }
  std::cout << "diff: " << execs << " streams, " << differing << " with differences, " << signatures.size()
            << " distinct (seed " << seed << ")\n";
  for (const auto& [signature, times] : signatures) std::cout << "  " << times << "x  " << signature << "\n";
  return differing != 0 ? 1 : 0;
}

}  // namespace

int run_diff(std::span<const std::string> args) {
  return command::run(diff_spec(), add_diff_options, args, diff_with);
}

}  // namespace wireproof::blackbox
