#include "stateful/phase.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "harness/escape.hpp"
#include "target/target.hpp"
#include "stateful/traffic_scenario.hpp"
#include "scenario/scenario_writer.hpp"
#include "stateful/traffic_generator.hpp"

namespace wireproof::stateful {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

std::string file_stem(std::uint64_t seed, const Divergence& d) {
  std::string stem = "stateful-seed" + std::to_string(seed) + "-" + d.requirement + "-" + d.kind;
  for (char& ch : stem) {
    const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-';
    if (!keep) ch = '-';
  }
  return stem;
}

// The whole key universe, so leftovers of earlier clients cannot change the oracle's answers.
std::set<std::string> all_keys(std::size_t connections) {
  std::set<std::string> keys(TrafficGenerator::shared_keys().begin(), TrafficGenerator::shared_keys().end());
  for (std::size_t i = 0; i < connections; ++i) {
    for (const std::string& k : TrafficGenerator::private_keys(TrafficGenerator::connection_name(i))) keys.insert(k);
  }
  return keys;
}

void write_reproducer(PhaseFinding& f, const PhaseOptions& options, std::uint64_t seed) {
  const Divergence& d = f.minimal_run.divergence ? *f.minimal_run.divergence : f.first;
  f.scenario_id = file_stem(seed, d);
  ReproducerInfo info;
  info.id = f.scenario_id;
  info.section = d.section;
  info.requirement = d.requirement;
  info.title = options.found_by + " (seed " + std::to_string(seed) + "): " + d.summary;
  info.tls = options.tls;
  scenario::Scenario s = reproducer_scenario(oracle_run(f.minimal, true), info);
  // Named by content too, so findings against different servers in one directory do not collide.
  std::uint64_t hash = 1469598103934665603ULL;
  for (const char c : scenario::write_scenario(s)) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "-%08x", static_cast<unsigned>(hash >> 32));
  f.scenario_id += suffix;
  if (!options.file_stem.empty()) f.scenario_id = options.file_stem;
  s.id = f.scenario_id;
  const std::filesystem::path path = options.out_dir / (f.scenario_id + ".gnpt");
  std::string text = "# Found by " + options.found_by + " (seed " + std::to_string(seed) + ") against " +
                     escape_bytes(options.server) + (options.tls ? " over TLS" : "") + "\n";
  text += "# First divergence: " + escape_bytes(d.summary) + "\n";
  text += "# Replay: wireproof repro " + path.string() + (options.tls ? " --tls" : "") +
          " --server '<command with {port}>'; or wireproof certify --scenarios " + options.out_dir.string() + "\n";
  text += scenario::write_scenario(s);
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    f.write_error = "cannot write '" + path.string() + "'";
    return;
  }
  f.scenario_file = path;
}

// A server that just answered is alive; one that closed or went quiet may be dying.
std::chrono::milliseconds death_grace(const Divergence& d) {
  const bool answered = d.kind == "status" || d.kind == "body" || d.kind == "sequence" || d.kind == "size" ||
                        d.kind == "store-value" || d.kind == "greeting" || d.kind == "malformed";
  return answered ? std::chrono::milliseconds(0) : Target::kExitGrace;  // a server that answered was alive
}

}  // namespace

std::string PhaseResult::summary() const {
  std::ostringstream out;
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f s", ms / 1000.0);
  out << "stateful phase: seed " << seed << ", " << connections << " connections, " << rounds << " rounds, " << requests
      << " requests (" << reopened << " reopened after QUIT), " << seconds << ": ";
  if (!setup_error.empty()) {
    out << "ERROR (" << setup_error << ")";
  } else if (finding) {
    const Divergence& d = finding->minimal_run.divergence ? *finding->minimal_run.divergence : finding->first;
    out << "FAIL " << d.requirement << " " << d.kind << " after " << finding->rounds_before << " rounds ("
        << static_cast<long>(finding->found_after_ms) << " ms), shrunk to " << finding->minimal.rounds.size()
        << " rounds / " << finding->minimal.requests() << " requests";
  } else {
    out << "PASS";
  }
  return out.str();
}

std::string finding_text(const PhaseFinding& f) {
  std::ostringstream out;
  const Divergence& d = f.minimal_run.divergence ? *f.minimal_run.divergence : f.first;
  out << "first divergence breaks PROTOCOL.md " << d.requirement << " (" << d.kind << "): " << d.summary << "\n";
  out << "found after " << f.rounds_before << " rounds / " << f.requests_before << " requests ("
      << static_cast<long>(f.found_after_ms) << " ms); shrunk to " << f.minimal.rounds.size() << " rounds / "
      << f.minimal.requests() << " requests in " << f.shrink_replays << " replays ("
      << static_cast<long>(f.shrink_ms) << " ms" << (f.shrink_exhausted ? ", budget ran out" : "") << ")"
      << (f.confirmed ? "" : "; the minimal traffic did not fail again on confirmation") << "\n";
  if (d.requirement != f.first.requirement) out << "as explored: " << f.first.requirement << " " << f.first.kind << ": " << f.first.summary << "\n";
  for (std::size_t i = 0; i < f.minimal.rounds.size(); ++i) {
    const Round& r = f.minimal.rounds[i];
    out << "  round " << i + 1 << " " << r.connection << " [" << r.segmentation() << "]: \"" << escape_bytes(r.bytes()) << "\"\n";
  }
  out << d.detail;
  if (!f.scenario_file.empty()) out << "reproducer: " << f.scenario_file.string() << "\n";
  if (!f.write_error.empty()) out << "reproducer not written: " << f.write_error << "\n";
  return out.str();
}

