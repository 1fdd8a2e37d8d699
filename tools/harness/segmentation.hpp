// Ways to cut a byte string into pieces sent as separate TCP segments (PROTOCOL.md 4.4: the
// server's behaviour must not depend on them). A cut point k means "a piece ends before byte k";
// cut points are strictly increasing and inside (0, size).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wireproof {

enum class Strategy {
  whole,            // one piece
  bytewise,         // one byte per piece
  split_terminator, // cut after the first CR or LF of every "\r\n\r\n", i.e. inside each terminator
  random,           // seeded pseudo-random cuts, on average one per 8 bytes
};

inline constexpr Strategy kAllStrategies[] = {Strategy::whole, Strategy::bytewise,
                                              Strategy::split_terminator, Strategy::random};

std::vector<std::size_t> cut_points(Strategy strategy, std::string_view bytes, std::uint64_t seed);
// `bytes` split at `cuts` (cut points as above): the pieces, in order.
std::vector<std::string> pieces_at(std::string_view bytes, const std::vector<std::size_t>& cuts);

// "whole", "bytewise", "split-terminator", "random".
std::string_view strategy_name(Strategy strategy);
// Inverse of strategy_name (also accepts '_' for '-'); nullopt for an unknown name. The one
// parser of strategy names: command lines (--strategies, --segment) and scenario files.
std::optional<Strategy> parse_strategy(std::string_view name);
// A comma-separated list ("whole,random"); nullopt with *error naming the bad entry and the known
// names when an entry is unknown or empty.
std::optional<std::vector<Strategy>> parse_strategy_list(std::string_view list, std::string* error);
// "whole, bytewise, split-terminator, random", for messages.
std::string known_strategy_names();

}  // namespace wireproof
