#include "certify/case_result.hpp"

namespace wireproof::certify {

bool is_xfail(const CaseResult& r) { return !r.known_failure.empty() && is_failure(r.verdict); }
bool is_xpass(const CaseResult& r) { return !r.known_failure.empty() && r.verdict == Verdict::pass; }
bool is_new_failure(const CaseResult& r) { return is_failure(r.verdict) && r.known_failure.empty(); }

std::string_view case_status(const CaseResult& r) {
  if (is_xfail(r)) return "xfail";
  if (is_xpass(r)) return "xpass";
  if (r.flaky) return "flaky";
  return outcome_name(r.verdict);
}

}  // namespace wireproof::certify
