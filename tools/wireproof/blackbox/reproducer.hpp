// Reproducer files: what `fuzz` writes for each finding and what `repro` reads back.
//
// fuzz writes, per finding, NAME.bin (the raw request bytes, as the in-process fuzzers take
// them), NAME.gnpt (a scenario: the same bytes, their segmentation, and the reference answers)
// and NAME.txt (the report). repro reads .gnpt scenarios (bytes sent on the first connection,
// cut as the scenario pins) and any other file as a raw request stream.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "blackbox/exchange.hpp"
#include "harness/segmentation.hpp"
#include "blackbox/trial.hpp"

namespace wireproof::blackbox {

// A file name stem for a finding, e.g. "03-violation-4.4-segmentation".
std::string finding_stem(std::size_t index, const Verdict& verdict);

// Writes NAME.bin, NAME.gnpt and NAME.txt into `dir`; returns the .gnpt path. Throws
// std::runtime_error naming the file it could not write. `tls`: found inside TLS, so the
// scenario says `transport tls` and the replay hint has --tls.
std::filesystem::path write_finding(const std::filesystem::path& dir, const std::string& stem, const Finding& finding,
                                    const std::string& server, bool tls = false);

// The text of NAME.gnpt, to be written at `scenario_path` (its replay hint names that path).
std::string finding_scenario_text(const std::filesystem::path& scenario_path, const std::string& stem,
                                  const Finding& finding, const std::string& server, bool tls = false);

// The full text report of a finding (also the .txt file).
std::string finding_report(const Finding& finding);

struct LoadedCase {
  TestCase test;
  std::string note;  // e.g. which connection of a scenario was replayed; may be empty
};

// Why repro does not replay `file` ("" when it does): `wireproof fuzz` writes a text report
// (NN-*.txt, report.txt) next to each finding's .bin and .gnpt; `repro DIR/*` must not send those
// as request streams and call them ok.
std::string not_a_stream(const std::filesystem::path& file);

// Reads `file` for repro. Raw files are cut by `raw_strategy`. nullopt with *error naming the
// file (and line:column for scenarios) when it cannot be read or parsed.
std::optional<LoadedCase> load_case(const std::filesystem::path& file, Strategy raw_strategy, std::string* error);

}  // namespace wireproof::blackbox
