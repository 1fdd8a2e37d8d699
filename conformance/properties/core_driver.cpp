#include "core_driver.hpp"

#include <stdexcept>
#include <string_view>

#include "served_connection.hpp"

namespace wireproof::properties {

CoreRun run_core(const std::vector<std::string>& pieces, gnp::Store& store) {
  const gnp::TimePoint now{};  // a constant time: only framing and parsing are under test
  gnp::ServedConnection connection(store, gnp::ConnectionConfig{}, now);  // faulty build: with its filter
  CoreRun run;
  auto drain = [&] {
    run.output += connection.output();
    connection.consume_output(connection.output().size());
  };
  drain();
  for (const std::string& piece : pieces) {
    std::string_view rest = piece;
    while (!rest.empty()) {
      const std::size_t taken = connection.receive(rest, now);
      drain();
      // Output was drained, so receive() must make progress (connection.hpp's contract).
      if (taken == 0) throw std::logic_error("gnp::Connection::receive took no bytes with output drained");
      rest.remove_prefix(taken);
    }
  }
  run.closing = connection.closing();
  return run;
}

CoreRun run_core_whole(const std::string& bytes) {
  gnp::Store store;
  return run_core({bytes}, store);
}

}  // namespace wireproof::properties
