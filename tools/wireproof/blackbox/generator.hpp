// The value space of generated GNP/1 requests, one generator with two users: `wireproof fuzz`
// (streams, then mutations) and certify's stateful phase (pipelines over shared and private keys,
// tools/wireproof/stateful/). It covers every command and kind of request the protocol names:
// PING ECHO SET GET DEL QUIT (8.1-8.6), wrong arity and unknown or wrongly cased names (8.7),
// bad-request (5.2-5.5) and bad-encoding (5.1) requests; tokens of every character class a token
// may hold (5.3: printable ASCII, UTF-8 of every length, C1, noncharacters), lengths up to the
// 8192-byte limit (4.2), `Sequence` edge values and header-name case variants (5.4, 5.5).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "blackbox/rng.hpp"

namespace wireproof::blackbox {

enum class RequestKind {
  ping, echo, set, get, del, quit,
  wrong_arity,      // one of the six names with an argument count off by one (8.7)
  unknown_command,  // another name, or a wrong case of one (8.7)
  bad_request,      // a 5.2-5.5 fault: controls, spacing, header syntax, repeated name, bad Sequence
  bad_encoding,     // invalid UTF-8 somewhere in the request text (5.1)
};

inline constexpr RequestKind kAllRequestKinds[] = {
    RequestKind::ping, RequestKind::echo,        RequestKind::set,
    RequestKind::get,  RequestKind::del,         RequestKind::quit,
    RequestKind::wrong_arity, RequestKind::unknown_command, RequestKind::bad_request,
    RequestKind::bad_encoding};

std::string_view request_kind_name(RequestKind kind);

// Keys fuzz uses: case variants and non-ASCII (keys compare octet for octet, 8.3).
std::span<const std::string> default_keys();

// A request kind by the mix both users share; QUIT only when `allow_quit`.
RequestKind pick_request_kind(Rng& rng, bool allow_quit = true);

// One request of `kind`, terminator included, at most 8192 bytes (4.2). SET, GET and DEL name one
// of `keys` (default_keys() when empty).
std::string generate_request(Rng& rng, RequestKind kind, std::span<const std::string> keys = {});
// One request of a kind picked by pick_request_kind().
std::string generate_request(Rng& rng);

// A pipeline depth: mostly short, sometimes deep (60..130: past any small per-read batch).
std::size_t pick_pipeline_depth(Rng& rng);

// `depth` requests over `keys`; with `allow_quit` some pipelines hold one QUIT, anywhere in them
// (8.6: what follows it must not be processed).
std::vector<std::string> generate_pipeline(Rng& rng, std::size_t depth, std::span<const std::string> keys,
                                           bool allow_quit = true);

// A token (5.3) of 1..max_bytes octets drawn from every class of character a token may hold.
std::string generate_token(Rng& rng, std::size_t max_bytes);

// The key a well-formed SET, GET or DEL request names; nullopt for any other request.
std::optional<std::string> key_of(std::string_view request);

// Simpler forms of `request` (headers dropped, tokens shortened, PING), simplest first, each
// different from it. For shrinkers: "simpler requests" after "fewer requests".
std::vector<std::string> simpler_requests(std::string_view request);

struct GeneratedStream {
  std::string bytes;
  std::string origin;  // e.g. "generated x3 + flip-bit,splice" or "corpus[4]", for reports
  // GETs of every key the stream's requests name, for a second connection to send after it: the
  // stream's effects as another connection sees them (8.8). Empty when it names no key.
  std::string observer;
};

GeneratedStream generate_stream(Rng& rng, std::span<const std::string> corpus);

}  // namespace wireproof::blackbox
