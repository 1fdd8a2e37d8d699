#include "blackbox/traffic_diff.hpp"

#include "harness/escape.hpp"

namespace wireproof::blackbox {

namespace {

struct Parsed {
  std::vector<ResponseFrame> frames;
  std::string ending;  // how the traffic ended after the last frame
  std::string why;     // what the ending was, in full: the reader's error and the bytes it refused
};

constexpr std::size_t kShownBytes = 300;  // of a frame or refused bytes, quoted in a difference

std::string quoted(std::string_view bytes) { return quoted_excerpt(bytes, kShownBytes); }

// At most `max_frames` frames: more than a greeting, one answer per request and a closing frame
// cannot all be answers, and a server sending small frames without end must not fill memory.
Parsed parse(const Observation& o, std::size_t max_frames) {
  Parsed p;
  ResponseReader reader;
  reader.set_conventions(o.reading);
  reader.feed(o.received);
  while (p.frames.size() < max_frames) {
    std::optional<ResponseFrame> frame = reader.next();
    if (!frame) break;
    p.frames.push_back(std::move(*frame));
  }
  if (p.frames.size() == max_frames && reader.buffered() != 0) {
    p.ending = "more frames than the requests can answer";
  } else if (reader.failed()) {
    p.ending = "malformed bytes";
    const std::string_view refused = std::string_view(o.received).substr(reader.stream_offset());
    p.why = reader.error() + ", in " + quoted(refused);
  } else if (o.over_limit) {
    p.ending = "more than " + byte_count_text(o.reading.max_response_bytes) + ", then not read " +
               std::string(kResponseLimitHint);
  } else if (reader.buffered() != 0) {
    p.ending = "a partial frame, then " + std::string(o.closed ? "close" : "nothing (still open)");
  } else {
    p.ending = o.closed ? "close" : "nothing (still open at the deadline)";
  }
  return p;
}

std::string status_of(const ResponseFrame& f) { return f.ok ? "OK" : "ERR " + f.code; }

}  // namespace

std::optional<TrafficDifference> compare_traffic(const Observation& a, const Observation& b,
                                                 const std::vector<std::string>& requests) {
  const Parsed pa = parse(a, requests.size() + 2);
  const Parsed pb = parse(b, requests.size() + 2);
  const std::size_t n = std::max(pa.frames.size(), pb.frames.size());
  for (std::size_t i = 0; i <= n; ++i) {
    const ResponseFrame* fa = i < pa.frames.size() ? &pa.frames[i] : nullptr;
    const ResponseFrame* fb = i < pb.frames.size() ? &pb.frames[i] : nullptr;
    if (fa && fb && same_frame(*fa, *fb)) continue;
    if (!fa && !fb && pa.ending == pb.ending) return std::nullopt;
    TrafficDifference d;
    d.frame_index = i;
    auto side = [](const ResponseFrame* f, const Parsed& p) {
      return f ? describe_frame(*f) + "  " + quoted(f->raw)
               : "no frame; then " + p.ending + (p.why.empty() ? "" : ": " + p.why);
    };
    auto short_side = [](const ResponseFrame* f, const Parsed& p) { return f ? status_of(*f) : p.ending; };
    std::string what = "frame";
    if (fa && fb) {
      what = status_of(*fa) != status_of(*fb) ? "status" : fa->sequence != fb->sequence ? "sequence" : "body";
    }
    d.signature = what + ": " + short_side(fa, pa) + " | " + short_side(fb, pb);
    d.summary = (i == 0 ? std::string("greeting") : "response #" + std::to_string(i)) + " differs (" + what +
                "): A " + short_side(fa, pa) + ", B " + short_side(fb, pb);
    d.detail = (i == 0 ? std::string("before any request (greeting)")
                       : i - 1 < requests.size() ? "request #" + std::to_string(i) + ": \"" + escape_bytes(requests[i - 1]) + "\""
                                                 : "after the last request") +
               "\nA: " + side(fa, pa) + "\nB: " + side(fb, pb) + "\n";
    return d;
  }
  return std::nullopt;
}

}  // namespace wireproof::blackbox
