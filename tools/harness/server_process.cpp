#include "harness/server_process.hpp"

// Boost.Process v2 is used header-only, with std::filesystem (no Boost libraries to link).
// In 1.81 that mode forgets includes its headers rely on (quoted, optional, type traits).
#define BOOST_PROCESS_USE_STD_FS 1
#include <boost/io/quoted.hpp>
#include <boost/optional.hpp>
#include <boost/type_traits.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/process/v2/environment.hpp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/stdio.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>
#include <unordered_set>

#include "harness/command_line.hpp"
#include "harness/output_capture.hpp"
#include "harness/process_tree.hpp"

namespace wireproof {
namespace {

namespace bp = boost::process::v2;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kLinesInErrors = 10;
constexpr int kStartAttempts = 3;

// Runs in the child between fork and exec: its own process group (so stop() reaches every
// descendant), death with the parent, and signal state reset so SIGTERM works as expected.
struct ChildSetup {
  pid_t parent;

  bp::error_code on_exec_setup(bp::posix::default_launcher&, const bp::filesystem::path&,
                               const char* const*) const {
    if (::setpgid(0, 0) != 0) return bp::error_code(errno, bp::system_category());
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);  // the parent died before prctl took effect
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGPIPE, SIG_DFL);
    return {};
  }

  // A child whose exec failed has exited: reap it so it does not stay a zombie.
  void on_error(bp::posix::default_launcher& launcher, const bp::filesystem::path&, const char* const*,
                const bp::error_code&) const {
    if (launcher.pid > 0) ::waitpid(launcher.pid, nullptr, 0);
  }
  // Boost 1.81 detects on_error with this (mistyped) signature but calls the one above; never called.
  void on_error(bp::posix::default_launcher&, const bp::error_code&, const bp::filesystem::path&,
                const char* const*, const bp::error_code&) const {}

  // Also set from the parent, so the group exists before start() returns whatever the timing.
  void on_success(bp::posix::default_launcher& launcher, const bp::filesystem::path&,
                  const char* const*) const {
    ::setpgid(launcher.pid, launcher.pid);
  }
};

std::string format_output(const std::vector<std::string>& lines) {
  if (lines.empty()) return "; no output";
  std::string text = "; last output:";
  for (const std::string& line : lines) text += "\n  | " + line;
  return text;
}

std::uint16_t pick_free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw SetupError(std::string("socket() for a free port: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof addr;
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!ok) throw SetupError(std::string("binding 127.0.0.1:0 for a free port: ") + std::strerror(saved_errno));
  return ntohs(addr.sin_port);
}

// One TCP connect to 127.0.0.1:port, closed at once. True when it was accepted in time.
bool probe_connect(std::uint16_t port, milliseconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  if (!connected && errno == EINPROGRESS) {
    pollfd pfd{fd, POLLOUT, 0};
    int error = 0;
    socklen_t length = sizeof error;
    connected = ::poll(&pfd, 1, static_cast<int>(timeout.count())) == 1 &&
                ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
  }
  ::close(fd);
  return connected;
}

ExitStatus exit_status_from(int wait_status) {
  if (WIFSIGNALED(wait_status)) return ExitStatus{true, WTERMSIG(wait_status)};
  return ExitStatus{false, WEXITSTATUS(wait_status)};
}

bool mentions_address_in_use(const std::vector<std::string>& lines) {
  for (std::string line : lines) {
    std::transform(line.begin(), line.end(), line.begin(), [](unsigned char c) { return std::tolower(c); });
    if (line.find("in use") != std::string::npos || line.find("eaddrinuse") != std::string::npos) return true;
  }
  return false;
}

// Gives the child `entries` as its environment (Boost's process_environment needs the compiled
// Boost.Process library; this is all it does on POSIX).
struct ChildEnvironment {
  std::vector<const char*> entries;  // NULL-terminated; points into strings that outlive the launch

