// The .gnpt format (docs/SCENARIOS.md): what parses into what, and where errors point.
#include <gtest/gtest.h>

#include "scenario/scenario_parser.hpp"

namespace wireproof::scenario {
namespace {

constexpr const char* kHeader = "section 4.3\nlevel MUST\ntitle \"t\"\n";

Scenario parse_ok(const std::string& text) {
  ParseResult result = parse_scenario(text, "x.gnpt", "x");
  if (!result.errors.empty()) ADD_FAILURE() << result.errors.front().describe();
  EXPECT_TRUE(result.scenario.has_value());
  return result.scenario.value_or(Scenario{});
}

ParseError parse_error(const std::string& text) {
  ParseResult result = parse_scenario(text, "x.gnpt", "x");
  EXPECT_FALSE(result.scenario.has_value());
  if (result.errors.empty()) return {};
  return result.errors.front();
}

TEST(ScenarioParser, HeaderAndSteps) {
  const Scenario s = parse_ok(
      "# comment\n"
      "section 4.3   # trailing comment\n"
      "level SHOULD\n"
      "title \"a \\\"quoted\\\" title\"\n"
      "server idle-timeout-ms=300 max-connections=2\n"
      "segmentation whole bytewise\n"
      "\n"
      "connect a\n"
      "expect a OK\n"
      "send a \"PING\\r\\nSequence: 7\\r\\n\\r\\n\"\n"
      "expect a OK sequence 7\n"
      "send a \"ECHO \\x00\\xff\"\n"
      "expect a ERR bad-request\n"
      "expect a OK body \"a b\" sequence 3 within 900\n"
      "expect a raw \"OK\\r\\n\\r\\n\"\n"
      "wait 25ms\n"
      "shutdown a\n"
      "expect a closed within 500\n"
      "expect a open for 100\n"
      "close a\n");
  EXPECT_EQ(s.id, "x");
  EXPECT_EQ(s.section, "4.3");
  EXPECT_EQ(s.level, Level::should);
  EXPECT_EQ(s.title, "a \"quoted\" title");
  EXPECT_EQ(s.server.idle_timeout_ms, 300u);
  EXPECT_EQ(s.server.max_connections, 2u);
  EXPECT_FALSE(s.server.request_timeout_ms.has_value());
  EXPECT_EQ(s.segmentation, (std::vector<std::string>{"whole", "bytewise"}));
  ASSERT_EQ(s.steps.size(), 13u);
  EXPECT_EQ(std::get<Connect>(s.steps[0]).connection, "a");
  EXPECT_EQ(std::get<Connect>(s.steps[0]).where.line, 8);
  EXPECT_EQ(std::get<Send>(s.steps[2]).bytes, "PING\r\nSequence: 7\r\n\r\n");
  EXPECT_EQ(std::get<ExpectResponse>(s.steps[3]).sequence, 7u);
  EXPECT_EQ(std::get<Send>(s.steps[4]).bytes, std::string("ECHO \x00\xff", 7));
  const auto& err = std::get<ExpectResponse>(s.steps[5]);
  EXPECT_FALSE(err.ok);
  EXPECT_EQ(err.code, "bad-request");
  EXPECT_FALSE(err.sequence.has_value());
  const auto& body = std::get<ExpectResponse>(s.steps[6]);
  EXPECT_EQ(body.body, "a b");
  EXPECT_EQ(body.sequence, 3u);
  EXPECT_EQ(body.within, std::chrono::milliseconds(900));
  EXPECT_FALSE(err.within.has_value());
  EXPECT_EQ(std::get<ExpectRaw>(s.steps[7]).bytes, "OK\r\n\r\n");
  EXPECT_EQ(std::get<Wait>(s.steps[8]).duration.count(), 25);
  EXPECT_EQ(std::get<ExpectClosed>(s.steps[10]).within.count(), 500);
  EXPECT_EQ(std::get<ExpectOpen>(s.steps[11]).duration.count(), 100);
}

TEST(ScenarioParser, RepeatedPiecesConcatenate) {
  const Scenario s = parse_ok(std::string(kHeader) + "connect a\nsend a \"ECHO \" \"x\" * 3 \"\\r\\n\" * 2\n");
  EXPECT_EQ(std::get<Send>(s.steps[1]).bytes, "ECHO xxx\r\n\r\n");
}

TEST(ScenarioParser, CrlfLinesAreAccepted) {
  const Scenario s = parse_ok("section 8.1\r\nlevel MUST\r\ntitle \"t\"\r\nconnect a\r\n");
  EXPECT_EQ(s.section, "8.1");
}

TEST(ScenarioParser, ErrorsNameLineAndColumn) {
  ParseError e = parse_error(std::string(kHeader) + "connect a\nsend a \"PI\\qNG\"\n");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.column, 11);  // the backslash
  EXPECT_NE(e.message.find("unknown escape"), std::string::npos);
  EXPECT_EQ(e.describe().substr(0, 11), "x.gnpt:5:11");

