// hostile_server_fuzzer: arbitrary SERVER bytes, in arbitrary chunks, through everything the
// harness does with a server's output (issue 14). A server under test is broken by definition; the
// harness must judge and report whatever it sends without crashing, hanging, growing without
// bound or writing a malformed report.
//
// Input (FuzzedDataProvider, written by fuzz/seed_writer.cpp): a flags byte, a script byte (which
// four expectations certify awaits after the greeting), then operations building the server's
// byte stream: a chunk of payload bytes, or one byte repeated (so 64 KiB heads need no 64 KiB of
// input). The first chunk is also what certify's preflight saw in place of the greeting, the second
// what it got for its PING.
//
// What the bytes go through:
//   - ResponseReader, strict and with the reading conventions the preflight derives from them
//     (Preflight::take_greeting/take_answer), fed chunk by chunk and whole;
//   - certify's judging of expect steps (certify/step_judgement.hpp, shared with the scenario
//     runner: frames, unfinished frames, close, silence, plaintext on a TLS port) and the
//     preflight's results, as a certify run's CaseResults;
//   - the fuzz verdict (blackbox::judge against the reference core's answer to one of a few request
//     streams) and traffic diff (blackbox::compare_traffic of the bytes against the reference's);
//   - the report writers (text, JSON, JUnit, HTML) on a RunReport holding those results (root
//     causes included) and a crashed case whose server output is the bytes, drained from a pipe by
//     the harness's OutputCapture; the reproducer writer (finding_report, finding_scenario_text).
// Checked, each an abort naming what broke:
//   - the reader returns the same frames and the same error however the bytes are chunked, and its
//     frames are exactly the stream's bytes, in order;
//   - JSON parses (nlohmann::json, strict UTF-8) and its traffic gives back the bytes received;
//     JUnit is well-formed XML (libxml2); the HTML has every server byte escaped: parsed with
//     libxml2's HTML parser, it holds only the elements and attributes html_report writes, where it
//     writes them (see check_html_node); text for a terminal or a log (the text summary, the
//     progress lines, the fuzz verdict, the traffic diff, the finding report) holds printable
//     ASCII and LF only;
//   - the reproducer scenario parses back with the scenario parser;
//   - every report's size is at most kReportBase + kReportPerByte * (server bytes): linear.
// Memory is bounded by libFuzzer's -rss_limit_mb/-malloc_limit_mb (hostile_server_fuzzer.options).
#include <fuzzer/FuzzedDataProvider.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "blackbox/expectation.hpp"
#include "blackbox/reproducer.hpp"
#include "blackbox/traffic_diff.hpp"
#include "blackbox/verdict.hpp"
#include "certify/case_result.hpp"
#include "certify/preflight.hpp"
#include "certify/step_judgement.hpp"
#include "core/store.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "harness/escape.hpp"
#include "harness/frame_expectation.hpp"
#include "harness/output_capture.hpp"
#include "harness/response_reader.hpp"
#include "report/progress.hpp"
#include "report/report_writers.hpp"
#include "scenario/scenario_parser.hpp"
#include "target/target.hpp"

