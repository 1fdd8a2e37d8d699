// connection_fuzzer: a whole gnp::Connection driven by a fuzzed peer that writes arbitrary bytes
// in arbitrary chunks, lets time pass and reads its responses slowly.
//
// Input (FuzzedDataProvider): a flags byte (output limit, greeting, end-of-stream), then
// operations: write a chunk, write one byte repeated (so 8193-byte requests need no 8 KB of
// input), let time pass (tick), or read some output bytes. The peer writes at most kMaxRequests
// terminators and kMaxWrittenBytes bytes per input (see there), which bounds the work per run.
// Checked, against expectations computed independently of the connection (gnp::Framer over the
// whole taken stream + gnp::parse_request + a tiny model of the commands of PROTOCOL.md 8):
//   - every response parses with wireproof::ResponseReader (6.2-6.5);
//   - exactly one response per complete request, in order, echoing Sequence (6.1, 6.3), with the
//     status, code and body the model predicts;
//   - the connection closes only after too-large (4.3), QUIT (8.6), a due timeout (10.1, 10.2) or
//     end of stream (4.6), and does close when a timeout is due;
//   - output stays bounded for a slow reader: below output_limit plus one response (10.4);
//   - input is refused only while output is over its limit (no stall).
// LeakSanitizer (on with ASan) checks that nothing leaks.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/connection.hpp"
#include "core/framer.hpp"
#include "fuzz_check.hpp"
#include "harness/frame_expectation.hpp"
#include "fuzz_input.hpp"
#include "core/request_parser.hpp"
#include "harness/response_reader.hpp"

namespace {

using namespace std::chrono_literals;
using gnp::TimePoint;
using wireproof::fuzz::chunk_length;
using wireproof::fuzz::run_length;

// Short timeouts so a few time steps reach them.
constexpr auto kIdleTimeout = 1000ms;
constexpr auto kRequestTimeout = 300ms;
constexpr std::size_t kOutputLimits[] = {64 * 1024, 1, 16, 100, 512, 4096, 8192, 20000};
// One response: a body as large as a request plus the longest head ("OK", Sequence, Size).
constexpr std::size_t kLargestResponse = gnp::kMaxRequestBytes + 64;
constexpr std::size_t kLargestErrorFrame = 128;  // ERR timeout, appended by tick()
// The peer's budget per input. Checking a response costs far more than producing it (the
// ResponseReader and the model run per response), so inputs with hundreds of tiny requests made
// a run take ~0.2 ms. 16 pipelined requests still overflow every output limit (a SET of an
// 8 KiB value and 8 GETs of it pass 64 KiB); 32 KiB holds three largest requests and a too-large one.
constexpr std::size_t kMaxRequests = 16;
constexpr std::size_t kMaxWrittenBytes = 32 * 1024;

enum Operation : std::uint8_t { kWrite = 0, kWait = 1, kRead = 2, kRun = 3 };
constexpr std::uint8_t kOperations = 4;
enum Flags : std::uint8_t { kNoGreeting = 0x08, kEndOfStream = 0x10 };

using Expected = wireproof::FrameExpectation;  // status, code, Sequence, body; never Message (6.5)

// PROTOCOL.md 8, as small as it can be said. Sets `quit` for a successful QUIT.
Expected respond(const gnp::Request& r, std::map<std::string, std::string, std::less<>>& store, bool& quit) {
  Expected e;
  e.sequence = r.sequence;
  const std::size_t argc = r.args.size();
  auto error = [&](std::string code) {
    e.ok = false;
    e.code = std::move(code);
    return e;
  };
  if (r.command == "PING" || r.command == "QUIT") {
    if (argc != 0) return error("bad-arguments");
    quit = r.command == "QUIT";
    return e;
  }
  if (r.command == "ECHO") {
    if (argc == 0) return error("bad-arguments");
    for (std::size_t i = 0; i < argc; ++i) e.body += (i ? " " : "") + std::string(r.args[i]);
    return e;
  }
  if (r.command == "SET") {
    if (argc != 2) return error("bad-arguments");
    store[std::string(r.args[0])] = std::string(r.args[1]);
    return e;
  }
  if (r.command == "GET" || r.command == "DEL") {
    if (argc != 1) return error("bad-arguments");
    const auto found = store.find(r.args[0]);
    if (found == store.end()) return error("not-found");
    if (r.command == "GET") {
      e.body = found->second;
    } else {
      store.erase(found);
    }
    return e;
  }
  return error("unknown-command");
}

// Where the request still waiting for its terminator starts in a growing stream, found by plain
// non-overlapping search for "\r\n\r\n" and resumed where the last search stopped.
class RequestStart {
 public:
  // `stream` is the previous stream with bytes appended. Stops after `limit` terminators in all.
  void update(std::string_view stream, std::size_t limit = SIZE_MAX) {
    const std::size_t overlap = gnp::kTerminator.size() - 1;  // a terminator may straddle the old end
    std::size_t from = std::max(start_, searched_ > overlap ? searched_ - overlap : 0);
    for (std::size_t at; terminators_ < limit && (at = stream.find(gnp::kTerminator, from)) != std::string_view::npos;) {
      from = start_ = at + gnp::kTerminator.size();
      ++terminators_;
    }
    searched_ = stream.size();
  }
  std::size_t start() const { return start_; }
  std::size_t terminators() const { return terminators_; }

