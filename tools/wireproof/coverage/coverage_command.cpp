#include "coverage/coverage_command.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/arguments.hpp"
#include "coverage/citations.hpp"
#include "coverage/coverage_table.hpp"
#include "cli/source_tree.hpp"
#include "scenario/scenario_parser.hpp"

namespace wireproof::coverage {

int run_coverage(std::span<const std::string> args) {
  cli::Options options("wireproof coverage [--scenarios DIR] [--protocol FILE] [--root DIR] [--check FILE]",
                       "Print the coverage table (PROTOCOL.md requirement -> scenarios and other checks) as\n"
                       "Markdown on stdout. With --check FILE, compare FILE with it instead and fail when FILE is\n"
                       "stale or a MUST / MUST NOT requirement is covered by nothing and not marked unobservable.");
  options.add("--scenarios", "DIR", "scenario directory (default: ROOT/conformance/scenarios)");
  options.add("--protocol", "FILE", "the specification (default: the source tree's docs/PROTOCOL.md)");
  options.add("--root", "DIR",
              "the source tree whose test sources are scanned for 'covers: S/N' and whose\n"
              "conformance/unobservable.txt is read (default: the directory above PROTOCOL.md's docs/)");
  options.add("--check", "FILE", "exit 1 if FILE differs from the generated table or a requirement is uncovered");
  options.epilog("exit status: 0 ok, 1 stale or uncovered (--check), 2 usage or input error\n"
                 "example: build/bin/wireproof coverage > docs/COVERAGE.md");
  cli::Arguments parsed;
  try {
    parsed = options.parse(args);
  } catch (const cli::UsageError& e) {
    std::cerr << "wireproof coverage: " << e.what() << "\n";
    return 2;
  }
  if (parsed.has("--help")) {
    std::cout << options.help();
    return 0;
  }
  const auto protocol = parsed.value("--protocol") ? std::optional<std::filesystem::path>(*parsed.value("--protocol"))
                                                   : default_protocol_file();
  if (!protocol) {
    std::cerr << "wireproof coverage: " << cli::not_found_message("docs/PROTOCOL.md") << "; pass --protocol FILE\n";
    return 2;
  }
  const std::filesystem::path root = parsed.value("--root") ? std::filesystem::path(*parsed.value("--root"))
                                                            : std::filesystem::absolute(*protocol).parent_path().parent_path();
  const std::filesystem::path scenarios_dir = parsed.value("--scenarios")
                                                  ? std::filesystem::path(*parsed.value("--scenarios"))
                                                  : root / "conformance/scenarios";
  std::string error;
  const auto catalog = load_protocol(*protocol, &error);
  if (!catalog) {
    std::cerr << "wireproof coverage: " << error << "\n";
    return 2;
  }
  const scenario::LoadResult loaded = scenario::load_scenarios(scenarios_dir);
  std::vector<scenario::ParseError> errors = loaded.errors;
  for (scenario::ParseError& e : check_citations(*catalog, loaded.scenarios)) errors.push_back(std::move(e));
  std::vector<std::string> source_errors;
  const std::vector<MechanismCitation> mechanisms = scan_mechanism_citations(root, &source_errors);
  const Unobservable unobservable = load_unobservable(root / "conformance/unobservable.txt", &source_errors);
  if (!errors.empty() || !source_errors.empty()) {
    for (const scenario::ParseError& e : errors) std::cerr << e.describe() << "\n";
    for (const std::string& e : source_errors) std::cerr << e << "\n";
    return 2;
  }
  const CoverageInputs inputs{*catalog, loaded.scenarios, mechanisms, unobservable};
  const std::string table = coverage_markdown(inputs);
  if (!parsed.value("--check")) {
    std::cout << table;
    for (const CoverageGap& gap : coverage_gaps(inputs)) std::cerr << "warning: " << gap.where << ": " << gap.what << "\n";
    return 0;
  }
  int status = 0;
  const std::string check_file = *parsed.value("--check");
  std::ifstream in(check_file, std::ios::binary);
  std::ostringstream committed;
  if (in.is_open()) committed << in.rdbuf();
  if (!in.is_open() || committed.str() != table) {
    std::cerr << check_file << (in.is_open() ? " is stale" : " is missing")
              << ": regenerate it with `build/bin/wireproof coverage > docs/COVERAGE.md`\n";
    status = 1;
  }
  for (const CoverageGap& gap : coverage_gaps(inputs)) {
    std::cerr << "uncovered: " << gap.where << ": " << gap.what << "\n";
    status = 1;
  }
  if (status == 0) {
    std::cout << check_file << " is up to date; every MUST / MUST NOT requirement is covered or marked unobservable\n";
  }
  return status;
}

}  // namespace wireproof::coverage