namespace {

using wireproof::fuzz::chunk_length;
using wireproof::fuzz::run_length;

// The server's budget per input: more than a head the reader may hold (64 KiB), so its limit is
// reached; far below the body limit (16 MiB), which would only make runs slow.
constexpr std::size_t kMaxServerBytes = 96 * 1024;
constexpr std::size_t kMaxChunks = 64;
// Reports may quote server bytes several times (message, traffic, divergence, root cause), each
// escaped (up to 4 bytes per byte) and markup-escaped once more (up to 6): 64 per byte is generous
// but linear; anything quadratic trips it on a 1 KiB stream.
constexpr std::size_t kReportBase = 64 * 1024;
constexpr std::size_t kReportPerByte = 64;

enum Operation : std::uint8_t { kChunk = 0, kRun = 1 };
enum Flags : std::uint8_t {
  kStrict = 0x01,               // certify --strict: no lenient reading
  kTls = 0x02,                  // a --tls run (the preflight tells TLS from plain GNP/1)
  kClosedAfterGreeting = 0x04,  // the preflight's first connection was closed after the first chunk
  kClosedAtEnd = 0x08,          // the server closed after its last byte (else: the deadline passed)
  kBytewise = 0x10,             // the case ran under the bytewise strategy (a second strategy column)
  kSmallLimit = 0x80,           // --max-response-bytes 4096 (kSmallResponseLimit) instead of 16 MiB
};
constexpr std::size_t kSmallResponseLimit = 4096;
constexpr unsigned kRequestStreamBits = 0x60;  // the flags that pick one of kRequestStreams

// Request streams the fuzz verdict judges the bytes as answers to (the reference core's answers).
constexpr std::string_view kRequestStreams[] = {
    "PING\r\n\r\n",
    "ECHO a b\r\nSequence: 7\r\n\r\n",
    "SET k v\r\n\r\nGET k\r\n\r\nDEL k\r\n\r\nGET k\r\n\r\nPI",
    "QUIT\r\n\r\nPING\r\n\r\n",
};
static_assert(std::size(kRequestStreams) == (kRequestStreamBits >> 5) + 1);

// What certify awaits after the greeting, two bits per step of the script byte.
wireproof::certify::Awaited awaited_of(unsigned choice) {
  using wireproof::FrameExpectation;
  FrameExpectation e;
  switch (choice & 3) {
    case 0:
      break;  // OK, as for PING
    case 1:
      e = {true, "", 7, "hello"};
      break;
    case 2:
      e = FrameExpectation::error("not-found", 3);
      break;
    case 3: {
      const std::string raw = "ERR bad-request\r\nMessage: no\r\n\r\n";
      return {wireproof::certify::quoted_bytes(raw), std::nullopt, raw};
    }
  }
  return {e.describe(), e, {}};
}

wireproof::scenario::Scenario script_scenario() {
  wireproof::scenario::Scenario s;
  s.id = "hostile/script";
  s.file = "(hostile_server_fuzzer)";
  s.title = "a greeting, then four expected responses";
  s.section = "6.1";
  s.requirements.push_back({"6.1/1", 0, 0});
  return s;
}

wireproof::scenario::Scenario crash_scenario() {
  wireproof::scenario::Scenario s = script_scenario();
  s.id = "hostile/crash";
  s.section = "10.3";
  s.level = wireproof::scenario::Level::should;
  return s;
}

struct Reading {
  std::vector<std::string> frames;  // raw bytes of each frame
  bool failed = false;
  std::string error;
  std::size_t buffered = 0;
};

// Reads `chunks` (whole when `whole`) with `conventions`, checking the frames are the stream's bytes.
Reading read_all(const std::vector<std::string_view>& chunks, std::string_view stream,
                 const wireproof::ReadingConventions& conventions, bool whole) {
  wireproof::ResponseReader reader;
  reader.set_conventions(conventions);
  Reading r;
  std::size_t consumed = 0;
  auto drain = [&] {
    while (std::optional<wireproof::ResponseFrame> frame = reader.next()) {
      FUZZ_CHECK(stream.substr(consumed, frame->raw.size()) == frame->raw,
                 "frame #" + std::to_string(r.frames.size()) + " is not the stream's bytes at offset " +
                     std::to_string(consumed) + ": \"" + wireproof::escape_bytes(frame->raw.substr(0, 200)) + "\"");
      consumed += frame->raw.size();
      FUZZ_CHECK(reader.stream_offset() == consumed, "stream_offset() is " + std::to_string(reader.stream_offset()) +
                                                         " after frames of " + std::to_string(consumed) + " bytes");
      r.frames.push_back(std::move(frame->raw));
    }
  };
  if (whole) {
    reader.feed(stream);
    drain();
  } else {
    for (std::string_view chunk : chunks) {
      reader.feed(chunk);
      drain();
    }
  }
  r.failed = reader.failed();
  r.error = reader.error();
  r.buffered = reader.buffered();
  if (!r.failed) {
    FUZZ_CHECK(r.buffered == stream.size() - consumed, "buffered() is " + std::to_string(r.buffered) + " with " +
                                                           std::to_string(stream.size() - consumed) + " bytes unread");
  }
  return r;
}

void check_reader(const std::vector<std::string_view>& chunks, std::string_view stream,
                  const wireproof::ReadingConventions& conventions, const char* mode) {
  const Reading cut = read_all(chunks, stream, conventions, false);
  const Reading whole = read_all(chunks, stream, conventions, true);
  FUZZ_CHECK(cut.frames == whole.frames, std::string(mode) + " reading: " + std::to_string(cut.frames.size()) +
                                             " frames chunked, " + std::to_string(whole.frames.size()) + " whole");
  FUZZ_CHECK(cut.failed == whole.failed && cut.error == whole.error,
             std::string(mode) + " reading: the error depends on the chunking: \"" + cut.error + "\" chunked, \"" +
                 whole.error + "\" whole");
}

// The scenario runner's read_frame and expect steps over one GNP/1 connection, without the socket:
// each chunk arrives, frames are judged as they complete, unfinished frames as they grow.
wireproof::certify::CaseResult run_script(const wireproof::scenario::Scenario& scenario, std::uint8_t script,
                                          const std::vector<std::string_view>& chunks,
                                          const wireproof::ReadingConventions& conventions, bool bytewise,
                                          bool closed_at_end) {
  namespace certify = wireproof::certify;
  std::vector<std::pair<std::string, certify::Awaited>> steps;  // step kind, awaited
  const std::string greeting = "OK\r\n\r\n";
  steps.push_back({"greeting", {certify::quoted_bytes(greeting), std::nullopt, greeting}});
  for (int i = 0; i < 4; ++i) {
    certify::Awaited a = awaited_of(script >> (2 * i));
    steps.push_back({a.frame ? "response" : "raw-response", std::move(a)});
  }

  wireproof::ResponseReader reader;
  reader.set_conventions(conventions);
  std::string received;
  std::optional<certify::StepFailure> failure;
  std::size_t step = 0;
  auto judge_arrivals = [&] {
    while (!failure && step < steps.size()) {
      const auto& [kind, awaited] = steps[step];
      if (std::optional<wireproof::ResponseFrame> frame = reader.next()) {
        failure = awaited.frame ? certify::judge_response(kind, *awaited.frame, *frame)
                                : certify::judge_raw(kind, awaited.raw, *frame, conventions);
        ++step;
        continue;
      }
      if (reader.failed()) {
        failure = certify::malformed(kind, awaited, reader.error());
        break;
      }
      const std::string_view pending = std::string_view(received).substr(received.size() - reader.buffered());
      if (certify::judges_prefixes(conventions, kind) && !pending.empty() && !awaited.can_become(pending)) {
        failure = certify::cannot_become(kind, awaited, pending);
      }
      break;
    }
  };
  std::size_t fed = 0;
  for (; fed < chunks.size() && !failure && step < steps.size(); ++fed) {
    received += chunks[fed];
    reader.feed(chunks[fed]);
    judge_arrivals();
  }
  if (!failure && step < steps.size()) {
    const std::string_view pending = std::string_view(received).substr(received.size() - reader.buffered());
    failure = certify::closed_before(steps[step].first, steps[step].second, pending, "end of stream");
  }
  // The last step: `expect closed` (`expect open 100ms` under bytewise). Bytes already read and not
  // a frame are left over; the chunks not yet read arrive during its wait.
  if (!failure) {
    if (reader.buffered() != 0) {
      failure = certify::leftover(std::string_view(received).substr(received.size() - reader.buffered()));
    } else {
      wireproof::CloseResult wait;
      for (; fed < chunks.size(); ++fed) wait.data_received_meanwhile += chunks[fed];
      received += wait.data_received_meanwhile;
      wait.closed_by_peer = closed_at_end;
      wait.timed_out = !closed_at_end;
      failure = bytewise
                    ? certify::judge_silence(false, wait.data_received_meanwhile, wait, std::chrono::milliseconds(100))
                    : certify::judge_close(false, received, wait, std::chrono::milliseconds(2000), false);
    }
    if (failure) step = steps.size();
  }

  certify::CaseResult r;
  r.scenario = &scenario;
  r.strategy = bytewise ? "bytewise" : "whole";
  r.verdict = failure ? certify::Verdict::fail : certify::Verdict::pass;
  if (failure) {
    const char* keyword = step == steps.size()       ? (bytewise ? "expect open" : "expect closed")
                          : steps[step].second.frame ? "expect"
                                                     : "expect raw";
    r.message = std::string(keyword) + ": " + failure->message;
    r.line = static_cast<int>(step) + 2;
    r.divergence = failure->divergence;
    r.requirement = "6.1/1";
    r.requirement_text = "Every request is answered by exactly one response.";
    certify::Traffic t;
    t.connection = "c";
    t.sent = "PING\r\n\r\n";
    t.sent_total = t.sent.size();
    t.received = received.substr(0, 4096);  // as scenario_runner keeps it (kTrafficShown)
    t.received_total = received.size();
    r.traffic.push_back(std::move(t));
  }
  return r;
}

// The server's output lines as certify keeps them for a crash: the stream is the server's output,
// drained from a pipe by the harness's own OutputCapture (lines cut at kMaxLineBytes).
std::vector<std::string> output_lines(std::string_view stream) {
  int fds[2];
  FUZZ_CHECK(pipe(fds) == 0, "pipe() failed");
  wireproof::OutputCapture capture(fds[0]);
  for (std::string_view rest = stream; !rest.empty();) {
    const ssize_t n = write(fds[1], rest.data(), rest.size());
    FUZZ_CHECK(n > 0, "write() to the output pipe failed");
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  close(fds[1]);
  FUZZ_CHECK(capture.wait_for_eof(std::chrono::seconds(5)), "OutputCapture did not see EOF within 5 s");
  const std::vector<std::string> lines = capture.recent(wireproof::Target::kOutputLines);  // what a crash report shows
  for (const std::string& line : lines) {
    FUZZ_CHECK(line.size() <= wireproof::OutputCapture::kMaxLineBytes + 3,
               "OutputCapture kept a line of " + std::to_string(line.size()) + " bytes");
  }
  return lines;
}

void check_size(const std::string& report, std::size_t server_bytes, const char* what) {
  const std::size_t bound = kReportBase + kReportPerByte * server_bytes;
  FUZZ_CHECK(report.size() <= bound, std::string(what) + " is " + std::to_string(report.size()) + " bytes for " +
                                         std::to_string(server_bytes) + " server bytes (bound " +
                                         std::to_string(bound) + ")");
}

// Text meant for a terminal: printable ASCII and LF only, no control byte (ESC, BEL, ...) and no
// raw UTF-8 (escape.hpp: printable_text).
void check_printable(const std::string& text, const char* what) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    FUZZ_CHECK(byte == '\n' || (byte >= 0x20 && byte < 0x7f),
               std::string(what) + ": raw byte " + wireproof::escape_bytes(std::string(1, text[i])) + " at offset " +
                   std::to_string(i) + " of \"" + wireproof::escape_bytes(text.substr(0, 400)) + "\"");
  }
}

