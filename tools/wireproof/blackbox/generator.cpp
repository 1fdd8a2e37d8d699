#include "blackbox/generator.hpp"

#include <algorithm>
#include <array>

#include "blackbox/mutators.hpp"
#include "core/request.hpp"
#include "core/request_parser.hpp"

namespace wireproof::blackbox {

namespace {

constexpr std::size_t kLimit = 8192;  // PROTOCOL.md 4.2, terminator included
constexpr std::string_view kTerminator = "\r\n\r\n";

// Characters a token may hold (5.3), one class each: ASCII letters, digits, punctuation (the
// colon, quote, backslash included), UTF-8 of two, three and four octets, C1 controls (allowed,
// 5.2), noncharacters and the BOM (ordinary characters, 5.1), the extremes U+0080, U+07FF,
// U+0800, U+FFFF, U+10000, U+10FFFF.
constexpr std::array<std::string_view, 24> kTokenChars = {
    "a", "Z", "7", ":", "\"", "\\", "#", "~", "!", "*",
    "\xC3\xA9",          // é (2 octets)
    "\xC3\x89",          // É, é's upper case: a different key (8.3)
    "\xC2\x80",          // U+0080, first C1
    "\xC2\x85",          // NEL, a C1 control
    "\xC2\x9F",          // U+009F, last C1
    "\xDF\xBF",          // U+07FF
    "\xE0\xA0\x80",      // U+0800
    "\xE2\x82\xAC",      // € (3 octets)
    "\xEF\xBB\xBF",      // BOM
    "\xEF\xBF\xBF",      // U+FFFF, a noncharacter
    "\xF0\x90\x80\x80",  // U+10000
    "\xF0\x9F\x98\x80",  // 😀 (4 octets)
    "\xF4\x8F\xBF\xBF",  // U+10FFFF
    "\xC2\xA0",          // NBSP: not a separator (only SP is, 5.3)
};

const std::vector<std::string> kDefaultKeys = {
    "k", "K", "key", "KEY", "k\xC3\xA9", "K\xC3\x89", "k\xC2\x85", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "x:1",
};

// Command names that are not GNP/1's six (8.7: names are case-sensitive).
constexpr std::array<std::string_view, 10> kUnknownNames = {
    "ping", "Ping", "echo", "Set", "get", "dEL", "quit", "NOPE", "GETX", "SET\xC2\xA0"};

constexpr std::array<std::string_view, 4> kSequenceNames = {"Sequence", "sequence", "SEQUENCE", "sEqUeNcE"};
// Valid after trimming (5.5): zero, leading zeros, the maximum.
constexpr std::array<std::string_view, 8> kGoodSequences = {
    "0", "1", "007", "42", "9223372036854775807", "09223372036854775807", " 5 ", "\t12\t"};
// Invalid (5.5): empty, overflow by one and more, signs, inner space, hex, decimal point,
// non-ASCII digits.
constexpr std::array<std::string_view, 10> kBadSequences = {
    "", "9223372036854775808", "18446744073709551616", "-1", "+1", "1 2", "0x10", "1.0", "\xD9\xA1",
    "\xEF\xBC\x91"};

// Invalid UTF-8 (5.1): overlongs, surrogates, above U+10FFFF, F5-FF, stray and truncated.
constexpr std::array<std::string_view, 10> kBadUtf8 = {
    "\xC0\x80", "\xC1\xBF", "\xE0\x80\xAF", "\xED\xA0\x80", "\xED\xBF\xBF",
    "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\x80", "\xFF", "\xE2\x82"};

std::span<const std::string> keys_or_default(std::span<const std::string> keys) {
  return keys.empty() ? std::span<const std::string>(kDefaultKeys) : keys;
}

// A length in octets: mostly short, sometimes medium or long, rarely near the request limit.
std::size_t pick_length(Rng& rng, std::size_t max_bytes) {
  const std::size_t roll = rng.below(100);
  std::size_t n = 1 + rng.below(8);
  if (roll >= 70) n = 9 + rng.below(56);
  if (roll >= 92) n = 200 + rng.below(800);
  if (roll >= 98) n = 4000 + rng.below(kLimit);
  return std::max<std::size_t>(1, std::min(n, max_bytes));
}

// Header lines that pass 5.4 and 5.5: maybe a valid Sequence, maybe an ignored header.
std::string headers(Rng& rng) {
  std::string out;
  if (rng.chance(1, 3)) {
    out += std::string(rng.pick(kSequenceNames)) + ":" + (rng.chance(3, 4) ? " " : "") +
           std::string(rng.pick(kGoodSequences)) + "\r\n";
  }
  if (rng.chance(1, 8)) {
    // Unknown headers are ignored once well-formed (5.4): Size and Message too, HT and colons inside.
    constexpr std::array<std::string_view, 5> kOther = {"X-Note: v", "x_y-Z9: a:b:c", "Size: 3", "Message: hi",
                                                        "Empty:"};
    out += std::string(rng.pick(kOther)) + (rng.chance(1, 3) ? "\tx\t" : "") + "\r\n";
  }
  return out;
}

std::string with_headers(std::string command_line, Rng& rng) { return command_line + "\r\n" + headers(rng) + "\r\n"; }

std::string key(Rng& rng, std::span<const std::string> keys) { return rng.pick(keys_or_default(keys)); }

std::string argument_line(std::string_view name, std::size_t count, Rng& rng, std::span<const std::string> keys,
                          std::size_t budget) {
  std::string line(name);
  for (std::size_t i = 0; i < count; ++i) {
    const bool is_key = i == 0 && (name == "SET" || name == "GET" || name == "DEL");
    line += ' ';
    line += is_key ? key(rng, keys) : generate_token(rng, budget > line.size() + 64 ? (budget - line.size()) / count : 1);
  }
  return line;
}

// Request text with one 5.2-5.5 fault (5.6: the syntax check comes before dispatch).
std::string bad_request(Rng& rng, std::span<const std::string> keys) {
  const std::string get = "GET " + key(rng, keys);
  switch (rng.below(16)) {
    case 0: return "ECHO  a\r\n\r\n";                     // doubled SP
    case 1: return " PING\r\n\r\n";                       // leading SP
    case 2: return get + " \r\n\r\n";                     // trailing SP
    case 3: return "ECHO a\tb\r\n\r\n";                   // HT in the command line
    case 4: return "PING\n\r\n\r\n";                      // bare LF
    case 5: return "SET a\rb v\r\n\r\n";                  // bare CR
    case 6: return std::string("PI\0NG\r\n\r\n", 9);     // NUL (4.1: it hides nothing)
    case 7: return "ECHO \x1B[0m\r\n\r\n";                // a C0 control
    case 8: return "ECHO a\x7F\r\n\r\n";                  // DEL
    case 9: return "\r\nPING\r\n\r\n";                    // empty command line
    case 10: return "PING\r\nA : b\r\n\r\n";              // space before the colon
    case 11: return "PING\r\nno colon\r\n\r\n";           // no colon
    case 12: return "PING\r\n: v\r\n\r\n";                // empty name
    case 13: return get + "\r\nX-A: 1\r\nx-a: 2\r\n\r\n";  // repeated name, other case
    case 14: return get + "\r\nSequence: 1\r\nsequence: 1\r\n\r\n";
    default: return get + "\r\n" + std::string(rng.pick(kSequenceNames)) + ": " +
                    std::string(rng.pick(kBadSequences)) + "\r\n\r\n";
  }
}

// A request with invalid UTF-8 in its command line or a header (5.1 wins over everything, 5.6).
std::string bad_encoding(Rng& rng, std::span<const std::string> keys) {
  const std::string bad(rng.pick(kBadUtf8));
  switch (rng.below(4)) {
    case 0: return "ECHO a" + bad + "\r\n\r\n";
    case 1: return "SET " + key(rng, keys) + " " + bad + "\r\n\r\n";
    case 2: return "PING\r\nX: " + bad + "\r\n\r\n";
    default: return "ECHO  " + bad + "\r\nSequence: 1\r\n\r\n";  // also a doubled SP: 5.1 first
  }
}

// The first UTF-8 character of a valid token (its lead octet gives the length, RFC 3629).
std::string_view first_character(std::string_view token) {
  const auto lead = static_cast<unsigned char>(token.front());
  const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return token.substr(0, length);
}

}  // namespace

std::string_view request_kind_name(RequestKind kind) {
  switch (kind) {
    case RequestKind::ping: return "PING";
    case RequestKind::echo: return "ECHO";
    case RequestKind::set: return "SET";
    case RequestKind::get: return "GET";
    case RequestKind::del: return "DEL";
    case RequestKind::quit: return "QUIT";
    case RequestKind::wrong_arity: return "wrong-arity";
    case RequestKind::unknown_command: return "unknown-command";
    case RequestKind::bad_request: return "bad-request";
    case RequestKind::bad_encoding: return "bad-encoding";
  }
  return "?";
}

std::span<const std::string> default_keys() { return kDefaultKeys; }

RequestKind pick_request_kind(Rng& rng, bool allow_quit) {
  // Weights in percent: the state-changing commands and their readers dominate.
  const std::size_t roll = rng.below(100);
  if (roll < 24) return RequestKind::get;
  if (roll < 44) return RequestKind::set;
  if (roll < 56) return RequestKind::del;
  if (roll < 66) return RequestKind::echo;
  if (roll < 73) return RequestKind::ping;
  if (roll < 80) return RequestKind::wrong_arity;
  if (roll < 86) return RequestKind::unknown_command;
  if (roll < 93) return RequestKind::bad_request;
  if (roll < 98 || !allow_quit) return RequestKind::bad_encoding;
  return RequestKind::quit;
}

std::string generate_token(Rng& rng, std::size_t max_bytes) {
  const std::size_t wanted = pick_length(rng, std::max<std::size_t>(1, max_bytes));
  std::string out;
  if (wanted > 64 && rng.chance(1, 2)) return std::string(wanted, static_cast<char>('a' + rng.below(26)));
  while (out.size() < wanted) {
    const std::string_view c = rng.chance(1, 2) ? kTokenChars[rng.below(10)] : rng.pick(kTokenChars);
    if (out.size() + c.size() > wanted) {
      out.append(wanted - out.size(), 'x');
      break;
    }
    out += c;
  }
  return out;
}

std::string generate_request(Rng& rng, RequestKind kind, std::span<const std::string> keys) {
  // Room for the command line: the limit less the terminator and a Sequence header.
  const std::size_t budget = kLimit - kTerminator.size() - 40;
  switch (kind) {
    case RequestKind::ping: return with_headers("PING", rng);
    case RequestKind::quit: return with_headers("QUIT", rng);
    case RequestKind::echo: {
      std::string line = argument_line("ECHO", 1 + rng.below(3), rng, keys, budget);
      // Sometimes exactly at the limit (4.2): ECHO and one argument filling 8192 octets.
      if (rng.chance(1, 40)) line = "ECHO " + std::string(kLimit - kTerminator.size() - 5, 'x');
      return line.size() + kTerminator.size() == kLimit ? line + std::string(kTerminator) : with_headers(line, rng);
    }
    case RequestKind::set: return with_headers(argument_line("SET", 2, rng, keys, budget), rng);
    case RequestKind::get: return with_headers(argument_line("GET", 1, rng, keys, budget), rng);
    case RequestKind::del: return with_headers(argument_line("DEL", 1, rng, keys, budget), rng);
    case RequestKind::wrong_arity: {
      constexpr std::array<std::pair<std::string_view, std::size_t>, 8> kWrong = {
          {{"PING", 1}, {"QUIT", 1}, {"ECHO", 0}, {"SET", 1}, {"SET", 3}, {"GET", 0}, {"GET", 2}, {"DEL", 2}}};
      const auto& [name, count] = rng.pick(kWrong);
      return with_headers(argument_line(name, count, rng, keys, 200), rng);
    }
    case RequestKind::unknown_command:
      return with_headers(argument_line(rng.pick(kUnknownNames), rng.below(3), rng, keys, 200), rng);
    case RequestKind::bad_request: {
      if (rng.chance(1, 4)) {  // a bad Sequence in an otherwise good request
        return "PING\r\n" + headers(rng) + std::string(rng.pick(kSequenceNames)) + ": " + std::string(rng.pick(kBadSequences)) +
               "\r\n\r\n";
      }
      return bad_request(rng, keys);
    }
    case RequestKind::bad_encoding: return bad_encoding(rng, keys);
  }
  return "PING\r\n\r\n";
}

std::string generate_request(Rng& rng) { return generate_request(rng, pick_request_kind(rng), {}); }

std::size_t pick_pipeline_depth(Rng& rng) {
  const std::size_t roll = rng.below(100);
  if (roll < 55) return 1 + rng.below(4);
  if (roll < 82) return 5 + rng.below(16);
  return 60 + rng.below(71);
}

std::vector<std::string> generate_pipeline(Rng& rng, std::size_t depth, std::span<const std::string> keys,
                                           bool allow_quit) {
  std::vector<std::string> requests;
  requests.reserve(depth);
  // One QUIT in some pipelines, anywhere (often mid-pipeline); none otherwise.
  const std::size_t quit_at = allow_quit && rng.chance(1, 6) ? rng.below(depth) : depth;
  for (std::size_t i = 0; i < depth; ++i) {
    requests.push_back(i == quit_at ? generate_request(rng, RequestKind::quit, keys)
                                    : generate_request(rng, pick_request_kind(rng, false), keys));
  }
  return requests;
}

std::optional<std::string> key_of(std::string_view request) {
  if (request.ends_with(kTerminator)) request.remove_suffix(kTerminator.size());
  gnp::Request parsed;
  if (gnp::parse_request(request, parsed)) return std::nullopt;
  const bool two = parsed.command == "SET" && parsed.args.size() == 2;
  const bool one = (parsed.command == "GET" || parsed.command == "DEL") && parsed.args.size() == 1;
  if (!two && !one) return std::nullopt;
  return std::string(parsed.args.front());
}

std::vector<std::string> simpler_requests(std::string_view request) {
  std::vector<std::string> out;
  auto add = [&](std::string candidate) {
    if (candidate != request && std::find(out.begin(), out.end(), candidate) == out.end()) out.push_back(std::move(candidate));
  };
  add("PING\r\n\r\n");
  std::string_view text = request;
  if (text.ends_with(kTerminator)) text.remove_suffix(kTerminator.size());
  const std::size_t line_end = text.find("\r\n");
  const std::string_view line = text.substr(0, line_end);
  // Each argument after the key (or every ECHO argument) shortened to one character, headers
  // dropped; then the command line alone.
  gnp::Request parsed;
  if (!gnp::parse_request(line, parsed) && !parsed.args.empty()) {
    std::string shorter(parsed.command);
    const bool keyed = parsed.command == "SET" || parsed.command == "GET" || parsed.command == "DEL";
    for (std::size_t i = 0; i < parsed.args.size(); ++i) {
      shorter += ' ';
      shorter += std::string((keyed && i == 0) ? parsed.args[i] : first_character(parsed.args[i]));
    }
    add(shorter + std::string(kTerminator));
  }
  if (line_end != std::string_view::npos) add(std::string(line) + std::string(kTerminator));
  return out;
}

GeneratedStream generate_stream(Rng& rng, std::span<const std::string> corpus) {
  GeneratedStream out;
  if (!corpus.empty() && rng.chance(1, 3)) {
    const std::size_t i = rng.below(corpus.size());
    out.bytes = corpus[i];
    out.origin = "corpus[" + std::to_string(i) + "]";
  } else {
    // Mostly short pipelines (fuzz mutates them next), sometimes a deep one.
    const std::size_t count = rng.chance(1, 10) ? pick_pipeline_depth(rng) : 1 + rng.below(6);
    std::vector<std::string> keys_named;
    for (std::string& request : generate_pipeline(rng, count, {})) {
      if (std::optional<std::string> k = key_of(request)) keys_named.push_back(*k);
      out.bytes += request;
    }
    out.origin = "generated x" + std::to_string(count);
    std::sort(keys_named.begin(), keys_named.end());
    keys_named.erase(std::unique(keys_named.begin(), keys_named.end()), keys_named.end());
    for (const std::string& k : keys_named) out.observer += "GET " + k + std::string(kTerminator);
  }
  if (rng.chance(1, 2)) {
    std::string names;
    for (std::string_view name : mutate(out.bytes, rng, corpus, 3)) {
      names += names.empty() ? "" : ",";
      names += name;
    }
    out.origin += " + " + names;
  }
  return out;
}

}  // namespace wireproof::blackbox
