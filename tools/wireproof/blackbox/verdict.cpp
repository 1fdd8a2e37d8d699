#include "blackbox/verdict.hpp"

#include <vector>

#include "harness/escape.hpp"
#include "core/request.hpp"
#include "core/request_parser.hpp"

namespace wireproof::blackbox {

namespace {

constexpr std::size_t kShownBytes = 400;  // longer byte strings are cut in reports

std::string shown(std::string_view bytes) { return quoted_excerpt(bytes, kShownBytes); }

std::string status_of(const ResponseFrame& frame) { return frame.ok ? "OK" : frame.code; }

bool closes_never(std::string_view code) {  // 7.2: the connection stays open after these
  return code == "bad-encoding" || code == "bad-request" || code == "unknown-command" ||
         code == "bad-arguments" || code == "not-found";
}

// The section of the command a request names (8.1-8.7), for a wrong answer to a valid request.
std::string command_section(std::string_view request) {
  gnp::Request parsed;
  if (gnp::parse_request(request, parsed)) return "8.7";
  const std::string_view cmd = parsed.command;
  if (cmd == "PING") return "8.1";
  if (cmd == "ECHO") return "8.2";
  if (cmd == "SET") return "8.3";
  if (cmd == "GET") return "8.4";
  if (cmd == "DEL") return "8.5";
  if (cmd == "QUIT") return "8.6";
  return "8.7";
}

// The section a wrong status cites, from what was due and what came for `request`.
std::string status_section(const std::string& want_status, const std::string& have_status, std::string_view request) {
  auto either = [&](std::string_view status) { return want_status == status || have_status == status; };
  if (either("too-large")) return "4.2";
  if (either("bad-encoding")) return "5.1";
  if (either("bad-request")) return bad_request_section(request);
  if (either("unknown-command") || either("bad-arguments")) return "8.7";
  return command_section(request);
}

bool has_sequence_header_in_other_case(std::string_view request) {
  gnp::Request parsed;
  if (gnp::parse_request(request, parsed)) return false;
  for (const gnp::Header& header : parsed.headers) {
    if (gnp::header_name_equals(header.name, "Sequence") && header.name != "Sequence") return true;
  }
  return false;
}

// "OK" or the code of an "ERR <code>" status line; "" for anything else.
std::string status_line_status(std::string_view line) {
  if (line == "OK") return "OK";
  if (line.starts_with("ERR ") && line.size() > 4) return std::string(line.substr(4));
  return "";
}

struct Judging {
  const Expectation& expected;
  const std::vector<ResponseFrame>& got;
  const ResponseReader& reader;
  const Observation& observed;

  std::string request_line(std::size_t i) const {
    if (i == 0) return "before any request (greeting)";
    if (i - 1 < expected.requests.size()) return "request #" + std::to_string(i) + ": " + shown(expected.requests[i - 1]);
    return "request #" + std::to_string(i) + ": (none)";
  }

  Verdict make(Outcome outcome, std::string section, std::string kind, std::size_t i, std::string summary,
               std::string detail) const {
    Verdict v;
    v.outcome = outcome;
    v.section = std::move(section);
    v.kind = std::move(kind);
    v.frame_index = i;
    v.summary = std::move(summary);
    v.detail = request_line(i) + "\n" + detail + "received in all: " + shown(observed.received) + "\n";
    return v;
  }

  std::string expected_line(std::size_t i) const {
    return i < expected.frames.size() ? "expected: " + describe_frame(expected.frames[i]) + "  " +
                                            shown(expected.frames[i].raw) + "\n"
                                      : "expected: nothing more, then close after " +
                                            std::string(close_cause_name(expected.close_cause)) + "\n";
  }
  std::string received_line(std::size_t i) const {
    return i < got.size() ? "received: " + describe_frame(got[i]) + "  " + shown(got[i].raw) + "\n"
                          : "received: nothing\n";
  }

  // got[from..] equals expected.frames[from + 1..]: the answer at `from` is missing, the rest fine.
  bool one_missing_at(std::size_t from) const {
    if (got.size() + 1 != expected.frames.size()) return false;
    for (std::size_t k = from; k < got.size(); ++k) {
      if (!same_frame(got[k], expected.frames[k + 1])) return false;
    }
    return true;
  }

  Verdict missing_greeting() const {
    return make(Outcome::fail, "3.1", "greeting", 0, "no greeting: the first frame answers request #1",
                expected_line(0) + received_line(0));
  }

