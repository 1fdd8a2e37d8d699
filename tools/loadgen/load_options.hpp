// Command-line options of gnp-load.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace wireproof::load {

enum class Protocol { gnp, redis_inline };
enum class Mix { ping, get, set, mixed };

struct LoadOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 7070;
  int connections = 50;
  int pipeline = 16;
  double seconds = 5.0;
  double warmup_seconds = 1.0;
  Protocol protocol = Protocol::gnp;
  Mix mix = Mix::ping;
  int value_size = 32;
  std::optional<int> server_pid;  // for peak RSS (VmHWM)
  std::string label;
};

// Parses argv; on error prints to stderr and returns nullopt (exit 2). --help prints usage and exits 0.
std::optional<LoadOptions> parse_load_options(int argc, char** argv);

}  // namespace wireproof::load
