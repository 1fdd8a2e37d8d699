// certify's hook for the stateful random phase (tools/wireproof/stateful/): its options, its run
// (against a server of its own, concurrently with the scenarios; or, with --connect, against the
// given server after them), and its results as a case of the report.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <thread>

#include "cli/arguments.hpp"
#include "certify/certify_run.hpp"
#include "stateful/phase.hpp"
#include "certify/preflight.hpp"
#include "report/run_report.hpp"

namespace wireproof::certify {

void add_stateful_options(cli::Options& options);

class StatefulPhase {
 public:
  // Reads --no-stateful, --stateful-execs, --stateful-seconds, --stateful-out (default: the
  // directory of the first --json/--junit/--html file, else the current one). Throws cli::UsageError.
  StatefulPhase(const cli::Arguments& args, const CertifyOptions& run);
  ~StatefulPhase();

  // Called with the run's preflight: the phase reads frames as the preflight found (a deviating
  // greeting is reported once, by the preflight) and does not run against a server that the
  // preflight found quiet or speaking the other transport. Starts it when it can run beside the
  // scenarios (a server of its own).
  void start(const Preflight& preflight);
  // Runs it if start() did not, waits for it, and adds its case, summary line and any setup error.
  void finish(report::RunReport& report);

 private:
  void run();

  const CertifyOptions& certify_;
  bool enabled_ = true;
  std::string not_run_;  // why the preflight's finding keeps the phase from running; "" when it runs
  stateful::PhaseOptions options_;
  std::optional<std::thread> thread_;
  stateful::PhaseResult result_;
  std::unique_ptr<scenario::Scenario> scenario_;  // what the phase's case points to
};

}  // namespace wireproof::certify