  Verdict mismatch(std::size_t i) const {
    if (one_missing_at(0)) return missing_greeting();
    const ResponseFrame& want = expected.frames[i];
    const ResponseFrame& have = got[i];
    const std::string lines = expected_line(i) + received_line(i);
    auto violation = [&](std::string section, std::string kind, std::string what) {
      return make(Outcome::fail, std::move(section), std::move(kind), i, std::move(what), lines);
    };
    if (i == 0) {
      const bool decorated = have.ok && (!have.headers.empty() || !have.body.empty());
      return violation(decorated ? "6.6" : "3.1", "greeting", "wrong greeting: " + describe_frame(have));
    }
    if (i + 1 < expected.frames.size() && i + 1 < got.size() && same_frame(want, got[i + 1]) &&
        same_frame(expected.frames[i + 1], have)) {
      return violation("6.1", "order", "responses #" + std::to_string(i) + " and #" + std::to_string(i + 1) +
                                           " arrive swapped");
    }
    if (one_missing_at(i)) {
      // Two requests answered as one right after a NUL: the NUL hid the terminator (4.1).
      if (i >= 2 && expected.requests[i - 2].find('\0') != std::string::npos) {
        return violation("4.1", "merged-requests", "requests #" + std::to_string(i - 1) + " and #" +
                                                       std::to_string(i) + " answered as one: the NUL in #" +
                                                       std::to_string(i - 1) + " hid its terminator");
      }
      return violation("6.1", "missing-response", "no response to request #" + std::to_string(i));
    }
    const std::string_view request = expected.requests[i - 1];
    const std::string want_status = status_of(want);
    const std::string have_status = status_of(have);
    const FrameDifference d = *FrameExpectation::of(want).difference(have);  // mismatch(i): they differ
    const std::string what = "response #" + std::to_string(i) + ": expected " + d.expected + ", received " + d.received;
    if (d.aspect == FrameDifference::Aspect::status) {
      return violation(status_section(want_status, have_status, request), "status", what);
    }
    if (d.aspect == FrameDifference::Aspect::sequence) {
      // Sequence ignored when its name was not spelled "Sequence": names are case-insensitive (5.4).
      if (want.sequence && !have.sequence && has_sequence_header_in_other_case(request)) {
        return violation("5.4", "header-name-case", what);
      }
      return violation("6.3", "sequence", what);
    }
    // Size always matches the body read (the reader uses it and refuses Size: 0), so a Size
    // smaller than the body shows as a body cut short.
    const bool truncated = have.body.size() < want.body.size() &&
                           std::string_view(want.body).starts_with(have.body);
    if (truncated) return violation("6.4", "size", what);
    const std::string section = command_section(request);
    return violation(section == "8.2" || section == "8.4" ? section : "6.4", "body", what);
  }

  Verdict missing(std::size_t i) const {
    const std::string lines = expected_line(i) + received_line(i);
    if (reader.failed()) {
      // A frame the reader refused may still show a wrong status (e.g. OK echoing an overflowing
      // Sequence where bad-request was due): that is the more telling violation.
      const std::string_view rest = std::string_view(observed.received).substr(reader.stream_offset());
      const std::string have_status = status_line_status(rest.substr(0, rest.find("\r\n")));
      if (i >= 1 && !have_status.empty() && have_status != status_of(expected.frames[i])) {
        return make(Outcome::fail, status_section(status_of(expected.frames[i]), have_status, expected.requests[i - 1]),
                    "status", i,
                    "response #" + std::to_string(i) + ": expected " + describe_frame(expected.frames[i]) +
                        ", received a malformed " + escape_bytes(have_status) + " frame: " + reader.error(),
                    lines);
      }
      return make(Outcome::fail, reader_error_section(reader.error()), "malformed", i,
                  "malformed response #" + std::to_string(i) + ": " + reader.error(), lines);
    }
    if (observed.timed_out) {
      const std::string awaited = i == 0 ? "the greeting" : "response #" + std::to_string(i);
      return make(Outcome::timeout, i == 0 ? "3.1" : "6.1", "awaited-response", i,
                  "no " + awaited + " before the deadline; connection still open" +
                      (reader.buffered() != 0 ? " (a partial frame arrived)" : ""),
                  lines);
    }
    if (!got.empty() && one_missing_at(0)) return missing_greeting();
    if (reader.buffered() != 0) {
      return make(Outcome::fail, "6.2", "truncated-frame", i,
                  "connection closed inside response #" + std::to_string(i), lines);
    }
    if (i == 0) return make(Outcome::fail, "3.1", "greeting", 0, "closed without a greeting", lines);
    if (!expected.frames[i].ok && expected.frames[i].code == "too-large") {
      return make(Outcome::fail, "4.3", "early-close", i, "closed without sending ERR too-large", lines);
    }
    if (expected.requests[i - 1].find('\0') != std::string::npos) {
      return make(Outcome::fail, "4.1", "merged-requests", i,
                  "closed without answering request #" + std::to_string(i) +
                      ", which holds a NUL: the NUL hid its terminator",
                  lines);
    }
    const bool after_open_error = i >= 2 && !got[i - 1].ok && closes_never(got[i - 1].code);
    return make(Outcome::fail, after_open_error ? "7.2" : "6.1", "early-close", i,
                "closed before response #" + std::to_string(i) +
                    (after_open_error ? " after ERR " + got[i - 1].code + ", which keeps the connection open" : ""),
                lines);
  }

