// diff's comparison of two servers' traffic: Message text never counts (6.5); the first
// differing frame, or a different ending, is reported with the request it answers.
#include "blackbox/traffic_diff.hpp"

#include <gtest/gtest.h>

namespace wireproof::blackbox {
namespace {

const std::vector<std::string> kRequests = {"NOPE\r\n\r\n", "ECHO a b\r\n\r\n"};

TEST(TrafficDiff, MessageTextIgnored_6_5) {
  const Observation a{"OK\r\n\r\nERR unknown-command\r\nMessage: one\r\n\r\n", true, false};
  const Observation b{"OK\r\n\r\nERR unknown-command\r\nMessage: two\r\n\r\n", true, false};
  EXPECT_FALSE(compare_traffic(a, b, kRequests));
}

TEST(TrafficDiff, FirstDifferingBodyWithItsRequest_8_2) {
  const Observation a{"OK\r\n\r\nERR unknown-command\r\nMessage: m\r\n\r\nOK\r\nSize: 3\r\n\r\na b", true, false};
  const Observation b{"OK\r\n\r\nERR unknown-command\r\nMessage: m\r\n\r\nOK\r\nSize: 2\r\n\r\nab", true, false};
  const std::optional<TrafficDifference> d = compare_traffic(a, b, kRequests);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->frame_index, 2u);
  EXPECT_NE(d->detail.find("ECHO a b\\r\\n\\r\\n"), std::string::npos) << d->detail;
  EXPECT_NE(d->summary.find("body"), std::string::npos) << d->summary;
}

TEST(TrafficDiff, DifferentEndingIsADifference_4_6) {
  const Observation closed{"OK\r\n\r\n", true, false};
  const Observation open{"OK\r\n\r\n", false, true};
  const std::optional<TrafficDifference> d = compare_traffic(closed, open, kRequests);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->frame_index, 1u);
}

}  // namespace
}  // namespace wireproof::blackbox
