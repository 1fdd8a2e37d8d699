#include "stateful/traffic.hpp"

#include "blackbox/generator.hpp"

namespace wireproof::stateful {

std::string Round::bytes() const {
  std::string out;
  for (const std::string& r : requests) out += r;
  return out;
}

std::vector<std::size_t> Round::cuts() const {
  if (!explicit_cuts.empty()) return explicit_cuts;
  return cut_points(strategy, bytes(), seed);
}

std::string Round::segmentation() const {
  if (!explicit_cuts.empty()) return std::to_string(explicit_cuts.size() + 1) + " pieces";
  if (strategy == Strategy::random) return "random(seed " + std::to_string(seed) + ")";
  return std::string(strategy_name(strategy));
}

std::size_t Traffic::requests() const {
  std::size_t n = 0;
  for (const Round& r : rounds) n += r.requests.size();
  return n;
}

std::set<std::string> Traffic::keys() const {
  std::set<std::string> out;
  for (const Round& round : rounds) {
    for (const std::string& request : round.requests) {
      if (std::optional<std::string> key = blackbox::key_of(request)) out.insert(*key);
    }
  }
  return out;
}

Round reset_round(const std::set<std::string>& keys) {
  Round round;
  round.connection = kResetConnection;
  // Every SET before every DEL, so a server that defers a DEL to the end of a read still ends
  // with each key absent and answers OK to each.
  for (const std::string& key : keys) round.requests.push_back("SET " + key + " _\r\n\r\n");
  for (const std::string& key : keys) round.requests.push_back("DEL " + key + "\r\n\r\n");
  return round;
}

}  // namespace wireproof::stateful
