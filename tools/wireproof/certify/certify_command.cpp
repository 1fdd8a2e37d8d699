#include "certify_command.hpp"

#include <unistd.h>

#include <ctime>
#include <fstream>
#include <iostream>

#include "arguments.hpp"
#include "certify_run.hpp"
#include "citations.hpp"
#include "progress.hpp"
#include "report_writers.hpp"
#include "scenario_parser.hpp"
#include "source_tree.hpp"
#include "subcommand.hpp"
#include "tls_setup.hpp"

namespace wireproof::certify {
namespace {

using Clock = std::chrono::steady_clock;

command::Spec certify_spec() {
  command::Spec spec{"certify",
                     "wireproof certify (--server 'CMD ... {port} ...' | --connect HOST:PORT) [--tls ...] [options]",
                     "Run the conformance scenarios (conformance/scenarios/**/*.gnpt) against a GNP/1 server,\n"
                     "each under several segmentation strategies, and report per PROTOCOL.md section.",
                     {command::Shared::server, command::Shared::connect, command::Shared::tls, command::Shared::jobs,
                      command::Shared::timeout_ms, command::Shared::seed}};
  spec.default_jobs = 2;
  spec.default_seed = 1;
  spec.output_files = {"--json", "--junit", "--html"};
  return spec;
}

void add_certify_options(cli::Options& o) {
  o.add("--scenarios", "DIR", "scenario directory (default: the source tree's conformance/scenarios)");
  o.add("--protocol", "FILE", "the PROTOCOL.md the scenarios' citations are checked against (default: the source tree's)");
  o.add("--filter", "GLOBS", "comma-separated globs over scenario ids and sections, e.g. '4.*,08-commands/*'");
  o.add("--startup-timeout-ms", "MS", "longest wait for a started server to accept connections (default 5000)");
  o.add("--strategies", "LIST", "segmentation strategies for unpinned scenarios (default whole,bytewise,split-terminator,random)");
  o.add_flag("--fail-fast", "stop starting scenarios after the first MUST failure");
  o.add_flag("--strict",
             "after a preflight deviation (e.g. the greeting), read every case strictly instead of accepting the "
             "observed form in its place");
  o.add("--json", "FILE", "write the results as JSON (schema in docs/SCENARIOS.md)");
  o.add("--junit", "FILE", "write the results as JUnit XML");
  o.add("--html", "FILE", "write a self-contained HTML report");
  o.epilog(
      "With --tls every scenario runs inside TLS (PROTOCOL.md 11.2 GNP/1 TLS level: Core inside TLS, plus\n"
      "2.2, 3.2 and 9); without it `transport tls` scenarios are skipped. {tls_cert} {tls_key} {allow_file}\n"
      "{ca_file} in --server are filled from --pki DIR, or from a PKI generated with tools/make-test-pki.\n"
      "Report paths are checked before anything runs.\n"
      "exit status: 0 every MUST scenario passed, 1 one failed (or crashed or hung), 2 usage or setup error\n"
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

bool write_file(const std::string& path, const std::string& content, const char* what) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) {
    std::cerr << "wireproof certify: cannot write the " << what << " report to " << path << "\n";
    return false;
  }
  return true;
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

std::optional<std::filesystem::path> scenario_dir(const cli::Arguments& parsed) {
  if (const auto dir = parsed.value("--scenarios")) return std::filesystem::path(*dir);
  return cli::find_in_source_tree("conformance/scenarios");
}

// PROTOCOL.md, after checking that every section and requirement the scenarios cite is in it;
// nullopt (after saying why) when it cannot be found or read, or a citation is unknown.
std::optional<coverage::ProtocolCatalog> load_cited_protocol(const std::optional<std::string>& option,
                                                             const scenario::LoadResult& loaded) {
  const auto file = option ? std::optional<std::filesystem::path>(*option) : coverage::default_protocol_file();
  if (!file) {
    std::cerr << "wireproof certify: cannot find docs/PROTOCOL.md, which the scenarios' requirement IDs are "
                 "checked against and reports quote; pass --protocol FILE\n";
    return std::nullopt;
  }
  std::string error;
  std::optional<coverage::ProtocolCatalog> catalog = coverage::load_protocol(*file, &error);
  if (!catalog) {
    std::cerr << "wireproof certify: " << error << "\n";
    return std::nullopt;
  }
  const std::vector<scenario::ParseError> unknown = coverage::check_citations(*catalog, loaded.scenarios);
  for (const scenario::ParseError& e : unknown) std::cerr << e.describe() << "\n";
  if (!unknown.empty()) {
    std::cerr << "wireproof certify: " << unknown.size() << " citation(s) of " << file->string()
              << " that it does not have; nothing was run\n";
    return std::nullopt;
  }
  return catalog;
}

struct Selection {
  std::vector<scenario::Scenario> scenarios;
  coverage::ProtocolCatalog protocol;  // what they cite
};

// The scenarios of --scenarios that --filter selects, and the PROTOCOL.md they cite; nullopt (the
// reason on stderr) when none can run: no directory, parse errors, unknown citations, or nothing
// selected.
std::optional<Selection> select_scenarios(const cli::Arguments& parsed) {
  const std::optional<std::filesystem::path> dir = scenario_dir(parsed);
  if (!dir) {
    std::cerr << "wireproof certify: cannot find the source tree's conformance/scenarios; pass --scenarios DIR\n";
    return std::nullopt;
  }
  scenario::LoadResult loaded = scenario::load_scenarios(*dir);
  if (!loaded.errors.empty()) {
    for (const scenario::ParseError& e : loaded.errors) std::cerr << e.describe() << "\n";
    std::cerr << "wireproof certify: " << loaded.errors.size() << " error(s) in the scenarios; nothing was run\n";
    return std::nullopt;
  }
  std::optional<coverage::ProtocolCatalog> catalog = load_cited_protocol(parsed.value("--protocol"), loaded);
  if (!catalog) return std::nullopt;
  Selection selected{{}, std::move(*catalog)};
  for (scenario::Scenario& s : loaded.scenarios) {
    if (!parsed.value("--filter") || matches_filter(s, *parsed.value("--filter"))) selected.scenarios.push_back(std::move(s));
  }
  if (selected.scenarios.empty()) {
    std::cerr << "wireproof certify: no scenario in " << dir->string() << " matches --filter '"
              << parsed.value("--filter").value_or("") << "'\n";
    return std::nullopt;
  }
  return selected;
}

int certify_with(const command::Setup& setup) {
  const cli::Arguments& parsed = setup.args;
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
  run.seed = setup.seed;
  run.startup_timeout = std::chrono::milliseconds(parsed.integer("--startup-timeout-ms", 1, 600'000).value_or(5000));
  run.fail_fast = parsed.has("--fail-fast");
  run.strict = parsed.has("--strict");
  if (const auto list = parsed.value("--strategies")) {
    std::string error;
    const auto strategies = parse_strategy_list(*list, &error);
    if (!strategies) throw cli::UsageError("--strategies: " + error);
    run.strategies = *strategies;
  }

  std::optional<Selection> selection = select_scenarios(parsed);
  if (!selection) return 2;
  const std::vector<scenario::Scenario>& selected = selection->scenarios;
  if (run.tls && !prepare_tls_contexts(selected, run)) return 2;

  report::RunReport rr;
  rr.target_kind = run.server_template ? "server" : "connect";
  rr.target = target.given;
  if (run.tls) {
    rr.level = "GNP/1 TLS";
    rr.tls = run.tls->describe();
  }
  rr.started_at = utc_now();
  rr.seed = run.seed;
  for (Strategy s : run.strategies) rr.strategies.emplace_back(strategy_name(s));

  std::cerr << "wireproof certify: " << selected.size() << " scenarios from " << scenario_dir(parsed)->string() << ", " << run.jobs
            << " job(s), strategies";
  for (const std::string& s : rr.strategies) std::cerr << " " << s;
  std::cerr << ", seed " << run.seed << "\n";

  report::Progress progress(stderr, isatty(STDERR_FILENO) == 1);
  const auto start = Clock::now();
  CertifyOutcome outcome = certify_scenarios(
      selected, run, [&](const std::vector<CaseResult>& cases, std::size_t done, std::size_t total) {
        progress.scenario_done(cases, done, total);
      });
  progress.finish();
  rr.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  rr.preflight = outcome.preflight.summary();
  rr.strict = run.strict;
  rr.results = std::move(outcome.results);
  coverage::name_broken_requirements(selection->protocol, rr.results);
  rr.setup_error = outcome.setup_error;
  rr.exit_code = report::exit_code_for(rr.results, rr.setup_error);

  std::cout << report::text_summary(rr);
  bool written = true;
  if (parsed.value("--json")) written = write_file(*parsed.value("--json"), report::json_report(rr), "JSON") && written;
  if (parsed.value("--junit")) written = write_file(*parsed.value("--junit"), report::junit_report(rr), "JUnit") && written;
  if (parsed.value("--html")) written = write_file(*parsed.value("--html"), report::html_report(rr), "HTML") && written;
  return written ? rr.exit_code : 2;
}

}  // namespace

int run_certify(std::span<const std::string> args) {
  return command::run(certify_spec(), add_certify_options, args, certify_with);
}

}  // namespace wireproof::certify
