#include "shell/session_registry.hpp"

#include <vector>

namespace gnp::shell {

ConnectionSlot& ConnectionSlot::operator=(ConnectionSlot&& other) noexcept {
  if (this != &other) {
    release();
    registry_ = other.registry_;
    other.registry_ = nullptr;
  }
  return *this;
}

void ConnectionSlot::release() {
  if (registry_ != nullptr) registry_->release_slot();
  registry_ = nullptr;
}

ConnectionSlot SessionRegistry::try_take_slot() {
  std::lock_guard lock(mutex_);
  if (slots_in_use_ >= max_connections_) return ConnectionSlot();
  ++slots_in_use_;
  return ConnectionSlot(this);
}

void SessionRegistry::release_slot() {
  std::lock_guard lock(mutex_);
  --slots_in_use_;
}

void SessionRegistry::add(StoppableSession* session) {
  std::lock_guard lock(mutex_);
  sessions_.insert(session);
}

void SessionRegistry::remove(StoppableSession* session) {
  std::lock_guard lock(mutex_);
  sessions_.erase(session);
}

namespace {
// Sessions whose destructor has not started; a session being destroyed is skipped. The calls are
// made outside the lock so that a session may leave the registry meanwhile.
std::vector<std::shared_ptr<StoppableSession>> live(std::mutex& mutex,
                                                    const std::unordered_set<StoppableSession*>& sessions) {
  std::vector<std::shared_ptr<StoppableSession>> result;
  std::lock_guard lock(mutex);
  result.reserve(sessions.size());
  for (StoppableSession* session : sessions) {
    if (auto alive = session->weak_from_this().lock()) result.push_back(std::move(alive));
  }
  return result;
}
}  // namespace

void SessionRegistry::request_stop_all() {
  for (const auto& session : live(mutex_, sessions_)) session->request_stop();
}

void SessionRegistry::force_close_all() {
  for (const auto& session : live(mutex_, sessions_)) session->force_close();
}

bool SessionRegistry::empty() const {
  std::lock_guard lock(mutex_);
  return sessions_.empty();
}

std::size_t SessionRegistry::slots_in_use() const {
  std::lock_guard lock(mutex_);
  return slots_in_use_;
}

}  // namespace gnp::shell
