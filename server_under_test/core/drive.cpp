#include "drive.hpp"

#include <stdexcept>

namespace gnp {

std::string drive(Connection& connection, const std::vector<std::string_view>& pieces, TimePoint now) {
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
