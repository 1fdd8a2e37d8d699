// How certify judges what a server sent for one expect step, without sockets: the scenario
// runner (scenario_runner.cpp) reads, this says whether what arrived passes and, when not, the
// failure message and the divergence every report groups by. Shared with the fuzz target
// hostile_server_fuzzer, which feeds it arbitrary server bytes.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "certify/case_result.hpp"
#include "harness/client.hpp"
#include "harness/frame_expectation.hpp"
#include "harness/response_reader.hpp"

namespace wireproof::certify {

// What an expect step awaits: a frame as FrameExpectation says, or exact bytes.
struct Awaited {
  std::string text;                       // for messages
  std::optional<FrameExpectation> frame;  // expect ... OK/ERR
  std::string raw;                        // expect raw: these bytes
  bool can_become(std::string_view prefix) const;
};

struct StepFailure {
  std::string message;
  Divergence divergence;
};

// "\"" + escape_bytes(bytes) + "\"", the first 300 bytes of longer ones followed by "... (N bytes)".
std::string quoted_bytes(std::string_view bytes);

// A reader error without its stream offset and quoted values: "byte 17: bare LF in response
// head (6.2)" -> "bare LF in response head (6.2)".
std::string error_kind(std::string error);

// The status line at the start of `bytes` ("OK", "ERR busy"), if a whole one arrived, in the
// escape notation (escape_bytes): server bytes in a divergence reach every report format.
std::optional<std::string> status_line(std::string_view bytes);

// What a plaintext or stalled client may receive from a TLS port before it is closed: TLS alert
// records, whole (9.7: a TLS alert MAY be sent, 11.5).
bool only_tls_alerts(std::string_view bytes);

// What an expectation is, without the scenario's values: the greeting's bytes, else the status.
// `kind`: the step kind of the failure ("greeting" for a connection's first frame).
std::string expected_in(const std::string& kind, const Awaited& awaited);

// Whether bytes of an unfinished frame are judged as they arrive (Awaited::can_become), or only by
// the reader once complete: a lenient greeting or bare-LF heads are judged by the reader alone.
bool judges_prefixes(const ReadingConventions& conventions, const std::string& kind);

// The failures of reading towards `awaited`: the server closed (`pending`: the bytes of an
// unfinished frame), the stream does not parse (`error`: the reader's), or `pending` can no
// longer become what is awaited.
StepFailure closed_before(const std::string& kind, const Awaited& awaited, std::string_view pending,
                          const std::string& error);
StepFailure malformed(const std::string& kind, const Awaited& awaited, const std::string& error);
StepFailure cannot_become(const std::string& kind, const Awaited& awaited, std::string_view pending);

// Bytes of an unfinished frame left where `expect closed` or `expect open` wants no more bytes.
StepFailure leftover(std::string_view bytes);

// `expect closed` and `expect open` on what the wait for a close (Client::wait_for_close) saw.
// `raw`: a plaintext or stalled connection to a TLS port (9.7), judged on every byte it received
// (`received`); otherwise `received` is unused and the bytes that came during the wait count.
std::optional<StepFailure> judge_close(bool raw, std::string_view received, const CloseResult& wait,
                                       std::chrono::milliseconds within, bool close_notify);
std::optional<StepFailure> judge_silence(bool raw, std::string_view news, const CloseResult& wait,
                                         std::chrono::milliseconds duration);

// A complete frame judged against `expect ... OK/ERR` and `expect raw`. `conventions`: lenient
// reading accepts the greeting the server sends in place of OK\r\n\r\n.
std::optional<StepFailure> judge_response(const std::string& kind, const FrameExpectation& expected,
                                          const ResponseFrame& frame);
std::optional<StepFailure> judge_raw(const std::string& kind, const std::string& expected_bytes,
                                     const ResponseFrame& frame, const ReadingConventions& conventions);

}  // namespace wireproof::certify
