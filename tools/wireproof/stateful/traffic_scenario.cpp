#include "stateful/traffic_scenario.hpp"

#include <fstream>
#include <iterator>
#include <set>

#include "scenario/scenario_parser.hpp"

#include "scenario/scenario_writer.hpp"

namespace wireproof::stateful {

namespace {

constexpr std::chrono::milliseconds kCloseWithin{2000};

}  // namespace

scenario::Scenario reproducer_scenario(const TrafficRun& run, const ReproducerInfo& info) {
  scenario::Scenario s;
  s.id = info.id;
  s.title = info.title.size() > 300 ? info.title.substr(0, 300) + "..." : info.title;
  s.section = info.section;
  if (!info.requirement.empty()) s.requirements.push_back(scenario::RequirementRef{info.requirement, 0, 0});
  s.level = scenario::Level::must;
  if (info.tls) s.transport = scenario::Transport::tls;
  s.segmentation.push_back("whole");
  const std::size_t rounds = std::min(run.rounds.size(), run.expectations.size());
  for (std::size_t i = 0; i < rounds; ++i) {
    const Round& round = run.rounds[i];
    const RoundExpectation& expected = run.expectations[i];
    const std::string& c = round.connection;
    if (expected.opens) s.steps.push_back(scenario::Connect{{}, c, scenario::ConnectKind::gnp, {}, std::nullopt, false});
    for (std::string& piece : pieces_at(round.bytes(), round.cuts())) s.steps.push_back(scenario::Send{{}, c, std::move(piece)});
    for (const ResponseFrame& frame : expected.frames) s.steps.push_back(scenario::expectation_from_frame(frame, c));
    if (expected.closes) {
      s.steps.push_back(scenario::ExpectClosed{{}, c, kCloseWithin, false});
      s.steps.push_back(scenario::Close{{}, c});  // a scenario reconnects a name only once it is closed
    }
  }
  return s;
}

std::size_t connection_count(const scenario::Scenario& s) {
  std::set<std::string> names;
  for (const scenario::Step& step : s.steps) {
    if (const auto* connect = std::get_if<scenario::Connect>(&step)) names.insert(connect->connection);
  }
  return names.size();
}

std::optional<Traffic> traffic_from_scenario(const scenario::Scenario& s, std::string* why) {
  Traffic traffic;
  bool open_round = false;  // the last step was a send that may continue its round
  for (const scenario::Step& step : s.steps) {
    if (const auto* connect = std::get_if<scenario::Connect>(&step)) {
      if (connect->kind != scenario::ConnectKind::gnp || connect->refused) {
        *why = "line " + std::to_string(connect->where.line) + ": a connection that is not a GNP/1 client";
        return std::nullopt;
      }
      open_round = false;
    } else if (const auto* send = std::get_if<scenario::Send>(&step)) {
      if (open_round && traffic.rounds.back().connection == send->connection) {
        Round& round = traffic.rounds.back();
        round.explicit_cuts.push_back(round.requests.front().size());
        round.requests.front() += send->bytes;
      } else {
        Round round;
        round.connection = send->connection;
        round.requests.push_back(send->bytes);
        traffic.rounds.push_back(std::move(round));
      }
      open_round = true;
    } else if (std::holds_alternative<scenario::ExpectResponse>(step) || std::holds_alternative<scenario::ExpectRaw>(step) ||
               std::holds_alternative<scenario::ExpectClosed>(step) || std::holds_alternative<scenario::Close>(step)) {
      open_round = false;  // answers are the oracle's business
    } else {
      *why = "line " + std::to_string(scenario::where_of(step).line) + ": a '" +
             std::string(scenario::step_keyword(step)) + "' step, which stateful replay does not model";
      return std::nullopt;
    }
  }
  // Empty pieces carry nothing; a cut at either end is no cut.
  for (Round& round : traffic.rounds) {
    const std::size_t size = round.requests.front().size();
    std::vector<std::size_t> cuts;
    for (std::size_t c : round.explicit_cuts) {
      if (c > 0 && c < size && (cuts.empty() || cuts.back() < c)) cuts.push_back(c);
    }
    round.explicit_cuts = std::move(cuts);
  }
  return traffic;
}

std::optional<Traffic> multi_connection_traffic(const std::filesystem::path& file) {
  if (file.extension() != ".gnpt") return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return std::nullopt;
  const scenario::ParseResult parsed = scenario::parse_scenario(text, file.string(), file.stem().string());
  if (!parsed.scenario || connection_count(*parsed.scenario) < 2) return std::nullopt;
  std::string why;
  return traffic_from_scenario(*parsed.scenario, &why);
}

}  // namespace wireproof::stateful
