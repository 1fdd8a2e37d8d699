#include "blackbox/trial.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "harness/client.hpp"

namespace wireproof::blackbox {

namespace {

constexpr std::size_t kBytewiseLimit = 2048;  // longer streams take too long one byte at a time

// `death`: the first line says how the server ended ("server died: signal 6 (SIGABRT)", or that
// a server running elsewhere stopped accepting), the rest what it printed.
Verdict crash_verdict(const std::string& death, const std::string& kind, const Verdict& traffic) {
  Verdict v;
  v.outcome = Outcome::crash;
  v.section = traffic.section.empty() ? "6.1" : traffic.section;  // what the client saw
  v.kind = kind;
  v.summary = death.substr(0, death.find('\n'));
  v.frame_index = traffic.frame_index;
  v.detail = death + "\nwhat the client saw: " + (traffic.summary.empty() ? "nothing wrong" : traffic.summary) +
             "\n" + traffic.detail;
  return v;
}

// The verdict once the server's fate is known: a started server that died makes it a crash; a
// server running elsewhere that stopped accepting, too (that is all there is to see of it).
void judge_target(Target& target, std::chrono::milliseconds grace, Verdict& verdict) {
  if (target.started()) {
    if (std::optional<ServerDeath> death = target.death(grace)) {
      verdict = crash_verdict(death->describe(), death->status, verdict);
      verdict.signature = crash_signature(death->status, death->output);
    }
    return;
  }
  if (verdict.outcome == Outcome::pass) return;
  const Probe probe = target.probe();
  if (probe.liveness == Liveness::not_accepting) {
    verdict = crash_verdict("server at " + target.address().to_string() + " no longer accepts connections: " +
                                probe.detail,
                            "unreachable", verdict);
  }
}

// A server whose output reached the byte limit: what the judge found in the bytes read stands (the
// first difference comes before the limit), else the output itself is the failure. The limit
// counts only this connection, where the answer due is `expected`: a server sending more than a
// due answer that fits broke 6.1 (one response per request, and nothing else); when the due answer
// itself does not fit, the limit is too small for this case, and the verdict says so.
void judge_over_limit(const Expectation& expected, const Observation& observed, Verdict& verdict) {
  const std::size_t limit = observed.reading.max_response_bytes;
  const std::string read = "reading stopped after " + byte_count_text(limit) + " " + std::string(kResponseLimitHint);
  if (verdict.outcome == Outcome::fail) {
    verdict.detail += read + "\n";
    return;
  }
  const bool answer_fits = expected.bytes.size() <= limit;
  verdict.outcome = Outcome::fail;
  verdict.section = answer_fits ? "6.1" : "";
  verdict.kind = "over-limit";
  verdict.summary = "the server sent more than " + byte_count_text(limit) + " in answer to this stream " +
                    std::string(kResponseLimitHint) +
                    (answer_fits ? "; the whole answer due is " + std::to_string(expected.bytes.size()) + " bytes"
                                 : "; the answer due is longer (" + std::to_string(expected.bytes.size()) +
                                       " bytes): raise --max-response-bytes");
  verdict.detail = read + "\n" + verdict.detail;
}

}  // namespace

TrialResult run_trial(Target& target, gnp::Store& model, const TestCase& test, const Timing& timing,
                      std::chrono::milliseconds ok_grace) {
  TrialResult result;
  result.expected = expect_reference(test.stream, model);
  try {
    result.observed = exchange(target.address(), target.tls(), test, timing);
    result.verdict = judge(result.expected, result.observed);
    if (result.observed.over_limit) judge_over_limit(result.expected, result.observed, result.verdict);
  } catch (const ClientError& e) {
    const std::string what = e.what();
    // A handshake the server broke off or answered with garbage is its failure (3.2: the greeting
    // comes inside TLS); no connection, or a handshake that never ends, is waiting in vain.
    const bool handshake_failed = what.rfind("TLS handshake", 0) == 0 && what.find("not completed within") == std::string::npos;
    result.verdict.outcome = handshake_failed ? Outcome::fail : Outcome::timeout;
    result.verdict.section = target.tls() ? "3.2" : "3.1";  // no greeting: no TCP, or no TLS session
    result.verdict.kind = handshake_failed ? "handshake" : "connect";
    result.verdict.summary = std::string("could not connect: ") + what;
  }
  if (result.verdict.outcome != Outcome::pass || target.exited() || ok_grace.count() > 0) {
    judge_target(target, result.verdict.outcome == Outcome::pass ? ok_grace : Target::kExitGrace, result.verdict);
  }
  return result;
}

TrialResult FreshRunner::run(const TestCase& test) {
  if (!clean_ && target_.started()) {
    target_.restart();
    ++fresh_restarts_;
  }
  gnp::Store model;
  // Exactness matters more than speed here (confirming, shrinking, repro): a server that dies
  // just after answering correctly is still caught.
  TrialResult result = run_trial(target_, model, test, timing_, Target::kExitGrace);
  clean_ = target_.started() && result.verdict.outcome == Outcome::pass && model.size() == 0;
  return result;
}

void forget_keys(Target& target, gnp::Store& model, std::string_view stream, const Timing& timing) {
  constexpr std::size_t kMaxKeys = 64;
  std::set<std::string> keys;
  std::size_t start = 0;
  while (start < stream.size() && keys.size() < kMaxKeys) {
    std::size_t end = stream.find('\n', start);
    if (end == std::string_view::npos) end = stream.size();
    std::string_view line = stream.substr(start, end - start);
    start = end + 1;
    if (line.size() < 5 || line[3] != ' ') continue;
    std::string verb(line.substr(0, 3));
    std::transform(verb.begin(), verb.end(), verb.begin(), [](unsigned char c) { return std::toupper(c); });
    if (verb != "SET" && verb != "DEL") continue;
    std::string_view key = line.substr(4);
    key = key.substr(0, std::min(key.find(' '), key.find('\r')));
    // Only keys every server reads the same way; a bad-request would end the connection (7.2).
    const bool plain = !key.empty() && key.size() <= 256 &&
                       std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 0x7f; });
    if (plain) keys.emplace(key);
  }
  if (keys.empty()) return;
  TestCase deletes;
  for (const std::string& key : keys) {
    deletes.stream += "DEL " + key + "\r\n\r\n";
    model.erase(key);
  }
  try {
    exchange(target.address(), target.tls(), deletes, timing);
  } catch (const ClientError&) {
    // Not reachable any more: the next trial finds out and judges it.
  }
}

bool relabel_if_segmentation_dependent(FreshRunner& runner, const TestCase& test, Verdict& verdict) {
  if (verdict.outcome != Outcome::fail || cuts_of(test).empty()) return false;
  TestCase whole = test;
  whole.strategy = Strategy::whole;
  whole.explicit_cuts.clear();
  if (runner.run(whole).verdict.outcome != Outcome::pass) return false;
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
    if (first.outcome == Outcome::fail) return std::nullopt;
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
      return runner.run(whole).verdict.outcome == Outcome::pass;
    }
    if (v.outcome == Outcome::timeout) return v.kind == verdict.kind;  // what was awaited stays the same
    return v.outcome != Outcome::fail || v.section == pre_section;
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
  if (finding.verdict.outcome == Outcome::fail && cut_dependent) {
    relabel_if_segmentation_dependent(runner, finding.minimal, finding.verdict);
  }
  if (finding.verdict.outcome == Outcome::pass) finding.verdict = verdict;  // flaky at the very end
  gnp::Store empty;
  finding.expected = expect_reference(finding.minimal.stream, empty);
  return finding;
}

}  // namespace wireproof::blackbox
