#include "case_result.hpp"

namespace wireproof::certify {

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass: return "pass";
    case Verdict::fail: return "fail";
    case Verdict::timeout: return "timeout";
    case Verdict::crash: return "crash";
    case Verdict::skip: return "skip";
    case Verdict::error: return "error";
    case Verdict::not_run: return "not-run";
  }
  return "?";
}

bool is_failure(Verdict verdict) {
  return verdict == Verdict::fail || verdict == Verdict::timeout || verdict == Verdict::crash ||
         verdict == Verdict::error;
}

bool is_xfail(const CaseResult& r) { return !r.known_failure.empty() && is_failure(r.verdict); }
bool is_xpass(const CaseResult& r) { return !r.known_failure.empty() && r.verdict == Verdict::pass; }
bool is_new_failure(const CaseResult& r) { return is_failure(r.verdict) && r.known_failure.empty(); }

std::string_view outcome_name(const CaseResult& r) {
  if (is_xfail(r)) return "xfail";
  if (is_xpass(r)) return "xpass";
  if (r.flaky) return "flaky";
  return verdict_name(r.verdict);
}

}  // namespace wireproof::certify
