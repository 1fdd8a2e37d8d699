// What /proc says about a server process: memory and open descriptors.
#pragma once

namespace wireproof::robust {

long rss_kib(int pid);       // VmRSS, -1 when unknown
long peak_rss_kib(int pid);  // VmHWM, -1 when unknown
long open_fds(int pid);      // entries of /proc/PID/fd, -1 when unknown

// Raises this process's soft RLIMIT_NOFILE to the hard limit; returns the new soft limit.
long raise_fd_limit();

}  // namespace wireproof::robust
