// Which server the live suite talks to, from the environment (see ../README.md):
//   WIREPROOF_SERVER='CMD ... {port}'  start this command on a free port (ServerProcess)
//   WIREPROOF_CONNECT=HOST:PORT        use a server that is already running
//   WIREPROOF_DEFAULT_SERVER           as WIREPROOF_SERVER; ctest sets it to the built gnp-server
// The first one set wins.
#pragma once

#include <optional>
#include <string>

#include "harness/address.hpp"
#include "harness/server_process.hpp"

namespace wireproof::properties {

struct LiveTarget {
  std::optional<ServerProcess> process;  // when the suite started the server itself
  Address address;
  std::string description;  // e.g. "WIREPROOF_CONNECT=127.0.0.1:7070"

  // Empty while the server runs (or is not ours to watch); else its exit status and last output.
  std::string death_report();
};

// nullopt when none of the variables is set (*why_none says what to set). Throws
// std::runtime_error naming the variable when its value is bad or the server does not start.
std::optional<LiveTarget> live_target_from_environment(std::string* why_none);

}  // namespace wireproof::properties
