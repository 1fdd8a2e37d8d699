// PROTOCOL.md 4.4 and 4.5: behaviour must not depend on how the bytes were segmented.
#include "properties/core_driver.hpp"
#include "properties/generators.hpp"
#include "properties/property_check.hpp"
#include "properties/response_check.hpp"

namespace wireproof::properties {
namespace {

// 4.4: any chunking of any byte stream (valid, invalid, oversized, unfinished requests) gives
// the same output bytes and the same close decision as feeding the stream whole.
WIREPROOF_PROP(CoreSegmentation, AnyChunkingGivesSameOutputAndClose_4_4, ()) {
  const std::vector<WireRequest> requests = *gen_request_stream();
  const std::string stream = concatenate(requests);
  std::vector<std::string> messages;
  for (const WireRequest& r : requests) messages.push_back(r.bytes);
  const Segmentation segmentation = *gen_segmentation(messages);
  RC_TAG(segmentation.strategy);

  const CoreRun whole = run_core_whole(stream);
  gnp::Store store;
  const CoreRun chunked = run_core(split(stream, segmentation), store);
  const std::string diff = byte_difference("fed whole    ", whole.output, "fed in pieces", chunked.output);
  if (!diff.empty()) {
    RC_FAIL("output fed in pieces differs from output fed whole (4.4): " + diff);
  }
  RC_ASSERT(chunked.closing == whole.closing);
}

}  // namespace
}  // namespace wireproof::properties
