#include "harness/segmentation.hpp"

#include <algorithm>
#include <string>

namespace wireproof {
namespace {

// splitmix64: small, seedable, the same on every platform (std distributions are not).
std::uint64_t next_random(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

}  // namespace

std::vector<std::string> pieces_at(std::string_view bytes, const std::vector<std::size_t>& cuts) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t cut : cuts) {
    out.emplace_back(bytes.substr(start, cut - start));
    start = cut;
  }
  out.emplace_back(bytes.substr(start));
  return out;
}

std::vector<std::size_t> cut_points(Strategy strategy, std::string_view bytes, std::uint64_t seed) {
  std::vector<std::size_t> cuts;
  switch (strategy) {
    case Strategy::whole:
      break;
    case Strategy::bytewise:
      for (std::size_t k = 1; k < bytes.size(); ++k) cuts.push_back(k);
      break;
    case Strategy::split_terminator:
      // Three cuts per terminator: \r|\n|\r|\n. Overlapping terminators ("\r\n\r\n\r\n") would
      // repeat cut points, so only ever-increasing ones are kept.
      for (std::size_t at = bytes.find("\r\n\r\n"); at != std::string_view::npos;
           at = bytes.find("\r\n\r\n", at + 1)) {
        for (std::size_t k = at + 1; k <= at + 3; ++k) {
          if (cuts.empty() || cuts.back() < k) cuts.push_back(k);
        }
      }
      break;
    case Strategy::random: {
      std::uint64_t state = seed;
      for (std::size_t k = 1; k < bytes.size(); ++k) {
        if (next_random(state) % 8 == 0) cuts.push_back(k);
      }
      break;
    }
  }
  return cuts;
}

std::string_view strategy_name(Strategy strategy) {
  switch (strategy) {
    case Strategy::whole: return "whole";
    case Strategy::bytewise: return "bytewise";
    case Strategy::split_terminator: return "split-terminator";
    case Strategy::random: return "random";
  }
  return "?";
}

std::optional<Strategy> parse_strategy(std::string_view name) {
  std::string normalized(name);
  for (char& c : normalized) {
    if (c == '_') c = '-';
  }
  for (Strategy strategy : kAllStrategies) {
    if (strategy_name(strategy) == normalized) return strategy;
  }
  return std::nullopt;
}

std::optional<std::vector<Strategy>> parse_strategy_list(std::string_view list, std::string* error) {
  std::vector<Strategy> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t end = std::min(list.find(',', start), list.size());
    const std::string_view name = list.substr(start, end - start);
    const std::optional<Strategy> strategy = parse_strategy(name);
    if (!strategy) {
      if (error != nullptr) *error = "unknown strategy '" + std::string(name) + "' (known: " + known_strategy_names() + ")";
      return std::nullopt;
    }
    out.push_back(*strategy);
    start = end + 1;
  }
  return out;
}

std::string known_strategy_names() {
  std::string text;
  for (Strategy strategy : kAllStrategies) text += (text.empty() ? "" : ", ") + std::string(strategy_name(strategy));
  return text;
}

}  // namespace wireproof
