// Mutation operators and the stream generator: deterministic for a seed, and each operator
// does what its name says (checked through the reference core where it matters).
#include "blackbox/mutators.hpp"

#include <gtest/gtest.h>

#include "blackbox/expectation.hpp"
#include "blackbox/generator.hpp"

namespace wireproof::blackbox {
namespace {

const std::vector<std::string> kDonors = {"SET k v\r\n\r\n", "GET k\r\nSequence: 3\r\n\r\n"};

std::vector<std::string> mutated_series(std::uint64_t seed) {
  Rng rng(seed);
  std::vector<std::string> out;
  std::string bytes = "ECHO a b\r\nSequence: 1\r\n\r\nPING\r\n\r\n";
  for (int i = 0; i < 300; ++i) {
    std::string copy = bytes;
    mutate(copy, rng, kDonors, 3);
    if (copy.size() < 20000) bytes = copy;
    out.push_back(copy);
  }
  return out;
}

TEST(Mutators, SameSeedSameMutations) { EXPECT_EQ(mutated_series(42), mutated_series(42)); }

TEST(Mutators, DifferentSeedsDiffer) { EXPECT_NE(mutated_series(1), mutated_series(2)); }

TEST(Mutators, EveryOperatorIsDeterministic) {
  for (Mutation m : kAllMutations) {
    Rng a(7);
    Rng b(7);
    std::string x = "PING\r\nX: y\r\n\r\nECHO a\r\n\r\n";
    std::string y = x;
    apply_mutation(m, x, a, kDonors);
    apply_mutation(m, y, b, kDonors);
    EXPECT_EQ(x, y) << mutation_name(m);
  }
}

TEST(Generator, SameSeedSameStreams) {
  Rng a(9);
  Rng b(9);
  for (int i = 0; i < 200; ++i) {
    const GeneratedStream x = generate_stream(a, kDonors);
    const GeneratedStream y = generate_stream(b, kDonors);
    ASSERT_EQ(x.bytes, y.bytes);
    ASSERT_EQ(x.origin, y.origin);
  }
}

// 4.2/4.3: the first request is padded to one byte below, at, or above the limit.
TEST(Mutators, GrowToLimitHitsTheBoundary_4_2) {
  std::set<std::size_t> sizes;
  for (std::uint64_t seed = 0; seed < 30; ++seed) {
    Rng rng(seed);
    std::string bytes = "ECHO a\r\n\r\nPING\r\n\r\n";
    apply_mutation(Mutation::grow_to_limit, bytes, rng, {});
    const std::size_t first = bytes.find("\r\n\r\n") + 4;
    sizes.insert(first);
    EXPECT_TRUE(bytes.ends_with("PING\r\n\r\n"));
  }
  EXPECT_EQ(sizes, (std::set<std::size_t>{8191, 8192, 8193}));
}

// 4.1: an inserted terminator adds exactly its four bytes.
TEST(Mutators, InsertTerminatorAddsOne_4_1) {
  Rng rng(3);
  std::string bytes = "ECHO abc";
  apply_mutation(Mutation::insert_terminator, bytes, rng, {});
  EXPECT_EQ(bytes.size(), 12u);
  EXPECT_NE(bytes.find("\r\n\r\n"), std::string::npos);
}

// 5.1: whatever the offset, the inserted bytes make the request bad-encoding.
TEST(Mutators, BadUtf8IsRefusedByTheReference_5_1) {
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    Rng rng(seed);
    std::string bytes = "ECHO abc";
    apply_mutation(Mutation::insert_bad_utf8, bytes, rng, {});
    gnp::Store store;
    const Expectation e = expect_reference(bytes + "\r\n\r\n", store);
    ASSERT_EQ(e.frames.size(), 2u);
    EXPECT_EQ(e.frames[1].code, "bad-encoding") << "seed " << seed;
  }
}

TEST(Mutators, SpliceTakesFromADonor) {
  Rng rng(5);
  std::string bytes;
  apply_mutation(Mutation::splice, bytes, rng, std::vector<std::string>{"QQQQ"});
  EXPECT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.find_first_not_of('Q'), std::string::npos);
}

}  // namespace
}  // namespace wireproof::blackbox
