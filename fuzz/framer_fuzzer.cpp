// framer_fuzzer: gnp::Framer must cut a stream into the same requests however it is chunked
// (PROTOCOL.md 4.1-4.5).
//
// Input: a request limit choice, then chunk lengths (FuzzedDataProvider, from the back) and the
// stream bytes (from the front). The stream is framed three ways, and all must agree:
//   - a deliberately simple oracle (string_view::find on the whole stream),
//   - one Framer fed the whole stream in one call,
//   - one Framer fed the chunks the input chose.
// Checked: identical frames in identical order, each ending in the terminator and at most the
// limit (8192, 4.2); too-large reported at the same stream offset (start of the request + limit,
// 4.3); the unfinished tail is what the framer holds.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/framer.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"

namespace {

using wireproof::fuzz::chunk_length;

struct Framing {
  std::vector<std::string_view> frames;     // views into the stream
  std::optional<std::uint64_t> too_large_at;  // stream offset where too-large was decided
  std::size_t unfinished = 0;               // bytes of a request still waiting for its terminator
};

// The oracle: the first terminator after each request start, and the limit, nothing more.
Framing frame_simply(std::string_view stream, std::size_t limit) {
  Framing result;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = stream.find(gnp::kTerminator, start);
    if (at != std::string_view::npos && at + gnp::kTerminator.size() - start <= limit) {
      const std::size_t end = at + gnp::kTerminator.size();
      result.frames.push_back(stream.substr(start, end - start));
      start = end;
    } else if (stream.size() - start >= limit) {
      result.too_large_at = start + limit;
      return result;
    } else {
      result.unfinished = stream.size() - start;
      return result;
    }
  }
}

// Feeds `chunks` to a fresh Framer and checks every frame against `expected` as it comes out.
void check_framer(const std::vector<std::string_view>& chunks, std::size_t limit,
                  const Framing& expected, std::string_view how) {
  gnp::Framer framer(limit);
  std::size_t frames = 0;
  std::optional<std::uint64_t> too_large_at;
  for (std::string_view chunk : chunks) {
    std::string_view input = chunk;
    while (!too_large_at) {
      std::string_view frame;
      const gnp::Framer::Result result = framer.next(input, frame);
      if (result == gnp::Framer::Result::need_more) {
        FUZZ_CHECK(input.empty(), std::string(how) + ": " + "need_more left " + std::to_string(input.size()) + " bytes unconsumed");
        break;
      }
      if (result == gnp::Framer::Result::too_large) {
        too_large_at = framer.offset();
        FUZZ_CHECK(framer.failed(), std::string(how) + ": " + "too_large but failed() is false");
        break;
      }
      FUZZ_CHECK(frames < expected.frames.size(),
                 std::string(how) + ": " + "extra frame #" + std::to_string(frames) + " of " + std::to_string(frame.size()) + " bytes");
      FUZZ_CHECK(frame.size() <= limit && frame.size() <= gnp::kMaxRequestBytes,
                 std::string(how) + ": " + "frame of " + std::to_string(frame.size()) + " bytes exceeds the limit");
      FUZZ_CHECK(frame.ends_with(gnp::kTerminator), std::string(how) + ": " + "frame does not end with the terminator");
      FUZZ_CHECK(frame == expected.frames[frames],
                 std::string(how) + ": " + "frame #" + std::to_string(frames) + " differs from the whole-stream framing");
      ++frames;
    }
    if (too_large_at) break;
  }
  FUZZ_CHECK(frames == expected.frames.size(),
             std::string(how) + ": " + std::to_string(frames) + " frames, expected " + std::to_string(expected.frames.size()));
  FUZZ_CHECK(too_large_at == expected.too_large_at,
             std::string(how) + ": " + "too-large at " + (too_large_at ? std::to_string(*too_large_at) : "never") +
                 ", expected " + (expected.too_large_at ? std::to_string(*expected.too_large_at) : "never"));
  if (!too_large_at) {
    FUZZ_CHECK(framer.buffered() == expected.unfinished,
               std::string(how) + ": " + "holds " + std::to_string(framer.buffered()) + " unfinished bytes, expected " +
                   std::to_string(expected.unfinished));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  // Mostly the protocol's 8192; sometimes a tiny limit so the too-large path is cheap to reach.
  const std::uint8_t limit_choice = input.ConsumeIntegral<std::uint8_t>();
  const std::size_t limit = limit_choice < 0xC0 ? gnp::kMaxRequestBytes : 1 + (limit_choice - 0xC0);

  // The chunks are views into one buffer: no allocation per chunk, even for 1-byte chunks.
  std::string stream(size, '\0');
  std::vector<std::string_view> chunks;
  std::size_t filled = 0;
  while (input.remaining_bytes() > 0) {
    const std::size_t length = chunk_length(input.ConsumeIntegral<std::uint16_t>());
    const std::size_t taken = input.ConsumeData(stream.data() + filled, std::min(length, input.remaining_bytes()));
    chunks.emplace_back(stream.data() + filled, taken);
    filled += taken;
  }
  stream.resize(filled);  // shrinking keeps the buffer, so the views stay valid

  const Framing expected = frame_simply(stream, limit);
  check_framer({std::string_view(stream)}, limit, expected, "whole stream");
  check_framer(chunks, limit, expected, "chunked");
  return 0;
}
