// Feeding bytes to a connection the way a transport would, for oracles and tests that run the
// core without sockets (the black-box expectation, the property suites, the soak oracle).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/connection.hpp"

namespace gnp {

// Feeds `pieces` in order to `connection` (a Connection, or what the faulty build serves:
// served_connection.hpp): one receive() per piece (again for what it did not take), the output
// drained after each. Returns every byte the connection wrote meanwhile, the greeting too when
// still unread. Throws std::logic_error when receive() takes nothing although its output was
// drained (connection.hpp's contract).
template <class Served>
std::string drive(Served& connection, const std::vector<std::string_view>& pieces, TimePoint now) {
  std::string written;
  auto drain = [&] {
    written += connection.output();
    connection.consume_output(connection.output().size());
  };
  drain();
  for (std::string_view rest : pieces) {
    while (!rest.empty()) {
      const std::size_t taken = connection.receive(rest, now);
      drain();
      if (taken == 0) throw std::logic_error("gnp::Connection::receive took no bytes with its output drained");
      rest.remove_prefix(taken);
    }
  }
  return written;
}

}  // namespace gnp
