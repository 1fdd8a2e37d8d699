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

}  // namespace wireproof::certify