 private:
  std::size_t start_ = 0;
  std::size_t searched_ = 0;
  std::size_t terminators_ = 0;
};

struct Delivery {
  std::size_t end;  // stream size after this receive()
  TimePoint at;
};

// The peer's and the model's buffers, reused from run to run (cleared, capacity kept): under
// ASan an allocation costs more than most of what a run does with the bytes it holds.
struct Buffers {
  std::string pending;   // written by the peer, not yet taken by the connection
  std::string stream;    // every byte the connection took before it decided to close
  std::string written;   // every byte the peer wrote (for its budget)
  std::string received;  // every output byte the peer read
  std::vector<Delivery> deliveries;
  std::vector<Expected> expected;
  gnp::Request request;

  void clear() {
    pending.clear();
    stream.clear();
    written.clear();
    received.clear();
    deliveries.clear();
    expected.clear();
  }
};

class Peer {
 public:
  Peer(const gnp::ConnectionConfig& config, TimePoint now, Buffers& buffers)
      : config_(config), now_(now), connection_(store_, config, now), buffers_(buffers), last_write_(now) {
    buffers_.clear();
    check_output_bounded(0);
  }

  // Input bytes are consumed whether or not the budget lets the peer write them, so the rest of
  // the input decodes the same way.
  void write(FuzzedDataProvider& input, std::size_t length) {
    const std::size_t old_size = pending_.size();
    pending_.resize(old_size + std::min(length, input.remaining_bytes()));
    input.ConsumeData(pending_.data() + old_size, pending_.size() - old_size);
    spend_budget(old_size);
    offer();
  }

  void write_run(char byte, std::size_t length) {
    const std::size_t old_size = pending_.size();
    pending_.append(length, byte);
    spend_budget(old_size);
    offer();
  }

  void wait(std::chrono::milliseconds step) {
    now_ += step;
    const bool was_closing = connection_.closing();
    connection_.tick(now_);
    const bool idle_due = now_ - last_write_ >= kIdleTimeout;
    const std::optional<TimePoint> started = unfinished_request_started();
    const bool request_due = started && now_ - *started >= kRequestTimeout;
    if (!was_closing && connection_.closing()) {
      timed_out_ = true;
      FUZZ_CHECK(idle_due || request_due, "closed by tick() at +" + std::to_string(elapsed_ms()) +
                                               " ms although no timeout was due (10.1, 10.2)");
    }
    if (!connection_.closing()) {
      FUZZ_CHECK(!idle_due, "idle timeout due at +" + std::to_string(elapsed_ms()) + " ms but the connection stays open");
      FUZZ_CHECK(!request_due, "request timeout due at +" + std::to_string(elapsed_ms()) +
                                   " ms but the connection stays open");
      FUZZ_CHECK(connection_.next_deadline() > now_, "next_deadline() is not in the future after tick()");
    }
    check_output_bounded(kLargestErrorFrame);
  }

