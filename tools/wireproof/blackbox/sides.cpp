#include "sides.hpp"

#include "arguments.hpp"

namespace wireproof::blackbox {

std::vector<Side> take_sides(std::span<const std::string> args, std::vector<std::string>& rest) {
  std::vector<Side> sides;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const bool server = arg == "--server" || arg.starts_with("--server=");
    const bool connect = arg == "--connect" || arg.starts_with("--connect=");
    if (!server && !connect) {
      rest.push_back(arg);
      continue;
    }
    const std::size_t equals = arg.find('=');
    if (equals != std::string::npos) {
      sides.push_back({server, arg.substr(equals + 1)});
    } else if (i + 1 < args.size()) {
      sides.push_back({server, args[++i]});
    } else {
      throw cli::UsageError(arg + " needs a value");
    }
  }
  return sides;
}

Target open_side(const Side& side) {
  if (side.spawn) return Target::start(side.value, Target::Options{});
  std::string error;
  const std::optional<Address> address = parse_address(side.value, &error);
  if (!address) throw cli::UsageError("--connect: " + error);
  return Target::connect(*address, Target::Options{});
}

}  // namespace wireproof::blackbox
