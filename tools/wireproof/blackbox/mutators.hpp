// Mutation operators on request byte streams. Each is deterministic for a given Rng state, so a
// fuzz run is reproducible from its seed.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "blackbox/rng.hpp"

namespace wireproof::blackbox {

enum class Mutation {
  flip_bit,            // xor one bit of one byte
  insert_terminator,   // "\r\n\r\n" at a random offset (splits or adds requests, 4.1)
  duplicate_range,     // a random slice repeated in place (pipelines, repeated headers)
  splice,              // a slice of another input inserted (corpus cross-over)
  grow_to_limit,       // first request padded to 8191, 8192 or 8193 bytes (4.2, 4.3)
  insert_bad_utf8,     // an invalid UTF-8 sequence inserted (5.1)
  insert_token,        // SP, HT, CR, LF, NUL, DEL, ':' or a header line inserted (5.2-5.5)
  erase_range,         // a random slice removed
  toggle_case,         // one ASCII letter's case flipped (8.7, 5.4)
};

inline constexpr Mutation kAllMutations[] = {
    Mutation::flip_bit,     Mutation::insert_terminator, Mutation::duplicate_range,
    Mutation::splice,       Mutation::grow_to_limit,     Mutation::insert_bad_utf8,
    Mutation::insert_token, Mutation::erase_range,       Mutation::toggle_case,
};

std::string_view mutation_name(Mutation m);

// Applies `m` to `bytes` in place. `donors` feeds splice (ignored when empty: then a slice of
// `bytes` itself is used).
void apply_mutation(Mutation m, std::string& bytes, Rng& rng, std::span<const std::string> donors);

// Applies 1..max_count randomly chosen mutations; returns their names in order (for reports).
std::vector<std::string_view> mutate(std::string& bytes, Rng& rng, std::span<const std::string> donors,
                                     std::size_t max_count);

}  // namespace wireproof::blackbox