  void read(std::size_t n) {
    const std::string_view output = connection_.output();
    n = std::min(n, output.size());
    received_.append(output.substr(0, n));
    connection_.consume_output(n);
    offer();  // a shell offers unread input again once output has drained
  }

  // The peer stops writing new bytes and reads everything, until its pending bytes are taken.
  void finish(bool end_of_stream) {
    // Terminates: offer() checks that input is refused only while output is over its limit.
    while (!pending_.empty() && !connection_.closing()) read(connection_.output().size());
    if (end_of_stream) {
      connection_.receive_eof();
      FUZZ_CHECK(connection_.closing(), "receive_eof() did not close (4.6)");
    }
    read(connection_.output().size());
    check_responses(end_of_stream);
  }

 private:
  // Cuts what was just appended to pending_ (from `old_size`) to the per-input budget: bytes up
  // to kMaxWrittenBytes in all, ending at the kMaxRequests-th terminator at the latest.
  void spend_budget(std::size_t old_size) {
    const std::size_t room = writes_done_ ? 0 : kMaxWrittenBytes - written_.size();
    const std::size_t before = written_.size();
    written_.append(pending_, old_size, std::min(pending_.size() - old_size, room));
    written_terminators_.update(written_, kMaxRequests);
    if (written_terminators_.terminators() == kMaxRequests) {
      written_.resize(written_terminators_.start());  // ends with the last terminator allowed
      writes_done_ = true;
    }
    pending_.resize(old_size + written_.size() - before);
  }

  void offer() {
    if (pending_.empty()) return;
    const bool was_closing = connection_.closing();
    const std::size_t taken = connection_.receive(pending_, now_);
    FUZZ_CHECK(taken <= pending_.size(), "receive() took more bytes than offered");
    last_write_ = now_;
    if (!was_closing) {
      stream_.append(pending_, 0, taken);
      deliveries_.push_back({stream_.size(), now_});
      request_start_.update(stream_);
    }
    pending_.erase(0, taken);
    FUZZ_CHECK(pending_.empty() || connection_.closing() || connection_.output().size() >= config_.output_limit,
               std::to_string(pending_.size()) + " bytes refused with only " + std::to_string(connection_.output().size()) +
                   " bytes of output pending (limit " + std::to_string(config_.output_limit) + ")");
    check_output_bounded(0);
  }

  // When the request now waiting for its terminator began to arrive, if one is waiting.
  std::optional<TimePoint> unfinished_request_started() const {
    const std::size_t start = request_start_.start();
    if (start == stream_.size()) return std::nullopt;
    // The first delivery that reached past `start` (deliveries_ is sorted by end).
    const auto d = std::upper_bound(deliveries_.begin(), deliveries_.end(), start,
                                    [](std::size_t offset, const Delivery& e) { return offset < e.end; });
    if (d == deliveries_.end()) return std::nullopt;
    return d->at;
  }

  void check_output_bounded(std::size_t slack) {
    FUZZ_CHECK(connection_.output().size() < config_.output_limit + kLargestResponse + slack,
               std::to_string(connection_.output().size()) + " bytes of output pending with output_limit " +
                   std::to_string(config_.output_limit) + " (10.4)");
  }

