#include "stateful/shrink.hpp"

#include <map>

#include "blackbox/generator.hpp"

namespace wireproof::stateful {

namespace {

using Indices = std::vector<std::size_t>;
using Clock = std::chrono::steady_clock;

std::string all_bytes(const Traffic& t) {
  std::string out;
  for (const Round& r : t.rounds) out += r.connection + ":" + r.bytes() + "|";
  return out;
}

Indices all_indices(std::size_t n) {
  Indices out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = i;
  return out;
}

struct Shrinking {
  Traffic current;
  Divergence divergence;
  const Replay& replay;
  const blackbox::ShrinkBudget& budget;
  std::size_t replays = 0;
  bool exhausted = false;

  bool out_of_budget() {
    if (replays >= budget.max_tests || (budget.deadline && Clock::now() >= *budget.deadline)) exhausted = true;
    return exhausted;
  }
  blackbox::ShrinkBudget remaining() const {
    blackbox::ShrinkBudget b = budget;
    b.max_tests = budget.max_tests > replays ? budget.max_tests - replays : 0;
    return b;
  }

  // Runs `candidate`; keeps it (and its divergence) when it fails the same way.
  bool try_candidate(const Traffic& candidate) {
    if (candidate.rounds.empty() || out_of_budget()) return false;
    ++replays;
    std::optional<Divergence> d = replay(candidate);
    if (!d || !d->same_failure(divergence)) return false;
    current = candidate;
    divergence = *d;
    return true;
  }
  // Like try_candidate, for the delta debugger: only says whether it fails.
  bool fails(const Traffic& candidate) {
    if (candidate.rounds.empty()) return false;
    ++replays;
    std::optional<Divergence> d = replay(candidate);
    if (d && d->same_failure(divergence)) {
      divergence = *d;
      return true;
    }
    return false;
  }

  void drop_rounds() {
    const Traffic base = current;
    auto build = [&](const Indices& kept) {
      Traffic t;
      for (std::size_t i : kept) t.rounds.push_back(base.rounds[i]);
      return t;
    };
    auto result = blackbox::shrink_sequence<Indices>(
        all_indices(base.rounds.size()), [&](const Indices& kept) { return fails(build(kept)); }, remaining());
    exhausted = exhausted || result.exhausted;
    current = build(result.minimal);
  }

  void drop_requests() {
    for (std::size_t r = 0; r < current.rounds.size() && !out_of_budget(); ++r) {
      const Traffic base = current;
      auto build = [&](const Indices& kept) {
        Traffic t = base;
        t.rounds[r].requests.clear();
        for (std::size_t i : kept) t.rounds[r].requests.push_back(base.rounds[r].requests[i]);
        if (t.rounds[r].requests.empty()) t.rounds.erase(t.rounds.begin() + static_cast<std::ptrdiff_t>(r));
        return t;
      };
      if (base.rounds[r].requests.size() <= 1) continue;
      auto result = blackbox::shrink_sequence<Indices>(
          all_indices(base.rounds[r].requests.size()), [&](const Indices& kept) { return fails(build(kept)); },
          remaining());
      exhausted = exhausted || result.exhausted;
      current = build(result.minimal);
      if (current.rounds.size() < base.rounds.size()) --r;  // round r went; the next one moved here
    }
  }

  // Every request of a round at once to its simplest form (PING): one replay for a failure that
  // depends on how many requests came, not which.
  void simplify_rounds() {
    for (std::size_t r = 0; r < current.rounds.size() && !out_of_budget(); ++r) {
      Traffic candidate = current;
      bool changed = false;
      for (std::string& request : candidate.rounds[r].requests) {
        const std::vector<std::string> simpler = blackbox::simpler_requests(request);
        if (!simpler.empty()) {
          request = simpler.front();
          changed = true;
        }
      }
      if (changed) try_candidate(candidate);
    }
  }

  void simplify_requests() {
    for (std::size_t r = 0; r < current.rounds.size(); ++r) {
      for (std::size_t q = 0; q < current.rounds[r].requests.size(); ++q) {
        for (const std::string& simpler : blackbox::simpler_requests(current.rounds[r].requests[q])) {
          if (out_of_budget()) return;
          Traffic candidate = current;
          candidate.rounds[r].requests[q] = simpler;
          if (try_candidate(candidate)) break;
        }
      }
    }
  }

  // Returns true when some round's cuts are needed for the failure.
  bool prefer_whole() {
    bool needs_cuts = false;
    for (std::size_t r = 0; r < current.rounds.size(); ++r) {
      const Round& round = current.rounds[r];
      if (round.cuts().empty()) continue;
      if (out_of_budget()) return needs_cuts;
      Traffic candidate = current;
      candidate.rounds[r].strategy = Strategy::whole;
      candidate.rounds[r].explicit_cuts.clear();
      if (!try_candidate(candidate)) needs_cuts = true;
    }
    return needs_cuts;
  }
};

}  // namespace

ShrunkTraffic shrink_traffic(Traffic failing, const Divergence& first, const Replay& replay,
                             const blackbox::ShrinkBudget& budget) {
  if (first.round + 1 < failing.rounds.size()) failing.rounds.resize(first.round + 1);
  Shrinking s{std::move(failing), first, replay, budget};
  // Every round sent whole first: reads then hold whole pipelines on any server, so the candidates
  // below fail or pass for what they send, not for where a cut happened to fall.
  Traffic whole = s.current;
  for (Round& round : whole.rounds) {
    round.strategy = Strategy::whole;
    round.explicit_cuts.clear();
  }
  s.try_candidate(whole);
  for (int pass = 0; pass < 3 && !s.out_of_budget(); ++pass) {
    const std::size_t rounds_before = s.current.rounds.size();
    const std::string bytes_before = all_bytes(s.current);
    s.drop_rounds();
    s.drop_requests();
    s.prefer_whole();  // a smaller round may now fail sent whole too
    s.simplify_rounds();
    s.simplify_requests();
    if (s.current.rounds.size() == rounds_before && all_bytes(s.current) == bytes_before) break;
  }
  const bool needs_cuts = s.prefer_whole();
  ShrunkTraffic out;
  out.minimal = renumber_connections(s.current);
  out.divergence = s.divergence;
  if (needs_cuts && !s.exhausted) {
    // The same rounds sent whole pass: the server's answers depend on segmentation.
    out.divergence.summary = "depends on segmentation (sent whole, it passes): " + out.divergence.summary;
    out.divergence.section = "4.4";
    out.divergence.requirement = "4.4/2";
  }
  out.replays = s.replays;
  out.exhausted = s.exhausted;
  return out;
}

Traffic renumber_connections(const Traffic& traffic) {
  std::map<std::string, std::string> names;
  Traffic out = traffic;
  for (Round& round : out.rounds) {
    if (round.connection == kResetConnection) continue;
    auto [it, added] = names.try_emplace(round.connection, "c" + std::to_string(names.size() + 1));
    round.connection = it->second;
  }
  return out;
}

}  // namespace wireproof::stateful