  e = parse_error(std::string(kHeader) + "connect a\nsend a \"PING\n");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.column, 8);
  EXPECT_NE(e.message.find("not closed"), std::string::npos);

  e = parse_error(std::string(kHeader) + "connect a\nsend a \"\\x4\"\n");
  EXPECT_EQ(e.column, 9);
  EXPECT_NE(e.message.find("two hex digits"), std::string::npos);

  e = parse_error(std::string(kHeader) + "connect a\nexpect a closed within soon\n");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.column, 24);

  e = parse_error(std::string(kHeader) + "connect a\nexpect a ERR no-such-code\n");
  EXPECT_EQ(e.column, 14);
  EXPECT_NE(e.message.find("7.1"), std::string::npos);

  e = parse_error(std::string(kHeader) + "connect a\nexpect a\n");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.column, 9);  // end of line
}

TEST(ScenarioParser, ConnectionsMustBeOpen) {
  EXPECT_NE(parse_error(std::string(kHeader) + "send b \"x\"\n").message.find("before 'connect b'"),
            std::string::npos);
  EXPECT_NE(parse_error(std::string(kHeader) + "connect a\nclose a\nsend a \"x\"\n").message.find("closed"),
            std::string::npos);
  EXPECT_NE(parse_error(std::string(kHeader) + "connect a\nshutdown a\nsend a \"x\"\n").message.find("half-closed"),
            std::string::npos);
  EXPECT_NE(parse_error(std::string(kHeader) + "connect a\nconnect a\n").message.find("already open"),
            std::string::npos);
  // Reading after a half-close and reconnecting after a close are fine.
  parse_ok(std::string(kHeader) + "connect a\nshutdown a\nexpect a OK\nclose a\nconnect a\n");
}

TEST(ScenarioParser, HeaderIsRequiredAndComesFirst) {
  ParseResult r = parse_scenario("connect a\n", "f.gnpt", "f");
  ASSERT_EQ(r.errors.size(), 3u);  // requirement or section, level, title
  EXPECT_NE(parse_error(std::string(kHeader) + "connect a\nlevel MUST\n").message.find("before the first step"),
            std::string::npos);
  EXPECT_NE(parse_error(std::string(kHeader)).message.find("no steps"), std::string::npos);
  EXPECT_NE(parse_error("section 4.x\nlevel MUST\ntitle \"t\"\nconnect a\n").message.find("section number"),
            std::string::npos);
  EXPECT_NE(parse_error(std::string(kHeader) + "server idle-timeout-ms=0\nconnect a\n").message.find("1 to"),
            std::string::npos);
  EXPECT_NE(parse_error(std::string(kHeader) + "server speed=3\nconnect a\n").message.find("unknown server setting"),
            std::string::npos);
  EXPECT_NE(parse_error(std::string(kHeader) + "segmentation sideways\nconnect a\n").message.find("unknown strategy"),
            std::string::npos);
}

TEST(ScenarioParser, BadHeaderValueIsOneErrorNotTwo) {
  ParseResult r = parse_scenario("section 4.x\nlevel MAYBE\ntitle \"t\"\nconnect a\n", "f.gnpt", "f");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].describe(), "f.gnpt:1:9: '4.x' is not a section number such as 4.3");
  EXPECT_EQ(r.errors[1].line, 2);
}

TEST(ScenarioParser, LoadNamesAMissingDirectory) {
  LoadResult r = load_scenarios("/nonexistent-wireproof-dir");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].describe(), "/nonexistent-wireproof-dir: not a directory of scenarios");
}

