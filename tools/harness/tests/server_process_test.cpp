// ServerProcess: start on a free port, startup failures reported with command, status and
// output, and stop() leaving no process of the group and no zombie behind.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <thread>

#include "harness/client.hpp"
#include "harness/server_process.hpp"

namespace wireproof {
namespace {

using namespace std::chrono_literals;

const std::string kListener = std::string("python3 ") + WIREPROOF_TINY_LISTENER;

// True when `pid` no longer exists, or exists only as a zombie we are not the parent of.
bool process_gone(pid_t pid) {
  if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(stat, text);
  const std::size_t paren = text.rfind(')');
  return paren != std::string::npos && text.size() > paren + 2 && text[paren + 2] == 'Z' &&
         ::waitpid(pid, nullptr, WNOHANG) < 0;
}

// No child of this test process is left, running or zombie (the first one left is printed).
bool no_children_left() {
  siginfo_t info{};
  if (::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid != 0) {
    std::ifstream stat("/proc/" + std::to_string(info.si_pid) + "/stat");
    std::string text;
    std::getline(stat, text);
    std::cerr << "child left: " << text << "\n";
  }
  return ::waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD;
}

std::string setup_error_of(const std::string& command, std::chrono::milliseconds timeout) {
  try {
    ServerProcess::start(command, timeout);
  } catch (const SetupError& e) {
    return e.what();
  }
  return "(no SetupError)";
}

pid_t read_pid_file(const std::string& path) {
  for (int i = 0; i < 300; ++i) {  // at most 3 s
    std::ifstream file(path);
    pid_t pid = 0;
    if (file >> pid) return pid;
    std::this_thread::sleep_for(10ms);
  }
  return 0;
}

// A listener started with `flag FILE` (one of tiny_listener.py's pid-file options), and the pid
// it wrote there (0 when none came within 3 s).
struct ListenerWithPid {
  ServerProcess server;
  pid_t written_pid;
};
ListenerWithPid start_listener_writing_pid(const std::string& flag) {
  static int serial = 0;
  const std::string pid_file =
      testing::TempDir() + "pid." + std::to_string(::getpid()) + "." + std::to_string(serial++);
  ::unlink(pid_file.c_str());
  ServerProcess server = ServerProcess::start(kListener + " --port {port} " + flag + " " + pid_file, 5s);
  const pid_t pid = read_pid_file(pid_file);
  ::unlink(pid_file.c_str());
  return {std::move(server), pid};
}

TEST(ServerProcess, StartsOnFreePortInOwnGroupAndStopsWithSigterm) {
  ServerProcess server = ServerProcess::start(kListener + " --port {port}", 5s);
  ASSERT_GT(server.address().port, 0);
  EXPECT_EQ(server.address().host, "127.0.0.1");
  EXPECT_EQ(::getpgid(server.pid()), server.pid());
  EXPECT_TRUE(server.running());
  EXPECT_FALSE(server.exit_status());
  Client::connect(server.address(), 1s);  // throws if nothing listens

  // The listener prints after listen(), so the line may trail the probe connection slightly.
  auto output = server.recent_output(5);
  for (int i = 0; i < 200 && output.empty(); ++i) {
    std::this_thread::sleep_for(10ms);
    output = server.recent_output(5);
  }
  ASSERT_FALSE(output.empty());
  EXPECT_EQ(output.back(), "listening on " + std::to_string(server.address().port));
  EXPECT_EQ(server.argv().at(2), "--port");
  EXPECT_EQ(server.argv().at(3), std::to_string(server.address().port));

  const pid_t pid = server.pid();
  server.stop();
  EXPECT_FALSE(server.running());
  ASSERT_TRUE(server.exit_status());
  EXPECT_TRUE(server.exit_status()->signaled);
  EXPECT_EQ(server.exit_status()->code_or_signal, SIGTERM);
  EXPECT_EQ(server.exit_status()->describe(), "signal 15 (SIGTERM)");
  EXPECT_TRUE(process_gone(pid));
  EXPECT_TRUE(no_children_left());
  server.stop();  // idempotent
}

TEST(ServerProcess, StartupTimeoutWhenNothingListensNamesTheCommand) {
  const std::string error = setup_error_of("sleep 30", 300ms);
  EXPECT_NE(error.find("server command '/"), std::string::npos) << error;
  EXPECT_NE(error.find("sleep 30' did not accept a connection on 127.0.0.1:"), std::string::npos) << error;
  EXPECT_NE(error.find("within 300 ms"), std::string::npos) << error;
  EXPECT_NE(error.find("stopped it: signal 15 (SIGTERM)"), std::string::npos) << error;
  EXPECT_TRUE(no_children_left());
}

TEST(ServerProcess, ExitCodeAndLastOutputWhenChildDiesAtStart) {
  const std::string error = setup_error_of("sh -c 'echo to stdout; echo \"fatal: bad option\" >&2; exit 3' {port}", 5s);
  EXPECT_NE(error.find("exited during startup with exit code 3"), std::string::npos) << error;
  EXPECT_NE(error.find("| to stdout\n  | fatal: bad option"), std::string::npos) << error;
  EXPECT_NE(error.find("/sh -c"), std::string::npos) << error;
  EXPECT_TRUE(no_children_left());
}

TEST(ServerProcess, SignalReportedWhenChildIsKilledAtStart) {
  const std::string error = setup_error_of("sh -c 'kill -SEGV $$'", 5s);
  EXPECT_NE(error.find("exited during startup with signal 11 (SIGSEGV)"), std::string::npos) << error;
  EXPECT_NE(error.find("no output"), std::string::npos) << error;
  EXPECT_TRUE(no_children_left());
}

TEST(ServerProcess, OnlyTheLastTenLinesAreQuoted) {
  const std::string error =
      setup_error_of("sh -c 'i=1; while [ $i -le 50 ]; do echo line $i >&2; i=$((i+1)); done; exit 1'", 5s);
  EXPECT_NE(error.find("| line 41\n"), std::string::npos) << error;
  EXPECT_NE(error.find("| line 50"), std::string::npos) << error;
  EXPECT_EQ(error.find("line 40"), std::string::npos) << error;
}

TEST(ServerProcess, UnrunnableCommandsAreSetupErrors) {
  const std::string not_found = setup_error_of("no-such-binary-wireproof --port {port}", 1s);
  EXPECT_EQ(not_found.rfind("server command 'no-such-binary-wireproof --port ", 0), 0u) << not_found;
  EXPECT_NE(not_found.find("': 'no-such-binary-wireproof' not found in PATH"), std::string::npos) << not_found;
  const std::string missing = setup_error_of("/nonexistent/server", 1s);
  EXPECT_EQ(missing,
            "server command '/nonexistent/server': cannot execute '/nonexistent/server': "
            "No such file or directory");
  EXPECT_EQ(setup_error_of("server 'unterminated", 1s),
            "server command 'server 'unterminated': byte 7: unterminated single quote");
  EXPECT_TRUE(no_children_left());
}

TEST(ServerProcess, StopKillsTheWholeGroupIncludingGrandchildren) {
  auto [server, grandchild] = start_listener_writing_pid("--grandchild-pid-file");
  const pid_t child = server.pid();
  ASSERT_GT(grandchild, 0);
  EXPECT_EQ(::getpgid(grandchild), child);
  ASSERT_EQ(::kill(grandchild, 0), 0);

  server.stop(2s);
  EXPECT_EQ(::kill(child, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  EXPECT_EQ(::kill(grandchild, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  EXPECT_TRUE(no_children_left());
}

// A server that daemonizes (setsid, double fork, the first process exits 0): start() waits for
// the daemon to accept, running() follows the daemon, stop() finds and kills it.
TEST(ServerProcess, DaemonizedServerIsFollowedAndKilledAtStop) {
  auto [server, daemon] = start_listener_writing_pid("--daemonize-pid-file");
  ASSERT_GT(daemon, 0);
  EXPECT_NE(::getsid(daemon), ::getsid(0));    // a session of its own
  EXPECT_NE(::getpgid(daemon), server.pid());  // it left the group: a group kill would miss it
  EXPECT_TRUE(server.running());
  EXPECT_FALSE(server.exit_status());
  Client::connect(server.address(), 1s);  // the daemon answers

  server.stop(2s);
  EXPECT_TRUE(process_gone(daemon));
  EXPECT_FALSE(server.running());
  ASSERT_TRUE(server.exit_status());
  EXPECT_EQ(server.exit_status()->describe(), "signal 15 (SIGTERM)");  // the daemon's, not the leader's exit 0
  EXPECT_TRUE(no_children_left());
}

// The daemon dying is the server dying, with the daemon's status.
TEST(ServerProcess, DeathOfTheDaemonIsTheServersDeath) {
  auto [server, daemon] = start_listener_writing_pid("--daemonize-pid-file");
  ASSERT_GT(daemon, 0);
  ASSERT_TRUE(server.running());
  ASSERT_EQ(::kill(daemon, SIGSEGV), 0);
  for (int i = 0; i < 300 && server.running(); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(server.running());
  ASSERT_TRUE(server.exit_status());
  EXPECT_EQ(server.exit_status()->describe(), "signal 11 (SIGSEGV)");
  EXPECT_TRUE(no_children_left());
}

// A child that moved to a session of its own is killed with the server; another server's is not.
TEST(ServerProcess, ChildThatLeftTheGroupIsKilledWithItsServerOnly) {
  auto [first, first_escaped] = start_listener_writing_pid("--escaping-child-pid-file");
  auto [second, second_escaped] = start_listener_writing_pid("--escaping-child-pid-file");
  ASSERT_GT(first_escaped, 0);
  ASSERT_GT(second_escaped, 0);
  EXPECT_EQ(::getpgid(first_escaped), first_escaped);  // a group, and a session, of its own

  first.stop(2s);
  EXPECT_TRUE(process_gone(first_escaped));
  EXPECT_EQ(::kill(second_escaped, 0), 0) << "stopping one server killed another's process";
  second.stop(2s);
  EXPECT_TRUE(process_gone(second_escaped));
  EXPECT_TRUE(no_children_left());
}

TEST(ServerProcess, SigkillAfterGraceWhenSigtermIsIgnored) {
  auto [server, grandchild] = start_listener_writing_pid("--ignore-term --grandchild-pid-file");
  ASSERT_GT(grandchild, 0);
  server.stop(300ms);
  ASSERT_TRUE(server.exit_status());
  EXPECT_EQ(server.exit_status()->describe(), "signal 9 (SIGKILL)");
  EXPECT_TRUE(process_gone(grandchild));
  EXPECT_TRUE(no_children_left());
}

TEST(ServerProcess, ReportsAChildThatDiesLater) {
  ServerProcess server = ServerProcess::start(kListener + " --port {port}", 5s);
  ASSERT_EQ(::kill(server.pid(), SIGKILL), 0);
  for (int i = 0; i < 300 && server.running(); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(server.running());
  ASSERT_TRUE(server.exit_status());
  EXPECT_EQ(server.exit_status()->describe(), "signal 9 (SIGKILL)");
  EXPECT_TRUE(no_children_left());
}

TEST(ServerProcess, DestructorAndMoveStopExactlyOnce) {
  pid_t pid = 0;
  {
    ServerProcess first = ServerProcess::start(kListener + " --port {port}", 5s);
    pid = first.pid();
    ServerProcess moved = std::move(first);  // the moved-from object must not stop it
    EXPECT_TRUE(moved.running());
    EXPECT_EQ(moved.pid(), pid);
  }
  EXPECT_TRUE(process_gone(pid));
  EXPECT_TRUE(no_children_left());
}

TEST(ExitStatus, Describes) {
  EXPECT_EQ((ExitStatus{false, 0}).describe(), "exit code 0");
  EXPECT_EQ((ExitStatus{true, SIGABRT}).describe(), "signal 6 (SIGABRT)");
}

}  // namespace
}  // namespace wireproof