  bp::error_code on_setup(bp::posix::default_launcher& launcher, const bp::filesystem::path&,
                          const char* const*) const {
    launcher.env = entries.data();
    return {};
  }
};

// The inherited environment with `extra` entries added, replacing variables of the same name.
std::vector<std::string> merged_environment(const std::vector<std::string>& extra) {
  std::vector<std::string> merged;
  for (char** entry = environ; *entry; ++entry) {
    const std::string_view text(*entry);
    const std::string_view name = text.substr(0, text.find('='));
    const bool replaced = std::any_of(extra.begin(), extra.end(), [&](const std::string& e) {
      return e.size() > name.size() && e.compare(0, name.size(), name) == 0 && e[name.size()] == '=';
    });
    if (!replaced) merged.emplace_back(text);
  }
  merged.insert(merged.end(), extra.begin(), extra.end());
  return merged;
}

}  // namespace

std::string ExitStatus::describe() const {
  if (!signaled) return "exit code " + std::to_string(code_or_signal);
  const char* name = ::sigabbrev_np(code_or_signal);
  return "signal " + std::to_string(code_or_signal) + (name ? std::string(" (SIG") + name + ")" : "");
}

struct ServerProcess::State {
  std::vector<std::string> argv;
  std::vector<std::string> environment;  // extra NAME=value entries for the child
  std::string marker = new_server_marker();  // in the child's environment: finds its descendants
  std::string command;  // argv joined, for messages
  Address address;
  pid_t pid = -1;
  std::optional<ExitStatus> status;  // the leader's
  // The leader exited 0 leaving members running: a server that daemonized. It runs while any
  // member does, and its status is that of the last member reaped.
  bool daemonized = false;
  std::optional<ExitStatus> member_status;
  bool leader_exit_confirmed = false;      // running() looked again after the leader's exit 0
  std::vector<ProcessId> seen_members;     // every member found and not reaped, to reap those adopted by us
  std::unordered_set<pid_t> seen_leaders;  // of the groups and sessions members were in
  std::unique_ptr<OutputCapture> output;
  bool stopped = false;

  // Reaps the leader without blocking; true once it has exited.
  bool reap_leader() {
    if (status) return true;
    int wait_status = 0;
    const pid_t done = ::waitpid(pid, &wait_status, WNOHANG);
    if (done == pid) status = exit_status_from(wait_status);
    if (done < 0 && errno == ECHILD) status = ExitStatus{false, -1};  // reaped elsewhere
    return status.has_value();
  }

  // The server's live processes other than zombies (process_tree.hpp), remembered for reaping.
  std::vector<pid_t> live_members() {
    const ServerMembers members = server_members(pid, marker, seen_members, {seen_leaders.begin(), seen_leaders.end()});
    for (const ProcessId& id : members.live) remember(id);
    for (const ProcessId& id : members.zombies) remember(id);
    seen_leaders.insert(members.leaders.begin(), members.leaders.end());
    seen_leaders.erase(pid);  // the leader is reaped as such
    std::vector<pid_t> live;
    for (const ProcessId& id : members.live) live.push_back(id.pid);
    return live;
  }

  void remember(const ProcessId& id) {
    if (id.pid == pid) return;  // the leader is reaped by reap_leader(), its status kept apart
    if (std::find(seen_members.begin(), seen_members.end(), id) == seen_members.end()) seen_members.push_back(id);
  }

  // Reaps members that are our children: the group's, and daemons adopted because we are a
  // subreaper. Their statuses are kept for a daemonized server. A member not (yet) our child is
  // kept while it exists: a zombie is re-parented to us when its parent exits. Returns how many
  // exited members still wait for that (their exit is not over: the parent is exiting too).
  std::size_t reap_members() {
    std::size_t pending = 0;
    for (auto it = seen_members.begin(); it != seen_members.end();) {
      bool has_exited = false;
      const std::optional<ProcessId> now = process_now(it->pid, &has_exited);
      pid_t done = 0;
      int wait_status = 0;
      if (now && *now == *it) done = ::waitpid(it->pid, &wait_status, WNOHANG);
      if (done == it->pid) member_status = exit_status_from(wait_status);
      if (now && *now == *it && has_exited && done < 0) ++pending;
      it = (!now || *now != *it || done == it->pid) ? seen_members.erase(it) : std::next(it);
    }
    while (::waitpid(-pid, nullptr, WNOHANG) > 0) {
    }
    return pending;
  }

