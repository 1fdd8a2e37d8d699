// A ServerTarget as the server of the stateful library (tools/wireproof/stateful/), so `fuzz`
// can shrink and write its cross-connection findings with the stateful phase's machinery.
#pragma once

#include "phase.hpp"
#include "server_target.hpp"

namespace wireproof::blackbox {

class StatefulTarget : public stateful::ServerHandle {
 public:
  explicit StatefulTarget(ServerTarget& target) : target_(target) {}
  Address address() override { return target_.address(); }
  std::string death(std::chrono::milliseconds grace) override { return target_.death(grace).value_or(""); }
  bool restart() override {
    if (!target_.spawned()) return false;
    target_.restart();
    return true;
  }

 private:
  ServerTarget& target_;
};

}  // namespace wireproof::blackbox
