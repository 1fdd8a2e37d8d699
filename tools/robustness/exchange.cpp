#include "exchange.hpp"

namespace wireproof::robust {

Client connect_greeted(const Address& address, std::chrono::milliseconds timeout) {
  Client client = Client::connect(address, timeout);
  const ReadResult greeting = client.read_response(timeout);
  if (greeting.status != ReadStatus::frame || !greeting.frame.ok || !greeting.frame.headers.empty()) {
    throw ClientError("no greeting: " + std::string(read_status_name(greeting.status)) + " " + greeting.error);
  }
  return client;
}

std::string with_sequence(const std::string& command_line, std::uint64_t sequence) {
  return command_line + "\r\nSequence: " + std::to_string(sequence) + "\r\n\r\n";
}

std::string exchange_ok(Client& client, const std::string& request, std::uint64_t sequence,
                        const std::string& body, std::chrono::milliseconds timeout) {
  const SendResult sent = client.send(request, timeout);
  if (sent.status != SendStatus::sent) return "send failed: " + sent.error;
  const ReadResult reply = client.read_response(timeout);
  if (reply.status != ReadStatus::frame) return std::string(read_status_name(reply.status)) + ": " + reply.error;
  if (!reply.frame.ok) return "ERR " + reply.frame.code;
  if (reply.frame.sequence != sequence) return "wrong Sequence";
  if (reply.frame.body != body) return "wrong body";
  return "";
}

}  // namespace wireproof::robust