// The JSON report is parsed, and the traffic it holds gives back the bytes received: `received`
// in the escape notation (PROTOCOL.md 1.2) is the first bytes, `received_bytes` their count.
// certify's progress lines for logs (not a terminal: no live line, no colour) on these results.
void check_progress(const std::vector<wireproof::certify::CaseResult>& results, std::size_t server_bytes) {
  char* buffer = nullptr;
  std::size_t length = 0;
  std::FILE* out = open_memstream(&buffer, &length);
  FUZZ_CHECK(out != nullptr, "open_memstream() failed");
  wireproof::report::Progress progress(out, /*live=*/false);
  progress.scenario_done(results, 1, 1);
  progress.finish();
  std::fclose(out);
  const std::string lines(buffer, length);
  std::free(buffer);
  check_printable(lines, "progress lines");
  check_size(lines, server_bytes, "progress lines");
}

void check_json(const std::string& report, const wireproof::report::RunReport& run) {
  try {
    const nlohmann::json parsed = nlohmann::json::parse(report);
    FUZZ_CHECK(parsed.is_object(), "JSON report is not an object");
    const nlohmann::json& results = parsed.at("results");
    FUZZ_CHECK(results.size() == run.results.size(), "JSON report has " + std::to_string(results.size()) + " results, " +
                                                         std::to_string(run.results.size()) + " expected");
    for (std::size_t i = 0; i < results.size(); ++i) {
      const std::vector<wireproof::certify::Traffic>& traffic = run.results[i].traffic;
      if (traffic.empty()) continue;
      const nlohmann::json& got = results[i].at("traffic").at(0);
      std::string error;
      const std::optional<std::string> received =
          wireproof::unescape_bytes(got.at("received").get<std::string>(), &error);
      FUZZ_CHECK(received == traffic[0].received,
                 "JSON report's traffic does not give back the bytes received: " +
                     (received ? "\"" + wireproof::escape_bytes(received->substr(0, 200)) + "\"" : error));
      FUZZ_CHECK(got.at("received_bytes").get<std::uint64_t>() == traffic[0].received_total,
                 "JSON report's received_bytes is not the count of bytes received");
    }
  } catch (const nlohmann::json::parse_error& e) {
    const std::size_t at = std::min<std::size_t>(e.byte, report.size());
    const std::size_t from = at > 200 ? at - 200 : 0;
    FUZZ_CHECK(false, std::string("JSON report does not parse: ") + e.what() + "\n  near: \"" +
                          wireproof::escape_bytes(report.substr(from, at - from + 40)) + "\"");
  } catch (const nlohmann::json::exception& e) {
    FUZZ_CHECK(false, std::string("JSON report does not parse: ") + e.what());
  }
}

