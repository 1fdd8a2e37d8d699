#include "report/root_causes.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "harness/escape.hpp"

namespace wireproof::report {
namespace {

// A description is shown in every report, once per root cause: printable and bounded whatever the
// server sent (the full message stays with each case).
constexpr std::size_t kDescriptionBytes = 400;

// A failure without a recorded divergence (a crash, a run error): its message without numbers,
// which name ports, byte counts and times that differ from case to case.
std::string without_numbers(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
      while (i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])) != 0) ++i;
      out += 'N';
    } else {
      out += text[i];
    }
  }
  return out;
}

certify::Divergence divergence_of(const CaseResult& r) {
  if (r.verdict == certify::Verdict::crash) {
    // "server died (signal 6 (SIGABRT)); ..." -> how it died
    const std::size_t open = r.message.find('(');
    const std::size_t close = r.message.find(");");
    const std::string how = open != std::string::npos && close != std::string::npos && close > open
                                ? r.message.substr(open + 1, close - open - 1)
                                : without_numbers(r.message);
    return {"server", "the server keeps running", "it died: " + how};
  }
  if (!r.divergence.empty()) return r.divergence;
  return {std::string(outcome_name(r.verdict)), "success", without_numbers(r.message)};
}

}  // namespace

std::string ScenarioFailure::strategy_list() const {
  std::string out;
  for (const std::string& s : strategies) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::size_t RootCause::cases() const {
  std::size_t n = 0;
  for (const ScenarioFailure& f : failures) n += f.cases.size();
  return n;
}

std::vector<RootCause> root_causes(const std::vector<CaseResult>& results) {
  std::map<std::string, certify::Divergence> preflight;  // preflight check id -> its divergence
  for (const CaseResult& r : results) {
    if (certify::is_failure(r.verdict) && r.scenario->file == "(preflight)") preflight[r.scenario->id] = divergence_of(r);
  }
  std::vector<RootCause> causes;
  for (const CaseResult& r : results) {
    if (!certify::is_failure(r.verdict) || certify::is_xfail(r)) continue;  // known failures: listed apart (--baseline)
    const auto cause = preflight.find(r.consequence_of);
    const certify::Divergence d = cause != preflight.end() ? cause->second : divergence_of(r);
    const std::string key = d.key();
    auto it = std::find_if(causes.begin(), causes.end(), [&](const RootCause& c) { return c.key == key; });
    if (it == causes.end()) it = causes.insert(causes.end(), RootCause{key, clip_text(printable_text(d.describe()), kDescriptionBytes), {}});
    auto same = std::find_if(it->failures.begin(), it->failures.end(),
                             [&](const ScenarioFailure& f) { return f.example->scenario == r.scenario; });
    if (same == it->failures.end()) same = it->failures.insert(it->failures.end(), ScenarioFailure{&r, {}, {}});
    same->strategies.push_back(r.strategy);
    same->cases.push_back(&r);
  }
  return causes;
}

std::string root_cause_count(std::size_t n) { return std::to_string(n) + (n == 1 ? " root cause" : " root causes"); }

}  // namespace wireproof::report
