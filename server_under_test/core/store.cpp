#include "core/store.hpp"

namespace gnp {

void Store::set(std::string_view key, std::string_view value) {
  std::lock_guard lock(mutex_);
  auto it = map_.find(key);
  if (it == map_.end()) {
    map_.emplace(std::string(key), std::string(value));
  } else {
    it->second.assign(value);
  }
}

bool Store::append_value(std::string_view key, std::string& out) const {
  std::lock_guard lock(mutex_);
  auto it = map_.find(key);
  if (it == map_.end()) return false;
  out += it->second;
  return true;
}

bool Store::erase(std::string_view key) {
  std::lock_guard lock(mutex_);
  auto it = map_.find(key);
  if (it == map_.end()) return false;
  map_.erase(it);
  return true;
}

std::size_t Store::size() const {
  std::lock_guard lock(mutex_);
  return map_.size();
}

}  // namespace gnp