// docs/SCENARIOS.md "Limits": repetition may not make a file ask for unbounded memory.
TEST(ScenarioParser, HugeRepeatIsRefused) {
  const ParseError e = parse_error(std::string(kHeader) + "connect a\nsend a \"ECHO \" \"x\" * 99999999999\n");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.column, 16);  // the piece that crosses the limit
  EXPECT_NE(e.message.find("limit 1 MiB per byte string"), std::string::npos) << e.describe();
}

TEST(ScenarioParser, StringLimitIsExact) {
  const std::string mib = std::to_string(1 << 20);
  const Scenario s = parse_ok(std::string(kHeader) + "connect a\nsend a \"x\" * " + mib + "\n");
  EXPECT_EQ(std::get<Send>(s.steps[1]).bytes.size(), std::size_t{1} << 20);
  const ParseError e = parse_error(std::string(kHeader) + "connect a\nsend a \"x\" * " + mib + " \"y\"\n");
  EXPECT_EQ(e.column, 15 + static_cast<int>(mib.size()));  // the "y" piece
  EXPECT_NE(e.message.find("more than 1048576 bytes"), std::string::npos) << e.describe();
}

TEST(ScenarioParser, TotalExpansionPerFileIsCapped) {
  // Each step is under the per-string limit; together they ask for 17 x 1 MiB > 16 MiB.
  std::string text = std::string(kHeader) + "connect a\n";
  for (int i = 0; i < 17; ++i) text += "send a \"x\" * 1048576\n";
  const ParseResult result = parse_scenario(text, "f.gnpt", "f");
  EXPECT_FALSE(result.scenario.has_value());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].describe().substr(0, 10), "f.gnpt:21:");  // the 17th send
  EXPECT_EQ(result.errors[0].column, 8);
  EXPECT_NE(result.errors[0].message.find("scenario expands to more than 16777216 bytes in all (limit 16 MiB"),
            std::string::npos)
      << result.errors[0].describe();
}

TEST(ScenarioParser, EveryByteStringCountsTowardsTheTotal) {
  const ParseLimits limits{100, 250};
  const std::string text = std::string(kHeader) +
                           "connect a\n"
                           "send a \"x\" * 100\n"
                           "expect a OK body \"y\" * 50 \"z\" * 50\n"
                           "expect a raw \"ab\" * 26\n";  // 52 bytes: 252 in all
  const ParseResult result = parse_scenario(text, "f.gnpt", "f", limits);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].line, 7);
  EXPECT_EQ(result.errors[0].column, 14);
  EXPECT_NE(result.errors[0].message.find("more than 250 bytes in all (limit 250 bytes"), std::string::npos)
      << result.errors[0].describe();
  EXPECT_TRUE(parse_scenario(text, "f.gnpt", "f", ParseLimits{100, 252}).scenario.has_value());
}

TEST(ScenarioParser, EmptyPieceRepeatedIsEmpty) {
  // Nothing to expand, so no limit applies; the count must not be looped over either.
  const Scenario s = parse_ok(std::string(kHeader) + "connect a\nsend a \"\" * 18446744073709551615 \"P\"\n");
  EXPECT_EQ(std::get<Send>(s.steps[1]).bytes, "P");
}

constexpr const char* kTlsHeader = "section 9.2\nlevel MUST\ntitle \"t\"\ntransport tls\n";

TEST(ScenarioParser, TlsConnectOptionsAndCloseNotify) {
  const Scenario s = parse_ok(std::string(kTlsHeader) +
                              "connect a cert=client-expired\n"
                              "expect a ERR auth-expired\n"
                              "expect a closed within 1000 with close_notify\n"
                              "connect n cert=none tls-version=1.3\n"
                              "connect old tls-version=1.1 refused\n"
                              "connect old\n"
                              "connect p plaintext\n"
                              "send p \"PING\\r\\n\\r\\n\"\n"
                              "expect p closed within 500\n"
                              "connect s stall=mid-client-hello\n"
                              "expect s open for 10\n"
                              "close s\n");
  EXPECT_EQ(s.transport, Transport::tls);
  const auto& a = std::get<Connect>(s.steps[0]);
  EXPECT_EQ(a.kind, ConnectKind::gnp);
  EXPECT_EQ(a.certificate.choice, Certificate::Choice::named);
  EXPECT_EQ(a.certificate.name, "client-expired");
  EXPECT_TRUE(std::get<ExpectClosed>(s.steps[2]).close_notify);
  const auto& n = std::get<Connect>(s.steps[3]);
  EXPECT_EQ(n.certificate.choice, Certificate::Choice::none);
  EXPECT_EQ(n.tls_version, "1.3");
  EXPECT_FALSE(n.refused);
  EXPECT_TRUE(std::get<Connect>(s.steps[4]).refused);
  EXPECT_EQ(std::get<Connect>(s.steps[5]).certificate.choice, Certificate::Choice::run_default);
  EXPECT_EQ(std::get<Connect>(s.steps[6]).kind, ConnectKind::plaintext);
  EXPECT_FALSE(std::get<ExpectClosed>(s.steps[8]).close_notify);
  EXPECT_EQ(std::get<Connect>(s.steps[9]).kind, ConnectKind::stall_mid_client_hello);
}