  // True while the server runs: its leader, or, once the leader has exited 0 leaving members
  // behind, any member.
  bool running() {
    if (!reap_leader()) return true;
    if (!daemonized && !(status->code_or_signal == 0 && !status->signaled)) return false;
    const bool any = !live_members().empty();
    daemonized = daemonized || any;
    return reap_members() > 0 || any;
  }

  // During startup, a leader that exits 0 may be daemonizing: its last fork can be mid-exit with
  // its memory (and so its environment) gone while the daemon it forked is not yet in /proc.
  // Looks again for a moment before taking the exit as the end of the server.
  bool running_or_daemonizing() {
    for (int look = 0; look < 100; ++look) {
      if (running()) return true;
      if (status->signaled || status->code_or_signal != 0) return false;
      std::this_thread::sleep_for(milliseconds(5));
    }
    return false;
  }

  std::optional<ExitStatus> exit_status() {
    if (running()) return std::nullopt;
    return daemonized && member_status ? member_status : status;
  }

  // The leader is reaped and no member runs. Zombie members that are our children are reaped
  // after the check, so none is left behind.
  bool gone() {
    const bool all_gone = reap_leader() && live_members().empty();
    return reap_members() == 0 && all_gone;
  }

  // Waits until gone() or `timeout`; true when gone.
  bool wait_gone(milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!gone()) {
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(milliseconds(5));
    }
    return true;
  }

  // `signal` to the group and to every member outside it.
  void signal_all(int signal) {
    ::kill(-pid, signal);
    for (const pid_t member : live_members()) ::kill(member, signal);
  }

  void stop(milliseconds grace) {
    if (stopped) return;
    if (!gone()) {
      signal_all(SIGTERM);
      if (!wait_gone(grace)) {
        signal_all(SIGKILL);
        if (!status) {
          int wait_status = 0;
          if (::waitpid(pid, &wait_status, 0) == pid) status = exit_status_from(wait_status);
        }
        wait_gone(milliseconds(1000));
      }
    }
    stopped = true;
    // Every writer is gone now, so the end of output comes as soon as the capture thread runs:
    // the bound only matters for a writer we could not kill, and under load the last lines (a
    // startup error's reason) can take longer than a moment to be read.
    if (output) output->wait_for_eof(milliseconds(2000));
  }

  std::vector<std::string> recent(std::size_t max_lines) const {
    return output ? output->recent(max_lines) : std::vector<std::string>{};
  }

  // Starts argv[0] (resolved in PATH) with output into a pipe; throws SetupError when it cannot.
  void launch();
};

