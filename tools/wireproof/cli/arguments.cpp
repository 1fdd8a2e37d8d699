#include "cli/arguments.hpp"

#include <charconv>

namespace wireproof::cli {

std::optional<std::string> Arguments::value(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::int64_t> Arguments::integer(const std::string& name, std::int64_t min, std::int64_t max) const {
  const std::optional<std::string> text = value(name);
  if (!text) return std::nullopt;
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), number);
  if (text->empty() || ec != std::errc() || end != text->data() + text->size() || number < min || number > max) {
    throw UsageError(name + ": '" + *text + "' is not a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max));
  }
  return number;
}

Options::Options(std::string usage, std::string summary) : usage_(std::move(usage)), summary_(std::move(summary)) {
  specs_.push_back({"--help", "", "print this help and exit (also -h)"});
}

void Options::add(const std::string& name, const std::string& value_name, const std::string& help) {
  specs_.push_back({name, value_name, help});
}

void Options::add_repeatable(const std::string& name, const std::string& value_name, const std::string& help) {
  specs_.push_back({name, value_name, help, true});
}

std::vector<std::string> Arguments::values(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [option, value] : in_order_) {
    if (option == name) out.push_back(value);
  }
  return out;
}

void Options::add_flag(const std::string& name, const std::string& help) { specs_.push_back({name, "", help}); }

const Options::Spec* Options::find(const std::string& name) const {
  for (const Spec& spec : specs_) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

Arguments Options::parse(std::span<const std::string> args, std::size_t max_positional) const {
  Arguments parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "-h") arg = "--help";
    if (arg.size() < 2 || arg.substr(0, 2) != "--" || arg == "--") {
      if (arg == "--" || (!arg.empty() && arg[0] == '-' && arg != "-")) {
        throw UsageError("unknown option '" + arg + "' (see --help)");
      }
      if (parsed.positional_.size() >= max_positional) {
        throw UsageError("unexpected argument '" + arg + "' (see --help)");
      }
      parsed.positional_.push_back(arg);
      continue;
    }
    std::string name = arg;
    std::optional<std::string> inline_value;
    if (const std::size_t eq = arg.find('='); eq != std::string::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }
    const Spec* spec = find(name);
    if (spec == nullptr) throw UsageError("unknown option '" + name + "' (see --help)");
    if (parsed.has(name) && !spec->repeatable) throw UsageError(name + " given twice");
    std::string value;
    if (spec->value_name.empty()) {
      if (inline_value) throw UsageError(name + " takes no value");
    } else if (inline_value) {
      value = *inline_value;
    } else {
      if (i + 1 >= args.size()) throw UsageError(name + " needs a value: " + name + " " + spec->value_name);
      value = args[++i];
    }
    parsed.values_[name] = value;
    parsed.in_order_.emplace_back(name, value);
  }
  return parsed;
}

std::string Options::help() const {
  std::string out = "usage: " + usage_ + "\n\n" + summary_ + "\n\noptions:\n";
  std::size_t width = 0;
  for (const Spec& spec : specs_) {
    width = std::max(width, spec.name.size() + (spec.value_name.empty() ? 0 : spec.value_name.size() + 1));
  }
  for (const Spec& spec : specs_) {
    std::string left = spec.name + (spec.value_name.empty() ? "" : " " + spec.value_name);
    out += "  " + left + std::string(width - left.size() + 2, ' ') + spec.help + "\n";
  }
  if (!epilog_.empty()) out += "\n" + epilog_ + (epilog_.back() == '\n' ? "" : "\n");
  return out;
}

}  // namespace wireproof::cli
