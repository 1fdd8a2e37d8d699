// Stateful traffic as a .gnpt scenario and back. The scenario holds every round in order (connect
// when a connection is (re)opened, one `send` per piece, the oracle's answers as `expect` lines,
// `expect closed` after QUIT), pins `segmentation whole` so the pieces go as written, and starts
// with the reset round, so it passes on a conforming server whatever its store holds: `certify
// --scenarios` runs it like any scenario, `wireproof repro` replays it judged by the oracle.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "stateful/runner.hpp"
#include "scenario/scenario.hpp"
#include "stateful/traffic.hpp"

namespace wireproof::stateful {

struct ReproducerInfo {
  std::string id;       // e.g. "stateful-seed-1-8.8-store-value"
  std::string title;    // one line
  std::string section;      // of the first divergence
  std::string requirement;  // ditto, e.g. "8.8/2": the scenario's requirement line
  bool tls = false;     // found inside TLS: `transport tls`
};

// `run` is a run of the traffic (reset round first) through the oracle: its rounds and expectations.
scenario::Scenario reproducer_scenario(const TrafficRun& run, const ReproducerInfo& info);

// The rounds of a scenario whose steps are only connect, send and expect on GNP/1 connections
// (consecutive sends on one connection form a round; each send is a piece); nullopt for any other
// scenario, with *why saying what it holds.
std::optional<Traffic> traffic_from_scenario(const scenario::Scenario& s, std::string* why);

// Connections a scenario opens (distinct names).
std::size_t connection_count(const scenario::Scenario& s);

// The traffic of `file` when it is a .gnpt scenario over several GNP/1 connections that stateful
// replay models (e.g. one this phase wrote); nullopt for anything else (including files that do
// not parse: their reader reports that).
std::optional<Traffic> multi_connection_traffic(const std::filesystem::path& file);

}  // namespace wireproof::stateful
