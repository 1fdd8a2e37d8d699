// The certify report formats; each lives in its own file (schemas in docs/SCENARIOS.md).
#pragma once

#include <string>

#include "report/run_report.hpp"

namespace wireproof::report {

std::string text_summary(const RunReport& report);  // per-section table, failures, verdict line
std::string json_report(const RunReport& report);   // schema "wireproof-certify/1"
std::string junit_report(const RunReport& report);  // one testsuite per section
std::string html_report(const RunReport& report);   // self-contained page

}  // namespace wireproof::report
