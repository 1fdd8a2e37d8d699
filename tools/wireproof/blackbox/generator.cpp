#include "generator.hpp"

#include <array>
#include <string_view>

#include "mutators.hpp"

namespace wireproof::blackbox {

namespace {

constexpr std::array<std::string_view, 11> kCommands = {
    "PING", "ECHO", "SET", "GET", "DEL", "QUIT", "ping", "Echo", "NOPE", "GETX", "SET\xC2\xA0"};
constexpr std::array<std::string_view, 4> kKeys = {"k", "key", "k\xC3\xA9", "x1"};
constexpr std::array<std::string_view, 7> kValues = {
    "v", "value", "h\xC3\xA9llo", "\xF0\x9F\x98\x80", "a\tb", "\xE2\x82\xAC" "100", "42"};
constexpr std::array<std::string_view, 9> kSequences = {
    "0", "1", "007", "42", "9223372036854775807", "9223372036854775808", "18446744073709551616", "",
    "-1"};

std::string token(Rng& rng, bool key) {
  return std::string(key ? rng.pick(kKeys) : rng.pick(kValues));
}

// The arity each command expects, sometimes off by one to provoke bad-arguments (8.7).
std::size_t argument_count(std::string_view command, Rng& rng) {
  std::size_t n = 1;
  if (command == "PING" || command == "QUIT") n = 0;
  if (command == "SET") n = 2;
  if (command == "ECHO") n = 1 + rng.below(3);
  if (rng.chance(1, 8)) n = n == 0 ? 1 : n - 1 + 2 * rng.below(2);
  return n;
}

std::string headers(Rng& rng) {
  std::string out;
  if (rng.chance(1, 3)) out += std::string(rng.chance(1, 4) ? "sequence" : "Sequence") + ": " +
                               std::string(rng.pick(kSequences)) + "\r\n";
  if (rng.chance(1, 6)) out += "X-Note: " + token(rng, false) + "\r\n";
  if (rng.chance(1, 12)) out += "Sequence: 5\r\n";  // maybe a repeated name (5.4)
  return out;
}

}  // namespace

std::string generate_request(Rng& rng) {
  const std::string_view command = rng.pick(kCommands);
  std::string line(command);
  const std::size_t n = argument_count(command, rng);
  for (std::size_t i = 0; i < n; ++i) {
    line += ' ';
    line += token(rng, i == 0 && command != "ECHO");
  }
  return line + "\r\n" + headers(rng) + "\r\n";
}

GeneratedStream generate_stream(Rng& rng, std::span<const std::string> corpus) {
  GeneratedStream out;
  if (!corpus.empty() && rng.chance(1, 3)) {
    const std::size_t i = rng.below(corpus.size());
    out.bytes = corpus[i];
    out.origin = "corpus[" + std::to_string(i) + "]";
  } else {
    const std::size_t count = 1 + rng.below(6);
    for (std::size_t i = 0; i < count; ++i) out.bytes += generate_request(rng);
    out.origin = "generated x" + std::to_string(count);
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
