#include "blackbox/expectation.hpp"

#include <stdexcept>

#include "core/drive.hpp"
#include "core/framer.hpp"

namespace wireproof::blackbox {

namespace {

// The requests of `stream` as the framer cuts them (4.1-4.3), up to `count` of them.
std::vector<std::string> cut_requests(std::string_view stream, std::size_t count, std::size_t& rest) {
  std::vector<std::string> requests;
  gnp::Framer framer;
  std::string_view input = stream;
  std::string_view frame;
  while (requests.size() < count) {
    const std::size_t before = input.size();
    const gnp::Framer::Result result = framer.next(input, frame);
    if (result == gnp::Framer::Result::frame) {
      requests.emplace_back(frame);
    } else if (result == gnp::Framer::Result::too_large) {
      // The framer stops exactly at the limit: the unended request is the 8192 bytes before.
      const std::size_t end = static_cast<std::size_t>(framer.offset());
      const std::size_t start = end >= gnp::kMaxRequestBytes ? end - gnp::kMaxRequestBytes : 0;
      requests.emplace_back(stream.substr(std::min(start, stream.size()), gnp::kMaxRequestBytes));
      break;
    } else {
      break;
    }
    if (input.size() == before) break;  // no progress: never loop
  }
  rest = framer.buffered() + input.size();
  return requests;
}

}  // namespace

Expectation expect_reference(std::string_view stream, gnp::Store& store) {
  Expectation out;
  const gnp::TimePoint now{};  // no clock: the reference never times out here
  gnp::Connection connection(store, gnp::ConnectionConfig{}, now);
  out.bytes = gnp::drive(connection, {stream}, now);
  const bool closed_by_stream = connection.closing();
  connection.receive_eof();
  out.bytes += connection.output();
  connection.consume_output(connection.output().size());

  ResponseReader reader;
  reader.feed(out.bytes);
  while (std::optional<ResponseFrame> frame = reader.next()) out.frames.push_back(std::move(*frame));
  if (reader.failed() || reader.buffered() != 0) {
    throw std::logic_error("reference core output not readable: " + reader.error());
  }
  const std::size_t answered = out.frames.empty() ? 0 : out.frames.size() - 1;
  std::size_t leftover = 0;
  out.requests = cut_requests(stream, answered, leftover);
  if (closed_by_stream) {
    const ResponseFrame& last = out.frames.back();
    out.close_cause = (!last.ok && last.code == "too-large") ? CloseCause::too_large : CloseCause::quit;
  } else {
    out.unfinished_bytes = leftover;
  }
  return out;
}

std::string_view close_cause_name(CloseCause cause) {
  switch (cause) {
    case CloseCause::end_of_stream: return "half-close";
    case CloseCause::quit: return "QUIT";
    case CloseCause::too_large: return "too-large";
  }
  return "?";
}

}  // namespace wireproof::blackbox
