// 4.4: the same byte stream gives the same response bytes whatever the segmentation.
#include "harness/segmentation.hpp"
#include "socket_test_support.hpp"

namespace gnp_socket_tests {
namespace {

class Segmentation : public BothTransports {};

TEST_P(Segmentation, ResponsesDoNotDependOnSegmentation_4_4) {
  ServerProcess server = start();
  using namespace std::string_literals;
  // Includes a NUL (4.1: still one request, answered bad-request) and a UTF-8 argument.
  const std::string stream =
      "SET k v\r\nSequence: 1\r\n\r\nGET k\r\n\r\nPI\0NG\r\n\r\nECHO \xc3\xa9 x\r\n\r\nGET nokey\r\n\r\nPING\r\n\r\n"s;
  std::string reference;
  for (wireproof::Strategy strategy : wireproof::kAllStrategies) {
    SCOPED_TRACE(std::string(wireproof::strategy_name(strategy)));
    Client client = greeted(server);
    const auto cuts = wireproof::cut_points(strategy, stream, 7);
    ASSERT_EQ(client.send_pieces(stream, cuts, 200us).status, wireproof::SendStatus::sent);
    std::string responses;
    for (int i = 0; i < 6; ++i) {
      const ReadResult response = client.read_response(kReadTimeout);
      ASSERT_EQ(response.status, ReadStatus::frame) << describe(response);
      responses += response.frame.raw;
    }
    EXPECT_EQ(client.read_response(50ms).status, ReadStatus::timeout);
    if (reference.empty()) reference = responses;
    EXPECT_EQ(responses, reference);
  }
}

GNP_BOTH_TRANSPORTS(Segmentation);

}  // namespace
}  // namespace gnp_socket_tests
