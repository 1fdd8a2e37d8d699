// Trials: one test case run against a live server and judged (crash, timeout, fail, pass), and
// the follow-up of a failure: confirmation on a fresh server, the segmentation check (4.4) and
// shrinking to minimal traffic.
#pragma once

#include <optional>
#include <string>

#include "blackbox/exchange.hpp"
#include "blackbox/expectation.hpp"
#include "blackbox/shrinker.hpp"
#include "target/target.hpp"
#include "blackbox/verdict.hpp"

namespace wireproof::blackbox {

struct TrialResult {
  Verdict verdict;
  Expectation expected;
  Observation observed;
};

// Runs `test` against `target`, whose store `model` mirrors (and is updated like the server's).
// A server that died during the trial makes it a crash, whatever the traffic looked like (the
// Target rule: Target::kExitGrace after a failure; after traffic that looked right, `ok_grace`,
// 0: only an exit already seen). A server running elsewhere that no longer accepts: a crash too.
TrialResult run_trial(Target& target, gnp::Store& model, const TestCase& test, const Timing& timing,
                      std::chrono::milliseconds ok_grace = std::chrono::milliseconds(0));

// Runs trials against a server with an empty store, so the reference core's answers are exact:
// a spawned server is restarted whenever its state is unknown (after a failure, or once anything
// was stored). An attached server cannot be reset: each trial assumes an empty store.
class FreshRunner {
 public:
  // `server_is_fresh`: the target was just started and nothing has talked to it yet.
  FreshRunner(Target& target, const Timing& timing, bool server_is_fresh)
      : target_(target), timing_(timing), clean_(server_is_fresh) {}
  TrialResult run(const TestCase& test);
  // The server's state is unknown from here on (e.g. other traffic reached it).
  void mark_dirty() { clean_ = false; }
  // The server's store is empty and it is healthy (the last trial passed on a fresh server).
  bool clean() const { return clean_; }
  Target& target() { return target_; }
  // How often it restarted the server to get an empty store.
  std::size_t fresh_restarts() const { return fresh_restarts_; }

 private:
  Target& target_;
  std::size_t fresh_restarts_ = 0;
  Timing timing_;
  bool clean_;  // the server's store is empty and it is healthy
};

// After a deviating answer from a server that is still alive: deletes every key `stream` may have
// set or deleted (any SET/DEL line, in any case: the server may have accepted what the reference
// refuses) on the server, over one connection, and in `model`, so the two agree again.
void forget_keys(Target& target, gnp::Store& model, std::string_view stream, const Timing& timing);

// A violation that the uncut stream does not show depends on segmentation: re-labelled 4.4.
// Returns true when it re-labelled. `verdict` must come from running `test` on `runner`.
bool relabel_if_segmentation_dependent(FreshRunner& runner, const TestCase& test, Verdict& verdict);

struct Finding {
  Verdict verdict;       // of the minimal case
  TestCase minimal;
  Expectation expected;  // the reference answer to the minimal stream from an empty store
  TestCase original;
  std::string origin;    // how the fuzzer made the original
  bool confirmed = true; // reproduced on a fresh server
  std::size_t shrink_tests = 0;
  bool shrink_exhausted = false;
};

// Confirms `failing` on a fresh server (uncut first, then split-terminator, bytewise, then its own
// segmentation), then shrinks the stream keeping the outcome (and the section of a violation, what
// a hang awaited).
// nullopt: a violation that did not reproduce (crashes and hangs are kept unconfirmed).
std::optional<Finding> investigate(FreshRunner& runner, const TestCase& failing, const Verdict& first,
                                   const ShrinkBudget& budget);

}  // namespace wireproof::blackbox
