// split_command / substitute / join_command: how ServerProcess turns a template into argv.
#include <gtest/gtest.h>

#include "harness/command_line.hpp"

namespace wireproof {
namespace {

using Words = std::vector<std::string>;

TEST(CommandLine, SplitsLikeAShell) {
  EXPECT_EQ(split_command("gnp-server --port {port}", nullptr), (Words{"gnp-server", "--port", "{port}"}));
  EXPECT_EQ(split_command("  a\t b  ", nullptr), (Words{"a", "b"}));
  EXPECT_EQ(split_command("sh -c 'echo \"hi\"; exit 3'", nullptr), (Words{"sh", "-c", "echo \"hi\"; exit 3"}));
  EXPECT_EQ(split_command("x \"a \\\"b\\\" \\$c \\n\"", nullptr), (Words{"x", "a \"b\" $c \\n"}));
  EXPECT_EQ(split_command("a\\ b c''d \"\"", nullptr), (Words{"a b", "cd", ""}));
}

TEST(CommandLine, ReportsMalformedTemplates) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "command '': byte 0: empty command"},
      {"   ", "command '   ': byte 0: empty command"},
      {"sh -c 'x", "command 'sh -c 'x': byte 6: unterminated single quote"},
      {"echo \"x", "command 'echo \"x': byte 5: unterminated double quote"},
      {"echo \"x\\\"", "command 'echo \"x\\\"': byte 5: unterminated double quote"},
      {"echo x\\", "command 'echo x\\': byte 6: trailing backslash"},
  };
  for (const auto& [text, expected] : cases) {
    SCOPED_TRACE(text);
    std::string error;
    EXPECT_FALSE(split_command(text, &error));
    EXPECT_EQ(error, expected);
  }
}

TEST(CommandLine, SubstitutesEveryOccurrence) {
  EXPECT_EQ(substitute({"s", "--port", "{port}", "--x={port}:{port}"}, "{port}", "7"),
            (Words{"s", "--port", "7", "--x=7:7"}));
  // A value containing the placeholder is not substituted again.
  EXPECT_EQ(substitute({"{p}"}, "{p}", "{p}{p}"), (Words{"{p}{p}"}));
}

TEST(CommandLine, JoinRoundTripsThroughSplit) {
  const Words words = {"plain", "with space", "it's", "\"q\"", "", "$HOME", "back\\slash"};
  const std::string joined = join_command(words);
  std::string error;
  const auto back = split_command(joined, &error);
  ASSERT_TRUE(back) << error << " in " << joined;
  EXPECT_EQ(*back, words);
}

}  // namespace
}  // namespace wireproof
