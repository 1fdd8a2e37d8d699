// Feeding bytes to a Connection the way a transport would, for oracles and tests that run the
// core without sockets (the black-box expectation, the property suites, the core tests).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "connection.hpp"

namespace gnp {

// Feeds `pieces` in order to `connection`: one receive() per piece (again for what it did not
// take), the output drained after each. Returns every byte the connection wrote meanwhile, the
// greeting too when still unread. Throws std::logic_error when receive() takes nothing although
// its output was drained (connection.hpp's contract).
std::string drive(Connection& connection, const std::vector<std::string_view>& pieces, TimePoint now);

}  // namespace gnp
