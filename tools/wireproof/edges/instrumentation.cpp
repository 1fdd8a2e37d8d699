#include "edges/instrumentation.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "edges/shared_edge_map.hpp"

extern char** environ;

namespace wireproof::edges {

namespace {

constexpr std::size_t kMaxMapSize = 1u << 28;  // far above any real program; guards a bad number

std::filesystem::path resolve_in_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::filesystem::path candidate =
        std::filesystem::path(end == start ? "." : dirs.substr(start, end - start)) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return name;
}

// The program an argv runs: argv[0], or after `env` the first word that is no option or VAR=value.
std::string program_word(const std::vector<std::string>& argv) {
  if (argv.empty()) return "";
  if (std::filesystem::path(argv[0]).filename() != "env") return argv[0];
  for (std::size_t i = 1; i < argv.size(); ++i) {
    if (argv[i] == "-u" || argv[i] == "-C" || argv[i] == "--unset" || argv[i] == "--chdir") {
      ++i;  // options with a separate value
    } else if (!argv[i].starts_with("-") && argv[i].find('=') == std::string::npos) {
      return argv[i];
    }
  }
  return argv[0];
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

std::optional<std::size_t> parse_size(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  if (value == 0 || value > kMaxMapSize) return std::nullopt;
  return value;
}

// Runs `program` alone with AFL_DUMP_MAP_SIZE=1 (and no __AFL_SHM_ID) and reads the number it
// prints. nullopt when it prints anything else or does not finish in time (it is then killed).
std::optional<std::size_t> dump_map_size(const std::filesystem::path& program, std::chrono::milliseconds timeout,
                                         std::string& detail) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    const std::string_view entry(*e);
    if (entry.starts_with(std::string(kShmIdVariable) + "=") || entry.starts_with("AFL_DUMP_MAP_SIZE=")) continue;
    env_strings.emplace_back(entry);
  }
  env_strings.emplace_back("AFL_DUMP_MAP_SIZE=1");
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string program_text = program.string();
  char* child_argv[] = {program_text.data(), nullptr};

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    detail = std::string("pipe2: ") + std::strerror(errno);
    return std::nullopt;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);  // its own group: killed as one
  pid_t pid = -1;
  const int spawn_error = ::posix_spawn(&pid, program_text.c_str(), &actions, &attributes, child_argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(fds[1]);
  if (spawn_error != 0) {
    ::close(fds[0]);
    detail = "cannot run it: " + std::string(std::strerror(spawn_error));
    return std::nullopt;
  }
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool timed_out = false;
  while (output.size() < 4096) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[512];
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    output.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(-pid, SIGKILL);
  int status = 0;
  if (!timed_out && ::waitpid(pid, &status, WNOHANG) == 0) {
    // Output closed but still running (e.g. it closed stdout): give it a moment, then kill.
    ::usleep(200 * 1000);
    if (::waitpid(pid, &status, WNOHANG) == 0) ::kill(-pid, SIGKILL);
  }
  ::waitpid(pid, &status, 0);
  if (timed_out) {
    detail = "AFL_DUMP_MAP_SIZE=1 did not make it exit within " + std::to_string(timeout.count()) + " ms";
    return std::nullopt;
  }
  const std::optional<std::size_t> size = parse_size(output);
  if (!size) detail = "AFL_DUMP_MAP_SIZE=1 did not print a map size";
  return size;
}

}  // namespace

InstrumentationCheck check_instrumentation(const std::vector<std::string>& argv, std::chrono::milliseconds dump_timeout) {
  InstrumentationCheck check;
  check.program = resolve_in_path(program_word(argv));
  std::ifstream in(check.program, std::ios::binary);
  if (!in) {
    check.message = "cannot read '" + check.program.string() + "' to look for AFL++'s instrumentation";
    return check;
  }
  const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!content.starts_with("\x7F" "ELF")) {
    check.message = "'" + check.program.string() +
                    "' is not an executable file wireproof can inspect (a script?); whether it is instrumented "
                    "shows in the coverage map after the first exec";
    return check;
  }
  if (!contains(content, kShmIdVariable) || !contains(content, "__afl_area_ptr")) {
    check.verdict = InstrumentationCheck::Verdict::not_instrumented;
    check.message = "'" + check.program.string() +
                    "' is not built with AFL++'s instrumentation (it has no __AFL_SHM_ID / __afl_area_ptr): "
                    "build it with afl-clang-fast, afl-clang-lto or cargo afl (docs/FUZZING.md), or fuzz "
                    "without --coverage";
    return check;
  }
  check.verdict = InstrumentationCheck::Verdict::instrumented;
  check.message = "'" + check.program.string() + "' has AFL++'s instrumentation";
  if (contains(content, "AFL_DUMP_MAP_SIZE")) {
    std::string detail;
    check.map_size = dump_map_size(check.program, dump_timeout, detail);
    if (check.map_size) {
      check.message += " (" + std::to_string(*check.map_size) + " map entries)";
    } else {
      check.message += "; its map size is unknown (" + detail + ")";
    }
  }
  return check;
}

std::optional<std::size_t> choose_map_size(const InstrumentationCheck& check, const char* override_text,
                                           std::string& error) {
  if (override_text && *override_text) {
    const std::optional<std::size_t> size = parse_size(override_text);
    if (!size) {
      error = std::string(kMapSizeVariable) + "='" + override_text + "' is not a map size (1.." +
              std::to_string(kMaxMapSize) + ")";
      return std::nullopt;
    }
    if (check.map_size && *size < *check.map_size) {
      error = std::string(kMapSizeVariable) + "=" + override_text + " is smaller than the " +
              std::to_string(*check.map_size) + " entries '" + check.program.string() + "' writes";
      return std::nullopt;
    }
    return size;
  }
  return check.map_size.value_or(kDefaultMapSize);
}

std::string empty_map_message(const std::string& command) {
  return "the coverage map stayed empty after the first exec against '" + command +
         "': the server is not built with AFL++'s instrumentation, or the program that got __AFL_SHM_ID "
         "is not the instrumented one (build it with afl-clang-fast, afl-clang-lto or cargo afl: "
         "docs/FUZZING.md), or fuzz without --coverage";
}

}  // namespace wireproof::edges