PhaseFinding investigate(ServerHandle& server, const std::optional<TlsClientContext>& tls, const PhaseOptions& options,
                         Traffic explored, const Divergence& first, double found_after_ms) {
  PhaseFinding f;
  f.first = first;
  f.found_after_ms = found_after_ms;
  f.rounds_before = explored.rounds.size();
  if (first.round + 1 < explored.rounds.size()) explored.rounds.resize(first.round + 1);
  f.requests_before = explored.requests();

  const Clock::time_point shrink_start = Clock::now();
  Limits quick = options.limits;
  quick.response = std::min(options.limits.response, options.shrink_response);
  auto replay_with = [&](const Limits& limits) {
    return [&server, &tls, limits](const Traffic& t) -> std::optional<Divergence> {
      if (!server.death(std::chrono::milliseconds(0)).empty() && !server.restart()) return std::nullopt;  // nothing left to test against
      TrafficRun run = run_traffic(t, server.address(), tls, limits, true);
      if (!run.divergence) return std::nullopt;
      Divergence d = *run.divergence;
      if (!server.death(death_grace(d)).empty()) d.outcome = Outcome::crash;
      return d;
    };
  };
  if (!server.death(std::chrono::milliseconds(0)).empty()) server.restart();
  blackbox::ShrinkBudget budget;
  budget.max_tests = options.shrink_replays;
  budget.deadline = shrink_start + options.shrink_time;
  const ShrunkTraffic shrunk = shrink_traffic(explored, first, replay_with(quick), budget);
  f.minimal = shrunk.minimal;
  f.shrink_replays = shrunk.replays;
  f.shrink_exhausted = shrunk.exhausted;
  // Confirm with the full waits; the report names the divergence of this run.
  if (!server.death(std::chrono::milliseconds(0)).empty()) server.restart();
  f.minimal_run = run_traffic(f.minimal, server.address(), tls, options.limits, true);
  f.confirmed = f.minimal_run.divergence && f.minimal_run.divergence->same_failure(shrunk.divergence);
  if (f.minimal_run.divergence) {
    Divergence& d = *f.minimal_run.divergence;
    if (shrunk.divergence.section == "4.4" && d.section != "4.4") {
      d.section = "4.4";
      d.requirement = "4.4/2";
      d.summary = "depends on segmentation (sent whole, it passes): " + d.summary;
    }
  } else {
    f.minimal_run.divergence = shrunk.divergence;
  }
  f.shrink_ms = ms_since(shrink_start);
  write_reproducer(f, options, options.seed);
  return f;
}

PhaseResult run_phase(ServerHandle& server, const std::optional<TlsClientContext>& tls, const PhaseOptions& options) {
  const Clock::time_point start = Clock::now();
  PhaseResult result;
  result.seed = options.seed;
  result.connections = options.connections;
  TrafficGenerator generator(options.seed, GeneratorConfig{options.connections});
  Traffic explored;
  Session session(server.address(), tls, options.limits);
  const Round reset = reset_round(all_keys(options.connections));
  std::optional<Divergence> divergence = session.run(reset, 0);
  if (divergence) explored.rounds.push_back(reset);  // the server fails its very first requests
  std::set<std::string> opened;
  while (!divergence && explored.rounds.size() < options.max_rounds && Clock::now() - start < options.max_time) {
    explored.rounds.push_back(generator.next());
    const Round& round = explored.rounds.back();
    divergence = session.run(round, explored.rounds.size() - 1);
    ++result.rounds;
    result.requests += round.requests.size();
    // A connection opened again after its first round: QUIT closed it.
    if (session.expectations().back().opens && !opened.insert(round.connection).second) ++result.reopened;
  }
  if (!divergence) {
    result.ms = ms_since(start);
    return result;
  }
  if (const std::string died = server.death(death_grace(*divergence)); !died.empty()) {
    divergence->outcome = Outcome::crash;
    divergence->summary += " (the server died: " + died + ")";
  }
  if (divergence->kind == "connect" && divergence->round == 0) {
    result.setup_error = divergence->summary;  // never reached: nothing to shrink
    result.ms = ms_since(start);
    return result;
  }

  result.finding = investigate(server, tls, options, std::move(explored), *divergence, ms_since(start));
  result.ms = ms_since(start);
  return result;
}

}  // namespace wireproof::stateful
