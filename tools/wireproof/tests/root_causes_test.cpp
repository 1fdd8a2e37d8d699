// report/root_causes: failures grouped by first divergence, strategies folded, consequences of a
// preflight finding joined to it.
#include "report/root_causes.hpp"

#include <gtest/gtest.h>

namespace wireproof::report {
namespace {

scenario::Scenario scenario_named(std::string id, std::string file = "x.gnpt") {
  scenario::Scenario s;
  s.id = std::move(id);
  s.file = std::move(file);
  s.section = "8.7";
  return s;
}

CaseResult failed(const scenario::Scenario& s, std::string strategy, certify::Divergence d,
                  std::string consequence_of = "") {
  CaseResult r;
  r.scenario = &s;
  r.strategy = std::move(strategy);
  r.verdict = certify::Verdict::fail;
  r.divergence = std::move(d);
  r.consequence_of = std::move(consequence_of);
  return r;
}

TEST(RootCauses, SameDivergenceInTwoScenariosIsOneCause) {
  const scenario::Scenario a = scenario_named("a"), b = scenario_named("b");
  const certify::Divergence wrong_code{"response", "ERR bad-arguments", "ERR bad-request"};
  const std::vector<CaseResult> results = {failed(a, "whole", wrong_code), failed(a, "bytewise", wrong_code),
                                           failed(b, "whole", wrong_code)};
  const std::vector<RootCause> causes = root_causes(results);
  ASSERT_EQ(causes.size(), 1u);
  EXPECT_EQ(causes[0].description, "response: expected ERR bad-arguments; got ERR bad-request");
  ASSERT_EQ(causes[0].failures.size(), 2u);  // a once, with both strategies
  EXPECT_EQ(causes[0].failures[0].strategy_list(), "whole, bytewise");
  EXPECT_EQ(causes[0].cases(), 3u);
  EXPECT_EQ(root_cause_count(causes.size()), "1 root cause");
}

TEST(RootCauses, DifferentDivergencesAreDifferentCauses) {
  const scenario::Scenario a = scenario_named("a");
  const std::vector<CaseResult> results = {failed(a, "whole", {"response", "ERR bad-arguments", "ERR bad-request"}),
                                           failed(a, "bytewise", {"response", "Sequence on ERR not-found", "no Sequence"})};
  EXPECT_EQ(root_causes(results).size(), 2u);
}

TEST(RootCauses, ConsequencesJoinThePreflightFinding) {
  const scenario::Scenario check = scenario_named("preflight/first-request", "(preflight)");
  const scenario::Scenario a = scenario_named("a"), b = scenario_named("b");
  std::vector<CaseResult> results = {
      failed(check, "whole", {"response", "an answer to PING", "nothing within the timeout"}),
      failed(a, "whole", {"response", "OK", "nothing within the timeout"}, "preflight/first-request"),
      failed(b, "whole", {"close", "close", "connection kept open"})};
  results[1].verdict = certify::Verdict::timeout;
  const std::vector<RootCause> causes = root_causes(results);
  ASSERT_EQ(causes.size(), 2u);
  ASSERT_EQ(causes[0].failures.size(), 2u);
  EXPECT_EQ(causes[0].failures[0].example->scenario->id, "preflight/first-request");
  EXPECT_EQ(causes[0].failures[1].example->scenario->id, "a");
}

TEST(RootCauses, PassesAndSkipsAreNoCause) {
  const scenario::Scenario a = scenario_named("a");
  CaseResult pass;
  pass.scenario = &a;
  pass.verdict = certify::Verdict::pass;
  CaseResult skip = pass;
  skip.verdict = certify::Verdict::skip;
  EXPECT_TRUE(root_causes({pass, skip}).empty());
}

}  // namespace
}  // namespace wireproof::report
