// Command-line options for wireproof subcommands: declare options, parse, print --help.
//
//   Options options("wireproof certify", "Run the conformance scenarios against a server.");
//   options.add("--jobs", "N", "parallel servers (default 2)");
//   options.add_flag("--fail-fast", "stop at the first MUST failure");
//   Arguments args = options.parse(argv_span);   // throws UsageError naming the bad argument
//   if (args.has("--help")) { std::cout << options.help(); return 0; }
//   int jobs = args.integer("--jobs", 1, 64).value_or(2);
//
// Both "--name value" and "--name=value" are accepted; "--help"/"-h" is always known.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace wireproof::cli {

// A bad command line; main prints it with the subcommand's usage hint and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Arguments {
 public:
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  std::optional<std::string> value(const std::string& name) const;
  // The option's value as an integer in [min, max]; nullopt when absent; UsageError when bad.
  std::optional<std::int64_t> integer(const std::string& name, std::int64_t min, std::int64_t max) const;
  const std::vector<std::string>& positional() const { return positional_; }
  // Every option given, in command-line order (a repeatable one once per occurrence).
  const std::vector<std::pair<std::string, std::string>>& in_order() const { return in_order_; }

 private:
  friend class Options;
  std::map<std::string, std::string> values_;  // flags map to ""; a repeatable option: its last value
  std::vector<std::pair<std::string, std::string>> in_order_;
  std::vector<std::string> positional_;
};

class Options {
 public:
  Options(std::string usage, std::string summary);
  void add(const std::string& name, const std::string& value_name, const std::string& help);
  void add_flag(const std::string& name, const std::string& help);
  // An option that may be given more than once (see Arguments::in_order).
  void add_repeatable(const std::string& name, const std::string& value_name, const std::string& help);
  // Extra text printed after the option list (examples, exit codes).
  void epilog(std::string text) { epilog_ = std::move(text); }
  // max_positional: how many non-option arguments are allowed.
  Arguments parse(std::span<const std::string> args, std::size_t max_positional = 0) const;
  std::string help() const;

 private:
  struct Spec {
    std::string name;
    std::string value_name;  // "" for a flag
    std::string help;
    bool repeatable = false;
  };
  const Spec* find(const std::string& name) const;

  std::string usage_;
  std::string summary_;
  std::string epilog_;
  std::vector<Spec> specs_;
};

}  // namespace wireproof::cli
