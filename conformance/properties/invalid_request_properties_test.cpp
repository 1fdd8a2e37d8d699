// PROTOCOL.md 4.2, 4.3, 5.1-5.5, 6.3, 7.2, 8.4-8.7: every class of bad request gets exactly its
// error code and close behaviour, and where the connection stays open it serves the next request.
#include "properties/core_driver.hpp"
#include "properties/generators.hpp"
#include "properties/property_check.hpp"
#include "properties/response_check.hpp"

namespace wireproof::properties {
namespace {

WIREPROOF_PROP(CoreInvalidRequests, EachClassGetsItsErrorThenCloseOrService_5_7_2, ()) {
  const InvalidRequest bad = *gen_invalid_request(true);
  const auto follow_sequence = *rc::gen::inRange<std::uint64_t>(0, 1'000'000);
  RC_TAG(std::string(info(bad.cls).name));
  const std::string follow_up = "PING\r\nSequence: " + std::to_string(follow_sequence) + "\r\n\r\n";

  const CoreRun run = run_core_whole(bad.bytes + follow_up);
  RC_ASSERT(run.output.starts_with(kGreeting));
  const ReadFrames read = read_frames(std::string_view(run.output).substr(kGreeting.size()));
  if (!read.problem.empty()) RC_FAIL(read.problem);
  RC_ASSERT(!read.frames.empty());
  if (const std::string why = mismatch(read.frames[0], bad.expected); !why.empty()) RC_FAIL(why);

  if (bad.expected.closes) {
    // 4.3, 7.2: the error frame, then close; the follow-up is never interpreted.
    RC_ASSERT(run.closing);
    RC_ASSERT(read.frames.size() == 1u);
  } else {
    // 7.2: the connection stays open and the next request is served.
    RC_ASSERT(!run.closing);
    RC_ASSERT(read.frames.size() == 2u);
    const ExpectedResponse pong{std::nullopt, follow_sequence, "", false, "7.2, 8.1"};
    if (const std::string why = mismatch(read.frames[1], pong); !why.empty()) RC_FAIL("follow-up PING: " + why);
  }
}

// 4.2: the limit includes the terminator, so requests of 8191 and 8192 bytes are served.
WIREPROOF_PROP(CoreSizeLimit, RequestsOf8191And8192BytesAreServed_4_2, ()) {
  const std::size_t size = *rc::gen::elementOf(std::vector<std::size_t>{8191, 8192});
  const RequestModel request = *gen_request_of_size(size);
  const std::string bytes = to_bytes(request);
  RC_ASSERT(bytes.size() == size);
  ModelStore store;
  const ExpectedResponse expected = expected_for_valid(request, store);

  const CoreRun run = run_core_whole(bytes);
  const ReadFrames read = read_frames(std::string_view(run.output).substr(kGreeting.size()));
  if (!read.problem.empty()) RC_FAIL(read.problem);
  RC_ASSERT(read.frames.size() == 1u);
  if (const std::string why = mismatch(read.frames[0], expected); !why.empty()) RC_FAIL(why);
  RC_ASSERT(!run.closing);
}

}  // namespace
}  // namespace wireproof::properties