  void check_responses(bool end_of_stream) {
    std::vector<Expected>& expected = buffers_.expected;
    if (config_.send_greeting) expected.push_back({});  // 3.1, 6.6
    std::map<std::string, std::string, std::less<>> store;
    gnp::Framer framer;
    std::string_view rest = stream_;
    std::string_view frame;
    bool closes = false;
    std::uint64_t requests = 0;
    for (gnp::Framer::Result r; !closes && (r = framer.next(rest, frame)) != gnp::Framer::Result::need_more;) {
      if (r == gnp::Framer::Result::too_large) {
        expected.push_back({.ok = false, .code = "too-large"});
        closes = true;
        break;
      }
      ++requests;
      gnp::Request& request = buffers_.request;
      if (const std::optional<gnp::ParseError> error = gnp::parse_request(frame, request)) {
        expected.push_back({.ok = false, .code = std::string(gnp::error_code_name(error->code))});
        continue;
      }
      expected.push_back(respond(request, store, closes));
    }
    if (timed_out_) expected.push_back({.ok = false, .code = "timeout"});

    // Everything read, parsed in one go: how the peer's reads cut the output is not under test.
    wireproof::ResponseReader reader;
    reader.feed(received_);
    std::size_t responses = 0;
    while (std::optional<wireproof::ResponseFrame> got = reader.next()) {
      FUZZ_CHECK(responses < expected.size(), "extra response #" + std::to_string(responses) + ": " +
                                                  wireproof::describe_frame(*got) +
                                                  " (" + std::to_string(expected.size()) + " expected, 6.1)");
      const Expected& want = expected[responses];
      const std::optional<wireproof::FrameDifference> difference = want.difference(*got);
      FUZZ_CHECK(!difference, "response #" + std::to_string(responses) + ": " + difference->summary());
      ++responses;
    }
    FUZZ_CHECK(!reader.failed(), "response stream does not parse: " + reader.error());
    FUZZ_CHECK(reader.buffered() == 0, "output ends inside a response frame (" + std::to_string(reader.buffered()) + " bytes)");
    FUZZ_CHECK(responses == expected.size(),
               std::to_string(responses) + " responses, expected " + std::to_string(expected.size()) + " (6.1)");
    FUZZ_CHECK(connection_.requests_answered() == requests,
               "requests_answered() is " + std::to_string(connection_.requests_answered()) + ", expected " +
                   std::to_string(requests));
    FUZZ_CHECK(connection_.closing() == (closes || timed_out_ || end_of_stream),
               std::string("connection ") + (connection_.closing() ? "closes" : "stays open") +
                   " but the exchange calls for the opposite (4.3, 7.2, 8.6, 10)");
  }

  long long elapsed_ms() const { return std::chrono::duration_cast<std::chrono::milliseconds>(now_ - start_).count(); }

  gnp::ConnectionConfig config_;
  TimePoint now_;
  TimePoint start_ = now_;
  gnp::Store store_;
  gnp::Connection connection_;
  Buffers& buffers_;
  std::string& pending_ = buffers_.pending;
  std::string& stream_ = buffers_.stream;
  std::vector<Delivery>& deliveries_ = buffers_.deliveries;
  RequestStart request_start_;  // of stream_
  // Budget (spend_budget): every byte the peer wrote, the terminators among them, and whether
  // the kMaxRequests-th was written (the peer writes nothing after it).
  std::string& written_ = buffers_.written;
  RequestStart written_terminators_;
  bool writes_done_ = false;
  TimePoint last_write_;  // last receive() that offered bytes
  bool timed_out_ = false;
  std::string& received_ = buffers_.received;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const std::uint8_t flags = input.ConsumeIntegral<std::uint8_t>();
  gnp::ConnectionConfig config;
  config.idle_timeout = kIdleTimeout;
  config.request_timeout = kRequestTimeout;
  config.output_limit = kOutputLimits[flags & 7];
  config.send_greeting = (flags & kNoGreeting) == 0;

  static Buffers buffers;
  Peer peer(config, TimePoint{} + 1h, buffers);
  while (input.remaining_bytes() > 0) {
    switch (input.ConsumeIntegral<std::uint8_t>() % kOperations) {
      case kWrite:
        peer.write(input, chunk_length(input.ConsumeIntegral<std::uint16_t>()));
        break;
      case kRun: {
        const auto byte = static_cast<char>(input.ConsumeIntegral<std::uint8_t>());
        peer.write_run(byte, run_length(input.ConsumeIntegral<std::uint16_t>()));
        break;
      }
      case kWait:
        peer.wait(std::chrono::milliseconds(5 * input.ConsumeIntegral<std::uint8_t>()));
        break;
      case kRead:
        peer.read(input.ConsumeIntegral<std::uint16_t>());
        break;
    }
  }
  peer.finish((flags & kEndOfStream) != 0);
  return 0;
}
