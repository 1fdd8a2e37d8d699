// Stateful traffic -> .gnpt -> traffic: the same rounds, pieces and oracle answers come back.
#include <gtest/gtest.h>

#include "stateful/traffic_scenario.hpp"
#include "scenario/scenario_parser.hpp"
#include "scenario/scenario_writer.hpp"

namespace wireproof::stateful {
namespace {

Traffic sample() {
  Traffic t;
  Round a;
  a.connection = "c1";
  a.requests = {"SET s \xC3\xA9t\xC3\xA9\r\n\r\n", "QUIT\r\n\r\n", "SET s lost\r\n\r\n"};
  a.strategy = Strategy::split_terminator;
  Round b;
  b.connection = "c2";
  b.requests = {"GET s\r\nsequence: 9\r\n\r\n", "ECHO " + std::string(100, 'x') + "\r\n\r\n"};
  Round c;
  c.connection = "c1";  // reopened after QUIT
  c.requests = {"DEL s\r\n\r\n", "DEL s\r\n\r\n"};
  c.strategy = Strategy::bytewise;
  t.rounds = {a, b, c};
  return t;
}

TEST(StatefulReproducer, ScenarioRoundTrip) {
  const TrafficRun run = oracle_run(sample(), true);
  ASSERT_EQ(run.rounds.size(), 4u);  // reset round first
  const scenario::Scenario s = reproducer_scenario(run, {"stateful-x", "a title", "8.8", "8.8/2", false});
  const std::string text = scenario::write_scenario(s);
  EXPECT_NE(text.find("segmentation whole"), std::string::npos);
  EXPECT_NE(text.find("requirement 8.8/2"), std::string::npos);
  EXPECT_NE(text.find("expect c1 closed"), std::string::npos);
  const scenario::ParseResult parsed = scenario::parse_scenario(text, "x.gnpt", "x");
  ASSERT_TRUE(parsed.scenario) << (parsed.errors.empty() ? "" : parsed.errors.front().describe());
  EXPECT_EQ(connection_count(*parsed.scenario), 3u);
  std::string why;
  const std::optional<Traffic> back = traffic_from_scenario(*parsed.scenario, &why);
  ASSERT_TRUE(back) << why;
  ASSERT_EQ(back->rounds.size(), run.rounds.size());
  const TrafficRun again = oracle_run(*back, false);
  for (std::size_t i = 0; i < run.rounds.size(); ++i) {
    EXPECT_EQ(back->rounds[i].connection, run.rounds[i].connection);
    EXPECT_EQ(back->rounds[i].bytes(), run.rounds[i].bytes());
    EXPECT_EQ(back->rounds[i].cuts(), run.rounds[i].cuts()) << i;
    ASSERT_EQ(again.expectations[i].frames.size(), run.expectations[i].frames.size());
    for (std::size_t k = 0; k < run.expectations[i].frames.size(); ++k) {
      EXPECT_EQ(again.expectations[i].frames[k].raw, run.expectations[i].frames[k].raw);
    }
  }
  // c1's QUIT: the SET after it had no effect, so c2 sees the value set before it.
  EXPECT_EQ(run.expectations[2].frames[1].body, "\xC3\xA9t\xC3\xA9");
}

TEST(StatefulReproducer, RefusesStepsItDoesNotModel) {
  scenario::ParseResult parsed =
      scenario::parse_scenario("section 4.6\nlevel MUST\ntitle \"t\"\n\nconnect a\nexpect a OK\nsend a \"PING\\r\\n\\r\\n\"\nshutdown a\n",
                               "y.gnpt", "y");
  ASSERT_TRUE(parsed.scenario);
  std::string why;
  EXPECT_FALSE(traffic_from_scenario(*parsed.scenario, &why));
  EXPECT_NE(why.find("shutdown"), std::string::npos);
}

}  // namespace
}  // namespace wireproof::stateful
