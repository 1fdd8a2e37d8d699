// Tests of what `fuzz --coverage` does with the map, without a server: the test writes hit counts
// into each job's map as an instrumented server would.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "edges/coverage_guide.hpp"

namespace wireproof::blackbox {
namespace {

// A program with AFL++'s runtime strings that reports a 70001-entry map (fake_instrumented.cpp).
const std::string kServer = std::string(EDGES_FAKE_INSTRUMENTED) + " --port {port}";

class CoverageGuideTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("coverage_guide_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::set<std::string> corpus_files() const {
    std::set<std::string> contents;
    for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
      EXPECT_FALSE(entry.path().filename().string().starts_with(".")) << "temporary left: " << entry.path();
      std::ifstream in(entry.path(), std::ios::binary);
      contents.emplace((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    return contents;
  }

  std::filesystem::path dir_;
};

// What the server writes: set these entries of a job's map (the test stands in for the server).
void hit(CoverageGuide::Job& job, std::initializer_list<std::size_t> entries, std::uint8_t count = 1) {
  for (std::size_t i : entries) job.map_bytes_for_test()[i] = count;
}

TEST_F(CoverageGuideTest, AServerWithoutInstrumentationIsRefusedWithAClearMessage) {
  try {
    CoverageGuide guide("true --port {port}", dir_, {});
    FAIL() << "accepted an uninstrumented server";
  } catch (const CoverageError& e) {
    EXPECT_NE(std::string(e.what()).find("is not built with AFL++'s instrumentation"), std::string::npos) << e.what();
  }
}

TEST_F(CoverageGuideTest, SizesTheMapFromTheProgram) {
  CoverageGuide guide(kServer, dir_, {});
  EXPECT_EQ(guide.map_size(), 70016u);  // 70001 rounded up to 64
  const std::vector<std::string> env = guide.job()->environment();
  ASSERT_EQ(env.size(), 2u);
  EXPECT_EQ(env[1], "AFL_MAP_SIZE=70016");
}

TEST_F(CoverageGuideTest, AnOverrideSmallerThanTheProgramNeedsIsRefused) {
  ::setenv("AFL_MAP_SIZE", "65536", 1);
  EXPECT_THROW(CoverageGuide(kServer, dir_, {}), CoverageError);
  ::unsetenv("AFL_MAP_SIZE");
}

TEST_F(CoverageGuideTest, KeepsStreamsThatReachNewCoverageAndWritesThemAsACorpus) {
  CoverageGuide guide(kServer, dir_, {});
  auto job = guide.job();
  hit(*job, {0, 7});  // start-up: not an input's doing
  job->absorb();
  EXPECT_EQ(guide.kept(), 0u);
  EXPECT_EQ(guide.edges(), 2u);

  hit(*job, {7});
  EXPECT_FALSE(job->after_exec("PING\r\n\r\n").new_coverage()) << "start-up edges counted as new";
  hit(*job, {7, 100, 69999});
  const edges::ExecCoverage seen = job->after_exec("ECHO a\r\n\r\n");
  EXPECT_EQ(seen.new_edges, 2u);
  hit(*job, {100}, 9);  // known edge, new bucket (8-15)
  EXPECT_EQ(job->after_exec("ECHO a a a\r\n\r\n").new_buckets, 1u);
  hit(*job, {100}, 10);  // same bucket
  EXPECT_FALSE(job->after_exec("ECHO b b b\r\n\r\n").new_coverage());

  EXPECT_EQ(guide.kept(), 2u);
  EXPECT_EQ(guide.edges(), 4u);
  EXPECT_EQ(corpus_files(), (std::set<std::string>{"ECHO a\r\n\r\n", "ECHO a a a\r\n\r\n"}));
  // Named by SHA-1, like corpus/<target>/.
  EXPECT_TRUE(std::filesystem::exists(dir_ / "64771940e1ea214d77384305cc7ba506d871befb"));  // sha1sum of "ECHO a\r\n\r\n"
  const std::string summary = guide.summary();
  EXPECT_NE(summary.find("4 edges reached"), std::string::npos) << summary;
  EXPECT_NE(summary.find("2 inputs kept (1 for a new edge, 1 for a new hit-count bucket; 1 favoured)"), std::string::npos) << summary;
}

TEST_F(CoverageGuideTest, AStreamTooLargeForACorpusFileIsNotKept) {
  CoverageGuide guide(kServer, dir_, {});
  auto job = guide.job();
  hit(*job, {8});
  EXPECT_TRUE(job->after_exec(std::string(64 * 1024 + 1, 'x')).new_coverage());
  EXPECT_EQ(guide.kept(), 0u) << "the next run's --corpus would skip it";
  hit(*job, {9});
  job->after_exec(std::string(64 * 1024, 'y'));
  EXPECT_EQ(guide.kept(), 1u);
}

TEST_F(CoverageGuideTest, TheMapIsClearedAfterEachExec) {
  CoverageGuide guide(kServer, dir_, {});
  auto job = guide.job();
  job->absorb();
  hit(*job, {3});
  job->after_exec("A\r\n\r\n");
  for (std::uint8_t b : job->map_bytes_for_test()) ASSERT_EQ(b, 0);
}

TEST_F(CoverageGuideTest, AMapStillEmptyAfterTheFirstExecMeansNoInstrumentation) {
  CoverageGuide guide(kServer, dir_, {});
  auto job = guide.job();
  job->absorb();
  try {
    job->after_exec("PING\r\n\r\n");
    FAIL() << "an all-zero map went unnoticed";
  } catch (const CoverageError& e) {
    EXPECT_NE(std::string(e.what()).find("stayed empty after the first exec"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(kServer), std::string::npos) << e.what();
  }
}

TEST_F(CoverageGuideTest, JobsHaveTheirOwnMapsButShareWhatWasSeen) {
  CoverageGuide guide(kServer, dir_, {});
  auto a = guide.job();
  auto b = guide.job();
  EXPECT_NE(a->environment()[0], b->environment()[0]);
  hit(*a, {42});
  EXPECT_EQ(b->map_bytes_for_test()[42], 0) << "maps shared";
  EXPECT_TRUE(a->after_exec("X\r\n\r\n").new_coverage());
  hit(*b, {42});
  EXPECT_FALSE(b->after_exec("Y\r\n\r\n").new_coverage()) << "job b did not see what job a found";
  EXPECT_EQ(guide.kept(), 1u);
}

TEST_F(CoverageGuideTest, SeedsFirstUnmutatedThenMostlyKeptEntriesAsParents) {
  CoverageGuide guide(kServer, dir_, {"S1\r\n\r\n", "S2\r\n\r\n"});
  Rng rng(7);
  std::optional<GeneratedStream> first = guide.next_input(rng);
  std::optional<GeneratedStream> second = guide.next_input(rng);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->bytes, "S1\r\n\r\n");
  EXPECT_EQ(first->origin, "seed[0]");
  EXPECT_EQ(second->bytes, "S2\r\n\r\n");
  EXPECT_FALSE(guide.next_input(rng).has_value()) << "nothing kept yet: the caller generates";

  auto job = guide.job();
  hit(*job, {1});
  job->after_exec("KEPT\r\n\r\n");
  int from_kept = 0;
  for (int i = 0; i < 400; ++i) {
    if (std::optional<GeneratedStream> input = guide.next_input(rng)) {
      EXPECT_TRUE(input->origin.starts_with("kept[0] + ")) << input->origin;
      EXPECT_NE(input->bytes, "KEPT\r\n\r\n") << "a parent must be mutated";
      ++from_kept;
    }
  }
  EXPECT_GT(from_kept, 150);  // 1 in 2
  EXPECT_LT(from_kept, 250);
}

// AFL++'s culling: the smallest input reaching each edge is favoured; a larger one that reaches
// nothing they do not is picked only when the dice skip the favoured set (1 time in 4).
TEST_F(CoverageGuideTest, FavoursTheSmallestInputForEachEdge) {
  CoverageGuide guide(kServer, dir_, {});
  auto job = guide.job();
  hit(*job, {1, 2});
  job->after_exec("LONG LONG LONG\r\n\r\n");  // kept[0]: edges 1 and 2
  hit(*job, {1}, 2);
  job->after_exec("B1\r\n\r\n");  // kept[1]: edge 1 in a new bucket, shorter
  hit(*job, {2, 3});
  job->after_exec("C\r\n\r\n");  // kept[2]: new edge 3, shortest for 2
  EXPECT_EQ(guide.kept(), 3u);
  EXPECT_EQ(guide.favored(), 2u);
  Rng rng(3);
  int picks[3] = {0, 0, 0};
  for (int i = 0; i < 4000; ++i) {
    if (std::optional<GeneratedStream> input = guide.next_input(rng)) ++picks[input->origin[5] - '0'];
  }
  const int all = picks[0] + picks[1] + picks[2];
  // Expected shares of the kept picks: 1/12 for kept[0], 11/24 for each favoured one.
  EXPECT_NEAR(picks[0], all / 12.0, all * 0.03) << picks[0] << " of " << all;
  EXPECT_NEAR(picks[1], all * 11 / 24.0, all * 0.05);
  EXPECT_NEAR(picks[2], all * 11 / 24.0, all * 0.05);
  EXPECT_NE(guide.summary().find("; 2 favoured)"), std::string::npos) << guide.summary();
}

TEST_F(CoverageGuideTest, MeasuringOnlyCountsEdgesButKeepsAndChoosesNothing) {
  CoverageGuide guide(kServer, dir_, {"S\r\n\r\n"}, CoverageGuide::Use::measure);
  EXPECT_FALSE(std::filesystem::exists(dir_)) << "measuring created the corpus directory";
  Rng rng(1);
  EXPECT_FALSE(guide.next_input(rng).has_value()) << "measuring must leave the inputs to the caller";
  auto job = guide.job();
  hit(*job, {4, 5});
  EXPECT_EQ(job->after_exec("A\r\n\r\n").new_edges, 2u);
  EXPECT_EQ(guide.edges(), 2u);
  EXPECT_EQ(guide.kept(), 0u);
  EXPECT_FALSE(guide.next_input(rng).has_value());
  EXPECT_NE(guide.summary().find("2 edges reached (map entries hit at least once, of 70016); measured only, nothing kept"),
            std::string::npos) << guide.summary();
}

TEST_F(CoverageGuideTest, HistoryRecordsEdgesOverTime) {
  CoverageGuide guide(kServer, dir_, {});
  auto job = guide.job();
  job->absorb();
  guide.sample(1, 10);
  hit(*job, {5, 6});
  job->after_exec("A\r\n\r\n");
  guide.sample(2, 20);
  EXPECT_EQ(guide.history_tsv(), "seconds\texecs\tedges\tkept\n1\t10\t0\t0\n2\t20\t2\t1\n");
  EXPECT_NE(guide.summary().find("edges over time: 1s 0 2s 2"), std::string::npos) << guide.summary();
  EXPECT_EQ(guide.progress(), "edges 2/70016 kept 1");
}

}  // namespace
}  // namespace wireproof::blackbox
