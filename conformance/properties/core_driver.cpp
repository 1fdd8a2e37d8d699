#include "properties/core_driver.hpp"

#include <string_view>

#include "core/drive.hpp"
#include "core/served_connection.hpp"

namespace wireproof::properties {

CoreRun run_core(const std::vector<std::string>& pieces, gnp::Store& store) {
  const gnp::TimePoint now{};  // a constant time: only framing and parsing are under test
  gnp::ServedConnection connection(store, gnp::ConnectionConfig{}, now);  // faulty build: with its filter
  CoreRun run;
  run.output = gnp::drive(connection, std::vector<std::string_view>(pieces.begin(), pieces.end()), now);
  run.closing = connection.closing();
  return run;
}

CoreRun run_core_whole(const std::string& bytes) {
  gnp::Store store;
  return run_core({bytes}, store);
}

}  // namespace wireproof::properties
