#include "edges/shared_edge_map.hpp"

#include <sys/ipc.h>
#include <sys/shm.h>

#include <cerrno>
#include <cstring>

namespace wireproof::edges {

namespace {
std::size_t round_up_64(std::size_t size) { return (size + 63) / 64 * 64; }
}  // namespace

SharedEdgeMap::SharedEdgeMap(std::size_t size) : size_(round_up_64(size == 0 ? 1 : size)) {
  id_ = ::shmget(IPC_PRIVATE, size_, IPC_CREAT | IPC_EXCL | 0600);
  if (id_ < 0) {
    throw EdgeMapError("cannot create the coverage map (shmget of " + std::to_string(size_) +
                       " bytes): " + std::strerror(errno));
  }
  void* data = ::shmat(id_, nullptr, 0);
  const int attach_errno = errno;
  ::shmctl(id_, IPC_RMID, nullptr);  // removed once the last process detaches
  if (data == reinterpret_cast<void*>(-1)) {
    throw EdgeMapError("cannot attach the coverage map (shmat of segment " + std::to_string(id_) +
                       "): " + std::strerror(attach_errno));
  }
  data_ = static_cast<std::uint8_t*>(data);
  clear();
}

SharedEdgeMap::~SharedEdgeMap() {
  if (data_) ::shmdt(data_);
}

std::vector<std::string> SharedEdgeMap::environment() const {
  return {std::string(kShmIdVariable) + "=" + std::to_string(id_),
          std::string(kMapSizeVariable) + "=" + std::to_string(size_)};
}

void SharedEdgeMap::clear() { std::memset(data_, 0, size_); }

}  // namespace wireproof::edges
