// WIREPROOF_PROP: a RapidCheck property as a GoogleTest test (like RC_GTEST_PROP), whose
// failure message ends with the full command lines that replay the shrunk counterexample.
#pragma once

#include <iostream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck.h>

namespace wireproof::properties {

// "Reproduce with:" followed by a binary command line (and a ctest one when the binary's tests
// are registered one per property in `ctest_directory`), carrying RC_PARAMS with RapidCheck's
// reproduce string for `test_id` plus the environment that selects the fault or server.
std::string reproduce_instructions(const std::string& test_id, const std::string& gtest_name,
                                   const rc::detail::Reproduce& reproduce, const char* ctest_directory);

// Set per test binary (a compile definition) when its properties are ctest tests of their own.
#ifdef WIREPROOF_CTEST_DIR
#define WIREPROOF_PROPERTY_CTEST_DIR WIREPROOF_CTEST_DIR
#else
#define WIREPROOF_PROPERTY_CTEST_DIR nullptr
#endif

template <typename Testable>
void check_property(Testable&& testable) {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string gtest_name = std::string(test->test_suite_name()) + "." + test->name();
  rc::detail::TestMetadata metadata;
  metadata.id = std::string(test->test_suite_name()) + "/" + test->name();  // as RC_GTEST_PROP
  metadata.description = test->name();
  const rc::detail::TestResult result = rc::detail::checkTestable(std::forward<Testable>(testable), metadata);
  if (result.template is<rc::detail::SuccessResult>()) {
    // Show the RC_TAG distribution, so a run shows which classes and strategies it covered.
    if (!result.template get<rc::detail::SuccessResult>().distribution.empty()) {
      rc::detail::printResultMessage(result, std::cout);
      std::cout << std::endl;
    }
    return;
  }
  std::ostringstream message;
  rc::detail::printResultMessage(result, message);
  if (result.template is<rc::detail::FailureResult>()) {
    const auto& failure = result.template get<rc::detail::FailureResult>();
    message << "\n\n" << reproduce_instructions(metadata.id, gtest_name, failure.reproduce,
                                                WIREPROOF_PROPERTY_CTEST_DIR);
  }
  FAIL() << message.str();
}

// Applies WIREPROOF_RC_PARAMS (when set) over RC_PARAMS. ctest sets RC_PARAMS to fixed CI
// values; this lets a user rerun a ctest test with another seed or more cases. Call from main()
// before any property runs.
void apply_rc_params_override();

}  // namespace wireproof::properties

#define WIREPROOF_PROP(Suite, Name, ArgList)                                        \
  void wireproof_property_##Suite##_##Name ArgList;                                 \
  TEST(Suite, Name) {                                                               \
    ::wireproof::properties::check_property(&wireproof_property_##Suite##_##Name); \
  }                                                                                 \
  void wireproof_property_##Suite##_##Name ArgList
