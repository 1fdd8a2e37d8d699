// The shared option parser: bad command lines are UsageErrors that name the argument.
#include <gtest/gtest.h>

#include "cli/arguments.hpp"

namespace wireproof::cli {
namespace {

Options make() {
  Options o("t [options] [DIR]", "test");
  o.add("--jobs", "N", "jobs");
  o.add_flag("--fail-fast", "stop");
  return o;
}

Arguments parse(std::vector<std::string> args, std::size_t positional = 0) { return make().parse(args, positional); }

TEST(Arguments, ParsesValuesFlagsAndPositionals) {
  Arguments a = parse({"--jobs", "3", "--fail-fast", "dir"}, 1);
  EXPECT_EQ(a.integer("--jobs", 1, 8), 3);
  EXPECT_TRUE(a.has("--fail-fast"));
  EXPECT_EQ(a.positional(), std::vector<std::string>{"dir"});
  EXPECT_EQ(parse({"--jobs=4"}).integer("--jobs", 1, 8), 4);
  EXPECT_FALSE(parse({}).integer("--jobs", 1, 8).has_value());
  EXPECT_TRUE(parse({"-h"}).has("--help"));
}

TEST(Arguments, BadCommandLinesNameTheProblem) {
  auto message = [](std::vector<std::string> args) {
    try {
      parse(args).integer("--jobs", 1, 8);
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({"--jobz", "1"}).find("unknown option '--jobz'"), std::string::npos);
  EXPECT_NE(message({"--jobs"}).find("needs a value"), std::string::npos);
  EXPECT_NE(message({"--jobs", "x"}).find("'x' is not a whole number"), std::string::npos);
  EXPECT_NE(message({"--jobs", "9"}).find("from 1 to 8"), std::string::npos);
  EXPECT_NE(message({"--fail-fast=1"}).find("takes no value"), std::string::npos);
  EXPECT_NE(message({"--jobs", "1", "--jobs", "2"}).find("twice"), std::string::npos);
  EXPECT_NE(message({"stray"}).find("unexpected argument 'stray'"), std::string::npos);
}

TEST(Arguments, RepeatableOptionsKeepTheirOrder) {
  Options o("t", "test");
  o.add_repeatable("--server", "CMD", "a server");
  o.add_repeatable("--connect", "ADDR", "an address");
  o.add("--jobs", "N", "jobs");
  const Arguments a = o.parse(std::vector<std::string>{"--connect=h:1", "--jobs", "2", "--server", "s {port}"});
  const std::vector<std::pair<std::string, std::string>> want = {
      {"--connect", "h:1"}, {"--jobs", "2"}, {"--server", "s {port}"}};
  EXPECT_EQ(a.in_order(), want);
  EXPECT_EQ(o.parse(std::vector<std::string>{"--server", "a", "--server", "b"}).in_order().size(), 2u);
  EXPECT_THROW(o.parse(std::vector<std::string>{"--jobs", "1", "--jobs", "2"}), UsageError);
}

TEST(Arguments, HelpListsEveryOption) {
  const std::string help = make().help();
  EXPECT_NE(help.find("--jobs N"), std::string::npos);
  EXPECT_NE(help.find("--fail-fast"), std::string::npos);
  EXPECT_NE(help.find("--help"), std::string::npos);
}

}  // namespace
}  // namespace wireproof::cli
