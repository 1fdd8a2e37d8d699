// The black-box subcommands of the `wireproof` CLI: they talk to a live server over TCP and judge
// its answers against the reference core (PROTOCOL.md as executed by gnp_core).
//
// Each takes the arguments that follow its subcommand name and returns the process exit code:
// 0 = nothing found, 1 = findings (crash, hang, spec violation, or a difference for diff),
// 2 = usage or setup error (message on stderr).
#pragma once

#include <span>
#include <string>

namespace wireproof::blackbox {

// wireproof repro FILE... [--server CMD | --connect ADDR]
int run_repro(std::span<const std::string> args);
// wireproof fuzz --server CMD --seconds N --out DIR [--seed S] [--jobs N] [--corpus DIR]
int run_fuzz(std::span<const std::string> args);
// wireproof diff --server A --server B [--seconds N | --count N] [--seed S]
int run_diff(std::span<const std::string> args);

}  // namespace wireproof::blackbox
