// How certify picks scenarios and server commands (docs/SCENARIOS.md "Server settings", --filter).
#include <gtest/gtest.h>

#include "certify/certify_run.hpp"
#include "command/server_settings.hpp"
#include "scenario/scenario_parser.hpp"

namespace wireproof::certify {
namespace {

scenario::Scenario make(const std::string& id, const std::string& section, const std::string& extra = "") {
  const std::string text = "section " + section + "\nlevel SHOULD\ntitle \"t\"\n" + extra + "connect a\n";
  return *scenario::parse_scenario(text, id + ".gnpt", id).scenario;
}

TEST(CertifyPlan, FilterMatchesIdsSectionsAndSubParagraphs) {
  const scenario::Scenario s = make("04-framing/too-large", "4.3");
  EXPECT_TRUE(matches_filter(s, "4.3"));
  EXPECT_TRUE(matches_filter(s, "4"));
  EXPECT_TRUE(matches_filter(s, "4.*"));
  EXPECT_TRUE(matches_filter(s, "8.1,04-framing/*"));
  EXPECT_FALSE(matches_filter(s, "4.30"));
  EXPECT_FALSE(matches_filter(s, "5,08-*"));
  EXPECT_FALSE(matches_filter(s, ""));
}

TEST(CertifyPlan, FilterMatchesTheSectionsOfCitedRequirements) {
  scenario::Scenario s = make("04-framing/deep-pipeline", "4.5");
  s.requirements = {{"4.5/1", 0, 0}, {"8.8/3", 0, 0}};
  EXPECT_TRUE(matches_filter(s, "8.8"));
  EXPECT_TRUE(matches_filter(s, "8"));
  EXPECT_TRUE(matches_filter(s, "8.8/3"));
  EXPECT_FALSE(matches_filter(s, "8.8/2"));
  EXPECT_FALSE(matches_filter(s, "8.7"));
  EXPECT_FALSE(matches_filter(s, "8.80"));
}

TEST(CertifyPlan, SettingsFillPlaceholdersWithDefaultsForTheRest) {
  scenario::ServerSettings settings;
  settings.idle_timeout_ms = 300;
  EXPECT_EQ(command::fill_settings("srv --port {port} --idle {idle_timeout_ms} --req {request_timeout_ms} -c {max_connections}",
                                   settings),
            "srv --port {port} --idle 300 --req 10000 -c 1024");
}

TEST(CertifyPlan, SkipsWhatTheRunCannotConfigure) {
  const scenario::Scenario plain = make("a", "8.1");
  const scenario::Scenario idle = make("b", "10.1", "server idle-timeout-ms=300\n");
  CertifyOptions with_placeholder;
  with_placeholder.server_template = "srv --port {port} --idle {idle_timeout_ms}";
  CertifyOptions without;
  without.server_template = "srv --port {port}";
  CertifyOptions connect;
  connect.connect = Address{"127.0.0.1", 7070};
  EXPECT_EQ(skip_reason(plain, without), "");
  EXPECT_EQ(skip_reason(idle, with_placeholder), "");
  EXPECT_NE(skip_reason(idle, without).find("{idle_timeout_ms}"), std::string::npos);
  EXPECT_NE(skip_reason(idle, connect).find("--connect"), std::string::npos);
  EXPECT_EQ(skip_reason(plain, connect), "");
}

TEST(CertifyPlan, PinnedStrategiesReplaceTheRunsOnes) {
  const scenario::Scenario pinned = make("p", "4.4", "segmentation whole split-terminator\n");
  const std::vector<Strategy> all(std::begin(kAllStrategies), std::end(kAllStrategies));
  EXPECT_EQ(strategies_for(pinned, all), (std::vector<Strategy>{Strategy::whole, Strategy::split_terminator}));
  EXPECT_EQ(strategies_for(make("q", "4.4"), all), all);
}

}  // namespace
}  // namespace wireproof::certify
