#include "scenario/scenario_writer.hpp"

#include "harness/escape.hpp"

namespace wireproof::scenario {
namespace {

constexpr std::size_t kRunWorthFolding = 16;

std::string quoted(std::string_view bytes) { return "\"" + escape_bytes(bytes) + "\""; }

std::string settings_line(const ServerSettings& server) {
  std::string line = "server";
  if (server.idle_timeout_ms) line += " idle-timeout-ms=" + std::to_string(*server.idle_timeout_ms);
  if (server.request_timeout_ms) line += " request-timeout-ms=" + std::to_string(*server.request_timeout_ms);
  if (server.max_connections) line += " max-connections=" + std::to_string(*server.max_connections);
  return line;
}

struct StepWriter {
  std::string operator()(const Connect& s) const {
    std::string line = "connect " + s.connection;
    switch (s.kind) {
      case ConnectKind::gnp: break;
      case ConnectKind::plaintext: return line + " plaintext";
      case ConnectKind::stall_before_client_hello: return line + " stall=before-client-hello";
      case ConnectKind::stall_mid_client_hello: return line + " stall=mid-client-hello";
    }
    if (s.certificate.choice == Certificate::Choice::none) line += " cert=none";
    if (s.certificate.choice == Certificate::Choice::named) line += " cert=" + s.certificate.name;
    if (s.tls_version) line += " tls-version=" + *s.tls_version;
    if (s.refused) line += " refused";
    return line;
  }
  std::string operator()(const Send& s) const { return "send " + s.connection + " " + write_bytes(s.bytes); }
  std::string operator()(const ExpectResponse& s) const {
    std::string line = "expect " + s.connection + (s.ok ? " OK" : " ERR " + s.code);
    if (s.sequence) line += " sequence " + std::to_string(*s.sequence);
    if (!s.body.empty()) line += " body " + write_bytes(s.body);
    if (s.within) line += " within " + std::to_string(s.within->count());
    return line;
  }
  std::string operator()(const ExpectRaw& s) const { return "expect " + s.connection + " raw " + write_bytes(s.bytes); }
  std::string operator()(const ExpectClosed& s) const {
    return "expect " + s.connection + " closed within " + std::to_string(s.within.count()) +
           (s.close_notify ? " with close_notify" : "");
  }
  std::string operator()(const ExpectOpen& s) const {
    return "expect " + s.connection + " open for " + std::to_string(s.duration.count());
  }
  std::string operator()(const Flood& s) const {
    return "flood " + s.connection + " " + write_bytes(s.bytes) + " max " + std::to_string(s.max_bytes) + " stall " +
           std::to_string(s.stall.count());
  }
  std::string operator()(const Wait& s) const { return "wait " + std::to_string(s.duration.count()); }
  std::string operator()(const Shutdown& s) const { return "shutdown " + s.connection; }
  std::string operator()(const Close& s) const { return "close " + s.connection; }
};

}  // namespace

std::string write_bytes(std::string_view bytes) {
  if (bytes.empty()) return "\"\"";
  std::string out;
  std::size_t literal_start = 0;
  std::size_t i = 0;
  auto flush_literal = [&](std::size_t end) {
    if (end == literal_start) return;
    if (!out.empty()) out += ' ';
    out += quoted(bytes.substr(literal_start, end - literal_start));
  };
  while (i < bytes.size()) {
    std::size_t run = 1;
    while (i + run < bytes.size() && bytes[i + run] == bytes[i]) ++run;
    if (run >= kRunWorthFolding) {
      flush_literal(i);
      if (!out.empty()) out += ' ';
      out += quoted(bytes.substr(i, 1)) + " * " + std::to_string(run);
      literal_start = i + run;
    }
    i += run;
  }
  flush_literal(bytes.size());
  return out;
}

std::string write_scenario(const Scenario& scenario) {
  std::string out;
  out += "# PROTOCOL.md " + scenario.section + "\n";
  out += "section " + scenario.section + "\n";
  if (!scenario.requirements.empty()) {
    out += "requirement";
    for (const RequirementRef& r : scenario.requirements) out += " " + r.id;
    out += "\n";
  }
  out += "level " + std::string(level_name(scenario.level)) + "\n";
  out += "title " + quoted(scenario.title) + "\n";
  if (scenario.server.any()) out += settings_line(scenario.server) + "\n";
  if (scenario.transport != Transport::any) out += "transport " + std::string(transport_name(scenario.transport)) + "\n";
  if (!scenario.segmentation.empty()) {
    out += "segmentation";
    for (const std::string& name : scenario.segmentation) out += " " + name;
    out += "\n";
  }
  out += "\n";
  for (const Step& step : scenario.steps) {
    const Where where = where_of(step);
    out += std::visit(StepWriter{}, step) + (where.requirement ? " [" + where.requirement->id + "]" : "") + "\n";
  }
  return out;
}

ExpectResponse expectation_from_frame(const ResponseFrame& frame, const std::string& connection) {
  ExpectResponse expect;
  expect.connection = connection;
  expect.ok = frame.ok;
  expect.code = frame.code;
  expect.sequence = frame.sequence;
  expect.body = frame.body;
  return expect;
}

}  // namespace wireproof::scenario
