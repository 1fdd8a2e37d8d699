// wireproof diff: the same generated traffic to two servers, differences in what they answer
// reported (first differing response, escaped, with the request bytes). Message text is ignored.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include "arguments.hpp"
#include "client.hpp"
#include "commands.hpp"
#include "corpus.hpp"
#include "escape.hpp"
#include "generator.hpp"
#include "sides.hpp"
#include "traffic_diff.hpp"
#include "trial.hpp"

namespace wireproof::blackbox {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kPrintedDifferences = 20;

cli::Options diff_options() {
  cli::Options options("wireproof diff (--server A | --connect A) (--server B | --connect B) [--seconds N | --count N] [options]",
                       "Send the same generated traffic to two servers and report where their answers differ.");
  options.add("--server", "CMD", "a server to start (give two sides in all; \"{port}\" is replaced by a free port)");
  options.add("--connect", "ADDR", "a running server at HOST:PORT");
  options.add("--seconds", "N", "run this long");
  options.add("--count", "N", "run this many streams (default 300 when neither is given)");
  options.add("--seed", "S", "seed for the generated traffic (default: random, printed)");
  options.add("--corpus", "DIR", "raw request streams to draw from (default: the bundled corpus, share/wireproof/corpus when installed)");
  options.add("--timeout-ms", "N", "deadline for each side's answers and close (default 1000)");
  options.epilog("Exit: 0 no difference, 1 a difference, 2 usage or setup error.");
  return options;
}

Observation observe(ServerTarget& target, const TestCase& test, const Timing& timing) {
  try {
    return exchange(target.address(), target.tls(), test, timing);
  } catch (const ClientError&) {
    return Observation{std::string(), false, true};
  }
}

}  // namespace

int run_diff(std::span<const std::string> args) {
  const cli::Options options = diff_options();
  std::vector<Side> sides;
  cli::Arguments parsed;
  Timing timing;
  timing.deadline = std::chrono::milliseconds(1000);
  std::uint64_t seed = 0;
  std::optional<std::int64_t> count;
  std::optional<std::int64_t> seconds;
  std::vector<std::string> corpus;
  try {
    std::vector<std::string> rest;
    sides = take_sides(args, rest);
    parsed = options.parse(rest);
    if (parsed.has("--help")) {
      std::cout << options.help();
      return 0;
    }
    if (sides.size() != 2) throw cli::UsageError("give exactly two servers (--server CMD or --connect ADDR each)");
    count = parsed.integer("--count", 1, INT64_MAX);
    seconds = parsed.integer("--seconds", 1, 7 * 24 * 3600);
    if (count && seconds) throw cli::UsageError("give --seconds or --count, not both");
    if (!count && !seconds) count = 300;
    seed = parsed.has("--seed") ? static_cast<std::uint64_t>(*parsed.integer("--seed", 0, INT64_MAX)) : std::random_device{}();
    if (auto ms = parsed.integer("--timeout-ms", 1, 600000)) timing.deadline = std::chrono::milliseconds(*ms);
    timing.pause = std::chrono::milliseconds(1);
    timing.pause_budget = std::chrono::milliseconds(30);
    std::string error;
    CorpusChoice chosen = choose_corpus(parsed.value("--corpus"), error);
    if (!error.empty()) throw cli::UsageError("--corpus: " + error);
    corpus = std::move(chosen.entries);
    std::cerr << "diff: " << chosen.note << "\n";
  } catch (const cli::UsageError& e) {
    std::cerr << "wireproof diff: " << e.what() << "\nusage: see wireproof diff --help\n";
    return 2;
  }
  std::vector<ServerTarget> targets;
  try {
    for (const Side& side : sides) targets.push_back(open_side(side));
  } catch (const std::exception& e) {
    std::cerr << "wireproof diff: cannot start a server: " << e.what() << "\n";
    return 2;
  }
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
        if (!targets[i].exited()) continue;
        const std::string death = targets[i].death(std::chrono::milliseconds(0)).value_or("died");
        difference = TrafficDifference{0, std::string(i == 0 ? "A" : "B") + " died", std::string(i == 0 ? "A: " : "B: ") + death.substr(0, death.find('\n')), death + "\n"};
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
      // Stores may have diverged: start both afresh so later streams compare like with like.
      for (ServerTarget& target : targets) {
        if (target.spawned()) target.restart();
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "wireproof diff: " << e.what() << "\n";
    return 2;
  }
  std::cout << "diff: " << execs << " streams, " << differing << " with differences, " << signatures.size()
            << " distinct (seed " << seed << ")\n";
  for (const auto& [signature, times] : signatures) std::cout << "  " << times << "x  " << signature << "\n";
  return differing != 0 ? 1 : 0;
}

}  // namespace wireproof::blackbox
