// write_scenario must produce text that parses back to the same scenario (docs/SCENARIOS.md).
#include <gtest/gtest.h>

#include "scenario/scenario_parser.hpp"
#include "scenario/scenario_writer.hpp"

namespace wireproof::scenario {
namespace {

TEST(ScenarioWriter, RoundTripsEveryStepKind) {
  Scenario s;
  s.title = "found by fuzz: \"odd\" \x01 title";
  s.section = "4.4";
  s.level = Level::should;
  s.server.request_timeout_ms = 250;
  s.segmentation = {"bytewise"};
  s.steps = {Connect{{}, "a", ConnectKind::gnp, {}, std::nullopt, false},
             ExpectResponse{{}, "a", true, "", std::nullopt, "", std::nullopt},
             Send{{}, "a", "ECHO " + std::string(8000, 'x') + std::string("\x00\xff\r\n\r\n", 6)},
             ExpectResponse{{}, "a", false, "too-large", 5, "", std::chrono::milliseconds(1500)},
             ExpectResponse{{}, "a", true, "", 0, "body\r\n\r\nwith \"quotes\"", std::nullopt},
             ExpectRaw{{}, "a", "OK\r\n\r\n"},
             Flood{{}, "a", "ECHO x\r\n\r\n", 1000000, std::chrono::milliseconds(300)},
             Wait{{}, std::chrono::milliseconds(10)},
             Shutdown{{}, "a"},
             ExpectOpen{{}, "a", std::chrono::milliseconds(20)},
             ExpectClosed{{}, "a", std::chrono::milliseconds(30), false},
             Close{{}, "a"}};
  const std::string text = write_scenario(s);
  EXPECT_LT(text.size(), 1000u) << "long runs must be folded";
  ParseResult back = parse_scenario(text, "w.gnpt", "w");
  ASSERT_TRUE(back.scenario) << back.errors.front().describe() << "\n" << text;
  const Scenario& r = *back.scenario;
  EXPECT_EQ(r.title, s.title);
  EXPECT_EQ(r.section, s.section);
  EXPECT_EQ(r.level, s.level);
  EXPECT_EQ(r.server, s.server);
  EXPECT_EQ(r.segmentation, s.segmentation);
  ASSERT_EQ(r.steps.size(), s.steps.size());
  EXPECT_EQ(std::get<Send>(r.steps[2]).bytes, std::get<Send>(s.steps[2]).bytes);
  EXPECT_EQ(std::get<ExpectResponse>(r.steps[3]).code, "too-large");
  EXPECT_EQ(std::get<ExpectResponse>(r.steps[3]).sequence, 5u);
  EXPECT_EQ(std::get<ExpectResponse>(r.steps[3]).within, std::chrono::milliseconds(1500));
  EXPECT_EQ(std::get<ExpectResponse>(r.steps[4]).sequence, 0u);
  EXPECT_EQ(std::get<ExpectResponse>(r.steps[4]).body, "body\r\n\r\nwith \"quotes\"");
  EXPECT_EQ(std::get<ExpectRaw>(r.steps[5]).bytes, "OK\r\n\r\n");
  EXPECT_EQ(std::get<ExpectClosed>(r.steps[10]).within.count(), 30);
  EXPECT_EQ(std::get<Flood>(r.steps[6]).max_bytes, 1000000u);
  EXPECT_EQ(std::get<Flood>(r.steps[6]).stall.count(), 300);
  for (std::size_t i = 0; i < s.steps.size(); ++i) EXPECT_EQ(step_keyword(r.steps[i]), step_keyword(s.steps[i]));
}

TEST(ScenarioWriter, RoundTripsTlsSteps) {
  Scenario s;
  s.title = "t";
  s.section = "9.2";
  s.transport = Transport::tls;
  s.steps = {Connect{{}, "a", ConnectKind::gnp, {Certificate::Choice::named, "client-expired"}, std::nullopt, false},
             ExpectClosed{{}, "a", std::chrono::milliseconds(700), true},
             Connect{{}, "b", ConnectKind::gnp, {Certificate::Choice::none, ""}, "1.1", true},
             Connect{{}, "p", ConnectKind::plaintext, {}, std::nullopt, false},
             Connect{{}, "s", ConnectKind::stall_mid_client_hello, {}, std::nullopt, false},
             Connect{{}, "t", ConnectKind::stall_before_client_hello, {}, std::nullopt, false}};
  const std::string text = write_scenario(s);
  ParseResult back = parse_scenario(text, "w.gnpt", "w");
  ASSERT_TRUE(back.scenario) << back.errors.front().describe() << "\n" << text;
  const Scenario& r = *back.scenario;
  EXPECT_EQ(r.transport, Transport::tls);
  ASSERT_EQ(r.steps.size(), s.steps.size());
  EXPECT_EQ(std::get<Connect>(r.steps[0]).certificate, std::get<Connect>(s.steps[0]).certificate);
  EXPECT_TRUE(std::get<ExpectClosed>(r.steps[1]).close_notify);
  EXPECT_EQ(std::get<Connect>(r.steps[2]).certificate.choice, Certificate::Choice::none);
  EXPECT_EQ(std::get<Connect>(r.steps[2]).tls_version, "1.1");
  EXPECT_TRUE(std::get<Connect>(r.steps[2]).refused);
  EXPECT_EQ(std::get<Connect>(r.steps[3]).kind, ConnectKind::plaintext);
  EXPECT_EQ(std::get<Connect>(r.steps[4]).kind, ConnectKind::stall_mid_client_hello);
  EXPECT_EQ(std::get<Connect>(r.steps[5]).kind, ConnectKind::stall_before_client_hello);
}

TEST(ScenarioWriter, ExpectationFromFrameKeepsWhatIsCompared) {
  ResponseFrame frame;
  frame.ok = false;
  frame.code = "not-found";
  frame.sequence = 9;
  frame.message = "no such key";
  const ExpectResponse e = expectation_from_frame(frame, "b");
  EXPECT_EQ(e.connection, "b");
  EXPECT_FALSE(e.ok);
  EXPECT_EQ(e.code, "not-found");
  EXPECT_EQ(e.sequence, 9u);
  EXPECT_TRUE(e.body.empty());
}

TEST(ScenarioWriter, RoundTripsRequirements) {
  Scenario s;
  s.title = "t";
  s.section = "8.6";
  s.requirements = {{"8.6/3", 0, 0}, {"6.1/4", 0, 0}};
  s.steps = {Connect{{}, "a", ConnectKind::gnp, {}, std::nullopt, false},
             Send{{0, RequirementRef{"6.1/4", 0, 0}}, "a", "QUIT\r\n\r\n"},
             ExpectResponse{{}, "a", true, "", std::nullopt, "", std::nullopt}};
  const std::string text = write_scenario(s);
  EXPECT_NE(text.find("requirement 8.6/3 6.1/4\n"), std::string::npos) << text;
  ParseResult back = parse_scenario(text, "w.gnpt", "w");
  ASSERT_TRUE(back.scenario) << back.errors.front().describe() << "\n" << text;
  const Scenario& r = *back.scenario;
  ASSERT_EQ(r.requirements.size(), 2u);
  EXPECT_EQ(r.requirements[0].id, "8.6/3");
  EXPECT_EQ(r.requirements[1].id, "6.1/4");
  ASSERT_EQ(r.steps.size(), 3u);
  EXPECT_FALSE(where_of(r.steps[0]).requirement.has_value());
  ASSERT_TRUE(where_of(r.steps[1]).requirement.has_value());
  EXPECT_EQ(where_of(r.steps[1]).requirement->id, "6.1/4");
  EXPECT_EQ(std::get<Send>(r.steps[1]).bytes, "QUIT\r\n\r\n");
  EXPECT_EQ(write_scenario(r), text);  // and again: stable
}

TEST(ScenarioWriter, BytesFoldRunsOnly) {
  EXPECT_EQ(write_bytes(""), "\"\"");
  EXPECT_EQ(write_bytes("ab\r\n"), "\"ab\\r\\n\"");
  EXPECT_EQ(write_bytes("E" + std::string(20, 'y') + "Z"), "\"E\" \"y\" * 20 \"Z\"");
}

}  // namespace
}  // namespace wireproof::scenario
