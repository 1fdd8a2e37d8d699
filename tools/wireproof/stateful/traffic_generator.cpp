#include "stateful/traffic_generator.hpp"

#include <algorithm>

#include "blackbox/generator.hpp"

namespace wireproof::stateful {

namespace {

bool is_write(const std::string& request) { return request.starts_with("SET ") || request.starts_with("DEL "); }

}  // namespace

TrafficGenerator::TrafficGenerator(std::uint64_t seed, GeneratorConfig config)
    : rng_(seed ^ 0x5EED5EED5EED5EEDULL), config_(config) {}

const std::vector<std::string>& TrafficGenerator::shared_keys() {
  static const std::vector<std::string> keys = {"s", "S", "s\xC3\xA9", "s\xF0\x9F\x98\x80"};
  return keys;
}

std::vector<std::string> TrafficGenerator::private_keys(const std::string& name) {
  std::string upper = name;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return {name + "p", upper + "P"};
}

std::string TrafficGenerator::connection_name(std::size_t index) { return "c" + std::to_string(index + 1); }

Round TrafficGenerator::next() {
  Round round;
  const std::size_t n = std::max<std::size_t>(1, config_.connections);
  // Read back what the last round wrote to shared keys, from another connection (8.8).
  if (!last_shared_writes_.empty() && n > 1 && rng_.chance(1, 3)) {
    std::string other = last_connection_;
    while (other == last_connection_) other = connection_name(rng_.below(n));
    round.connection = other;
    for (const std::string& key : last_shared_writes_) round.requests.push_back("GET " + key + "\r\n\r\n");
    round.strategy = Strategy::whole;
    last_shared_writes_.clear();
    last_connection_ = other;
    return round;
  }
  round.connection = connection_name(rng_.below(n));
  std::vector<std::string> keys = shared_keys();
  for (std::string& k : private_keys(round.connection)) keys.push_back(std::move(k));
  round.requests = blackbox::generate_pipeline(rng_, blackbox::pick_pipeline_depth(rng_), keys);
  const std::size_t roll = rng_.below(10);
  round.strategy = roll < 4 ? Strategy::whole : roll < 6 ? Strategy::split_terminator
                                                 : roll < 8 ? Strategy::random : Strategy::bytewise;
  round.seed = rng_.next();
  if (round.strategy == Strategy::bytewise && round.bytes().size() > config_.bytewise_limit) {
    round.strategy = Strategy::split_terminator;
  }
  last_shared_writes_.clear();
  for (const std::string& request : round.requests) {
    const std::optional<std::string> key = blackbox::key_of(request);
    if (!key || !is_write(request)) continue;
    if (std::find(shared_keys().begin(), shared_keys().end(), *key) != shared_keys().end() &&
        std::find(last_shared_writes_.begin(), last_shared_writes_.end(), *key) == last_shared_writes_.end()) {
      last_shared_writes_.push_back(*key);
    }
  }
  last_connection_ = round.connection;
  return round;
}

}  // namespace wireproof::stateful
