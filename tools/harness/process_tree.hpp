// Finding every process a started server consists of, whatever it did to leave its process
// group: a server that daemonizes (setsid plus double fork) or whose children call setsid or
// setpgid is still found, so it can be killed at the end of a run.
//
// Two facts tie a process to the server that started it:
//   * a marker in its environment ("WIREPROOF_SERVER_ID=<harness pid>.<n>"), inherited through
//     fork and exec unless the process clears its environment;
//   * its parent: a descendant of a member is a member.
// The process group is the third, for members that cleared their environment without leaving it.
// The harness also makes itself a child subreaper (PR_SET_CHILD_SUBREAPER), so a daemon whose
// parent exits is re-parented to the harness instead of init: its exit can be reaped and its
// status seen, and it cannot linger as a zombie nobody waits for.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace wireproof {

// Once per process (later calls do nothing). Children already orphaned stay with init.
void become_child_subreaper();

// "WIREPROOF_SERVER_ID=<pid>.<n>", a new value per call: one per started server.
std::string new_server_marker();

// A process, told apart from a later one given the same pid by its start time.
struct ProcessId {
  pid_t pid = 0;
  unsigned long long start = 0;  // clock ticks after boot (/proc/PID/stat field 22)
  bool operator==(const ProcessId&) const = default;
};

struct ServerMembers {
  // Running: in process group `pgid`, or with `marker` in the environment, or descended from one,
  // or one of `known` still running (a process being torn down has lost its environment before
  // it becomes a zombie, so a member once found is followed by its pid and start time).
  std::vector<ProcessId> live;
  // Exited, not yet reaped: in the group, children of a member, or the leader of a group or
  // session a member was ever in (the middle process of a double fork: a zombie's environment
  // cannot be read).
  std::vector<ProcessId> zombies;
  // The group and session leaders of the live members (pass them back as `known_leaders`).
  std::vector<pid_t> leaders;
};

// The processes of one server (`marker` is a full "NAME=value" entry). Reads /proc; processes
// of other users are judged by group, session and parent only.
ServerMembers server_members(pid_t pgid, const std::string& marker, const std::vector<ProcessId>& known,
                             const std::vector<pid_t>& known_leaders);

// The process `pid` is now, if it exists (a zombie too: then `*exited` is set).
std::optional<ProcessId> process_now(pid_t pid, bool* exited = nullptr);

}  // namespace wireproof
