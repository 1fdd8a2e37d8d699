// ServerProcess: start on a free port, startup failures reported with command, status and
// output, and stop() leaving no process of the group and no zombie behind.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
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

// No child of this test process is left, running or zombie.
bool no_children_left() { return ::waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD; }

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
  const std::string error =
      setup_error_of("sh -c 'echo to stdout; echo \"fatal: bad option\" >&2; exit 3' {port}", 5s);
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
  EXPECT_EQ(missing, "server command '/nonexistent/server': cannot execute '/nonexistent/server': "
                     "No such file or directory");
  EXPECT_EQ(setup_error_of("server 'unterminated", 1s),
            "server command 'server 'unterminated': byte 7: unterminated single quote");
  EXPECT_TRUE(no_children_left());
}

TEST(ServerProcess, StopKillsTheWholeGroupIncludingGrandchildren) {
  // As a subreaper this process adopts the orphaned grandchild, so "gone" can be checked fully
  // (no zombie anywhere) rather than leaving it to whatever init runs in this container.
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  const std::string pid_file = testing::TempDir() + "grandchild." + std::to_string(::getpid());
  ::unlink(pid_file.c_str());
  ServerProcess server = ServerProcess::start(kListener + " --port {port} --grandchild-pid-file " + pid_file, 5s);
  const pid_t child = server.pid();
  const pid_t grandchild = read_pid_file(pid_file);
  ::unlink(pid_file.c_str());
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

TEST(ServerProcess, SigkillAfterGraceWhenSigtermIsIgnored) {
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  const std::string pid_file = testing::TempDir() + "stubborn." + std::to_string(::getpid());
  ::unlink(pid_file.c_str());
  ServerProcess server =
      ServerProcess::start(kListener + " --port {port} --ignore-term --grandchild-pid-file " + pid_file, 5s);
  const pid_t grandchild = read_pid_file(pid_file);
  ::unlink(pid_file.c_str());
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