ServerProcess ServerProcess::start(const std::string& command_template, milliseconds startup_timeout,
                                   const std::vector<std::string>& environment) {
  std::string error;
  const auto words = split_command(command_template, &error);
  if (!words) throw SetupError("server " + error);

  for (int attempt = 1;; ++attempt) {
    auto state = std::make_unique<State>();
    const std::uint16_t port = pick_free_port();
    state->argv = substitute(*words, "{port}", std::to_string(port));
    state->address = Address{"127.0.0.1", port};
    state->environment = environment;
    state->launch();
    state->command = join_command(state->argv);

    const auto deadline = Clock::now() + startup_timeout;
    while (true) {
      if (!state->running_or_daemonizing()) {
        state->stop(milliseconds(0));  // the group may outlive its leader
        const auto lines = state->recent(kLinesInErrors);
        if (attempt < kStartAttempts && mentions_address_in_use(lines)) break;  // port raced: retry
        throw SetupError("server command '" + state->command + "' exited during startup with " +
                         state->exit_status()->describe() + format_output(lines));
      }
      const auto now = Clock::now();
      const auto remaining = std::chrono::duration_cast<milliseconds>(deadline - now);
      if (probe_connect(port, std::clamp(remaining, milliseconds(1), milliseconds(100)))) {
        if (state->running()) return ServerProcess(std::move(state));
        continue;  // someone else answered on that port; our child died: report that above
      }
      if (Clock::now() >= deadline) {
        state->stop(milliseconds(500));
        throw SetupError("server command '" + state->command + "' did not accept a connection on " +
                         state->address.to_string() + " within " + std::to_string(startup_timeout.count()) +
                         " ms (stopped it: " + (state->status ? state->status->describe() : "not reaped") +
                         ")" + format_output(state->recent(kLinesInErrors)));
      }
      std::this_thread::sleep_for(std::min(milliseconds(10), std::max(remaining, milliseconds(1))));
    }
  }
}

void ServerProcess::State::launch() {
  const std::string shown = join_command(argv);
  bp::filesystem::path executable = argv[0];
  if (argv[0].find('/') == std::string::npos) {
    executable = bp::environment::find_executable(argv[0]);
    if (executable.empty()) {
      throw SetupError("server command '" + shown + "': '" + argv[0] + "' not found in PATH");
    }
  }
  if (::access(executable.c_str(), X_OK) != 0) {
    throw SetupError("server command '" + shown + "': cannot execute '" + executable.string() +
                     "': " + std::strerror(errno));
  }
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw SetupError("server command '" + shown + "': pipe2: " + std::strerror(errno));
  }
  const std::vector<std::string> args(argv.begin() + 1, argv.end());
  boost::asio::io_context context;
  try {
    bp::process_stdio stdio{nullptr, pipe_fds[1], pipe_fds[1]};  // not const: Boost skips a const initializer
    std::vector<std::string> extra = environment;
    extra.push_back(marker);
    const std::vector<std::string> env = merged_environment(extra);
    ChildEnvironment child_env;
    for (const std::string& entry : env) child_env.entries.push_back(entry.c_str());
    child_env.entries.push_back(nullptr);
    become_child_subreaper();  // a daemon the child leaves behind is re-parented to us
    std::optional<bp::process> child;
    child.emplace(context, executable, args, child_env, stdio, ChildSetup{::getpid()});
    pid = child->id();
    child->detach();  // from here on, waitpid and the process group are managed by State
  } catch (const std::exception& e) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    throw SetupError("server command '" + shown + "' could not be started: " + e.what());
  }
  ::close(pipe_fds[1]);
  output = std::make_unique<OutputCapture>(pipe_fds[0]);
  argv[0] = executable.string();
}


ServerProcess::ServerProcess(std::unique_ptr<State> state) : state_(std::move(state)) {}
ServerProcess::ServerProcess(ServerProcess&&) noexcept = default;

ServerProcess& ServerProcess::operator=(ServerProcess&& other) noexcept {
  if (this != &other) {
    if (state_) state_->stop(std::chrono::seconds(2));
    state_ = std::move(other.state_);
  }
  return *this;
}

ServerProcess::~ServerProcess() {
  if (state_) state_->stop(std::chrono::seconds(2));
}

Address ServerProcess::address() const { return state_->address; }
int ServerProcess::pid() const { return state_->pid; }
const std::vector<std::string>& ServerProcess::argv() const { return state_->argv; }

bool ServerProcess::running() { return state_->running(); }

std::optional<ExitStatus> ServerProcess::exit_status() { return state_->exit_status(); }

std::vector<std::string> ServerProcess::recent_output(std::size_t max_lines) const {
  return state_->recent(max_lines);
}

void ServerProcess::stop(milliseconds grace) { state_->stop(grace); }

}  // namespace wireproof
