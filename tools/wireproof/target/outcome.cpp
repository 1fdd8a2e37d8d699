#include "target/outcome.hpp"

namespace wireproof {

std::string_view outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::pass: return "pass";
    case Outcome::fail: return "fail";
    case Outcome::timeout: return "timeout";
    case Outcome::crash: return "crash";
    case Outcome::skip: return "skip";
    case Outcome::error: return "error";
    case Outcome::not_run: return "not-run";
  }
  return "?";
}

bool is_failure(Outcome outcome) {
  return outcome == Outcome::fail || outcome == Outcome::timeout || outcome == Outcome::crash ||
         outcome == Outcome::error;
}

}  // namespace wireproof
