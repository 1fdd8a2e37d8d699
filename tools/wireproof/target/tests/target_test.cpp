// The Target's liveness probe and lifecycle (PROTOCOL.md 3.1/1 greeting, 8.1/1 PING): each state the
// probe names, against a real server, the fake servers and an in-test listener.
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

#include <gtest/gtest.h>

#include "harness/tests/loopback_listener.hpp"
#include "target/target.hpp"

namespace wireproof {
namespace {

using std::chrono::milliseconds;

Target::Options quick() { return Target::Options{milliseconds(5000), milliseconds(300), {}}; }

std::string fake(const char* name) { return std::string("python3 ") + WIREPROOF_FAKE_SERVERS + "/" + name + " {port}"; }

TEST(Target, ReferenceServerIsAlive_3_1_8_1) {
  Target target = Target::start(std::string(GNP_SERVER) + " --port {port}", quick());
  const Probe probe = target.probe();
  EXPECT_EQ(probe.liveness, Liveness::alive) << probe.describe();
  EXPECT_FALSE(Target::needs_restart(probe));
  EXPECT_FALSE(target.death(milliseconds(0)));
}

TEST(Target, ServerThatDiesOnPingIsGoneWithItsStatusAndOutput) {
  Target target = Target::start(fake("crash_server.py"), quick());
  const Probe probe = target.probe();  // the PING is its first request byte: SIGABRT
  EXPECT_EQ(probe.liveness, Liveness::gone) << probe.describe();
  EXPECT_NE(probe.detail.find("SIGABRT"), std::string::npos) << probe.detail;
  EXPECT_TRUE(Target::needs_restart(probe));
  const std::optional<ServerDeath> death = target.death(milliseconds(0));
  ASSERT_TRUE(death);
  EXPECT_NE(death->describe().find("crash_server: got"), std::string::npos) << death->describe();
  target.restart();
  EXPECT_EQ(target.restarts(), 1u);
  EXPECT_FALSE(target.exited());
}

TEST(Target, SilentServerIsAcceptingButNotAnswering_3_1) {
  Target target = Target::start(fake("hang_server.py"), quick());
  const Probe probe = target.probe();
  EXPECT_EQ(probe.liveness, Liveness::not_answering) << probe.describe();
  EXPECT_NE(probe.detail.find("no greeting"), std::string::npos) << probe.detail;
  EXPECT_TRUE(Target::needs_restart(probe));
}

TEST(Target, GreetingWithoutAnswerToPingIsNotAnswering_8_1) {
  Address address;
  const int listener = listen_on_loopback(address);
  std::thread server([listener] {
    ::close(::accept(listener, nullptr, nullptr));  // Target::connect's check connection
    const int conn = ::accept(listener, nullptr, nullptr);
    (void)!::write(conn, "OK\r\n\r\n", 6);
    char buffer[64];
    (void)!::read(conn, buffer, sizeof buffer);  // takes the PING, never answers
    std::this_thread::sleep_for(milliseconds(600));
    ::close(conn);
  });
  Target target = Target::connect(address, quick());
  const Probe probe = target.probe();
  server.join();
  ::close(listener);
  EXPECT_EQ(probe.liveness, Liveness::not_answering) << probe.describe();
  EXPECT_NE(probe.detail.find("PING"), std::string::npos) << probe.detail;
}

TEST(Target, ServerThatStopsListeningIsNotAccepting) {
  Address address;
  const int listener = listen_on_loopback(address);
  Target target = Target::connect(address, quick());  // its one check connection is accepted
  ::close(listener);
  const Probe probe = target.probe();
  EXPECT_EQ(probe.liveness, Liveness::not_accepting) << probe.describe();
  EXPECT_FALSE(target.started());
  EXPECT_THROW(target.restart(), SetupError);
}

TEST(Target, ClosedPortIsASetupErrorUpFront) {
  Address address;
  ::close(listen_on_loopback(address));  // the port is free again: nothing listens
  try {
    Target::connect(address, quick());
    FAIL() << "connected to a closed port";
  } catch (const SetupError& e) {
    EXPECT_NE(std::string(e.what()).find("nothing accepts connections there"), std::string::npos) << e.what();
  }
}

TEST(Target, UnresolvableHostIsASetupErrorUpFront) {
  try {
    Target::connect(Address{"no-such-host.invalid", 7}, quick());
    FAIL() << "resolved an .invalid name";
  } catch (const SetupError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot resolve host 'no-such-host.invalid'"), std::string::npos) << e.what();
  }
}

TEST(Target, CommandWithoutPortPlaceholderIsRefused) {
  EXPECT_THROW(Target::start(std::string(GNP_SERVER) + " --port 1", quick()), SetupError);
}

}  // namespace
}  // namespace wireproof
