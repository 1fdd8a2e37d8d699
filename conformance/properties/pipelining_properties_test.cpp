// PROTOCOL.md 4.5 and 6.1: pipelined requests get the responses they get alone, in order.
#include "properties/core_driver.hpp"
#include "properties/generators.hpp"
#include "properties/property_check.hpp"
#include "properties/response_check.hpp"

namespace wireproof::properties {
namespace {

// For requests that change no state, the responses to a pipeline sent in one read equal the
// concatenation of the responses each request gets alone on a fresh connection (greeting
// stripped).
WIREPROOF_PROP(CorePipelining, PipelineAnswersEqualEachAnsweredAlone_4_5_6_1, ()) {
  const auto requests = *short_list(8, gen_stateless_wire_request(), true);
  RC_TAG(requests.size() == 1 ? "1 request" : "several requests");

  std::string alone;
  for (const WireRequest& r : requests) {
    const CoreRun run = run_core_whole(r.bytes);
    RC_ASSERT(run.output.starts_with(kGreeting));
    RC_ASSERT(!run.closing);
    alone += run.output.substr(kGreeting.size());
  }
  const CoreRun pipelined = run_core_whole(concatenate(requests));
  RC_ASSERT(pipelined.output.starts_with(kGreeting));
  const std::string_view responses = std::string_view(pipelined.output).substr(kGreeting.size());
  if (const std::string diff = byte_difference("each alone", alone, "pipelined ", responses); !diff.empty()) {
    RC_FAIL("pipelined responses differ from the responses each request gets alone (4.5, 6.1): " + diff);
  }
  RC_ASSERT(!pipelined.closing);
}

}  // namespace
}  // namespace wireproof::properties
