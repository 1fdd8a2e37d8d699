// A server under test run as a child process: started on a free port in its own process group,
// its output captured, and always stopped and reaped with every process it started, even those
// that left its group (no orphans, no zombies).
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/address.hpp"

namespace wireproof {

// The server could not be started; the message names the command, what happened (exit status,
// signal, timeout) and the last lines the server printed.
class SetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ExitStatus {
  bool signaled = false;
  int code_or_signal = 0;
  std::string describe() const;  // "exit code 3" or "signal 9 (SIGKILL)"
};

class ServerProcess {
 public:
  // `command_template` is split like a shell would (quotes, backslashes) but no shell runs;
  // "{port}" in any word is replaced by a free TCP port. A word without '/' is looked up in
  // PATH. Waits until 127.0.0.1:port accepts a connection (one probe connection, closed at
  // once), at most `startup_timeout`. Throws SetupError when the command is malformed, cannot be
  // run, dies first (retried on a new port, up to 3 attempts, when its output says the address
  // was in use) or does not listen in time; the child is then already stopped.
  //
  // The child gets stdin from /dev/null, default SIGTERM/SIGINT handling, no blocked signals,
  // and is killed by the kernel (PR_SET_PDEATHSIG) if the thread that started it exits, so a
  // crashed harness leaves no server behind: start servers from a thread that outlives them.
  // `environment` entries ("NAME=value") are added to the inherited environment, replacing
  // variables of the same name (e.g. fuzz --coverage's __AFL_SHM_ID).
  static ServerProcess start(const std::string& command_template,
                             std::chrono::milliseconds startup_timeout,
                             const std::vector<std::string>& environment = {});

  ServerProcess(ServerProcess&&) noexcept;
  ServerProcess& operator=(ServerProcess&&) noexcept;  // stops the server it held before
  ~ServerProcess();

  Address address() const;  // 127.0.0.1 and the chosen port
  int pid() const;          // also the process group id
  const std::vector<std::string>& argv() const;  // after substitution; argv[0] as resolved

  // True while the child has not exited. Reaps it without blocking once it has. A child that
  // exits 0 leaving processes of its own running (it daemonized, process_tree.hpp) runs while
  // any of them does; start() waits for those to accept as for any server.
  bool running();
  // Set once the server has exited and been reaped: the child's status, or for a daemonized
  // server the status of its last process reaped.
  std::optional<ExitStatus> exit_status();
  // The last `max_lines` lines the child wrote to stdout or stderr (merged, oldest first).
  std::vector<std::string> recent_output(std::size_t max_lines) const;

  // SIGTERM to every process of the server (its process group, and the processes that left the
  // group or daemonized: process_tree.hpp), SIGKILL to them after `grace`, then reaps the child
  // and every one of them that is our child. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(2));

 private:
  struct State;
  explicit ServerProcess(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace wireproof
