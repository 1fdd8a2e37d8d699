#include "harness/test_pki.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

namespace wireproof {
namespace {

bool readable_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  return std::ifstream(path).good();
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string last_lines(const std::string& text, std::size_t count) {
  std::size_t start = text.size();
  for (std::size_t seen = 0; start > 0 && seen <= count;) {
    --start;
    if (text[start] == '\n' && start + 1 < text.size()) ++seen;
  }
  return text.substr(start);
}

// Runs `script dir` with its output in dir/make-test-pki.log; kills it after `timeout`.
void run_script(const std::filesystem::path& script, const std::filesystem::path& dir, std::chrono::seconds timeout) {
  // Everything the child needs is made before fork(): it must not allocate (other threads may hold locks).
  const std::string log = (dir / "make-test-pki.log").string();
  const std::string script_text = script.string();
  const std::string dir_text = dir.string();
  const pid_t pid = fork();
  if (pid < 0) throw PkiError("cannot run " + script.string() + ": fork failed");
  if (pid == 0) {
    setpgid(0, 0);  // its openssl children die with it on a timeout
    const int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int in = open("/dev/null", O_RDONLY);
    if (out >= 0) {
      dup2(out, STDOUT_FILENO);
      dup2(out, STDERR_FILENO);
    }
    if (in >= 0) dup2(in, STDIN_FILENO);
    execl(script_text.c_str(), script_text.c_str(), dir_text.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      throw PkiError(script.string() + " " + dir.string() + " did not finish within " +
                     std::to_string(timeout.count()) + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    const std::string how = WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                              : "signal " + std::to_string(WTERMSIG(status));
    throw PkiError(script.string() + " " + dir.string() + " failed (" + how + "):\n" + last_lines(read_text(log), 6));
  }
}

// 9.3: an entry matches in either case, with or without ':' between the digit pairs.
std::string compact_lower(const std::string& fingerprint) {
  std::string out;
  for (const char c : fingerprint) {
    if (c != ':') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

void alternate_fingerprint_forms(const std::filesystem::path& allowed) {
  std::istringstream in(read_text(allowed));
  std::string out = "# written by tools/make-test-pki; every second entry rewritten by wireproof into the\n"
                    "# other form PROTOCOL.md 9.3 allows (lower case, no ':')\n";
  std::string line;
  std::size_t entry = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    out += (entry++ % 2 == 1 ? compact_lower(line) : line) + "\n";
  }
  std::ofstream(allowed, std::ios::binary | std::ios::trunc) << out;
}

}  // namespace

std::shared_ptr<TestPki> TestPki::generate(const std::filesystem::path& script, std::chrono::seconds timeout) {
  if (!readable_file(script)) throw PkiError("cannot find the PKI generator " + script.string());
  std::error_code ec;
  std::string pattern = (std::filesystem::temp_directory_path(ec) / "wireproof-pki-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw PkiError("cannot make a temporary directory " + pattern);
  std::shared_ptr<TestPki> pki(new TestPki(pattern, true));
  run_script(script, pki->dir(), timeout);
  for (const char* name : {"ca.pem", "server.pem", "server.key", "allowed.txt", "client-allowed.pem"}) {
    if (!readable_file(pki->file(name))) throw PkiError(script.string() + " wrote no " + pki->file(name).string());
  }
  alternate_fingerprint_forms(pki->file("allowed.txt"));
  return pki;
}

std::shared_ptr<TestPki> TestPki::open(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) throw PkiError(dir.string() + ": not a directory");
  std::shared_ptr<TestPki> pki(new TestPki(std::filesystem::absolute(dir, ec), false));
  for (const char* name : {"ca.pem", "server.pem", "server.key", "allowed.txt"}) {
    if (!readable_file(pki->file(name))) {
      throw PkiError(pki->file(name).string() + ": missing or unreadable (a PKI directory holds ca.pem, server.pem, "
                     "server.key, allowed.txt and client NAME.pem/.key, as tools/make-test-pki writes them)");
    }
  }
  return pki;
}

TestPki::~TestPki() {
  if (!owned_) return;
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string TestPki::check_client(const std::string& name) const {
  if (!readable_file(certificate(name))) return certificate(name).string() + " is missing or unreadable";
  if (!readable_file(key(name))) return key(name).string() + " is missing or unreadable";
  return "";
}

}  // namespace wireproof
