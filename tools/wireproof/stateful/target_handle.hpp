// A Target (tools/wireproof/target/) as the server of the stateful phase: the one lifecycle, used
// by certify's phase and by fuzz's cross-connection findings.
#pragma once

#include <string>

#include "harness/escape.hpp"
#include "stateful/phase.hpp"
#include "target/target.hpp"

namespace wireproof::stateful {

class TargetHandle : public ServerHandle {
 public:
  explicit TargetHandle(Target& target) : target_(target) {}
  Address address() override { return target_.address(); }
  // "signal 6 (SIGABRT)" and its last output lines ("\nserver| ..."); "" while it runs.
  std::string death(std::chrono::milliseconds grace) override {
    const std::optional<ServerDeath> death = target_.death(grace);
    if (!death) return "";
    std::string text = death->status;
    for (const std::string& line : death->output) text += "\nserver| " + escape_bytes(line);
    return text;
  }
  bool restart() override {
    if (!target_.started()) return false;
    try {
      target_.restart();
      return true;
    } catch (const SetupError&) {
      return false;
    }
  }

 private:
  Target& target_;
};

}  // namespace wireproof::stateful
