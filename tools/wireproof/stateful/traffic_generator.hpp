// Generates the stateful phase's rounds, seeded: each round is one connection's pipeline (depth 1
// to 130, from blackbox::generate_pipeline, the value space `fuzz` uses too) over the keys all
// connections share plus that connection's private keys, cut by one of the four segmentation
// strategies. QUIT may end a pipeline anywhere (the connection is then reopened by its next round),
// and after a round that wrote shared keys another connection often reads them back (8.8).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "blackbox/rng.hpp"
#include "stateful/traffic.hpp"

namespace wireproof::stateful {

struct GeneratorConfig {
  std::size_t connections = 4;
  std::size_t bytewise_limit = 4096;  // larger rounds are cut split-terminator instead (time)
};

class TrafficGenerator {
 public:
  TrafficGenerator(std::uint64_t seed, GeneratorConfig config);

  Round next();

  // Keys every connection uses, and the private ones of connection `name`: case variants and
  // non-ASCII (keys compare octet for octet, 8.3).
  static const std::vector<std::string>& shared_keys();
  static std::vector<std::string> private_keys(const std::string& name);
  static std::string connection_name(std::size_t index);  // "c1", "c2", ...

 private:
  blackbox::Rng rng_;
  GeneratorConfig config_;
  std::string last_connection_;
  std::vector<std::string> last_shared_writes_;
};

}  // namespace wireproof::stateful
