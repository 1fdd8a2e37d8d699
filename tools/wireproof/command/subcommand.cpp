#include "command/subcommand.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <random>

#include "command/server_settings.hpp"
#include "tls/tls_options.hpp"

namespace wireproof::command {

namespace {

// --max-response-bytes: room for a greeting and an answer, and no more than memory can spare.
constexpr std::int64_t kMinResponseLimit = 64;
constexpr std::int64_t kMaxResponseLimit = std::int64_t{1} << 32;

void add_shared(cli::Options& o, Shared option, const Spec& spec) {
  const std::string many = spec.max_targets > 1 ? " (give " + std::to_string(spec.max_targets) + " servers in all)" : "";
  switch (option) {
    case Shared::server:
      o.add_repeatable("--server", "CMD",
                       "start the server with this command; {port} becomes a free port, {idle_timeout_ms}, "
                       "{request_timeout_ms}, {max_connections} the settings needed (default: PROTOCOL.md's)" + many);
      break;
    case Shared::connect:
      o.add_repeatable("--connect", "HOST:PORT", "use a server started elsewhere (resolved and checked once, up front)" + many);
      break;
    case Shared::tls: tls::add_tls_options(o); break;
    case Shared::timeout_ms:
      o.add("--timeout-ms", "MS",
            "longest wait for a connect, a response or the close before it is a timeout (default " +
                std::to_string(spec.default_timeout.count()) + ")");
      break;
    case Shared::seed:
      o.add("--seed", "N",
            "seed of the generated traffic and random cuts (default " +
                (spec.default_seed ? std::to_string(*spec.default_seed) : std::string("random, printed")) + ")");
      break;
    case Shared::jobs:
      o.add("--jobs", "N", "parallel jobs, each with its own server (default " + std::to_string(spec.default_jobs) + ")");
      break;
    case Shared::segment:
      o.add("--segment", "NAME", "how streams are cut: " + known_strategy_names() + " (default whole)");
      break;
    case Shared::max_response_bytes:
      o.add("--max-response-bytes", "N",
            "the most bytes read from the server in one case (a scenario, a stream), over all its connections; "
            "more fails the case, as does a Size beyond it (default " + std::to_string(kDefaultMaxResponseBytes) +
                " = " + byte_count_text(kDefaultMaxResponseBytes) + "; no legal GNP/1 body exceeds 8183 bytes)");
      break;
  }
}

std::string targets_wanted(const Spec& spec, bool connect) {
  if (spec.max_targets > 1) {
    return "give exactly " + std::to_string(spec.max_targets) + " servers (--server CMD" +
           (connect ? " or --connect HOST:PORT" : "") + " each)";
  }
  return connect ? "give exactly one of --server 'CMD {port}' and --connect HOST:PORT" : "--server is required";
}

}  // namespace

Target TargetSpec::open(const Target::Options& options, const scenario::ServerSettings& settings) const {
  return start ? Target::start(fill_settings(command, settings), options) : Target::connect(address, options);
}

Target Setup::open(std::size_t i, const Target::Options& options, const scenario::ServerSettings& settings) const {
  std::optional<Target> opened;
  try {
    opened.emplace(targets.at(i).open(options, settings));
  } catch (const SetupError& e) {
    if (!targets.at(i).start) throw;
    throw SetupError(std::string("cannot start the server: ") + e.what());
  }
  Target target = std::move(*opened);
  if (tls) target.speak_tls(tls->default_context());
  target.read_with(reading());
  return target;
}

void check_writable(const std::string& option, const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path file(path);
  const fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  std::error_code ec;
  if (path.empty()) throw cli::UsageError(option + ": empty file name");
  if (fs::is_directory(file, ec)) throw cli::UsageError(option + " " + path + ": is a directory");
  if (!fs::is_directory(dir, ec)) throw cli::UsageError(option + " " + path + ": directory " + dir.string() + " does not exist");
  if (::access(dir.c_str(), W_OK) != 0) throw cli::UsageError(option + " " + path + ": directory " + dir.string() + " is not writable");
  if (fs::exists(file, ec) && ::access(file.c_str(), W_OK) != 0) {
    throw cli::UsageError(option + " " + path + ": the file exists and is not writable");
  }
}

Subcommand::Subcommand(Spec spec) : spec_(std::move(spec)), options_(spec_.usage, spec_.summary) {
  for (Shared option : spec_.shared) add_shared(options_, option, spec_);
}

bool Subcommand::takes(Shared option) const {
  return std::find(spec_.shared.begin(), spec_.shared.end(), option) != spec_.shared.end();
}

Setup Subcommand::prologue(std::span<const std::string> args) const {
  Setup setup;
  setup.args = options_.parse(args, spec_.max_positional);
  const cli::Arguments& a = setup.args;
  if (a.has("--help")) return setup;

  for (const auto& [name, value] : a.in_order()) {
    if (name != "--server" && name != "--connect") continue;
    TargetSpec target;
    target.start = name == "--server";
    target.given = value;
    if (target.start) {
      if (value.find("{port}") == std::string::npos) {
        throw cli::UsageError("--server: the command has no {port} placeholder: '" + value + "'");
      }
      target.command = value;
    } else {
      std::string error;
      const std::optional<Address> address = parse_address(value, &error);
      if (!address) throw cli::UsageError("--connect: " + error);
      target.address = *address;
    }
    setup.targets.push_back(std::move(target));
  }
  if (setup.targets.size() < spec_.min_targets || setup.targets.size() > spec_.max_targets) {
    throw cli::UsageError(targets_wanted(spec_, takes(Shared::connect)));
  }

  setup.timeout = std::chrono::milliseconds(a.integer("--timeout-ms", 1, 600'000).value_or(spec_.default_timeout.count()));
  setup.jobs = static_cast<int>(a.integer("--jobs", 1, 64).value_or(spec_.default_jobs));
  setup.seed_given = a.has("--seed");
  setup.seed = setup.seed_given ? static_cast<std::uint64_t>(*a.integer("--seed", 0, INT64_MAX))
                                : spec_.default_seed.value_or(std::random_device{}());
  setup.max_response_bytes = static_cast<std::size_t>(
      a.integer("--max-response-bytes", kMinResponseLimit, kMaxResponseLimit)
          .value_or(static_cast<std::int64_t>(kDefaultMaxResponseBytes)));
  if (const auto name = a.value("--segment")) {
    const std::optional<Strategy> strategy = parse_strategy(*name);
    if (!strategy) throw cli::UsageError("--segment: unknown strategy '" + *name + "' (known: " + known_strategy_names() + ")");
    setup.segment = *strategy;
  }
  for (const std::string& option : spec_.output_files) {
    if (const auto path = a.value(option)) check_writable(option, *path);
  }

  if (takes(Shared::tls)) {
    std::optional<std::string> started;
    for (const TargetSpec& t : setup.targets) {
      if (t.start) started = t.command;
    }
    setup.tls = tls::TlsSetup::create(tls::TlsOptions::from_arguments(a), started, std::cerr);
    if (setup.tls) {
      for (TargetSpec& t : setup.targets) {
        if (t.start) t.command = setup.tls->server_command(t.command);
      }
    }
  }
  // A server started elsewhere must be there before anything runs: one lookup, one connection.
  for (const TargetSpec& t : setup.targets) {
    if (!t.start) Target::connect(t.address, Target::Options{std::chrono::milliseconds(0), setup.timeout, {}});
  }
  return setup;
}

int Subcommand::run(std::span<const std::string> args, const std::function<int(const Setup&)>& body) const {
  const std::string prefix = "wireproof " + spec_.name + ": ";
  try {
    const Setup setup = prologue(args);
    if (setup.args.has("--help")) {
      std::cout << options_.help();
      return 0;
    }
    return body(setup);
  } catch (const cli::UsageError& e) {
    std::cerr << prefix << e.what() << "\nusage: see wireproof " << spec_.name << " --help\n";
  } catch (const SetupError& e) {
    std::cerr << prefix << e.what() << "\n";
  }
  return 2;
}

int run(Spec spec, void (*add_own)(cli::Options&), std::span<const std::string> args,
        const std::function<int(const Setup&)>& body) {
  Subcommand subcommand(std::move(spec));
  add_own(subcommand.options());
  return subcommand.run(args, body);
}

}  // namespace wireproof::command
