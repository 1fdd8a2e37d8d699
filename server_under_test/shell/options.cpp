#include "shell/options.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <optional>

#include "shell/mutant_faults.hpp"

namespace gnp::shell {

namespace {

constexpr std::uint64_t kMaxTimeoutMs = 24ull * 3600 * 1000;  // one day
constexpr std::uint64_t kMaxConnections = 1'000'000;
constexpr std::uint64_t kMaxThreads = 64;

// Whole-string decimal; no sign, no spaces, no suffix.
std::optional<std::uint64_t> parse_decimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool is_ip_literal(const std::string& host) {
  unsigned char scratch[sizeof(in6_addr)];
  return inet_pton(AF_INET, host.c_str(), scratch) == 1 || inet_pton(AF_INET6, host.c_str(), scratch) == 1;
}

std::string quoted(std::string_view value) { return "'" + std::string(value) + "'"; }

class Parser {
 public:
  Parser(std::span<const char* const> args, const OptionSet& set) : args_(args), set_(set) {}

  ParseResult run() {
    ParseResult result;
    for (i_ = 0; i_ < args_.size() && result.ok(); ++i_) {
      result.error = one(result.options);
    }
    if (result.ok() && result.options.action == Options::Action::serve) result.error = check_tls(result.options);
    if (!result.ok()) {
      const bool has_hint = result.error.find("(see ") != std::string::npos;
      result.error = std::string(set_.program) + ": " + result.error + (has_hint ? "" : " (see --help)");
    }
    return result;
  }

 private:
  // Handles args_[i_] (and its value); returns an error or "".
  std::string one(Options& options) {
    const std::string_view arg = std::string_view(args_[i_]) == "-h" ? "--help" : args_[i_];
    if (arg.substr(0, 2) != "--" || arg.size() == 2) return "unexpected argument " + quoted(arg);
    std::string_view name = arg;
    std::optional<std::string_view> inline_value;
    if (const std::size_t eq = arg.find('='); eq != std::string_view::npos) {
      name = arg.substr(0, eq);
      inline_value = arg.substr(eq + 1);
    }

    if (name == "--help" || (set_.fault_options && name == "--list-faults")) {
      if (inline_value) return std::string(name) + " takes no value, got " + quoted(*inline_value);
      options.action = name == "--help" ? Options::Action::help : Options::Action::list_faults;
      return {};
    }

    const bool known = name == "--host" || name == "--port" || name == "--idle-timeout-ms" ||
                       name == "--request-timeout-ms" || name == "--max-connections" ||
                       name == "--threads" || name == "--tls-cert" || name == "--tls-key" ||
                       name == "--allow-fingerprint" || name == "--allow-file" ||
                       (set_.fault_options && name == "--fault");
    if (!known) return "unknown option " + quoted(name);

    std::string_view value;
    if (inline_value) {
      value = *inline_value;
    } else if (i_ + 1 < args_.size()) {
      value = args_[++i_];
    } else {
      return std::string(name) + " needs a value";
    }

    if (name == "--host") {
      std::string host(value);
      if (host == "localhost") host = "127.0.0.1";
      if (!is_ip_literal(host)) return "--host: " + quoted(value) + " is not an IPv4 or IPv6 address";
      options.host = host;
    } else if (name == "--port") {
      const auto port = parse_decimal(value);
      if (!port || *port > 65535) return "--port: " + quoted(value) + " is not a port number (0-65535)";
      options.port = static_cast<std::uint16_t>(*port);
    } else if (name == "--idle-timeout-ms" || name == "--request-timeout-ms") {
      const auto ms = parse_decimal(value);
      if (!ms || *ms < 1 || *ms > kMaxTimeoutMs) {
        return std::string(name) + ": " + quoted(value) + " is not a number of milliseconds (1-" +
               std::to_string(kMaxTimeoutMs) + ")";
      }
      (name == "--idle-timeout-ms" ? options.idle_timeout : options.request_timeout) =
          std::chrono::milliseconds(*ms);
    } else if (name == "--max-connections") {
      const auto count = parse_decimal(value);
      if (!count || *count < 1 || *count > kMaxConnections) {
        return "--max-connections: " + quoted(value) + " is not a count (1-" + std::to_string(kMaxConnections) + ")";
      }
      options.max_connections = static_cast<std::size_t>(*count);
    } else if (name == "--threads") {
      const auto count = parse_decimal(value);
      if (!count || *count < 1 || *count > kMaxThreads) {
        return "--threads: " + quoted(value) + " is not a thread count (1-" + std::to_string(kMaxThreads) + ")";
      }
      options.threads = static_cast<unsigned>(*count);
    } else if (name == "--tls-cert" || name == "--tls-key" || name == "--allow-file") {
      if (value.empty()) return std::string(name) + " needs a file name";
      if (name == "--tls-cert") options.tls_cert = std::string(value);
      if (name == "--tls-key") options.tls_key = std::string(value);
      if (name == "--allow-file") options.allow_files.emplace_back(value);
    } else if (name == "--allow-fingerprint") {
      options.allow_fingerprints.emplace_back(value);  // syntax checked with the TLS setup (9.3)
    } else {  // --fault
      if (!is_mutant_fault(value)) return "--fault: unknown fault " + quoted(value) + " (see --list-faults)";
      options.fault = std::string(value);
    }
    return {};
  }

