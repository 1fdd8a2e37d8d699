// Every live session of one server, for the connection limit (PROTOCOL.md 10.3) and for shutdown.
// Thread-safe: sessions register and leave from their own strands; the server stops them all.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_set>

namespace gnp::shell {

// What the server may ask of a running session. Both calls may come from any thread; the
// session moves them onto its own executor.
class StoppableSession : public std::enable_shared_from_this<StoppableSession> {
 public:
  virtual ~StoppableSession() = default;
  // Stop reading, answer the complete requests already received, then close.
  virtual void request_stop() = 0;
  // Close the socket now, whatever is pending.
  virtual void force_close() = 0;
};

class SessionRegistry;

// One place under the connection limit. Released when the session stops serving requests (its
// lingering close does not hold a place) or when destroyed.
class ConnectionSlot {
 public:
  ConnectionSlot() = default;
  explicit ConnectionSlot(SessionRegistry* registry) : registry_(registry) {}
  ConnectionSlot(ConnectionSlot&& other) noexcept : registry_(other.registry_) { other.registry_ = nullptr; }
  ConnectionSlot& operator=(ConnectionSlot&& other) noexcept;
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  ~ConnectionSlot() { release(); }

  bool held() const { return registry_ != nullptr; }
  void release();

 private:
  SessionRegistry* registry_ = nullptr;
};

class SessionRegistry {
 public:
  explicit SessionRegistry(std::size_t max_connections) : max_connections_(max_connections) {}

  // A place under the limit, or an empty slot when the limit is reached.
  ConnectionSlot try_take_slot();

  void add(StoppableSession* session);
  void remove(StoppableSession* session);

  void request_stop_all();
  void force_close_all();
  bool empty() const;
  std::size_t slots_in_use() const;

 private:
  friend class ConnectionSlot;
  void release_slot();

  const std::size_t max_connections_;
  mutable std::mutex mutex_;
  std::size_t slots_in_use_ = 0;
  std::unordered_set<StoppableSession*> sessions_;
};

}  // namespace gnp::shell
