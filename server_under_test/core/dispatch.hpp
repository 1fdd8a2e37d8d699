// Runs one parsed request against the store and writes its response (PROTOCOL.md 8).
#pragma once

#include <string>

#include "core/request.hpp"
#include "core/store.hpp"

namespace gnp {

struct DispatchResult {
  bool close = false;  // QUIT: close after this response (8.6)
};

class Dispatcher {
 public:
  explicit Dispatcher(Store& store) : store_(store) {}

  // Appends the response for `request` to `out`, echoing its Sequence (6.3).
  DispatchResult dispatch(const Request& request, std::string& out);

 private:
  Store& store_;
  std::string scratch_;  // reused body buffer for GET
};

}  // namespace gnp
