// The edge-coverage map an AFL++-instrumented program writes into: a System V shared-memory
// segment, one byte per edge (a wrapping hit counter), named to the child by __AFL_SHM_ID and
// sized by AFL_MAP_SIZE. The program needs no fork server: its runtime attaches the segment at
// start-up and then runs normally, so a long-lived server reports every edge it takes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace wireproof::edges {

// The variables AFL++'s runtime (afl-compiler-rt) reads at start-up.
inline constexpr const char* kShmIdVariable = "__AFL_SHM_ID";
inline constexpr const char* kMapSizeVariable = "AFL_MAP_SIZE";
// AFL++'s MAP_SIZE: the size every instrumentation fits in unless it says otherwise
// (classic and LTO-less hashing modes always use it).
inline constexpr std::size_t kDefaultMapSize = 65536;

class EdgeMapError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SharedEdgeMap {
 public:
  // Creates and attaches a zeroed segment of `size` bytes (rounded up to 64, as AFL++ does), and
  // marks it for removal at once (IPC_RMID): it lives while attached, so a crash of wireproof
  // leaves no segment behind. Linux lets children attach a segment so marked (shmctl(2)).
  // Throws EdgeMapError naming the call and the reason.
  explicit SharedEdgeMap(std::size_t size);
  ~SharedEdgeMap();
  SharedEdgeMap(const SharedEdgeMap&) = delete;
  SharedEdgeMap& operator=(const SharedEdgeMap&) = delete;

  int id() const { return id_; }
  std::size_t size() const { return size_; }
  // "__AFL_SHM_ID=<id>" and "AFL_MAP_SIZE=<size>", to add to the server's environment.
  std::vector<std::string> environment() const;

  std::span<std::uint8_t> bytes() { return {data_, size_}; }
  std::span<const std::uint8_t> bytes() const { return {data_, size_}; }
  void clear();

 private:
  int id_ = -1;
  std::size_t size_ = 0;
  std::uint8_t* data_ = nullptr;
};

}  // namespace wireproof::edges
