#include "trial.hpp"

#include <algorithm>

#include "client.hpp"

namespace wireproof::blackbox {

namespace {

// A crashed server closes its sockets as it exits, so its exit shows moments after the close.
constexpr std::chrono::milliseconds kDeathGrace{30};
constexpr std::size_t kBytewiseLimit = 2048;  // longer streams take too long one byte at a time

Verdict crash_verdict(const std::string& death, const Verdict& traffic) {
  Verdict v;
  v.outcome = Outcome::crash;
  const std::size_t eol = death.find('\n');
  const std::string first_line = death.substr(0, eol);
  v.section = traffic.section.empty() ? "6.1" : traffic.section;  // what the client saw
  v.kind = first_line.starts_with("server died: ") ? first_line.substr(13) : "unreachable";
  v.summary = first_line;
  v.frame_index = traffic.frame_index;
  v.detail = death + "\nwhat the client saw: " + (traffic.summary.empty() ? "nothing wrong" : traffic.summary) +
             "\n" + traffic.detail;
  return v;
}

}  // namespace

TrialResult run_trial(ServerTarget& target, gnp::Store& model, const TestCase& test, const Timing& timing,
                      std::chrono::milliseconds ok_grace) {
  TrialResult result;
  result.expected = expect_reference(test.stream, model);
  try {
    result.observed = exchange(target.address(), target.tls(), test, timing);
    result.verdict = judge(result.expected, result.observed);
  } catch (const ClientError& e) {
    result.verdict.outcome = Outcome::hang;
    result.verdict.section = target.tls() ? "3.2" : "3.1";  // no greeting: no TCP, or no TLS session
    result.verdict.kind = "connect";
    result.verdict.summary = std::string("could not connect: ") + e.what();
  }
  if (result.verdict.outcome != Outcome::ok || target.exited() || (ok_grace.count() > 0 && target.spawned())) {
    const auto grace = result.verdict.outcome == Outcome::ok ? ok_grace : kDeathGrace;
    if (std::optional<std::string> death = target.death(grace)) result.verdict = crash_verdict(*death, result.verdict);
  }
  return result;
}

TrialResult FreshRunner::run(const TestCase& test) {
  if (!clean_ && target_.spawned()) target_.restart();
  gnp::Store model;
  // Exactness matters more than speed here (confirming, shrinking, repro): a server that dies
  // just after answering correctly is still caught.
  TrialResult result = run_trial(target_, model, test, timing_, kDeathGrace);
  clean_ = target_.spawned() && result.verdict.outcome == Outcome::ok && model.size() == 0;
  return result;
}

bool relabel_if_segmentation_dependent(FreshRunner& runner, const TestCase& test, Verdict& verdict) {
  if (verdict.outcome != Outcome::violation || cuts_of(test).empty()) return false;
  TestCase whole = test;
  whole.strategy = Strategy::whole;
  whole.explicit_cuts.clear();
  if (runner.run(whole).verdict.outcome != Outcome::ok) return false;
  verdict.summary = "only when cut (" + segmentation_name(test) + "): " + verdict.summary +
                    "; the same bytes sent whole are answered correctly";
  verdict.detail = "first difference when cut (" + verdict.section + " " + verdict.kind + "):\n" + verdict.detail;
  verdict.section = "4.4";
  verdict.kind = "segmentation";
  return true;
}

std::optional<Finding> investigate(FreshRunner& runner, const TestCase& failing, const Verdict& first,
                                   const ShrinkBudget& budget) {
  Finding finding;
  finding.original = failing;

  // Confirm, preferring the simplest segmentation that shows a failure of the same outcome.
  std::vector<TestCase> attempts;
  auto add = [&](Strategy strategy) {
    TestCase t = failing;
    t.strategy = strategy;
    t.explicit_cuts.clear();
    attempts.push_back(std::move(t));
  };
  add(Strategy::whole);
  add(Strategy::split_terminator);
  if (failing.stream.size() <= kBytewiseLimit) add(Strategy::bytewise);
  if (failing.strategy == Strategy::random || !failing.explicit_cuts.empty()) attempts.push_back(failing);

  std::optional<TestCase> reproduced;
  Verdict verdict;
  std::vector<std::vector<std::size_t>> tried;  // cut points already tried
  for (const TestCase& attempt : attempts) {
    std::vector<std::size_t> cuts = cuts_of(attempt);
    if (std::find(tried.begin(), tried.end(), cuts) != tried.end()) continue;
    tried.push_back(std::move(cuts));
    verdict = runner.run(attempt).verdict;
    if (verdict.outcome == first.outcome) {
      reproduced = attempt;
      break;
    }
  }
  if (!reproduced) {
    if (first.outcome == Outcome::violation) return std::nullopt;
    finding.confirmed = false;
    finding.verdict = first;
    finding.minimal = failing;
    gnp::Store empty;
    finding.expected = expect_reference(failing.stream, empty);
    return finding;
  }
  const bool cut_dependent = relabel_if_segmentation_dependent(runner, *reproduced, verdict);
  const std::string pre_section = verdict.section;

  auto still_fails = [&](std::string_view candidate) {
    TestCase t = *reproduced;
    t.stream = std::string(candidate);
    t.explicit_cuts.clear();
    const Verdict v = runner.run(t).verdict;
    if (v.outcome != first.outcome) return false;
    if (cut_dependent) {
      TestCase whole = t;
      whole.strategy = Strategy::whole;
      return runner.run(whole).verdict.outcome == Outcome::ok;
    }
    if (v.outcome == Outcome::hang) return v.kind == verdict.kind;  // what was awaited stays the same
    return v.outcome != Outcome::violation || v.section == pre_section;
  };
  ShrinkResult shrunk;
  if (reproduced->explicit_cuts.empty()) {
    shrunk = shrink_bytes(reproduced->stream, still_fails, budget);
  } else {
    shrunk.minimal = reproduced->stream;  // explicit cut points would not survive removals
  }
  finding.minimal = *reproduced;
  finding.minimal.stream = shrunk.minimal;
  finding.shrink_tests = shrunk.tests;
  finding.shrink_exhausted = shrunk.exhausted;

  // The final verdict, from the minimal case on a fresh server.
  TrialResult last = runner.run(finding.minimal);
  finding.verdict = last.verdict;
  if (finding.verdict.outcome == Outcome::violation && cut_dependent) {
    relabel_if_segmentation_dependent(runner, finding.minimal, finding.verdict);
  }
  if (finding.verdict.outcome == Outcome::ok) finding.verdict = verdict;  // flaky at the very end
  gnp::Store empty;
  finding.expected = expect_reference(finding.minimal.stream, empty);
  return finding;
}

}  // namespace wireproof::blackbox
