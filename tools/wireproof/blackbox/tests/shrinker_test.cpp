// The delta-debugging shrinker on synthetic predicates whose minimum is known.
#include "blackbox/shrinker.hpp"

#include <gtest/gtest.h>

#include <set>

namespace wireproof::blackbox {
namespace {

bool x_before_y(std::string_view s) {
  const std::size_t x = s.find('X');
  return x != std::string_view::npos && s.find('Y', x) != std::string_view::npos;
}

TEST(Shrinker, ReducesToTheOnlyMinimum) {
  const std::string noisy = "aaaaXbbbbbbbbbbbbbbcccccccccccYdddddddddddddddddddddddddddddddddddddddd";
  const ShrinkResult result = shrink_bytes(noisy, x_before_y, ShrinkBudget{});
  EXPECT_EQ(result.minimal, "XY");
  EXPECT_FALSE(result.exhausted);
}

// A GNP/1-shaped failure (4.1: a request needs its terminator): "QUIT" plus a terminator.
TEST(Shrinker, KeepsTheFailureAndIsOneMinimal) {
  auto fails = [](std::string_view s) {
    return s.find("QUIT") != std::string_view::npos && s.find("\r\n\r\n") != std::string_view::npos;
  };
  const std::string stream = "PING\r\n\r\nECHO a b\r\n\r\nQUIT\r\n\r\nGET k\r\n\r\n";
  const ShrinkResult result = shrink_bytes(stream, fails, ShrinkBudget{});
  EXPECT_EQ(result.minimal.size(), 8u) << result.minimal;
  EXPECT_TRUE(fails(result.minimal));
  for (std::size_t i = 0; i < result.minimal.size(); ++i) {  // no single byte can go
    std::string smaller = result.minimal;
    smaller.erase(i, 1);
    EXPECT_FALSE(fails(smaller)) << "byte " << i << " removable";
  }
}

TEST(Shrinker, NeverRetestsACandidateNorTheInput) {
  std::multiset<std::string> seen;
  const std::string input = "zzXzzzzYzz";
  auto fails = [&](std::string_view s) {
    seen.emplace(s);
    return x_before_y(s);
  };
  const ShrinkResult result = shrink_bytes(input, fails, ShrinkBudget{});
  EXPECT_EQ(result.minimal, "XY");
  EXPECT_EQ(seen.count(input), 0u);
  for (const std::string& candidate : seen) EXPECT_EQ(seen.count(candidate), 1u) << candidate;
  EXPECT_EQ(result.tests, seen.size());
}

TEST(Shrinker, StopsAtTheTestBudget) {
  const std::string input(200, 'a');
  std::size_t calls = 0;
  auto fails = [&](std::string_view s) {
    ++calls;
    return s.size() >= 3;
  };
  const ShrinkResult result = shrink_bytes(input, fails, ShrinkBudget{.max_tests = 5});
  EXPECT_EQ(calls, 5u);
  EXPECT_TRUE(result.exhausted);
  EXPECT_GE(result.minimal.size(), 3u);
  EXPECT_LT(result.minimal.size(), input.size());
}

TEST(Shrinker, ReachesTheEmptyStringWhenEverythingFails) {
  const ShrinkResult result = shrink_bytes("abc", [](std::string_view) { return true; }, ShrinkBudget{});
  EXPECT_EQ(result.minimal, "");
}

}  // namespace
}  // namespace wireproof::blackbox