void silence_libxml(void*, const char*, ...) {}

std::string libxml_error() {
  const xmlError* error = xmlGetLastError();
  return error && error->message ? std::string(error->message) + " at line " + std::to_string(error->line) : "";
}

void check_junit(const std::string& report) {
  xmlResetLastError();
  xmlDocPtr doc = xmlReadMemory(report.data(), static_cast<int>(report.size()), "junit.xml", nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  FUZZ_CHECK(doc != nullptr && xmlGetLastError() == nullptr, "JUnit report is not well-formed XML: " + libxml_error());
  const xmlNode* root = xmlDocGetRootElement(doc);
  FUZZ_CHECK(root && std::string_view(reinterpret_cast<const char*>(root->name)) == "testsuites",
             "JUnit report's root element is not <testsuites>");
  xmlFreeDoc(doc);
}

std::string text_of(const xmlNode* node) {
  std::string text;
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content)
      text += reinterpret_cast<const char*>(c->content);
    else if (c->type == XML_ELEMENT_NODE)
      text += text_of(c);
  }
  return text;
}

// Every element and attribute of the page is one html_report writes, where it writes it: an
// unescaped server byte would open an element or attribute of its own. The few elements the
// writer puts inside text that also quotes server bytes (<b> names a connection or requirement,
// <i> a byte count, <a> a cell's count) must hold only what the writer puts there.
void check_html_node(const xmlNode* node, std::string_view parent) {
  static const std::set<std::string_view> kElements = {
      "html",  "head", "meta", "title", "style", "body", "h1", "h2", "h3",      "p",       "code", "br", "span",
      "table", "tr",   "th",   "td",    "a",     "ol",   "ul", "li", "details", "summary", "pre",  "b",  "i"};
  static const std::set<std::string_view> kAttributes = {"lang", "charset", "class", "href", "id", "open"};
  for (const xmlNode* n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    const std::string_view name(reinterpret_cast<const char*>(n->name));
    FUZZ_CHECK(kElements.count(name), "HTML report has a <" + std::string(name) + "> element inside <" +
                                          std::string(parent) + ">: server bytes not escaped");
    for (const xmlAttr* a = n->properties; a; a = a->next) {
      const std::string_view attribute(reinterpret_cast<const char*>(a->name));
      FUZZ_CHECK(kAttributes.count(attribute), "HTML report has an attribute '" + std::string(attribute) + "' on <" +
                                                   std::string(name) + ">: server bytes not escaped");
    }
    const std::string text = text_of(n);
    if (name == "i") {
      FUZZ_CHECK(parent == "pre" && text.starts_with("... (") && text.ends_with(" bytes in all)"),
                 "HTML report has <i>" + wireproof::escape_bytes(text) + "</i> inside <" + std::string(parent) + ">");
    } else if (name == "b") {
      FUZZ_CHECK(parent == "p" && text.size() <= 16,
                 "HTML report has <b>" + wireproof::escape_bytes(text) + "</b> inside <" + std::string(parent) + ">");
    } else if (name == "a") {
      FUZZ_CHECK(parent == "td" && text.find_first_not_of("0123456789/") == std::string::npos,
                 "HTML report has <a>" + wireproof::escape_bytes(text) + "</a> inside <" + std::string(parent) + ">");
    } else if (name == "pre" || name == "code" || name == "summary" || name == "li" || name == "h3") {
      // Text that quotes server bytes: only the markup the writer nests there (<i>, <a>, <b>, <code>).
      for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        const std::string_view child(reinterpret_cast<const char*>(c->name));
        FUZZ_CHECK((name == "pre" && child == "i") || (name == "li" && (child == "span" || child == "code")),
                   "HTML report has <" + std::string(child) + "> inside <" + std::string(name) +
                       ">: server bytes not escaped");
      }
    }
    check_html_node(n->children, name);
  }
}

