// PROTOCOL.md 5.x, 6.3, 8.1-8.8: valid requests get the answers the std::map model predicts.
#include "properties/core_driver.hpp"
#include "properties/generators.hpp"
#include "properties/property_check.hpp"
#include "properties/response_check.hpp"

namespace wireproof::properties {
namespace {

// A sequence of valid requests on one connection (headers in any order and case, Sequence with
// leading zeros, values up to the size limit) is answered as the model says; QUIT closes (8.6).
WIREPROOF_PROP(CoreValidRequests, AnswersMatchTheStoreModel_8, ()) {
  const auto requests = *short_list(10, gen_valid_request(CommandSet::with_quit), true);
  std::string stream;
  for (const RequestModel& r : requests) stream += to_bytes(r);

  const CoreRun run = run_core_whole(stream);
  RC_ASSERT(run.output.starts_with(kGreeting));
  const ReadFrames read = read_frames(std::string_view(run.output).substr(kGreeting.size()));
  if (!read.problem.empty()) RC_FAIL(read.problem);

  ModelStore model;
  std::size_t answered = 0;
  bool closes = false;
  for (const RequestModel& r : requests) {
    const ExpectedResponse expected = expected_for_valid(r, model);
    RC_ASSERT(answered < read.frames.size());
    if (const std::string why = mismatch(read.frames[answered], expected); !why.empty()) {
      RC_FAIL("request " + std::to_string(answered) + ": " + why);
    }
    ++answered;
    if (expected.closes) {
      closes = true;
      break;
    }
  }
  RC_ASSERT(read.frames.size() == answered);  // nothing after QUIT is answered (8.6)
  RC_ASSERT(run.closing == closes);
}

}  // namespace
}  // namespace wireproof::properties
