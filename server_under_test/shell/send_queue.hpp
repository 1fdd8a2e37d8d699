// How many bytes a TCP socket still holds for sending (unsent or unacknowledged). It shrinks
// whenever the peer reads, so it tells a slow reader from one that never reads (PROTOCOL.md 10.4),
// even while the kernel is not yet ready to take more from the application.
#pragma once

#include <sys/ioctl.h>

#include <optional>

namespace gnp::shell {

inline std::optional<int> unsent_bytes(int socket_fd) {
  int queued = 0;
  if (::ioctl(socket_fd, TIOCOUTQ, &queued) != 0) return std::nullopt;
  return queued;
}

}  // namespace gnp::shell
