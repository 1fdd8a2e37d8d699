// Stateful, model-based test of a LIVE server over TCP (PROTOCOL.md 4.4, 4.5, 6.1, 6.3, 8.1-8.5,
// 8.8): random batches of SET/GET/DEL/ECHO/PING, pipelined and cut at random points, on three
// connections to one server, checked against a std::map model of the shared store. A failure
// shrinks to a minimal command sequence and prints the traffic of that run, per connection.
#include <chrono>
#include <cstdio>
#include <memory>
#include <unistd.h>

#include <rapidcheck/state.h>

#include "properties/generators.hpp"
#include "live_session.hpp"
#include "live_target.hpp"
#include "properties/property_check.hpp"
#include "properties/response_check.hpp"

namespace wireproof::properties {
namespace {

constexpr std::size_t kConnections = 3;
constexpr std::size_t kMaxCutsPerBatch = 24;  // each cut costs a pause on the wire

// Keys are generated behind a placeholder of the same length as the real per-case prefix, so
// request sizes (up to 8192) and cut offsets are the same before and after substitution.
constexpr std::size_t kPrefixLength = 16;
const std::string kPlaceholderPrefix(kPrefixLength, '_');

// A prefix unique to this process and test case: servers may keep keys between runs.
std::string next_key_prefix() {
  static const unsigned long run =
      (static_cast<unsigned long>(getpid()) << 24) ^
      static_cast<unsigned long>(std::chrono::system_clock::now().time_since_epoch().count());
  static unsigned long case_number = 0;
  char text[32];
  std::snprintf(text, sizeof text, "%08lx%07lx/", run & 0xFFFFFFFFul, ++case_number & 0xFFFFFFFul);
  return text;
}

struct StoreModel {
  ModelStore store;  // keys carry the placeholder prefix
};

using LiveCommand = rc::state::Command<StoreModel, LiveSession>;

// The requests' bytes with `prefix` in place of the key placeholder.
std::vector<std::string> messages(const std::vector<RequestModel>& requests, const std::string& prefix) {
  std::vector<std::string> out;
  for (RequestModel r : requests) {
    const bool has_key = r.command == "SET" || r.command == "GET" || r.command == "DEL";
    if (has_key) r.args[0].replace(0, kPrefixLength, prefix);
    out.push_back(to_bytes(r));
  }
  return out;
}

std::string wire_bytes(const std::vector<RequestModel>& requests, const std::string& prefix) {
  std::string out;
  for (const std::string& m : messages(requests, prefix)) out += m;
  return out;
}

// One batch: several requests sent back to back on one connection, cut into pieces, then all
// their responses read.
class SendBatch : public LiveCommand {
 public:
  SendBatch()
      : connection_(*rc::gen::resize(100, rc::gen::inRange<std::size_t>(0, kConnections))),
        requests_(*short_list(5, gen_valid_request(CommandSet::store, KeySpace{kPlaceholderPrefix}), true)),
        segmentation_(*gen_segmentation(messages(requests_, kPlaceholderPrefix), kMaxCutsPerBatch)) {}

  void apply(StoreModel& model) const override {
    for (const RequestModel& r : requests_) expected_for_valid(r, model.store);
  }

  void run(const StoreModel& model, LiveSession& session) const override {
    ModelStore store = model.store;
    std::vector<ExpectedResponse> expected;
    for (const RequestModel& r : requests_) expected.push_back(expected_for_valid(r, store));

    const std::vector<ReadResult> got = session.exchange(
        connection_, wire_bytes(requests_, session.key_prefix()), segmentation_.cuts, requests_.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      const std::string where = "connection " + std::to_string(connection_ + 1) + ", request " +
                                std::to_string(i + 1) + " of the batch: ";
      if (i >= got.size() || got[i].status != ReadStatus::frame) {
        const std::string what = i < got.size() ? std::string(read_status_name(got[i].status)) + " " + got[i].error
                                                : std::string("no response");
        RC_FAIL(where + what + ", expected " + to_string(expected[i]) + "\n" + session.transcript());
      }
      if (const std::string why = mismatch(got[i].frame, expected[i]); !why.empty()) {
        RC_FAIL(where + why + "\n" + session.transcript());
      }
    }
  }

  void show(std::ostream& os) const override {
    os << "conn " << connection_ + 1 << " sends " << requests_.size() << " request(s) " << segmentation_ << ": ";
    for (const RequestModel& r : requests_) os << r << ' ';
  }

 private:
  static std::string to_string(const ExpectedResponse& e) {
    std::ostringstream os;
    os << e;
    return os.str();
  }

  std::size_t connection_;
  std::vector<RequestModel> requests_;
  Segmentation segmentation_;
};

// The server is started once for the whole binary and stopped when the process ends.
LiveTarget* shared_target(std::string* problem) {
  static std::optional<LiveTarget> target;
  static std::string setup_problem;
  static bool resolved = false;
  if (!resolved) {
    resolved = true;
    try {
      target = live_target_from_environment(&setup_problem);
      if (target) std::printf("server under test: %s\n", target->description.c_str());
    } catch (const std::exception& e) {
      setup_problem = std::string("FAILED: ") + e.what();
    }
  }
  *problem = setup_problem;
  return target ? &*target : nullptr;
}

TEST(LiveServer, BatchesOnThreeConnectionsMatchTheStoreModel_4_4_4_5_6_1_8_8) {
  std::string problem;
  LiveTarget* target = shared_target(&problem);
  if (target == nullptr) {
    if (problem.starts_with("FAILED: ")) FAIL() << problem.substr(8);
    GTEST_SKIP() << problem;
  }
  check_property([target] {
    if (const std::string death = target->death_report(); !death.empty()) RC_FAIL(death);
    LiveSession session(target->address, kConnections, next_key_prefix());
    rc::state::check(StoreModel{}, session, rc::state::gen::execOneOfWithArgs<SendBatch>());
    if (const std::string death = target->death_report(); !death.empty()) {
      RC_FAIL(death + "\n" + session.transcript());
    }
  });
}

}  // namespace
}  // namespace wireproof::properties
