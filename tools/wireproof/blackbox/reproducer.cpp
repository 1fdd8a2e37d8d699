#include "blackbox/reproducer.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "harness/escape.hpp"
#include "scenario/scenario_parser.hpp"
#include "scenario/scenario_writer.hpp"

namespace wireproof::blackbox {

namespace {

constexpr std::chrono::milliseconds kCloseWithin{2000};
constexpr std::size_t kMaxFileBytes = 16 * 1024 * 1024;

void write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
}

std::optional<std::string> read_file(const std::filesystem::path& path, std::string* error) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    *error = "cannot read '" + path.string() + "': " + ec.message();
    return std::nullopt;
  }
  if (size > kMaxFileBytes) {
    *error = "'" + path.string() + "' is " + std::to_string(size) + " bytes; the limit is 16 MiB";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    *error = "cannot read '" + path.string() + "'";
    return std::nullopt;
  }
  return bytes;
}

scenario::Scenario finding_scenario(const std::string& stem, const Finding& finding, bool tls) {
  scenario::Scenario s;
  s.id = stem;
  std::string title = "wireproof fuzz: " + std::string(outcome_name(finding.verdict.outcome)) + ": " +
                      finding.verdict.summary;
  if (title.size() > 300) title = title.substr(0, 300) + "...";
  s.title = title;
  s.section = finding.verdict.section.empty() ? "6.1" : finding.verdict.section;
  s.level = scenario::Level::must;
  if (tls) s.transport = scenario::Transport::tls;
  const TestCase& test = finding.minimal;
  // Named strategies are pinned; random or explicit cuts become one send step per piece.
  const bool pin = test.explicit_cuts.empty() && test.strategy != Strategy::random;
  s.segmentation.push_back(pin ? std::string(strategy_name(test.strategy)) : "whole");
  const std::string c = "c";
  s.steps.push_back(scenario::Connect{{}, c, scenario::ConnectKind::gnp, {}, std::nullopt, false});
  for (std::string& piece : pin ? std::vector<std::string>{test.stream} : pieces_at(test.stream, cuts_of(test))) {
    s.steps.push_back(scenario::Send{{}, c, std::move(piece)});
  }
  s.steps.push_back(scenario::Shutdown{{}, c});
  for (const ResponseFrame& frame : finding.expected.frames) {
    s.steps.push_back(scenario::expectation_from_frame(frame, c));
  }
  s.steps.push_back(scenario::ExpectClosed{{}, c, kCloseWithin, false});
  return s;
}

}  // namespace

std::string finding_stem(std::size_t index, const Verdict& verdict) {
  std::string stem = (index < 10 ? "0" : "") + std::to_string(index) + "-" + std::string(outcome_name(verdict.outcome)) +
                     "-" + verdict.section + "-" + verdict.kind;
  for (char& ch : stem) {
    const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
                      ch == '-';
    if (!keep) ch = '-';
  }
  if (stem.size() > 80) stem.resize(80);
  return stem;
}

std::string finding_report(const Finding& finding) {
  std::ostringstream out;
  const Verdict& v = finding.verdict;
  out << outcome_name(v.outcome) << " " << v.section << " " << v.kind << (finding.confirmed ? "" : " (did not reproduce on a fresh server)")
      << "\n" << v.summary << "\n";
  if (!v.signature.empty()) out << "root cause (findings are de-duplicated by it): " << escape_bytes(v.signature) << "\n";
  out << "minimal stream (" << finding.minimal.stream.size() << " bytes, segmentation "
      << segmentation_name(finding.minimal) << "): \"" << escape_bytes(finding.minimal.stream) << "\"\n";
  out << "shrunk from " << finding.original.stream.size() << " bytes in " << finding.shrink_tests << " trials"
      << (finding.shrink_exhausted ? " (budget ran out before 1-minimal)" : "") << "; found by " << finding.origin
      << " cut " << segmentation_name(finding.original) << "\n";
  out << v.detail;
  if (v.detail.empty() || v.detail.back() != '\n') out << "\n";
  return out.str();
}

std::string finding_scenario_text(const std::filesystem::path& scenario_path, const std::string& stem,
                                  const Finding& finding, const std::string& server, bool tls) {
  std::string text = "# Found by wireproof fuzz against " + server + (tls ? " over TLS" : "") +
                     "\n# Replay: wireproof repro " + scenario_path.string() + (tls ? " --tls" : "") +
                     " --server '<command with {port}>'\n";
  return text + scenario::write_scenario(finding_scenario(stem, finding, tls));
}

std::filesystem::path write_finding(const std::filesystem::path& dir, const std::string& stem, const Finding& finding,
                                    const std::string& server, bool tls) {
  write_file(dir / (stem + ".bin"), finding.minimal.stream);
  const std::filesystem::path scenario_path = dir / (stem + ".gnpt");
  write_file(scenario_path, finding_scenario_text(scenario_path, stem, finding, server, tls));
  write_file(dir / (stem + ".txt"), finding_report(finding));
  return scenario_path;
}

std::string not_a_stream(const std::filesystem::path& file) {
  if (file.extension() == ".txt") return "a text report (fuzz writes one per finding), not a request stream: replay its .gnpt or .bin";
  return "";
}

std::optional<LoadedCase> load_case(const std::filesystem::path& file, Strategy raw_strategy, std::string* error) {
  const std::optional<std::string> bytes = read_file(file, error);
  if (!bytes) return std::nullopt;
  LoadedCase loaded;
  if (file.extension() != ".gnpt") {
    loaded.test.stream = *bytes;
    loaded.test.strategy = raw_strategy;
    return loaded;
  }
  const scenario::ParseResult parsed = scenario::parse_scenario(*bytes, file.string(), file.stem().string());
  if (!parsed.scenario) {
    *error = parsed.errors.empty() ? "cannot parse '" + file.string() + "'" : parsed.errors.front().describe();
    return std::nullopt;
  }
  const scenario::Scenario& s = *parsed.scenario;
  std::optional<std::string> connection;
  std::vector<std::size_t> boundaries;
  std::size_t other_connections = 0;
  for (const scenario::Step& step : s.steps) {
    if (const auto* connect = std::get_if<scenario::Connect>(&step)) {
      if (!connection) connection = connect->connection;
      else if (connect->connection != *connection) ++other_connections;
    } else if (const auto* send = std::get_if<scenario::Send>(&step)) {
      if (!connection || send->connection != *connection) continue;
      if (!loaded.test.stream.empty() && !send->bytes.empty()) boundaries.push_back(loaded.test.stream.size());
      loaded.test.stream += send->bytes;
    }
  }
  if (!connection) {
    *error = file.string() + ": the scenario opens no connection, so there is nothing to replay";
    return std::nullopt;
  }
  Strategy strategy = Strategy::whole;
  if (!s.segmentation.empty()) {
    if (std::optional<Strategy> named = parse_strategy(s.segmentation.front())) strategy = *named;
  }
  std::vector<std::size_t> cuts = boundaries;
  if (strategy != Strategy::whole) {
    const std::vector<std::size_t> more = cut_points(strategy, loaded.test.stream, 0);
    cuts.insert(cuts.end(), more.begin(), more.end());
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  }
  loaded.test.strategy = strategy;
  if (!boundaries.empty()) loaded.test.explicit_cuts = std::move(cuts);
  if (other_connections != 0) {
    loaded.note = "replaying only connection '" + *connection + "' of " + std::to_string(other_connections + 1) +
                  " (its sends, judged by the reference core; the scenario's own expectations are not used)";
  }
  return loaded;
}

}  // namespace wireproof::blackbox
