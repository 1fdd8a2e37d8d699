// The conformance scenario: what a .gnpt file says, as data (syntax: docs/SCENARIOS.md).
//
// A scenario cites the PROTOCOL.md requirements it checks (and a section) and a level, states the server settings it needs,
// and lists steps over named client connections. It says nothing about how sends are cut into
// segments: the runner replays it under several segmentation strategies unless it pins some.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wireproof::scenario {

enum class Level { must, should };

std::string_view level_name(Level level);  // "MUST" / "SHOULD"

// Server settings a scenario needs; the runner substitutes them into the server command's
// {idle_timeout_ms}, {request_timeout_ms} and {max_connections} placeholders. Unset = the
// scenario does not care (the runner then uses the PROTOCOL.md defaults).
struct ServerSettings {
  std::optional<std::uint32_t> idle_timeout_ms;
  std::optional<std::uint32_t> request_timeout_ms;
  std::optional<std::uint32_t> max_connections;

  bool any() const { return idle_timeout_ms || request_timeout_ms || max_connections; }
  friend bool operator==(const ServerSettings&, const ServerSettings&) = default;
};

// A PROTOCOL.md requirement ID as a file cites it ("4.3/2", PROTOCOL.md 11.6), and where.
struct RequirementRef {
  std::string id;
  int line = 0;
  int column = 0;  // 1-based
  friend bool operator==(const RequirementRef&, const RequirementRef&) = default;
};

// "S/N": a section number such as 4.3, '/', and a number from 1 without leading zero.
bool is_requirement_id(std::string_view text);
// "4.3" of "4.3/2".
std::string_view section_of_requirement(std::string_view id);

// Where a step was written, for messages: "file:line"; and the requirement it checks when the
// line names one (a trailing `[4.3/2]`), else the scenario's first requirement applies.
struct Where {
  int line = 0;
  std::optional<RequirementRef> requirement;
};

// How a `connect` step opens its connection. Everything but `gnp` is TLS-only (9.7).
enum class ConnectKind {
  gnp,                       // a GNP/1 client: plain TCP, or TLS when the run speaks TLS
  plaintext,                 // plain TCP to a TLS port: raw bytes, no TLS (2.2, 9.7)
  stall_before_client_hello, // TCP connected, the TLS handshake never started (9.7)
  stall_mid_client_hello,    // half a ClientHello sent, then nothing (9.7)
};

// The client certificate a TLS connection presents (9.2).
struct Certificate {
  enum class Choice { run_default, none, named };
  Choice choice = Choice::run_default;  // run_default: the run's --client-cert (or the PKI's client-allowed)
  std::string name;                     // named: NAME.pem and NAME.key in the run's PKI directory

  friend bool operator==(const Certificate&, const Certificate&) = default;
};

// TLS protocol versions a connection may be limited to (2.2).
const std::vector<std::string>& known_tls_versions();  // "1.0" "1.1" "1.2" "1.3"

struct Connect {
  Where where;
  std::string connection;
  ConnectKind kind = ConnectKind::gnp;
  Certificate certificate;           // TLS gnp connections only
  std::optional<std::string> tls_version;  // offer only this version (one of known_tls_versions())
  // The TLS handshake must fail (the server refuses it, 2.2); the connection is then unusable.
  bool refused = false;
};
struct Send {
  Where where;
  std::string connection;
  std::string bytes;
};
// The next response frame on the connection. Unstated parts are strict: no `sequence` means the
// frame must carry no Sequence header, no `body` means it must have no body. Message text is never
// compared (6.5), but the frame must be well formed (6.2-6.5).
struct ExpectResponse {
  Where where;
  std::string connection;
  bool ok = true;
  std::string code;  // ERR code; empty for OK
  std::optional<std::uint64_t> sequence;
  std::string body;
  // How long to wait for it when the server is expected to act on a timer (10.1, 10.2); unset =
  // the runner's step timeout.
  std::optional<std::chrono::milliseconds> within;
};
// The next response frame, byte for byte.
struct ExpectRaw {
  Where where;
  std::string connection;
  std::string bytes;
};
// The server closes (EOF or reset) within the time, sending nothing more first. On a plaintext
// or stalled connection to a TLS port, TLS alert records may come first (9.7, 11.5).
struct ExpectClosed {
  Where where;
  std::string connection;
  std::chrono::milliseconds within{0};
  bool close_notify = false;  // TLS: the server must send close_notify before closing (9.5)
};
// The server neither sends anything nor closes for the whole time.
struct ExpectOpen {
  Where where;
  std::string connection;
  std::chrono::milliseconds duration{0};
};
// Sends `bytes` again and again without reading (10.4). Passes once a send makes no progress for
// `stall` (the server stopped reading); fails when `max_bytes` went out first (it buffers without
// bound). Never segmented.
struct Flood {
  Where where;
  std::string connection;
  std::string bytes;
  std::uint64_t max_bytes = 0;
  std::chrono::milliseconds stall{0};
};
struct Wait {
  Where where;
  std::chrono::milliseconds duration{0};
};
// Client half-close: shutdown(SHUT_WR); the connection can still read.
struct Shutdown {
  Where where;
  std::string connection;
};
struct Close {
  Where where;
  std::string connection;
};

using Step = std::variant<Connect, Send, ExpectResponse, ExpectRaw, ExpectClosed, ExpectOpen, Flood,
                          Wait, Shutdown, Close>;

Where where_of(const Step& step);
// The step's keyword as written in a file ("connect", "send", "expect", ...).
std::string_view step_keyword(const Step& step);

// Which transports a scenario runs over (PROTOCOL.md 11.2).
enum class Transport {
  any,    // over the run's transport: plain TCP, or inside TLS under --tls (9.6: Core inside TLS)
  tls,    // needs TLS (`transport tls`): skipped by a plain run
  plain,  // plain TCP only (`transport plain`): skipped under --tls
};
std::string_view transport_name(Transport transport);  // "any", "tls", "plain"

struct Scenario {
  std::string id;       // path below the scenarios directory without ".gnpt", e.g. "framing/too-large"
  std::string file;     // where it was read from, for messages ("" when built in memory)
  std::string title;    // one line saying what is checked
  std::string section;  // PROTOCOL.md section, e.g. "4.3"; given, or the first requirement's
  int section_line = 0;    // where `section` was written (0: derived from `requirement`)
  int section_column = 0;
  // The `requirement` lines, in order; every step checks the first unless it names another.
  std::vector<RequirementRef> requirements;
  Level level = Level::must;
  ServerSettings server;
  std::vector<std::string> segmentation;  // pinned strategy names; empty = all strategies
  Transport transport = Transport::any;
  std::vector<Step> steps;
};

// The requirement a failure at the step on `line` breaks: the step's own `[ID]`, else the
// scenario's first requirement; "" when the scenario cites none.
std::string requirement_at(const Scenario& scenario, int line);

// True when `section` is `parent` or one of its sub-paragraphs ("4.3" is within "4", "4.3").
bool section_within(std::string_view section, std::string_view parent);

}  // namespace wireproof::scenario
