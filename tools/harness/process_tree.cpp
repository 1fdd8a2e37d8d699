#include "harness/process_tree.hpp"

#include <dirent.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <mutex>
#include <unordered_set>

namespace wireproof {
namespace {

struct ProcessInfo {
  ProcessId id;
  pid_t ppid = 0;
  pid_t pgrp = 0;
  pid_t session = 0;
  char state = 0;  // 'Z' and 'X': exited, waiting to be reaped
};

// Parses /proc/PID/stat: "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt
// majflt cmajflt utime stime cutime cstime priority nice threads itrealvalue starttime ...";
// comm may hold spaces and parentheses, so fields are counted from the last ')'.
std::optional<ProcessInfo> read_process(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  std::getline(stat, text);
  const std::size_t paren = text.rfind(')');
  if (paren == std::string::npos) return std::nullopt;
  ProcessInfo info;
  long ppid = 0, pgrp = 0, session = 0;
  if (std::sscanf(text.c_str() + paren + 1,
                  " %c %ld %ld %ld %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu", &info.state,
                  &ppid, &pgrp, &session, &info.id.start) != 5) {
    return std::nullopt;
  }
  info.id.pid = pid;
  info.ppid = static_cast<pid_t>(ppid);
  info.pgrp = static_cast<pid_t>(pgrp);
  info.session = static_cast<pid_t>(session);
  return info;
}

std::vector<ProcessInfo> all_processes() {
  std::vector<ProcessInfo> processes;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return processes;
  while (dirent* entry = ::readdir(proc)) {
    if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
    if (auto info = read_process(static_cast<pid_t>(std::atol(entry->d_name)))) processes.push_back(*info);
  }
  ::closedir(proc);
  return processes;
}

// True when the environment of `pid` holds `entry` exactly (entries are NUL-separated).
bool environment_holds(pid_t pid, const std::string& entry) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/environ", std::ios::binary);
  if (!file) return false;  // another user's process, or gone
  const std::string environment((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  for (std::size_t start = 0; start < environment.size();) {
    std::size_t end = environment.find('\0', start);
    if (end == std::string::npos) end = environment.size();
    if (environment.compare(start, end - start, entry) == 0) return true;
    start = end + 1;
  }
  return false;
}

bool exited(const ProcessInfo& p) { return p.state == 'Z' || p.state == 'X'; }

}  // namespace

void become_child_subreaper() {
  static std::once_flag once;
  std::call_once(once, [] { ::prctl(PR_SET_CHILD_SUBREAPER, 1); });
}

std::string new_server_marker() {
  static std::atomic<unsigned> next{0};
  return "WIREPROOF_SERVER_ID=" + std::to_string(::getpid()) + "." + std::to_string(next++);
}

ServerMembers server_members(pid_t pgid, const std::string& marker, const std::vector<ProcessId>& known,
                             const std::vector<pid_t>& known_leaders) {
  const std::vector<ProcessInfo> processes = all_processes();
  const auto is_known = [&](const ProcessId& id) { return std::find(known.begin(), known.end(), id) != known.end(); };
  std::unordered_set<pid_t> live;
  for (const ProcessInfo& p : processes) {
    if (exited(p)) continue;  // a zombie's environment reads as empty; it runs nothing anyway
    if (p.pgrp == pgid || is_known(p.id) || environment_holds(p.id.pid, marker)) live.insert(p.id.pid);
  }
  // Descendants of members, to a fixed point (a child listed before its parent needs another pass).
  for (bool grew = true; grew;) {
    grew = false;
    for (const ProcessInfo& p : processes) {
      if (!exited(p) && !live.count(p.id.pid) && live.count(p.ppid)) {
        live.insert(p.id.pid);
        grew = true;
      }
    }
  }
  std::unordered_set<pid_t> leaders(known_leaders.begin(), known_leaders.end());
  ServerMembers members;
  for (const ProcessInfo& p : processes) {
    if (!live.count(p.id.pid)) continue;
    members.live.push_back(p.id);
    members.leaders.push_back(p.pgrp);
    members.leaders.push_back(p.session);
    leaders.insert({p.pgrp, p.session});
  }
  for (const ProcessInfo& p : processes) {
    if (exited(p) && (p.pgrp == pgid || live.count(p.ppid) || leaders.count(p.id.pid))) members.zombies.push_back(p.id);
  }
  return members;
}

std::optional<ProcessId> process_now(pid_t pid, bool* has_exited) {
  const auto info = read_process(pid);
  if (has_exited) *has_exited = info && exited(*info);
  return info ? std::optional<ProcessId>(info->id) : std::nullopt;
}

}  // namespace wireproof