  // The TLS options only make sense together (9): a certificate needs its key and someone to let
  // in. Without an allowed fingerprint every client would get auth-unknown-cert, which is never
  // what the operator meant, so it is an error rather than a server that refuses everybody.
  static std::string check_tls(const Options& options) {
    const bool allows = !options.allow_fingerprints.empty() || !options.allow_files.empty();
    if (!options.tls()) {
      if (!options.tls_key.empty()) return "--tls-key needs --tls-cert";
      if (allows) return "--allow-fingerprint and --allow-file need --tls-cert (they apply to TLS client certificates)";
      return {};
    }
    if (options.tls_key.empty()) return "--tls-cert needs --tls-key";
    if (!allows) {
      return "--tls-cert needs at least one --allow-fingerprint or --allow-file (otherwise no client could be "
             "admitted, 9.2)";
    }
    return {};
  }

  std::span<const char* const> args_;
  const OptionSet& set_;
  std::size_t i_ = 0;
};

}  // namespace

ParseResult parse_options(std::span<const char* const> args, const OptionSet& set) {
  return Parser(args, set).run();
}

std::string help_text(const OptionSet& set) {
  std::string text = "usage: " + std::string(set.program) + " [options]\n";
  text += set.fault_options
              ? "GNP/1 reference server built on the fault-injection core (mutation testing).\n"
              : "GNP/1 reference server.\n";
  text +=
      "\n"
      "  --host ADDR               IP address to listen on (default 127.0.0.1)\n"
      "  --port N                  TCP port, 0 for any free port (default 7070)\n"
      "  --idle-timeout-ms N       close a connection that sends nothing for N ms (default 30000);\n"
      "                            also the bound of a TLS handshake\n"
      "  --request-timeout-ms N    close a connection whose request is unfinished after N ms (default 10000)\n"
      "  --max-connections N       refuse connections beyond N with ERR busy (default 1024)\n"
      "  --threads N               I/O threads (default 1)\n"
      "  --tls-cert FILE           serve TLS 1.2+ with this PEM certificate (chain); needs --tls-key\n"
      "                            and at least one allowed fingerprint (default: plain TCP)\n"
      "  --tls-key FILE            the PEM private key of --tls-cert (not encrypted)\n"
      "  --allow-fingerprint HEX   admit the client certificate with this SHA-256 fingerprint (64 hex\n"
      "                            digits, ':' between pairs optional, any case; 40-digit SHA-1 also\n"
      "                            accepted); repeatable\n"
      "  --allow-file FILE         fingerprints one per line ('#' comments, blank lines); repeatable\n";
  if (set.fault_options) {
    text +=
        "  --fault NAME              enable one deliberate fault (default: none)\n"
        "  --list-faults             print 'name requirement' for every fault and exit\n";
  }
  text +=
      "  -h, --help                print this text and exit\n"
      "  --version                 print the version (project version and git description) and exit\n"
      "\n"
      "Prints 'listening on HOST:PORT' once ready. SIGTERM/SIGINT: finish answered requests, exit 0.\n"
      "Exit status: 0 on success, 1 if the address cannot be bound, 2 for bad options (TLS files\n"
      "included: unreadable, not PEM, key not matching the certificate, malformed fingerprint).\n";
  return text;
}

}  // namespace gnp::shell
