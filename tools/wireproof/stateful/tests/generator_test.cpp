// The request generator (one value space for fuzz and the stateful phase) and the phase's traffic
// generator: every kind of request is what the reference core says it is, the value space is
// covered, and a seed gives the same traffic.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "blackbox/generator.hpp"
#include "stateful/oracle.hpp"
#include "stateful/traffic_generator.hpp"

namespace wireproof::stateful {
namespace {

using blackbox::RequestKind;
using blackbox::Rng;

// The reference core's answer to one request on a fresh connection.
ResponseFrame reference_answer(const std::string& request) {
  Oracle oracle;
  const RoundExpectation e = oracle.answer("c", request);
  EXPECT_EQ(e.frames.size(), 2u) << request;
  return e.frames.back();
}

std::string status(const ResponseFrame& f) { return f.ok ? "OK" : f.code; }

// 5.1, 5.2-5.5, 8.1-8.7: each generated kind gets the answer its kind names.
TEST(RequestGenerator, EveryKindGetsItsAnswer) {
  const std::map<RequestKind, std::set<std::string>> allowed = {
      {RequestKind::ping, {"OK"}}, {RequestKind::echo, {"OK"}}, {RequestKind::set, {"OK"}},
      {RequestKind::get, {"not-found"}}, {RequestKind::del, {"not-found"}}, {RequestKind::quit, {"OK"}},
      {RequestKind::wrong_arity, {"bad-arguments"}}, {RequestKind::unknown_command, {"unknown-command"}},
      {RequestKind::bad_request, {"bad-request"}}, {RequestKind::bad_encoding, {"bad-encoding"}}};
  for (RequestKind kind : blackbox::kAllRequestKinds) {
    for (std::uint64_t seed = 0; seed < 300; ++seed) {
      Rng rng(seed);
      const std::string request = blackbox::generate_request(rng, kind);
      ASSERT_LE(request.size(), 8192u);
      ASSERT_TRUE(request.ends_with("\r\n\r\n")) << blackbox::request_kind_name(kind) << " " << seed << ": " << request.substr(0, 100);
      EXPECT_TRUE(allowed.at(kind).contains(status(reference_answer(request))))
          << blackbox::request_kind_name(kind) << ": " << request.substr(0, 200);
    }
  }
}

// 5.3, 5.1, 4.2: tokens hold every UTF-8 length and C1; requests reach the 8192-byte limit.
TEST(RequestGenerator, CoversTheValueSpace) {
  bool two = false, three = false, four = false, c1 = false, colon = false, at_limit = false, long_value = false;
  std::set<std::string> sequence_names;
  Rng rng(5);
  for (int i = 0; i < 20000; ++i) {
    const std::string r = blackbox::generate_request(rng);
    two = two || r.find("\xC3\xA9") != std::string::npos;
    three = three || r.find("\xE2\x82\xAC") != std::string::npos;
    four = four || r.find("\xF0\x9F\x98\x80") != std::string::npos;
    c1 = c1 || r.find("\xC2\x85") != std::string::npos;
    colon = colon || r.find(':') < r.find("\r\n");
    at_limit = at_limit || r.size() == 8192;
    long_value = long_value || (r.starts_with("SET ") && r.size() > 4000);
    for (const char* name : {"Sequence:", "sequence:", "SEQUENCE:", "sEqUeNcE:"}) {
      if (r.find(name) != std::string::npos) sequence_names.insert(name);
    }
  }
  EXPECT_TRUE(two && three && four && c1 && colon && at_limit && long_value);
  EXPECT_EQ(sequence_names.size(), 4u);
}

// 8.6: some pipelines hold a QUIT before their end.
TEST(RequestGenerator, QuitMidPipeline) {
  Rng rng(11);
  int mid = 0;
  for (int i = 0; i < 500; ++i) {
    const std::vector<std::string> p = blackbox::generate_pipeline(rng, 10, {});
    for (std::size_t k = 0; k + 1 < p.size(); ++k) mid += p[k].starts_with("QUIT") ? 1 : 0;
  }
  EXPECT_GT(mid, 20);
}

TEST(RequestGenerator, SimplerRequestsAreSimpler) {
  const std::vector<std::string> s = blackbox::simpler_requests("SET k longvalue\r\nSequence: 5\r\n\r\n");
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s.front(), "PING\r\n\r\n");
  EXPECT_NE(std::find(s.begin(), s.end(), "SET k longvalue\r\n\r\n"), s.end());
  EXPECT_NE(std::find(s.begin(), s.end(), "SET k l\r\n\r\n"), s.end());
  EXPECT_EQ(blackbox::key_of("DEL k\xC3\xA9\r\n\r\n"), "k\xC3\xA9");
  EXPECT_FALSE(blackbox::key_of("GET a b\r\n\r\n"));
}

// fuzz's cross-connection check (8.8): the observer GETs each key the generated requests named, once.
TEST(RequestGenerator, ObserverReadsEveryKeyNamed) {
  Rng rng(21);
  int with_observer = 0;
  for (int i = 0; i < 300; ++i) {
    const blackbox::GeneratedStream g = blackbox::generate_stream(rng, {});
    if (g.origin.find('+') != std::string::npos) continue;  // mutated: the keys may have changed
    std::set<std::string> named;
    for (std::size_t at = 0; at < g.bytes.size();) {
      const std::size_t end = g.bytes.find("\r\n\r\n", at);
      if (end == std::string::npos) break;
      if (const auto key = blackbox::key_of(g.bytes.substr(at, end + 4 - at))) named.insert(*key);
      at = end + 4;
    }
    std::string expected;
    for (const std::string& key : named) expected += "GET " + key + "\r\n\r\n";
    EXPECT_EQ(g.observer, expected) << g.bytes.substr(0, 200);
    with_observer += g.observer.empty() ? 0 : 1;
  }
  EXPECT_GT(with_observer, 30);
}

TEST(TrafficGenerator, SameSeedSameTraffic) {
  TrafficGenerator a(3, {});
  TrafficGenerator b(3, {});
  TrafficGenerator c(4, {});
  bool differs = false;
  for (int i = 0; i < 200; ++i) {
    const Round x = a.next();
    const Round y = b.next();
    const Round z = c.next();
    ASSERT_EQ(x.connection, y.connection);
    ASSERT_EQ(x.bytes(), y.bytes());
    ASSERT_EQ(x.cuts(), y.cuts());
    differs = differs || x.bytes() != z.bytes();
  }
  EXPECT_TRUE(differs);
}

// The phase's traffic: every connection, every strategy, depths from 1 past 100, shared keys
// written on one connection and read on another, private keys on their own connection only.
TEST(TrafficGenerator, CoversConnectionsStrategiesDepthsAndKeys) {
  TrafficGenerator g(1, {});
  std::set<std::string> connections;
  std::set<Strategy> strategies;
  std::size_t deepest = 0, shallowest = 1000;
  std::map<std::string, std::set<std::string>> shared_users;
  for (int i = 0; i < 400; ++i) {
    const Round r = g.next();
    connections.insert(r.connection);
    strategies.insert(r.strategy);
    deepest = std::max(deepest, r.requests.size());
    shallowest = std::min(shallowest, r.requests.size());
    for (const std::string& request : r.requests) {
      const std::optional<std::string> key = blackbox::key_of(request);
      if (!key) continue;
      const auto& shared = TrafficGenerator::shared_keys();
      if (std::find(shared.begin(), shared.end(), *key) != shared.end()) {
        shared_users[*key].insert(r.connection);
      } else {
        const std::vector<std::string> mine = TrafficGenerator::private_keys(r.connection);
        EXPECT_NE(std::find(mine.begin(), mine.end(), *key), mine.end()) << *key << " on " << r.connection;
      }
    }
  }
  EXPECT_EQ(connections.size(), 4u);
  EXPECT_EQ(strategies.size(), 4u);
  EXPECT_EQ(shallowest, 1u);
  EXPECT_GE(deepest, 100u);
  for (const auto& [key, users] : shared_users) EXPECT_EQ(users.size(), 4u) << key;
}

}  // namespace
}  // namespace wireproof::stateful
