#include "certify/certify_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iostream>
#include <set>

#include "cli/arguments.hpp"
#include "certify/baseline.hpp"
#include "command/subcommand.hpp"
#include "certify/certify_run.hpp"
#include "coverage/citations.hpp"
#include "report/progress.hpp"
#include "report/report_writers.hpp"
#include "scenario/scenario_parser.hpp"
#include "certify/selection.hpp"
#include "cli/source_tree.hpp"
#include "certify/stateful_phase.hpp"
#include "certify/suite_identity.hpp"
#include "cli/terminal.hpp"
#include "tls/tls_setup.hpp"
#include "version/version.hpp"

namespace wireproof::certify {
namespace {

using Clock = std::chrono::steady_clock;

command::Spec certify_spec() {
  command::Spec spec{"certify",
                     "wireproof certify (--server 'CMD ... {port} ...' | --connect HOST:PORT) [--tls ...] [options]",
                     "Run the conformance scenarios (conformance/scenarios/**/*.gnpt) against a GNP/1 server,\n"
                     "each under several segmentation strategies, and report per PROTOCOL.md section.",
                     {command::Shared::server, command::Shared::connect, command::Shared::tls, command::Shared::jobs,
                      command::Shared::timeout_ms, command::Shared::seed, command::Shared::max_response_bytes}};
  spec.default_jobs = 2;
  spec.default_seed = 1;
  spec.output_files = {"--json", "--junit", "--html", "--write-baseline"};
  spec.min_targets = 0;  // --list needs none; certify_with asks for one otherwise
  return spec;
}

// Selection (docs/SCENARIOS.md, "Selecting scenarios").
void add_selection_options(cli::Options& o) {
  o.add_repeatable("--scenarios", "DIR",
                   "scenario directory; 'default' is the bundled suite (share/wireproof/conformance/scenarios "
                   "installed, conformance/scenarios in the source tree), the default when none is given (repeatable)");
  o.add("--filter", "GLOBS", "comma-separated globs over scenario ids and sections, e.g. '4.*,08-commands/*'");
  o.add_repeatable("--exclude", "GLOBS", "leave out the scenarios these globs select (same syntax as --filter; repeatable)");
  o.add("--rerun-failed", "REPORT.json", "run only the scenarios that failed in this --json report");
  o.add_flag("--list", "print the selected scenarios (id, section, level, requirements, title) and run nothing");
}

// Known failures and flakes (docs/SCENARIOS.md, "Baselines" and "Retries").
void add_known_failure_options(cli::Options& o) {
  o.add("--baseline", "FILE", "known failures: a covered failing case is xfail and does not fail the run");
  o.add_flag("--strict-baseline", "with --baseline: a covered case that passes (xpass) fails the run");
  o.add("--write-baseline", "FILE", "write this run's failures as a baseline ('-': standard output)");
  o.add("--retries", "N", "re-run a failing case (verdict fail) up to N times; one that then passes is flaky, still a failure (default 0)");
}

void add_certify_options(cli::Options& o) {
  add_selection_options(o);
  o.add("--protocol", "FILE", "the PROTOCOL.md the scenarios' citations are checked against (default: the bundled one)");
  o.add("--startup-timeout-ms", "MS", "longest wait for a started server to accept connections (default 5000)");
  o.add("--strategies", "LIST", "segmentation strategies for unpinned scenarios (default whole,bytewise,split-terminator,random)");
  o.add_flag("--fail-fast", "stop starting scenarios after the first MUST failure");
  o.add_flag("--strict",
             "after a preflight deviation (e.g. the greeting), read every case strictly instead of accepting the "
             "observed form in its place");
  o.add("--json", "FILE", "write the results as JSON (schema in docs/SCENARIOS.md); '-': standard output");
  o.add("--junit", "FILE", "write the results as JUnit XML; '-': standard output");
  o.add("--html", "FILE", "write a self-contained HTML report; '-': standard output");
  o.add_flag("--quiet", "no progress on stderr (errors, the summary and the result still print)");
  add_known_failure_options(o);
  add_stateful_options(o);
  o.epilog(
      "With --tls every scenario runs inside TLS (PROTOCOL.md 11.2 GNP/1 TLS level: Core inside TLS, plus\n"
      "2.2, 3.2 and 9); without it `transport tls` scenarios are skipped. {tls_cert} {tls_key} {allow_file}\n"
      "{ca_file} in --server are filled from --pki DIR, or from a PKI generated with tools/make-test-pki.\n"
      "Report paths are checked before anything runs.\n"
      "After the scenarios (beside them, on a server of its own, with --server) a stateful random phase runs\n"
      "seeded by --seed: pipelines of every command over several connections, judged by the reference core; a\n"
      "failure is shrunk and written as a .gnpt (docs/SCENARIOS.md, \"The stateful phase\").\n"
      "Known failures, retries, selection and the report formats: docs/SCENARIOS.md; CI jobs: docs/CI.md.\n"
      "exit status: 0 every MUST scenario passed or is a known failure (--baseline), 1 one failed (or crashed\n"
      "or hung; a flaky one too, PROTOCOL.md 11.3; under --strict-baseline also an xpass), 2 usage or setup error\n"
      "example: build/bin/wireproof certify --server 'build/bin/gnp-server --port {port} "
      "--idle-timeout-ms {idle_timeout_ms} --request-timeout-ms {request_timeout_ms} "
      "--max-connections {max_connections}'\n"
      "example: build/bin/wireproof certify --tls --server 'build/bin/gnp-server --port {port} "
      "--tls-cert {tls_cert} --tls-key {tls_key} --allow-file {allow_file} --idle-timeout-ms {idle_timeout_ms} "
      "--request-timeout-ms {request_timeout_ms} --max-connections {max_connections}'");
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// The options naming a report file; at most one may be '-' (standard output).
constexpr const char* kReportOptions[] = {"--json", "--junit", "--html", "--write-baseline"};

// The report that goes to standard output ('-'), if any; then the human summary goes to stderr.
std::optional<std::string> stdout_report(const cli::Arguments& parsed) {
  std::optional<std::string> chosen;
  for (const char* option : kReportOptions) {
    if (parsed.value(option) != "-") continue;
    if (chosen) throw cli::UsageError(std::string(option) + " -: " + *chosen + " already writes to standard output");
    chosen = option;
  }
  return chosen;
}

bool write_file(const std::string& path, const std::string& content, const char* what) {
  if (path == "-") {
    std::cout << content << std::flush;
    return static_cast<bool>(std::cout);
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) {
    std::cerr << "wireproof certify: cannot write the " << what << " report to " << path << "\n";
    return false;
  }
  return true;
}

// PROTOCOL.md, after checking that every section and requirement the scenarios cite is in it;
// nullopt (after saying why) when it cannot be found or read, or a citation is unknown.
std::optional<coverage::ProtocolCatalog> load_cited_protocol(const std::optional<std::string>& option,
                                                             const std::vector<scenario::Scenario>& scenarios) {
  const auto file = option ? std::optional<std::filesystem::path>(*option) : coverage::default_protocol_file();
  if (!file) {
    std::cerr << "wireproof certify: " << cli::not_found_message("docs/PROTOCOL.md")
              << ": the scenarios' requirement IDs are checked against it and reports quote it; pass --protocol FILE\n";
    return std::nullopt;
  }
  std::string error;
  std::optional<coverage::ProtocolCatalog> catalog = coverage::load_protocol(*file, &error);
  if (!catalog) {
    std::cerr << "wireproof certify: " << error << "\n";
    return std::nullopt;
  }
  const std::vector<scenario::ParseError> unknown = coverage::check_citations(*catalog, scenarios);
  for (const scenario::ParseError& e : unknown) std::cerr << e.describe() << "\n";
  if (!unknown.empty()) {
    std::cerr << "wireproof certify: " << unknown.size() << " citation(s) of " << file->string()
              << " that it does not have; nothing was run\n";
    return std::nullopt;
  }
  return catalog;
}

// Makes every client TLS context the runnable scenarios use, so a bad certificate file stops the
// run before it starts (exit 2), naming the scenario line that uses it.
bool prepare_tls_contexts(const std::vector<scenario::Scenario>& scenarios, const CertifyOptions& run) {
  bool ok = true;
  for (const scenario::Scenario& s : scenarios) {
    if (!skip_reason(s, run).empty()) continue;
    for (const scenario::Step& step : s.steps) {
      const auto* connect = std::get_if<scenario::Connect>(&step);
      if (connect == nullptr || connect->kind != scenario::ConnectKind::gnp) continue;
      try {
        run.tls->context(connect->certificate, connect->tls_version);
      } catch (const cli::UsageError& e) {
        std::cerr << s.file << ":" << connect->where.line << ": " << e.what() << "\n";
        ok = false;
      }
    }
  }
  if (!ok) std::cerr << "wireproof certify: TLS client certificates missing or unusable; nothing was run\n";
  return ok;
}

// --baseline: reads it (exit 2 on a malformed file) and records it in the report.
bool load_baseline(const cli::Arguments& parsed, const Suite& suite, report::RunReport& rr, std::optional<Baseline>& baseline) {
  rr.strict_baseline = parsed.has("--strict-baseline");
  const auto file = parsed.value("--baseline");
  if (!file) {
    if (rr.strict_baseline) std::cerr << "wireproof certify: --strict-baseline without --baseline: nothing to be strict about\n";
    return !rr.strict_baseline;
  }
  std::string error;
  baseline = read_baseline(*file, &error);
  if (!baseline) {
    std::cerr << "wireproof certify: --baseline: " << error << "\n";
    return false;
  }
  rr.baseline = *file;
  rr.baseline_notes = baseline_notes(*baseline, suite.all, rr.suite_hash);
  for (const std::string& note : rr.baseline_notes) std::cerr << "wireproof certify: note: " << note << "\n";
  return true;
}

// --list: the selection, without a server.
int list_scenarios(const cli::Arguments& parsed) {
  Suite suite;
  if (!load_suite(parsed, suite)) return 2;
  std::cout << scenario_list(suite.selected);
  std::cerr << "wireproof certify: " << suite.selected.size() << " of " << suite.all.size() << " scenarios selected, suite "
            << suite_hash(suite.all) << "\n";
  return 0;
}

int certify_with(const command::Setup& setup) {
  const cli::Arguments& parsed = setup.args;
  if (parsed.has("--list")) return list_scenarios(parsed);
  if (setup.targets.empty()) throw cli::UsageError("give exactly one of --server 'CMD {port}' and --connect HOST:PORT");
  const bool to_stdout = stdout_report(parsed).has_value();  // then the summary goes to stderr
  const command::TargetSpec& target = setup.targets.front();
  CertifyOptions run;
  if (target.start) {
    run.server_template = target.command;
  } else {
    run.connect = target.address;
  }
  run.tls = setup.tls;
  run.jobs = setup.jobs;
  run.limits.step_timeout = setup.timeout;
  run.limits.conventions = setup.reading();
  run.seed = setup.seed;
  run.startup_timeout = std::chrono::milliseconds(parsed.integer("--startup-timeout-ms", 1, 600'000).value_or(5000));
  run.fail_fast = parsed.has("--fail-fast");
  run.strict = parsed.has("--strict");
  run.retries = static_cast<int>(parsed.integer("--retries", 0, 10).value_or(0));
  if (const auto list = parsed.value("--strategies")) {
    std::string error;
    const auto strategies = parse_strategy_list(*list, &error);
    if (!strategies) throw cli::UsageError("--strategies: " + error);
    run.strategies = *strategies;
  }
  StatefulPhase phase(parsed, run);
  run.on_preflight = [&phase](const Preflight& preflight) { phase.start(preflight); };

  Suite suite;
  if (!load_suite(parsed, suite)) return 2;
  const std::vector<scenario::Scenario>& selected = suite.selected;
  report::RunReport rr;
  rr.wireproof_version = std::string(project_version()) + " (git " + std::string(git_description()) + ")";
  rr.suite_hash = suite_hash(suite.all);
  rr.suite_scenarios = suite.all.size();
  const std::optional<coverage::ProtocolCatalog> catalog = load_cited_protocol(parsed.value("--protocol"), suite.all);
  if (!catalog) return 2;
  std::optional<Baseline> baseline;
  if (!load_baseline(parsed, suite, rr, baseline)) return 2;
  if (run.tls && !prepare_tls_contexts(selected, run)) return 2;

  rr.target_kind = run.server_template ? "server" : "connect";
  rr.target = target.given;
  if (run.tls) {
    rr.level = "GNP/1 TLS";
    rr.tls = run.tls->describe();
  }
  rr.started_at = utc_now();
  rr.seed = run.seed;
  for (Strategy s : run.strategies) rr.strategies.emplace_back(strategy_name(s));

  const bool quiet = parsed.has("--quiet");
  if (!quiet) {
    std::string dirs;
    for (const std::filesystem::path& d : suite.dirs) dirs += (dirs.empty() ? "" : " and ") + d.string();
    std::cerr << "wireproof certify: " << selected.size() << " scenarios from " << dirs << ", " << run.jobs
              << " job(s), strategies";
    for (const std::string& s : rr.strategies) std::cerr << " " << s;
    std::cerr << ", seed " << run.seed << "\n";
  }

  const cli::TerminalStyle style = cli::terminal_style(STDERR_FILENO);
  report::Progress progress(stderr, style.live && !quiet, style.colour);
  const auto start = Clock::now();
  CertifyOutcome outcome = certify_scenarios(
      selected, run, [&](const std::vector<CaseResult>& cases, std::size_t done, std::size_t total) {
        if (quiet) return;
        if (!baseline) return progress.scenario_done(cases, done, total);
        std::vector<CaseResult> marked = cases;  // the live line says xfail, not FAIL, for known failures
        apply_baseline(*baseline, marked);
        progress.scenario_done(marked, done, total);
      });
  progress.finish();
  rr.preflight = outcome.preflight.summary();
  rr.strict = run.strict;
  rr.results = std::move(outcome.results);
  rr.setup_error = outcome.setup_error;
  phase.finish(rr);
  coverage::name_broken_requirements(*catalog, rr.results);
  if (baseline) apply_baseline(*baseline, rr.results);
  rr.retries = run.retries;
  rr.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  rr.exit_code = report::exit_code_for(rr.results, rr.setup_error, rr.strict_baseline);

  (to_stdout ? std::cerr : std::cout) << report::text_summary(rr);
  bool written = true;
  if (parsed.value("--json")) written = write_file(*parsed.value("--json"), report::json_report(rr), "JSON") && written;
  if (parsed.value("--junit")) written = write_file(*parsed.value("--junit"), report::junit_report(rr), "JUnit") && written;
  if (parsed.value("--html")) written = write_file(*parsed.value("--html"), report::html_report(rr), "HTML") && written;
  if (const auto file = parsed.value("--write-baseline")) {
    const std::string text = write_baseline(rr.results, rr.wireproof_version, rr.suite_hash, rr.target);
    written = write_file(*file, text, "baseline") && written;
  }
  return written ? rr.exit_code : 2;
}

}  // namespace

int run_certify(std::span<const std::string> args) {
  return command::run(certify_spec(), add_certify_options, args, certify_with);
}

}  // namespace wireproof::certify