void check_html(const std::string& report) {
  htmlDocPtr doc = htmlReadMemory(report.data(), static_cast<int>(report.size()), "report.html", "utf-8",
                                  HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NOIMPLIED);
  FUZZ_CHECK(doc != nullptr, "HTML report does not parse: " + libxml_error());
  check_html_node(xmlDocGetRootElement(doc), "(document)");
  xmlFreeDoc(doc);
}

// The fuzz verdict and traffic diff of the stream as the answer to `requests`, and the reproducer
// writer on the finding they make.
void check_fuzz_verdict(std::string_view requests, const std::string& stream, bool closed,
                        const wireproof::ReadingConventions& conventions) {
  namespace blackbox = wireproof::blackbox;
  gnp::Store store;
  const blackbox::Expectation expected = blackbox::expect_reference(requests, store);
  // The Client reads at most max_response_bytes (--max-response-bytes), then stops: over the limit.
  const bool over_limit = stream.size() > conventions.max_response_bytes;
  const blackbox::Observation observed{.received = stream.substr(0, conventions.max_response_bytes),
                                       .closed = closed && !over_limit,
                                       .timed_out = !closed || over_limit,
                                       .over_limit = over_limit,
                                       .reading = conventions};
  const blackbox::Verdict verdict = blackbox::judge(expected, observed);
  check_printable(verdict.summary, "fuzz verdict summary");
  check_printable(verdict.detail, "fuzz verdict detail");
  check_size(verdict.detail, stream.size(), "fuzz verdict detail");

  const blackbox::Observation reference{.received = expected.bytes, .closed = true};
  if (const std::optional<blackbox::TrafficDifference> d =
          blackbox::compare_traffic(reference, observed, expected.requests)) {
    check_printable(d->summary, "traffic diff summary");
    check_printable(d->detail, "traffic diff detail");
    check_size(d->detail, stream.size(), "traffic diff detail");
  }
  if (verdict.outcome == wireproof::Outcome::pass) return;

  blackbox::Finding finding;
  finding.verdict = verdict;
  finding.minimal.stream = std::string(requests);
  finding.original = finding.minimal;
  finding.expected = expected;
  finding.origin = "hostile_server_fuzzer";
  const std::string stem = blackbox::finding_stem(1, verdict);
  const std::string report = blackbox::finding_report(finding);
  check_printable(report, "finding report");
  check_size(report, stream.size(), "finding report");
  const std::string scenario =
      blackbox::finding_scenario_text("findings/" + stem + ".gnpt", stem, finding, "gnp-server --port {port}");
  check_size(scenario, stream.size(), "reproducer scenario");
  const wireproof::scenario::ParseResult parsed = wireproof::scenario::parse_scenario(scenario, stem + ".gnpt", stem);
  FUZZ_CHECK(parsed.scenario && parsed.errors.empty(),
             "the reproducer scenario does not parse back: " +
                 (parsed.errors.empty() ? std::string("no scenario") : parsed.errors.front().describe()) + "\n" +
                 scenario.substr(0, 2000));
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  xmlInitParser();
  xmlSetGenericErrorFunc(nullptr, silence_libxml);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider input(data, size);
  const std::uint8_t flags = input.ConsumeIntegral<std::uint8_t>();
  const std::uint8_t script = input.ConsumeIntegral<std::uint8_t>();

  // The server's bytes; chunks point into `stream`, which is reserved so it never moves.
  std::string stream;
  stream.reserve(kMaxServerBytes);
  std::vector<std::pair<std::size_t, std::size_t>> pieces;  // offset, length
  while (input.remaining_bytes() > 0 && pieces.size() < kMaxChunks && stream.size() < kMaxServerBytes) {
    const std::size_t room = kMaxServerBytes - stream.size();
    const std::size_t before = stream.size();
    if (input.ConsumeIntegral<std::uint8_t>() % 2 == kChunk) {
      stream += input.ConsumeBytesAsString(std::min(chunk_length(input.ConsumeIntegral<std::uint16_t>()), room));
    } else {
      const auto byte = static_cast<char>(input.ConsumeIntegral<std::uint8_t>());
      stream.append(std::min(run_length(input.ConsumeIntegral<std::uint16_t>()), room), byte);
    }
    if (stream.size() > before) pieces.emplace_back(before, stream.size() - before);
  }
  std::vector<std::string_view> chunks;
  for (const auto& [offset, length] : pieces) chunks.push_back(std::string_view(stream).substr(offset, length));
  const bool closed_at_end = (flags & kClosedAtEnd) != 0;

  // The preflight: the first chunk arrived in place of the greeting, the second answered its PING.
  wireproof::certify::Preflight preflight;
  preflight.ran = true;
  preflight.strict = (flags & kStrict) != 0;
  const std::string first(chunks.empty() ? std::string_view() : chunks[0]);
  const std::size_t kept = wireproof::certify::Preflight::kMaxObserved;  // what read_towards keeps
  if (preflight.take_greeting(first.substr(0, kept), (flags & kClosedAfterGreeting) != 0, first.size() > kept,
                              (flags & kTls) != 0)) {
    preflight.probed_request = true;
    preflight.take_answer(std::string(chunks.size() > 1 ? chunks[1].substr(0, kept) : std::string_view()));
  }
  wireproof::ReadingConventions strict;
  if ((flags & kSmallLimit) != 0) strict.max_response_bytes = kSmallResponseLimit;
  preflight.conventions.max_response_bytes = strict.max_response_bytes;  // certify passes it to the preflight
  const wireproof::ReadingConventions lenient = preflight.conventions;

  check_reader(chunks, stream, strict, "strict");
  if (!lenient.strict()) check_reader(chunks, stream, lenient, "lenient");
  check_reader(chunks, stream, preflight.probe_conventions(), "probe");

  // A certify run: the preflight's checks, the script under one strategy, a crash with the bytes as
  // the server's last output.
  static const wireproof::scenario::Scenario script_case = script_scenario();
  static const wireproof::scenario::Scenario crash_case = crash_scenario();
  static const wireproof::scenario::Scenario plaintext_case = [] {
    wireproof::scenario::Scenario s = script_scenario();
    s.id = "hostile/plaintext";
    s.section = "9.7";
    return s;
  }();
  wireproof::report::RunReport report;
  report.target_kind = "server";
  report.target = "gnp-server --port {port}";
  report.started_at = "2026-01-01T00:00:00Z";
  report.strategies = {"whole", "bytewise"};
  report.preflight = preflight.summary();
  report.strict = preflight.strict;
  report.wireproof_version = "0.1.0";
  report.suite_hash = "0";
  report.results = preflight.results();
  report.results.push_back(run_script(script_case, script, chunks, lenient, (flags & kBytewise) != 0, closed_at_end));
  if ((flags & kTls) != 0) {  // a plaintext connection to the TLS port: closed after at most a TLS alert (9.7)
    wireproof::CloseResult wait;
    wait.closed_by_peer = closed_at_end;
    if (std::optional<wireproof::certify::StepFailure> f =
            wireproof::certify::judge_close(true, stream, wait, std::chrono::milliseconds(2000), false)) {
      wireproof::certify::CaseResult plaintext;
      plaintext.scenario = &plaintext_case;
      plaintext.strategy = "whole";
      plaintext.verdict = wireproof::certify::Verdict::fail;
      plaintext.message = "expect closed: " + f->message;
      plaintext.divergence = f->divergence;
      report.results.push_back(std::move(plaintext));
    }
  }
  wireproof::certify::CaseResult crash;
  crash.scenario = &crash_case;
  crash.strategy = "whole";
  crash.verdict = wireproof::certify::Verdict::crash;
  crash.message = "the server died: " + wireproof::printable_text(first);
  crash.divergence = {"server", "a running server", "exit"};
  crash.server_output = output_lines(stream);
  report.results.push_back(std::move(crash));
  report.exit_code = wireproof::report::exit_code_for(report.results, report.setup_error);

  check_progress(report.results, stream.size());
  const std::string text = wireproof::report::text_summary(report);
  check_printable(text, "text summary");
  check_size(text, stream.size(), "text summary");
  const std::string json = wireproof::report::json_report(report);
  check_size(json, stream.size(), "JSON report");
  check_json(json, report);
  const std::string junit = wireproof::report::junit_report(report);
  check_size(junit, stream.size(), "JUnit report");
  check_junit(junit);
  const std::string html = wireproof::report::html_report(report);
  check_size(html, stream.size(), "HTML report");
  check_html(html);

  check_fuzz_verdict(kRequestStreams[(flags & kRequestStreamBits) >> 5], stream, closed_at_end, lenient);
  return 0;
}