TEST(ScenarioParser, TlsSyntaxNeedsTransportTls) {
  ParseError e = parse_error(std::string(kHeader) + "connect a cert=client-expired\n");
  EXPECT_EQ(e.line, 4);
  EXPECT_EQ(e.column, 11);
  EXPECT_NE(e.message.find("transport tls"), std::string::npos) << e.message;
  e = parse_error(std::string(kHeader) + "connect a\nexpect a closed within 10 with close_notify\n");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.column, 27);
  EXPECT_NE(e.message.find("transport tls"), std::string::npos) << e.message;
  EXPECT_NE(parse_error(std::string(kHeader) + "connect p plaintext\n").message.find("transport tls"), std::string::npos);
  EXPECT_EQ(parse_ok(std::string(kHeader) + "transport plain\nconnect a\n").transport, Transport::plain);
  EXPECT_NE(parse_error(std::string(kHeader) + "transport quic\nconnect a\n").message.find("tls or plain"),
            std::string::npos);
}

TEST(ScenarioParser, TlsConnectErrorsPointAtTheOption) {
  ParseError e = parse_error(std::string(kTlsHeader) + "connect a tls-version=1.4\n");
  EXPECT_EQ(e.line, 5);
  EXPECT_EQ(e.column, 23);  // the value
  EXPECT_NE(e.message.find("1.0 1.1 1.2 1.3"), std::string::npos);
  e = parse_error(std::string(kTlsHeader) + "connect a stall=later\n");
  EXPECT_EQ(e.column, 17);
  EXPECT_NE(e.message.find("before-client-hello"), std::string::npos);
  e = parse_error(std::string(kTlsHeader) + "connect a cert=../x\n");
  EXPECT_EQ(e.column, 16);
  e = parse_error(std::string(kTlsHeader) + "connect a colour=red\n");
  EXPECT_EQ(e.column, 11);
  EXPECT_NE(e.message.find("unknown connect option"), std::string::npos);
  e = parse_error(std::string(kTlsHeader) + "connect a cert=none cert=none\n");
  EXPECT_NE(e.message.find("given twice"), std::string::npos);
  e = parse_error(std::string(kTlsHeader) + "connect a plaintext cert=none\n");
  EXPECT_NE(e.message.find("takes no cert="), std::string::npos);
}

TEST(ScenarioParser, RawAndRefusedConnectionsAllowOnlyWhatTheyCanDo) {
  EXPECT_NE(parse_error(std::string(kTlsHeader) + "connect p plaintext\nexpect p OK\n").message.find("does not speak GNP/1"),
            std::string::npos);
  EXPECT_NE(parse_error(std::string(kTlsHeader) + "connect s stall=before-client-hello\nsend s \"x\"\n")
                .message.find("stalled handshake"),
            std::string::npos);
  EXPECT_NE(parse_error(std::string(kTlsHeader) + "connect p plaintext\nexpect p closed within 5 with close_notify\n")
                .message.find("needs a TLS connection"),
            std::string::npos);
  EXPECT_NE(parse_error(std::string(kTlsHeader) + "connect v tls-version=1.0 refused\nexpect v OK\n")
                .message.find("refused at its handshake"),
            std::string::npos);
  // A reconnected name is an ordinary connection again.
  parse_ok(std::string(kTlsHeader) + "connect p plaintext\nclose p\nconnect p\nexpect p OK\n");
}

