#include "certify/step_judgement.hpp"

#include <algorithm>

#include "harness/escape.hpp"

namespace wireproof::certify {
namespace {

// Bytes in a message or a divergence: the first kBytesShown, so a server's megabytes stay out of
// every report line.
constexpr std::size_t kBytesShown = 300;

std::string status_of(const FrameExpectation& e) { return e.ok ? "OK" : "ERR " + e.code; }

// The first divergence of a frame from an expectation, without the scenario's values.
Divergence divergence_of(std::string step, const FrameDifference& d) {
  return {std::move(step), d.kind_expected, d.kind_received};
}

}  // namespace

bool Awaited::can_become(std::string_view prefix) const {
  if (frame) return frame->can_become(prefix);
  const std::size_t n = std::min(prefix.size(), raw.size());
  return prefix.substr(0, n) == std::string_view(raw).substr(0, n);
}

std::string quoted_bytes(std::string_view bytes) { return quoted_excerpt(bytes, kBytesShown); }

std::string error_kind(std::string error) {
  if (error.rfind("byte ", 0) == 0) {
    if (const std::size_t colon = error.find(": "); colon != std::string::npos) error.erase(0, colon + 2);
  }
  for (std::size_t open = error.find('\''); open != std::string::npos; open = error.find('\'', open + 3)) {
    const std::size_t close = error.find('\'', open + 1);
    if (close == std::string::npos) break;
    error.replace(open, close - open + 1, "'...'");
  }
  return error;
}

std::optional<std::string> status_line(std::string_view bytes) {
  const std::size_t end = bytes.find_first_of("\r\n");
  if (end == std::string_view::npos) return std::nullopt;
  return escape_bytes(bytes.substr(0, end));  // a divergence is printable (reports embed it as is)
}

bool only_tls_alerts(std::string_view bytes) {
  constexpr unsigned char kAlert = 0x15;
  while (!bytes.empty()) {
    if (bytes.size() < 5 || static_cast<unsigned char>(bytes[0]) != kAlert || bytes[1] != '\x03') return false;
    const std::size_t length =
        static_cast<std::size_t>(static_cast<unsigned char>(bytes[3])) << 8 | static_cast<unsigned char>(bytes[4]);
    if (bytes.size() < 5 + length) return false;
    bytes.remove_prefix(5 + length);
  }
  return true;
}

std::string expected_in(const std::string& kind, const Awaited& awaited) {
  if (kind == "greeting") return quoted_bytes("OK\r\n\r\n");
  if (awaited.frame) return status_of(*awaited.frame);
  return status_line(awaited.raw).value_or("a frame");
}

bool judges_prefixes(const ReadingConventions& conventions, const std::string& kind) {
  return conventions.strict() || (kind != "greeting" && !conventions.bare_lf_line_ends);
}

StepFailure closed_before(const std::string& kind, const Awaited& awaited, std::string_view pending,
                          const std::string& error) {
  return {"expected " + awaited.text + "; the server closed the connection (" + error + ")",
          {kind, expected_in(kind, awaited),
           kind == "greeting" && !pending.empty() ? quoted_bytes(pending) + ", then close" : "close"}};
}

StepFailure malformed(const std::string& kind, const Awaited& awaited, const std::string& error) {
  return {"expected " + awaited.text + "; malformed response: " + error,
          {kind, expected_in(kind, awaited), "malformed: " + error_kind(error)}};
}

StepFailure cannot_become(const std::string& kind, const Awaited& awaited, std::string_view pending) {
  std::string message = "expected " + awaited.text + "; received \"" + escape_bytes(pending.substr(0, kBytesShown)) +
                        "\", which cannot become it";
  if (kind == "greeting") return {std::move(message), {kind, expected_in(kind, awaited), quoted_bytes(pending)}};
  const std::optional<std::string> status = status_line(pending);
  const std::string want = expected_in(kind, awaited);
  if (status && *status != want) return {std::move(message), {kind, want, *status}};
  return {std::move(message),
          {kind, want, "other bytes (" + std::string(status ? "same status line" : "no status line") + ")"}};
}

StepFailure leftover(std::string_view bytes) {
  return {"unexpected bytes from the server: " + quoted_bytes(bytes), {"silence", "no more bytes", "part of a frame"}};
}

std::optional<StepFailure> judge_close(bool raw, std::string_view received, const CloseResult& wait,
                                       std::chrono::milliseconds within, bool close_notify) {
  if (raw && !only_tls_alerts(received)) {
    return StepFailure{"expected the server to close, at most after a TLS alert (9.7); it sent \"" +
                           escape_bytes(received.substr(0, kBytesShown)) + "\" outside TLS",
                       {"close", "close after at most a TLS alert", "bytes outside TLS"}};
  }
  if (!raw && !wait.data_received_meanwhile.empty()) {
    const std::string_view meanwhile = wait.data_received_meanwhile;
    return StepFailure{
        "expected the server to close; it sent \"" + escape_bytes(meanwhile.substr(0, kBytesShown)) + "\" instead",
        {"close", "close", status_line(meanwhile).value_or("bytes")}};
  }
  if (!wait.closed_by_peer) {
    return StepFailure{"expected the server to close within " + std::to_string(within.count()) +
                           " ms; it kept the connection open" +
                           (wait.tls_close_notify ? " (after sending TLS close_notify)" : ""),
                       {"close", "close", "connection kept open"}};
  }
  if (close_notify && !wait.tls_close_notify) {
    return StepFailure{"expected TLS close_notify before the close (9.5); the server " +
                           std::string(wait.reset ? "reset" : "closed") + " the TCP connection without it" +
                           (wait.tls_error.empty() ? "" : " (TLS: " + wait.tls_error + ")"),
                       {"close", "close_notify, then close", "close without close_notify"}};
  }
  return std::nullopt;
}

std::optional<StepFailure> judge_silence(bool raw, std::string_view news, const CloseResult& wait,
                                         std::chrono::milliseconds duration) {
  if (!news.empty()) {
    return StepFailure{"expected silence for " + std::to_string(duration.count()) + " ms; the server sent \"" +
                           escape_bytes(news.substr(0, kBytesShown)) + "\"" + (raw ? " outside TLS" : ""),
                       {"silence", "silence", status_line(news).value_or("bytes")}};
  }
  if (wait.closed_by_peer) {
    return StepFailure{
        std::string("expected the connection to stay open; the server ") + (wait.reset ? "reset" : "closed") + " it",
        {"silence", "an open connection", "close"}};
  }
  return std::nullopt;
}

std::optional<StepFailure> judge_response(const std::string& kind, const FrameExpectation& expected,
                                          const ResponseFrame& frame) {
  if (auto d = expected.difference(frame)) return StepFailure{d->summary(), divergence_of(kind, *d)};
  return std::nullopt;
}

std::optional<StepFailure> judge_raw(const std::string& kind, const std::string& expected_bytes,
                                     const ResponseFrame& frame, const ReadingConventions& conventions) {
  if (frame.raw == expected_bytes) return std::nullopt;
  // Lenient reading: the greeting the server sends instead is accepted in its place.
  if (kind == "greeting" && expected_bytes == "OK\r\n\r\n" && conventions.greeting &&
      frame.raw == *conventions.greeting) {
    return std::nullopt;
  }
  const std::string expected = quoted_bytes(expected_bytes);
  const std::string message = "expected " + expected + "; got " + quoted_bytes(frame.raw);
  if (kind == "greeting") return StepFailure{message, {kind, expected, quoted_bytes(frame.raw)}};
  ResponseReader reader;  // compare as frames first: a wrong status is the more telling difference
  reader.feed(expected_bytes);
  if (const std::optional<ResponseFrame> want = reader.next()) {
    const FrameExpectation as_frame = FrameExpectation::of(*want);
    if (auto d = as_frame.difference(frame)) return StepFailure{message, divergence_of(kind, *d)};
  }
  return StepFailure{message, {kind, "these exact bytes", "the same frame in another form"}};
}

}  // namespace wireproof::certify