  Verdict extra(std::size_t i) const {
    std::string section = "6.1";
    if (expected.close_cause == CloseCause::quit) section = "8.6";
    if (expected.close_cause == CloseCause::too_large) section = "4.3";
    if (expected.close_cause == CloseCause::end_of_stream && expected.unfinished_bytes != 0) section = "4.6";
    const std::string lines = expected_line(i) + received_line(i);
    if (i >= got.size()) {  // unreadable bytes after the last expected frame
      return make(Outcome::fail, section, "extra-bytes", i,
                  "bytes after the last expected response: " + reader.error(), lines);
    }
    return make(Outcome::fail, section, "extra-response", i,
                "response #" + std::to_string(i) + " after the connection should have closed (" +
                    std::string(close_cause_name(expected.close_cause)) + ")",
                lines);
  }

  Verdict run() const {
    const std::size_t both = std::min(expected.frames.size(), got.size());
    for (std::size_t i = 0; i < both; ++i) {
      if (!same_frame(expected.frames[i], got[i])) return mismatch(i);
    }
    if (got.size() < expected.frames.size()) return missing(got.size());
    if (got.size() > expected.frames.size() || reader.failed() || reader.buffered() != 0) {
      return extra(expected.frames.size());
    }
    if (observed.timed_out) {
      std::string section = "4.6";
      if (expected.close_cause == CloseCause::quit) section = "8.6";
      if (expected.close_cause == CloseCause::too_large) section = "4.3";
      return make(Outcome::timeout, section, "awaited-close", got.size(),
                  "every response arrived but the connection did not close after " +
                      std::string(close_cause_name(expected.close_cause)),
                  expected_line(got.size()));
    }
    return Verdict{};
  }
};

}  // namespace

std::string reader_error_section(const std::string& error) {
  const std::size_t open = error.rfind('(');
  const std::size_t close = error.rfind(')');
  if (open != std::string::npos && close == error.size() - 1 && close > open + 1) {
    const std::string inside = error.substr(open + 1, close - open - 1);
    const std::string number = inside.substr(0, inside.find_first_not_of("0123456789."));
    if (!number.empty()) return number;
  }
  return "6.2";
}

std::string crash_signature(const std::string& status, const std::vector<std::string>& output) {
  for (const std::string& line : output) {
    if (const std::size_t at = line.find("SUMMARY: "); at != std::string::npos) return status + " | " + line.substr(at);
  }
  std::string frames;
  int taken = 0;
  for (const std::string& line : output) {
    // "    #0 0x7f3a... in free (/lib/...)" -> "free"
    const std::size_t hash = line.find('#');
    const std::size_t in = line.find(" in ", hash == std::string::npos ? 0 : hash);
    if (hash == std::string::npos || in == std::string::npos || line.find("0x", hash) > in) continue;
    const std::size_t name = in + 4;
    frames += (taken == 0 ? "" : " < ") + line.substr(name, line.find(' ', name) - name);
    if (++taken == 3) break;
  }
  return frames.empty() ? status : status + " | " + frames;
}

std::string bad_request_section(std::string_view request) {
  gnp::Request parsed;
  if (const std::optional<gnp::ParseError> error = gnp::parse_request(request, parsed)) {
    const std::string_view message = error->message;
    if (error->code == gnp::ErrorCode::bad_encoding) return "5.1";
    if (message.find("Sequence") != std::string_view::npos) return "5.5";
    if (message.find("header") != std::string_view::npos) return "5.4";
    if (message.find("command line") != std::string_view::npos) return "5.3";
    return "5.2";  // bare CR, bare LF, NUL, other controls
  }
  // The reference accepts it, so the server refused valid syntax: blame the most specific part.
  for (const gnp::Header& header : parsed.headers) {
    if (gnp::header_name_equals(header.name, "Sequence")) return "5.5";
  }
  return parsed.headers.empty() ? "5.3" : "5.4";
}

Verdict judge(const Expectation& expected, const Observation& observed) {
  ResponseReader reader;
  reader.set_conventions(observed.reading);
  reader.feed(observed.received);
  std::vector<ResponseFrame> got;
  // One frame past the answer due is all the judging looks at: a server sending small frames
  // without end must not fill memory with millions of them.
  while (got.size() <= expected.frames.size()) {
    std::optional<ResponseFrame> frame = reader.next();
    if (!frame) break;
    got.push_back(std::move(*frame));
  }
  return Judging{expected, got, reader, observed}.run();
}

}  // namespace wireproof::blackbox
