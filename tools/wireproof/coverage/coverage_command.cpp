#include "coverage_command.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "arguments.hpp"
#include "coverage_table.hpp"
#include "scenario_parser.hpp"
#include "source_tree.hpp"

namespace wireproof::coverage {

int run_coverage(std::span<const std::string> args) {
  cli::Options options("wireproof coverage [--scenarios DIR] [--protocol FILE] [--check FILE]",
                       "Print the coverage table (PROTOCOL.md section -> scenarios) as Markdown on stdout.\n"
                       "With --check FILE, compare FILE with it instead and fail when FILE is stale or a\n"
                       "required section has no scenario.");
  options.add("--scenarios", "DIR", "scenario directory (default: the source tree's conformance/scenarios)");
  options.add("--protocol", "FILE", "the specification (default: the source tree's docs/PROTOCOL.md)");
  options.add("--check", "FILE", "exit 1 if FILE differs from the generated table or a required section is uncovered");
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
  const auto scenarios_dir = parsed.value("--scenarios") ? std::optional<std::filesystem::path>(*parsed.value("--scenarios"))
                                                         : cli::find_in_source_tree("conformance/scenarios");
  const auto protocol = parsed.value("--protocol") ? std::optional<std::filesystem::path>(*parsed.value("--protocol"))
                                                   : cli::find_in_source_tree("docs/PROTOCOL.md");
  if (!scenarios_dir || !protocol) {
    std::cerr << "wireproof coverage: " << cli::not_found_message(!scenarios_dir ? "conformance/scenarios" : "docs/PROTOCOL.md")
              << "; pass --scenarios DIR / --protocol FILE\n";
    return 2;
  }
  std::string error;
  const auto sections = load_protocol_sections(*protocol, &error);
  if (!sections) {
    std::cerr << "wireproof coverage: " << error << "\n";
    return 2;
  }
  const scenario::LoadResult loaded = scenario::load_scenarios(*scenarios_dir);
  if (!loaded.errors.empty()) {
    for (const scenario::ParseError& e : loaded.errors) std::cerr << e.describe() << "\n";
    return 2;
  }
  const std::string table = coverage_markdown(*sections, loaded.scenarios);
  if (!parsed.value("--check")) {
    std::cout << table;
    for (const CoverageGap& gap : coverage_gaps(*sections, loaded.scenarios)) {
      std::cerr << "warning: " << gap.section << ": " << gap.what << "\n";
    }
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
  for (const CoverageGap& gap : coverage_gaps(*sections, loaded.scenarios)) {
    std::cerr << "uncovered: " << gap.section << ": " << gap.what << "\n";
    status = 1;
  }
  if (status == 0) std::cout << check_file << " is up to date; every required section has a scenario\n";
  return status;
}

}  // namespace wireproof::coverage
