// The key/value store shared by every connection of one server (PROTOCOL.md 8.8).
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gnp {

class Store {
 public:
  void set(std::string_view key, std::string_view value);
  // Appends the value to `out` and returns true, or returns false when the key is absent.
  bool append_value(std::string_view key, std::string& out) const;
  bool erase(std::string_view key);
  std::size_t size() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  mutable std::mutex mutex_;  // connections may be served from several threads
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> map_;
};

}  // namespace gnp
