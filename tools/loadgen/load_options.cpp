#include "load_options.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace wireproof::load {

namespace {

constexpr const char* kUsage =
    "usage: gnp-load [options]   (gnp-load --version prints the version)\n"
    "  --connect HOST:PORT    server address (default 127.0.0.1:7070)\n"
    "  --connections C        concurrent connections (default 50)\n"
    "  --pipeline P           requests in flight per connection (default 16)\n"
    "  --seconds T            measured run time (default 5)\n"
    "  --warmup T             unmeasured time before it (default 1)\n"
    "  --protocol gnp|redis   GNP/1 frames, or redis inline commands (default gnp)\n"
    "  --mix ping|get|set|mixed  request kinds (default ping; mixed = 1/3 each)\n"
    "  --value-size N         bytes per SET value (default 32)\n"
    "  --server-pid PID       report this process's peak RSS\n"
    "  --label TEXT           name printed on the result line\n";

template <typename T>
bool parse_number(std::string_view text, T& out) {
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool fail(std::string_view option, std::string_view value, std::string_view why) {
  std::fprintf(stderr, "gnp-load: %.*s %.*s: %.*s\n", static_cast<int>(option.size()), option.data(),
               static_cast<int>(value.size()), value.data(), static_cast<int>(why.size()), why.data());
  return false;
}

bool apply(LoadOptions& o, std::string_view opt, std::string_view val) {
  if (opt == "--connect") {
    const auto colon = val.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return fail(opt, val, "expected HOST:PORT");
    unsigned port = 0;
    if (!parse_number(val.substr(colon + 1), port) || port == 0 || port > 65535) {
      return fail(opt, val, "port must be 1..65535");
    }
    o.host = std::string(val.substr(0, colon));
    o.port = static_cast<std::uint16_t>(port);
  } else if (opt == "--connections") {
    if (!parse_number(val, o.connections) || o.connections < 1 || o.connections > 100000) {
      return fail(opt, val, "must be 1..100000");
    }
  } else if (opt == "--pipeline") {
    if (!parse_number(val, o.pipeline) || o.pipeline < 1 || o.pipeline > 4096) return fail(opt, val, "must be 1..4096");
  } else if (opt == "--seconds" || opt == "--warmup") {
    double v = 0;
    if (!parse_number(val, v) || v < 0 || v > 86400) return fail(opt, val, "must be 0..86400 seconds");
    (opt == "--seconds" ? o.seconds : o.warmup_seconds) = v;
  } else if (opt == "--protocol") {
    if (val == "gnp") o.protocol = Protocol::gnp;
    else if (val == "redis") o.protocol = Protocol::redis_inline;
    else return fail(opt, val, "expected gnp or redis");
  } else if (opt == "--mix") {
    if (val == "ping") o.mix = Mix::ping;
    else if (val == "get") o.mix = Mix::get;
    else if (val == "set") o.mix = Mix::set;
    else if (val == "mixed") o.mix = Mix::mixed;
    else return fail(opt, val, "expected ping, get, set or mixed");
  } else if (opt == "--value-size") {
    if (!parse_number(val, o.value_size) || o.value_size < 1 || o.value_size > 4096) return fail(opt, val, "must be 1..4096");
  } else if (opt == "--server-pid") {
    int pid = 0;
    if (!parse_number(val, pid) || pid <= 0) return fail(opt, val, "expected a process id");
    o.server_pid = pid;
  } else if (opt == "--label") {
    o.label = std::string(val);
  } else {
    std::fprintf(stderr, "gnp-load: unknown option %.*s (see --help)\n", static_cast<int>(opt.size()), opt.data());
    return false;
  }
  return true;
}

}  // namespace

std::optional<LoadOptions> parse_load_options(int argc, char** argv) {
  LoadOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view opt = argv[i];
    if (opt == "--help" || opt == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "gnp-load: %s needs a value (see --help)\n", argv[i]);
      return std::nullopt;
    }
    if (!apply(o, opt, argv[++i])) return std::nullopt;
  }
  return o;
}

}  // namespace wireproof::load
