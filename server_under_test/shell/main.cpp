// gnp-server and gnp-server-mutant: options -> configuration -> listen -> serve.
// The mutant is this file built against gnp_core_faulty (GNP_FAULT_INJECTION), adding --fault.
#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <span>
#include <string>

#include <boost/system/system_error.hpp>

#include "shell/mutant_faults.hpp"
#include "shell/options.hpp"
#include "shell/server.hpp"
#include "shell/tls_service.hpp"
#include "version/version.hpp"

namespace {

#ifdef GNP_FAULT_INJECTION
constexpr gnp::shell::OptionSet kOptionSet{"gnp-server-mutant", true};
#else
constexpr gnp::shell::OptionSet kOptionSet{"gnp-server", false};
#endif

// Tests open thousands of connections: use every descriptor the hard limit allows.
void raise_open_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) std::perror("gnp-server: setrlimit(RLIMIT_NOFILE)");
  }
}

gnp::shell::ServerConfig server_config(const gnp::shell::Options& options) {
  gnp::shell::ServerConfig config;
  config.host = options.host;
  config.port = options.port;
  config.session.connection.idle_timeout = options.idle_timeout;
  config.session.connection.request_timeout = options.request_timeout;
  config.max_connections = options.max_connections;
  config.threads = options.threads;
  return config;
}

std::string host_port(const boost::asio::ip::address& address, unsigned port) {
  const std::string host = address.to_string();
  return (address.is_v6() ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace

int main(int argc, char** argv) {
  if (wireproof::print_version_if_asked(argc, argv, kOptionSet.program)) return 0;
  const auto parsed =
      gnp::shell::parse_options(std::span<const char* const>(argv + 1, argc > 0 ? argc - 1 : 0), kOptionSet);
  if (!parsed.ok()) {
    std::cerr << parsed.error << '\n';
    return 2;
  }
  const gnp::shell::Options& options = parsed.options;
  if (options.action == gnp::shell::Options::Action::help) {
    std::cout << gnp::shell::help_text(kOptionSet);
    return 0;
  }
  if (options.action == gnp::shell::Options::Action::list_faults) {
    for (const gnp::shell::NamedFault& fault : gnp::shell::mutant_faults()) {
      std::cout << fault.name << ' ' << fault.requirement << '\n';
    }
    return 0;
  }
  if (!options.fault.empty()) gnp::shell::activate_fault(options.fault);  // a known name (options.cpp)

  raise_open_file_limit();
  std::signal(SIGPIPE, SIG_IGN);  // a peer that went away is reported as a write error instead

  gnp::shell::ServerConfig config = server_config(options);
  if (options.tls()) {
    std::string error;
    config.tls = gnp::shell::make_tls_service(options, error);
    if (!config.tls) {
      std::cerr << kOptionSet.program << ": " << error << '\n';
      return 2;
    }
  }

  try {
    gnp::shell::Server server(config);
    boost::asio::ip::tcp::endpoint endpoint;
    try {
      endpoint = server.listen();
    } catch (const boost::system::system_error& e) {
      std::cerr << kOptionSet.program << ": cannot listen on "
                << host_port(boost::asio::ip::make_address(options.host), options.port) << ": "
                << e.code().message() << '\n';
      return 1;
    }
    std::cout << "listening on " << host_port(endpoint.address(), endpoint.port()) << std::endl;
    server.run();
  } catch (const std::exception& e) {
    std::cerr << kOptionSet.program << ": " << e.what() << '\n';
    return 1;
  }
  return 0;
}
