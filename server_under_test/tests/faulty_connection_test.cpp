// The faulty build's filter around Connection (faults/faulty_connection.hpp): a pass-through with
// no edge fault, and each stateful edge fault doing exactly what fault.hpp says, since the
// stateful phase of certify is measured against these (PROTOCOL.md 6.1/1, 8.8/2, 8.8/3).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/connection.hpp"
#include "core/fault.hpp"
#include "faults/faulty_connection.hpp"
#include "response_summary.hpp"

namespace {

using gnp_test::summarize;
using Lines = std::vector<std::string>;

const gnp::TimePoint kStart{};

// Selects one fault for the test and clears it afterwards (g_active_fault is process-wide).
class EdgeFault : public ::testing::Test {
 protected:
  void TearDown() override { gnp::g_active_fault = gnp::Fault::none; }
  static void select(gnp::Fault fault) { gnp::g_active_fault = fault; }
};

// Everything `connection` wants to send, drained.
template <class C>
std::string drain(C& connection) {
  std::string out(connection.output());
  connection.consume_output(out.size());
  return out;
}

// Feeds each piece as one read and returns the responses of each read.
template <class C>
std::vector<Lines> reads(C& connection, const std::vector<std::string>& pieces) {
  std::vector<Lines> per_read;
  for (const std::string& piece : pieces) {
    EXPECT_EQ(connection.receive(piece, kStart), piece.size());
    per_read.push_back(summarize(drain(connection)));
  }
  return per_read;
}

std::string pings(int n) {
  std::string bytes;
  for (int i = 0; i < n; ++i) bytes += "PING\r\nSequence: " + std::to_string(i) + "\r\n\r\n";
  return bytes;
}

// Pass-through with no edge fault; with pipeline-depth-drop and reads below its depth, the filter
// frames every read itself (partials, a terminator split across reads, too-large) and must still
// send exactly what Connection sends.
TEST_F(EdgeFault, WhereNoEdgeFaultAppliesTheFilterSendsWhatConnectionSends) {
  for (gnp::Fault fault : {gnp::Fault::none, gnp::Fault::accept_bare_lf, gnp::Fault::pipeline_depth_drop}) {
    select(fault);
    const std::vector<std::string> pieces = {"SET a 1\r\n\r\nGET a\r\nSequence: 7\r\n\r\nPI", "NG\r\n\r",
                                             "\nDEL a\r\n\r\nGET a\r\n\r\nECHO x\ny\r\n\r\n" + pings(60),
                                             std::string(9000, 'x')};
    gnp::Store reference_store;
    gnp::Store filtered_store;
    gnp::Connection reference(reference_store, gnp::ConnectionConfig{}, kStart);
    gnp::FaultyConnection filtered(filtered_store, gnp::ConnectionConfig{}, kStart);
    EXPECT_EQ(drain(filtered), drain(reference));
    EXPECT_EQ(reads(filtered, pieces), reads(reference, pieces));
    EXPECT_EQ(filtered.closing(), reference.closing());
  }
}

TEST_F(EdgeFault, PipelineDepthDropLosesResponsesPastThe64thOfOneRead) {
  select(gnp::Fault::pipeline_depth_drop);
  gnp::Store store;
  gnp::FaultyConnection connection(store, gnp::ConnectionConfig{}, kStart);
  drain(connection);
  const std::vector<Lines> per_read = reads(connection, {pings(70), pings(40) + pings(40).substr(0, 3)});
  ASSERT_EQ(per_read[0].size(), 64u);
  EXPECT_EQ(per_read[0].back(), "OK Sequence=63");
  EXPECT_EQ(per_read[1].size(), 40u);  // a read of 40 is below the depth; the partial `PIN` waits
  // The dropped requests were still executed.
  reads(connection, {"NG\r\n\r\n"});
  const std::string sets = [] {
    std::string s;
    for (int i = 0; i < 66; ++i) s += "SET k" + std::to_string(i) + " v\r\n\r\n";
    return s;
  }();
  EXPECT_EQ(reads(connection, {sets})[0].size(), 64u);
  EXPECT_EQ(reads(connection, {"GET k65\r\n\r\n"})[0], (Lines{"OK body=\"v\""}));
}

TEST_F(EdgeFault, DeferredDelAppliesAtTheEndOfTheRead) {
  select(gnp::Fault::deferred_del_in_pipeline);
  gnp::Store store;
  gnp::FaultyConnection connection(store, gnp::ConnectionConfig{}, kStart);
  drain(connection);
  // DEL then GET in one read: the GET still finds the key; after the read it is gone.
  EXPECT_EQ(reads(connection, {"SET k v\r\n\r\n", "DEL k\r\n\r\nGET k\r\n\r\n", "GET k\r\n\r\n"}),
            (std::vector<Lines>{{"OK"}, {"OK", "OK body=\"v\""}, {"ERR not-found"}}));
  // DEL then SET in one read: the late DEL removes the new value.
  EXPECT_EQ(reads(connection, {"SET k v\r\n\r\n", "DEL k\r\n\r\nSET k w\r\n\r\n", "GET k\r\n\r\n"}),
            (std::vector<Lines>{{"OK"}, {"OK", "OK"}, {"ERR not-found"}}));
  // A DEL that is the last request of its read is applied at once.
  EXPECT_EQ(reads(connection, {"SET k v\r\n\r\nDEL k\r\n\r\n", "GET k\r\n\r\n"}),
            (std::vector<Lines>{{"OK", "OK"}, {"ERR not-found"}}));
}

TEST_F(EdgeFault, StaleReadAnswersFromWhatThisConnectionReadBefore) {
  select(gnp::Fault::stale_cross_connection_read);
  gnp::Store store;
  gnp::FaultyConnection a(store, gnp::ConnectionConfig{}, kStart);
  gnp::FaultyConnection b(store, gnp::ConnectionConfig{}, kStart);
  drain(a);
  drain(b);
  EXPECT_EQ(reads(a, {"SET k 1\r\n\r\nGET k\r\n\r\n"})[0], (Lines{"OK", "OK body=\"1\""}));
  reads(b, {"SET k 2\r\n\r\n"});
  EXPECT_EQ(reads(a, {"GET k\r\n\r\n"})[0], (Lines{"OK body=\"1\""}));  // stale: b set 2
  EXPECT_EQ(reads(b, {"GET k\r\n\r\n"})[0], (Lines{"OK body=\"2\""}));
  reads(b, {"DEL k\r\n\r\n"});
  EXPECT_EQ(reads(a, {"GET k\r\n\r\n"})[0], (Lines{"OK body=\"1\""}));  // stale: b deleted it
  // Its own SET and DEL keep its cache right.
  EXPECT_EQ(reads(a, {"SET k 3\r\n\r\nGET k\r\n\r\nDEL k\r\n\r\nGET k\r\n\r\n"})[0],
            (Lines{"OK", "OK body=\"3\"", "OK", "ERR not-found"}));
}

TEST_F(EdgeFault, ReorderAndSequenceFaultsRewriteOneReadsResponses) {
  select(gnp::Fault::reorder_pipelined);
  gnp::Store store;
  gnp::FaultyConnection reordered(store, gnp::ConnectionConfig{}, kStart);
  drain(reordered);
  EXPECT_EQ(reads(reordered, {pings(3)})[0], (Lines{"OK Sequence=1", "OK Sequence=0", "OK Sequence=2"}));

  select(gnp::Fault::sequence_from_previous);
  gnp::FaultyConnection previous(store, gnp::ConnectionConfig{}, kStart);
  drain(previous);
  EXPECT_EQ(reads(previous, {pings(3), "PING\r\n\r\n"}),
            (std::vector<Lines>{{"OK Sequence=0", "OK Sequence=0", "OK Sequence=1"}, {"OK"}}));
}

}  // namespace
