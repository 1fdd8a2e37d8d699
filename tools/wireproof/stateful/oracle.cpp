#include "stateful/oracle.hpp"

#include <stdexcept>

namespace wireproof::stateful {

namespace {

const gnp::TimePoint kNow{};  // no clock: the phase never waits for the timers of section 10

std::vector<ResponseFrame> frames_of(const std::string& bytes) {
  ResponseReader reader;
  reader.feed(bytes);
  std::vector<ResponseFrame> frames;
  while (std::optional<ResponseFrame> frame = reader.next()) frames.push_back(std::move(*frame));
  if (reader.failed() || reader.buffered() != 0) {
    throw std::logic_error("reference core output not readable: " + reader.error());
  }
  return frames;
}

}  // namespace

RoundExpectation Oracle::answer(const std::string& connection, std::string_view bytes) {
  RoundExpectation out;
  std::string output;
  auto it = connections_.find(connection);
  if (it == connections_.end()) {
    out.opens = true;
    Peer peer;
    peer.core = std::make_unique<gnp::Connection>(store_, gnp::ConnectionConfig{}, kNow);
    it = connections_.emplace(connection, std::move(peer)).first;
  }
  gnp::Connection& core = *it->second.core;
  output += core.output();
  core.consume_output(core.output().size());
  std::string_view rest = bytes;
  while (!rest.empty() && !core.closing()) {
    const std::size_t taken = core.receive(rest, kNow);
    output += core.output();
    core.consume_output(core.output().size());
    rest.remove_prefix(taken);
    if (taken == 0 && !core.closing()) throw std::logic_error("reference core took no input");
  }
  out.frames = frames_of(output);
  out.closes = core.closing();

  // Label each answer with its request, as the reference framer cuts the bytes (4.1-4.3).
  const std::size_t answers = out.frames.size() - out.first_answer();
  std::string_view input = bytes;
  std::string_view frame;
  gnp::Framer& framer = it->second.framer;
  while (out.requests.size() < answers) {
    const gnp::Framer::Result result = framer.next(input, frame);
    if (result == gnp::Framer::Result::frame) {
      out.requests.emplace_back(frame);
    } else {
      out.requests.emplace_back(bytes.substr(0, std::min<std::size_t>(bytes.size(), gnp::kMaxRequestBytes)));
      if (result == gnp::Framer::Result::need_more) break;
    }
  }
  while (out.requests.size() < answers) out.requests.emplace_back();
  if (out.closes) connections_.erase(it);
  return out;
}

}  // namespace wireproof::stateful
