// cut_points: segmentation strategies used to show 4.4 (behaviour independent of segmentation).
#include <gtest/gtest.h>

#include "harness/segmentation.hpp"

namespace wireproof {
namespace {

using Cuts = std::vector<std::size_t>;

void expect_well_formed(const Cuts& cuts, std::size_t size) {
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    EXPECT_GT(cuts[i], 0u);
    EXPECT_LT(cuts[i], size);
    if (i > 0) EXPECT_LT(cuts[i - 1], cuts[i]);
  }
}

TEST(Segmentation, WholeAndBytewise_4_4) {
  EXPECT_EQ(cut_points(Strategy::whole, "PING\r\n\r\n", 0), Cuts{});
  EXPECT_EQ(cut_points(Strategy::bytewise, "abcd", 0), (Cuts{1, 2, 3}));
  EXPECT_EQ(cut_points(Strategy::bytewise, "", 0), Cuts{});
}

TEST(Segmentation, SplitTerminatorCutsInsideEveryTerminator_4_4) {
  const std::string bytes = "PING\r\n\r\nECHO a\r\n\r\n";
  EXPECT_EQ(cut_points(Strategy::split_terminator, bytes, 0), (Cuts{5, 6, 7, 15, 16, 17}));
  // Overlapping terminators give increasing, distinct cuts.
  const Cuts overlapping = cut_points(Strategy::split_terminator, "A\r\n\r\n\r\nB", 0);
  EXPECT_EQ(overlapping, (Cuts{2, 3, 4, 5, 6}));
}

TEST(Segmentation, RandomIsSeededAndWellFormed_4_4) {
  const std::string bytes(500, 'x');
  const Cuts a = cut_points(Strategy::random, bytes, 42);
  EXPECT_EQ(a, cut_points(Strategy::random, bytes, 42));
  EXPECT_NE(a, cut_points(Strategy::random, bytes, 43));
  EXPECT_GT(a.size(), 20u);  // about one cut per 8 bytes
  EXPECT_LT(a.size(), 150u);
  for (Strategy s : kAllStrategies) expect_well_formed(cut_points(s, bytes + "\r\n\r\n", 7), bytes.size() + 4);
}

TEST(Segmentation, NamesRoundTrip) {
  for (Strategy s : kAllStrategies) EXPECT_EQ(parse_strategy(strategy_name(s)), s);
  EXPECT_EQ(parse_strategy("split_terminator"), Strategy::split_terminator);
  EXPECT_FALSE(parse_strategy("bytes"));
  EXPECT_FALSE(parse_strategy(""));
}

// The one list parser behind certify --strategies (a bad entry is named with the known names).
TEST(Segmentation, ListsParseInOrderAndNameTheBadEntry) {
  std::string error;
  EXPECT_EQ(parse_strategy_list("random,whole", &error), (std::vector<Strategy>{Strategy::random, Strategy::whole}));
  EXPECT_FALSE(parse_strategy_list("whole,,random", &error));
  EXPECT_EQ(error, "unknown strategy '' (known: whole, bytewise, split-terminator, random)");
  EXPECT_FALSE(parse_strategy_list("whole,sideways", &error));
  EXPECT_NE(error.find("'sideways'"), std::string::npos) << error;
}

}  // namespace
}  // namespace wireproof

namespace wireproof {

TEST(Segmentation, PiecesAtCutPointsJoinToTheBytes_4_4) {
  EXPECT_EQ(pieces_at("PING\r\n\r\n", {}), (std::vector<std::string>{"PING\r\n\r\n"}));
  EXPECT_EQ(pieces_at("PING\r\n\r\n", {2, 5}), (std::vector<std::string>{"PI", "NG\r", "\n\r\n"}));
  const std::string bytes = "ECHO a\r\n\r\nPING\r\n\r\n";
  std::string joined;
  for (const std::string& piece : pieces_at(bytes, cut_points(Strategy::random, bytes, 7))) joined += piece;
  EXPECT_EQ(joined, bytes);
}

}  // namespace wireproof
