#include "certify/suite_identity.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "scenario/scenario_writer.hpp"

namespace wireproof::certify {

std::string suite_hash(const std::vector<scenario::Scenario>& scenarios) {
  std::vector<const scenario::Scenario*> order;
  for (const scenario::Scenario& s : scenarios) order.push_back(&s);
  std::sort(order.begin(), order.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
  std::uint64_t h = 1469598103934665603ULL;
  const auto mix = [&h](std::string_view text) {
    for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    h = (h ^ 0xffU) * 1099511628211ULL;  // separator: ("ab","c") differs from ("a","bc")
  };
  for (const scenario::Scenario* s : order) {
    mix(s->id);
    mix(scenario::write_scenario(*s));
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

}  // namespace wireproof::certify
