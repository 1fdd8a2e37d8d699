// Unit tests of the edge-coverage map, without a server: the tests (and forked children, as a
// server would) write hit counts into the map themselves.
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "edges/edge_tracker.hpp"
#include "edges/instrumentation.hpp"
#include "edges/shared_edge_map.hpp"

namespace wireproof::edges {
namespace {

using Verdict = InstrumentationCheck::Verdict;

TEST(SharedEdgeMap, RoundsUpToAWholeNumberOf64BytesAndStartsZeroed) {
  SharedEdgeMap map(13300);
  EXPECT_EQ(map.size(), 13312u);
  for (std::uint8_t byte : map.bytes()) ASSERT_EQ(byte, 0);
}

TEST(SharedEdgeMap, EnvironmentNamesTheSegmentAndItsSize) {
  SharedEdgeMap map(1000);
  const std::vector<std::string> env = map.environment();
  ASSERT_EQ(env.size(), 2u);
  EXPECT_EQ(env[0], "__AFL_SHM_ID=" + std::to_string(map.id()));
  EXPECT_EQ(env[1], "AFL_MAP_SIZE=1024");
}

TEST(SharedEdgeMap, IsMarkedForRemovalWhileAttachedAndGoneAfterwards) {
  int id = -1;
  {
    SharedEdgeMap map(4096);
    id = map.id();
    shmid_ds info{};
    ASSERT_EQ(::shmctl(id, IPC_STAT, &info), 0);
    EXPECT_TRUE(info.shm_perm.mode & SHM_DEST) << "not marked IPC_RMID: a crash would leave it behind";
    EXPECT_EQ(info.shm_nattch, 1u);
  }
  shmid_ds info{};
  EXPECT_EQ(::shmctl(id, IPC_STAT, &info), -1) << "segment " << id << " outlived its map";
}

// What an instrumented server does: read __AFL_SHM_ID from its environment, attach, count hits.
TEST(SharedEdgeMap, AChildAttachingThroughTheEnvironmentWritesIntoIt) {
  SharedEdgeMap map(256);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    for (const std::string& entry : map.environment()) ::putenv(strdup(entry.c_str()));
    const char* id = std::getenv("__AFL_SHM_ID");
    void* data = id ? ::shmat(std::atoi(id), nullptr, 0) : reinterpret_cast<void*>(-1);
    if (data == reinterpret_cast<void*>(-1)) ::_exit(1);
    auto* counts = static_cast<std::uint8_t*>(data);
    counts[3] = 1;
    counts[200] = 5;
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the child could not attach the map";
  EXPECT_EQ(map.bytes()[3], 1);
  EXPECT_EQ(map.bytes()[200], 5);
  map.clear();
  EXPECT_EQ(map.bytes()[200], 0);
}

TEST(HitCountBucket, IsAflsCountClassLookup) {
  const std::pair<int, int> table[] = {{0, 0},   {1, 1},    {2, 2},    {3, 4},    {4, 8},    {7, 8},
                                       {8, 16},  {15, 16},  {16, 32},  {31, 32},  {32, 64},  {127, 64},
                                       {128, 128}, {255, 128}};
  for (auto [count, bucket] : table) {
    EXPECT_EQ(hit_count_bucket(static_cast<std::uint8_t>(count)), bucket) << "count " << count;
  }
}

TEST(EdgeTracker, NewEdgesOnceThenNothingNewForTheSameTrace) {
  EdgeTracker tracker(64);
  std::vector<std::uint8_t> trace(64, 0);
  trace[0] = 1;
  trace[9] = 3;
  trace[63] = 200;  // the last entry, in the map's last word
  ExecCoverage first = tracker.observe(trace);
  EXPECT_EQ(first.edges_hit, 3u);
  EXPECT_EQ(first.new_edges, 3u);
  EXPECT_EQ(first.new_buckets, 0u);
  EXPECT_TRUE(first.new_coverage());
  EXPECT_EQ(tracker.edges(), 3u);

  ExecCoverage again = tracker.observe(trace);
  EXPECT_EQ(again.edges_hit, 3u);
  EXPECT_EQ(again.new_edges, 0u);
  EXPECT_EQ(again.new_buckets, 0u);
  EXPECT_FALSE(again.new_coverage());
  EXPECT_EQ(tracker.edges(), 3u);
}

TEST(EdgeTracker, AKnownEdgeInANewBucketIsNewCoverageButNoNewEdge) {
  EdgeTracker tracker(16);
  std::vector<std::uint8_t> trace(16, 0);
  trace[5] = 1;
  tracker.observe(trace);
  trace[5] = 2;  // bucket 2: new
  ExecCoverage two = tracker.observe(trace);
  EXPECT_EQ(two.new_edges, 0u);
  EXPECT_EQ(two.new_buckets, 1u);
  trace[5] = 5;  // bucket 4-7: new
  EXPECT_EQ(tracker.observe(trace).new_buckets, 1u);
  trace[5] = 6;  // same bucket as 5
  EXPECT_FALSE(tracker.observe(trace).new_coverage());
  EXPECT_EQ(tracker.edges(), 1u);
  EXPECT_EQ(tracker.virgin()[5], static_cast<std::uint8_t>(~(1 | 2 | 8)));
  EXPECT_EQ(tracker.virgin()[4], 0xFF);
}

TEST(EdgeTracker, CountsEveryNonZeroEntryWhateverItsPositionInAWord) {
  constexpr std::size_t kSize = 1000;  // not a multiple of 8: a partial last word
  EdgeTracker tracker(kSize);
  std::vector<std::uint8_t> trace(kSize, 0);
  std::size_t expected = 0;
  for (std::size_t i = 0; i < kSize; i += 7) {
    trace[i] = static_cast<std::uint8_t>(1 + i % 250);
    ++expected;
  }
  trace[kSize - 1] = 1;
  ++expected;
  const ExecCoverage seen = tracker.observe(trace);
  EXPECT_EQ(seen.edges_hit, expected);
  EXPECT_EQ(seen.new_edges, expected);
  EXPECT_EQ(tracker.edges(), expected);
}

TEST(EdgeTracker, IgnoresATraceLongerThanTheMap) {
  EdgeTracker tracker(8);
  std::vector<std::uint8_t> trace(32, 1);
  EXPECT_EQ(tracker.observe(trace).edges_hit, 8u);
  EXPECT_EQ(tracker.edges(), 8u);
}

TEST(EdgeTracker, ObservesTheSharedMapAsWrittenFromOutside) {
  SharedEdgeMap map(128);
  EdgeTracker tracker(map.size());
  map.bytes()[17] = 1;
  EXPECT_EQ(tracker.observe(map.bytes()).new_edges, 1u);
  map.clear();
  map.bytes()[17] = 1;
  map.bytes()[18] = 1;
  const ExecCoverage second = tracker.observe(map.bytes());
  EXPECT_EQ(second.edges_hit, 2u);
  EXPECT_EQ(second.new_edges, 1u);
  EXPECT_EQ(tracker.edges(), 2u);
}

std::filesystem::path temp_file(const std::string& name, const std::string& content) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("edges_test_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path, std::ios::binary) << content;
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path;
}

TEST(Instrumentation, AnExecutableWithoutTheRuntimeIsNotInstrumented) {
  const InstrumentationCheck check = check_instrumentation({"true"});
  EXPECT_EQ(check.verdict, Verdict::not_instrumented);
  EXPECT_NE(check.message.find("not built with AFL++'s instrumentation"), std::string::npos) << check.message;
  EXPECT_NE(check.message.find(check.program.string()), std::string::npos);
  EXPECT_EQ(check.program.filename(), "true");
  EXPECT_TRUE(check.program.is_absolute()) << "not looked up in PATH: " << check.program;
}

TEST(Instrumentation, AScriptCannotBeToldAndIsLeftToTheMap) {
  const std::filesystem::path script = temp_file("script.sh", "#!/bin/sh\nexec gnp-server \"$@\"\n");
  const InstrumentationCheck check = check_instrumentation({script.string(), "--port", "1"});
  std::filesystem::remove(script);
  EXPECT_EQ(check.verdict, Verdict::cannot_tell);
  EXPECT_NE(check.message.find("after the first exec"), std::string::npos) << check.message;
}

TEST(Instrumentation, AMissingProgramCannotBeTold) {
  const InstrumentationCheck check = check_instrumentation({"/nonexistent/gnp-server"});
  EXPECT_EQ(check.verdict, Verdict::cannot_tell);
  EXPECT_NE(check.message.find("/nonexistent/gnp-server"), std::string::npos) << check.message;
}

TEST(Instrumentation, LooksPastAnEnvPrefix) {
  const InstrumentationCheck check = check_instrumentation({"env", "-u", "X", "A=1", "true", "--flag=2"});
  EXPECT_EQ(check.program.filename(), "true");
}

TEST(Instrumentation, AskesAnInstrumentedProgramForItsMapSize) {
  const InstrumentationCheck check = check_instrumentation({EDGES_FAKE_INSTRUMENTED, "--port", "{port}"});
  EXPECT_EQ(check.verdict, Verdict::instrumented) << check.message;
  ASSERT_TRUE(check.map_size.has_value()) << check.message;
  EXPECT_EQ(*check.map_size, 70001u);
}

TEST(Instrumentation, AProgramThatDoesNotAnswerTheDumpIsKilledAndItsSizeUnknown) {
  ::setenv("FAKE_HANG", "1", 1);
  const auto started = std::chrono::steady_clock::now();
  const InstrumentationCheck check = check_instrumentation({EDGES_FAKE_INSTRUMENTED}, std::chrono::milliseconds(300));
  const auto took = std::chrono::steady_clock::now() - started;
  ::unsetenv("FAKE_HANG");
  EXPECT_EQ(check.verdict, Verdict::instrumented);
  EXPECT_FALSE(check.map_size.has_value());
  EXPECT_NE(check.message.find("did not make it exit within 300 ms"), std::string::npos) << check.message;
  EXPECT_LT(took, std::chrono::seconds(20));  // hang guard only
}

TEST(ChooseMapSize, TheProgramsSizeElseAflsDefault) {
  std::string error;
  InstrumentationCheck check;
  EXPECT_EQ(choose_map_size(check, nullptr, error), kDefaultMapSize);
  check.map_size = 13300;
  EXPECT_EQ(choose_map_size(check, nullptr, error), 13300u);
  EXPECT_EQ(choose_map_size(check, "", error), 13300u);
  EXPECT_TRUE(error.empty());
}

TEST(ChooseMapSize, AnOverrideWinsUnlessItIsTooSmallOrNoNumber) {
  std::string error;
  InstrumentationCheck check;
  check.program = "/srv/gnp-server";
  check.map_size = 13300;
  EXPECT_EQ(choose_map_size(check, "262144", error), 262144u);
  EXPECT_FALSE(choose_map_size(check, "4096", error).has_value());
  EXPECT_NE(error.find("smaller than the 13300 entries '/srv/gnp-server' writes"), std::string::npos) << error;
  error.clear();
  EXPECT_FALSE(choose_map_size(check, "64k", error).has_value());
  EXPECT_NE(error.find("AFL_MAP_SIZE='64k' is not a map size"), std::string::npos) << error;
}

#ifdef EDGES_AFL_PROBE
// A real AFL++-instrumented program (afl-clang-fast), no fork server: it runs normally and its
// edges land in the map; different inputs take different edges.
std::vector<std::uint8_t> run_probe(SharedEdgeMap& map, const char* argument) {
  map.clear();
  const pid_t child = ::fork();
  if (child == 0) {
    for (const std::string& entry : map.environment()) ::putenv(strdup(entry.c_str()));
    ::freopen("/dev/null", "w", stdout);
    ::execl(EDGES_AFL_PROBE, EDGES_AFL_PROBE, argument, static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "probe failed, status " << status;
  return {map.bytes().begin(), map.bytes().end()};
}

TEST(AflInstrumentedProgram, RunsWithoutAForkServerAndWritesItsEdges) {
  const InstrumentationCheck check = check_instrumentation({EDGES_AFL_PROBE});
  ASSERT_EQ(check.verdict, Verdict::instrumented) << check.message;
  ASSERT_TRUE(check.map_size.has_value()) << check.message;
  SharedEdgeMap map(*check.map_size);
  EdgeTracker tracker(map.size());
  const ExecCoverage first = tracker.observe(run_probe(map, "apple"));
  EXPECT_GT(first.new_edges, 1u);
  EXPECT_FALSE(tracker.observe(run_probe(map, "apple")).new_coverage()) << "same input, same edges";
  const ExecCoverage other = tracker.observe(run_probe(map, "b"));
  EXPECT_GT(other.new_edges, 0u) << "the 'b' branch should be a new edge";
}
#endif

}  // namespace
}  // namespace wireproof::edges
