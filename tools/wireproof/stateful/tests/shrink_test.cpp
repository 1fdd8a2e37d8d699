// The stateful shrinker on planted differences whose minimum is known: a "server" that answers a
// GET on one connection from a stale view of a key another connection SET (8.8).
#include <gtest/gtest.h>

#include "stateful/shrink.hpp"
#include "stateful/traffic_generator.hpp"

namespace wireproof::stateful {
namespace {

// Fails (8.8) when some round SETs shared key "s" on one connection and a later round GETs "s" on
// another; with `needs_cut`, only when that SET round is cut (a segmentation-dependent bug).
std::optional<Divergence> planted(const Traffic& t, bool needs_cut, std::size_t* calls) {
  ++*calls;
  for (std::size_t i = 0; i < t.rounds.size(); ++i) {
    for (const std::string& set : t.rounds[i].requests) {
      if (!set.starts_with("SET s ")) continue;
      if (needs_cut && t.rounds[i].cuts().empty()) continue;
      for (std::size_t j = i + 1; j < t.rounds.size(); ++j) {
        if (t.rounds[j].connection == t.rounds[i].connection) continue;
        for (const std::string& get : t.rounds[j].requests) {
          if (get == "GET s\r\n\r\n") {
            Divergence d;
            d.round = j;
            d.section = "8.8";
            d.requirement = "8.8/2";
            d.kind = "store-value";
            return d;
          }
        }
      }
    }
  }
  return std::nullopt;
}

Traffic noisy_traffic() {
  TrafficGenerator g(7, {});
  Traffic t;
  for (int i = 0; i < 25; ++i) t.rounds.push_back(g.next());
  Round set;
  set.connection = "c3";
  set.requests = {"PING\r\n\r\n", "SET s a-long-value\r\nSequence: 4\r\n\r\n", "ECHO x\r\n\r\n"};
  set.strategy = Strategy::split_terminator;
  t.rounds.push_back(set);
  for (int i = 0; i < 10; ++i) {
    Round r = g.next();
    r.connection = "c3";  // noise on the same connection only
    t.rounds.push_back(r);
  }
  Round get;
  get.connection = "c2";
  get.requests = {"DEL c2p\r\n\r\n", "GET s\r\n\r\n"};
  t.rounds.push_back(get);
  return t;
}

TEST(StatefulShrink, FewestRoundsThenRequestsThenSimplest) {
  std::size_t calls = 0;
  Traffic t = noisy_traffic();
  std::optional<Divergence> first = planted(t, false, &calls);
  ASSERT_TRUE(first);
  const ShrunkTraffic s = shrink_traffic(t, *first, [&](const Traffic& c) { return planted(c, false, &calls); }, {});
  ASSERT_EQ(s.minimal.rounds.size(), 2u);
  ASSERT_EQ(s.minimal.rounds[0].requests.size(), 1u);
  ASSERT_EQ(s.minimal.rounds[1].requests.size(), 1u);
  // Headers dropped, the value shortened to one character (the SET may be the noise's).
  EXPECT_TRUE(s.minimal.rounds[0].requests[0].starts_with("SET s ")) << s.minimal.rounds[0].requests[0];
  EXPECT_LE(s.minimal.rounds[0].requests[0].size(), std::string("SET s \xF0\x9F\x98\x80\r\n\r\n").size());
  EXPECT_EQ(s.minimal.rounds[1].requests[0], "GET s\r\n\r\n");
  EXPECT_EQ(s.minimal.rounds[0].connection, "c1");  // renumbered in order of use
  EXPECT_EQ(s.minimal.rounds[1].connection, "c2");
  EXPECT_TRUE(s.minimal.rounds[0].cuts().empty());  // whole is simpler and still fails
  EXPECT_EQ(s.divergence.section, "8.8");
  EXPECT_FALSE(s.exhausted);
  EXPECT_EQ(s.replays + 1, calls);
}

// 4.4: a failure that needs its cuts keeps them and is re-labelled.
TEST(StatefulShrink, SegmentationDependentIsRelabelled_4_4) {
  std::size_t calls = 0;
  Traffic t = noisy_traffic();
  std::optional<Divergence> first = planted(t, true, &calls);
  ASSERT_TRUE(first);
  const ShrunkTraffic s = shrink_traffic(t, *first, [&](const Traffic& c) { return planted(c, true, &calls); }, {});
  ASSERT_EQ(s.minimal.rounds.size(), 2u);
  EXPECT_FALSE(s.minimal.rounds[0].cuts().empty());
  EXPECT_EQ(s.divergence.section, "4.4");
  EXPECT_EQ(s.divergence.requirement, "4.4/2");
}

TEST(StatefulShrink, StopsAtTheBudget) {
  std::size_t calls = 0;
  Traffic t = noisy_traffic();
  std::optional<Divergence> first = planted(t, false, &calls);
  blackbox::ShrinkBudget budget;
  budget.max_tests = 5;
  const ShrunkTraffic s = shrink_traffic(t, *first, [&](const Traffic& c) { return planted(c, false, &calls); }, budget);
  EXPECT_TRUE(s.exhausted);
  EXPECT_LE(s.replays, 5u);
  EXPECT_TRUE(planted(s.minimal, false, &calls));  // whatever it stopped at still fails
}

}  // namespace
}  // namespace wireproof::stateful