TEST(ScenarioParser, RequirementsAndStepAnnotations) {
  const Scenario s = parse_ok(
      "section 5.5\n"
      "requirement 5.5/3 6.3/1\n"
      "requirement 5.5/4   # repeatable\n"
      "level MUST\ntitle \"t\"\n"
      "connect a\n"
      "expect a OK\n"
      "send a \"PING\\r\\nSequence: 007\\r\\n\\r\\n\" [5.5/4]\n"
      "expect a OK sequence 7 [6.3/1]   # comment after it\n");
  ASSERT_EQ(s.requirements.size(), 3u);
  EXPECT_EQ(s.requirements[0], (RequirementRef{"5.5/3", 2, 13}));
  EXPECT_EQ(s.requirements[1].id, "6.3/1");
  EXPECT_EQ(s.requirements[2], (RequirementRef{"5.5/4", 3, 13}));
  EXPECT_EQ(s.section_line, 1);
  EXPECT_EQ(s.section_column, 9);
  ASSERT_EQ(s.steps.size(), 4u);
  EXPECT_FALSE(where_of(s.steps[1]).requirement.has_value());
  EXPECT_EQ(std::get<Send>(s.steps[2]).bytes, "PING\r\nSequence: 007\r\n\r\n");
  EXPECT_EQ(where_of(s.steps[2]).requirement->id, "5.5/4");
  EXPECT_EQ(where_of(s.steps[3]).requirement->column, 24);
  EXPECT_EQ(std::get<ExpectResponse>(s.steps[3]).sequence, 7u);
  // A failure names the step's requirement, else the scenario's first.
  EXPECT_EQ(requirement_at(s, 9), "6.3/1");
  EXPECT_EQ(requirement_at(s, 7), "5.5/3");
  EXPECT_EQ(requirement_at(s, 99), "5.5/3");
}

TEST(ScenarioParser, RequirementAloneGivesTheSection) {
  const Scenario s = parse_ok("requirement 8.6/3\nlevel MUST\ntitle \"t\"\nconnect a\n");
  EXPECT_EQ(s.section, "8.6");
  EXPECT_EQ(s.section_line, 0);
}

TEST(ScenarioParser, RequirementErrorsNameLineAndColumn) {
  const std::string tail = "level MUST\ntitle \"t\"\nconnect a\n";
  EXPECT_EQ(parse_error("requirement 4.3\n" + tail).describe(),
            "x.gnpt:1:13: '4.3' is not a requirement ID such as 4.3/2 (section/number)");
  EXPECT_EQ(parse_error("requirement 4.3/0\n" + tail).describe(),
            "x.gnpt:1:13: '4.3/0' is not a requirement ID such as 4.3/2 (section/number)");
  EXPECT_EQ(parse_error("requirement 4/1\n" + tail).column, 13);
  EXPECT_EQ(parse_error("requirement\n" + tail).describe(), "x.gnpt:1:12: expected one or more requirement IDs such as 4.3/2");
  EXPECT_EQ(parse_error("requirement 4.3/1 4.3/1\n" + tail).describe(),
            "x.gnpt:1:19: requirement 4.3/1 cited twice (first on line 1)");
  EXPECT_EQ(parse_error(tail).describe(),
            "x.gnpt:1:1: missing 'requirement 4.3/1 ...' (the PROTOCOL.md requirements this scenario checks) or "
            "'section 4.3'");
  EXPECT_EQ(parse_error("requirement 4.3/1\n" + tail + "expect a OK [4.3/2]\n").describe(),
            "x.gnpt:5:13: the step names requirement 4.3/2, which no 'requirement' line of this scenario cites");
  EXPECT_EQ(parse_error("requirement 4.3/1\n" + tail + "expect a OK [4.3]\n").describe(),
            "x.gnpt:5:13: '[4.3]' is not a requirement annotation such as [4.3/2]");
  EXPECT_NE(parse_error("requirement 4.3/1\n" + tail + "expect a OK 4.3/1]\n").message.find("expected"),
            std::string::npos);
  EXPECT_NE(parse_error(std::string(kHeader) + "connect a\nrequirement 4.3/1\n").message.find("before the first step"),
            std::string::npos);
}

TEST(ScenarioParser, SectionWithin) {
  EXPECT_TRUE(section_within("4.3", "4"));
  EXPECT_TRUE(section_within("4.3", "4.3"));
  EXPECT_FALSE(section_within("4.30", "4.3"));
  EXPECT_FALSE(section_within("4", "4.3"));
  EXPECT_FALSE(section_within("14.1", "4"));
}

}  // namespace
}  // namespace wireproof::scenario
