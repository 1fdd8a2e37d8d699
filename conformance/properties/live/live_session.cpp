#include "live_session.hpp"

#include <stdexcept>

#include "harness/escape.hpp"

namespace wireproof::properties {

namespace {

std::string describe(const ReadResult& result) {
  return std::string(read_status_name(result.status)) + (result.error.empty() ? "" : ": " + result.error);
}

std::string cut_list(const std::vector<std::size_t>& cuts) {
  std::string out = "[";
  for (std::size_t i = 0; i < cuts.size(); ++i) out += (i ? "," : "") + std::to_string(cuts[i]);
  return out + "]";
}

}  // namespace

LiveSession::LiveSession(const Address& address, std::size_t connections, std::string key_prefix)
    : key_prefix_(std::move(key_prefix)) {
  for (std::size_t i = 0; i < connections; ++i) {
    const std::string name = "connection " + std::to_string(i + 1) + " to " + address.to_string();
    try {
      clients_.push_back(Client::connect(address, kTimeout));
    } catch (const ClientError& e) {
      throw std::runtime_error(name + ": " + e.what());
    }
    const ReadResult greeting = clients_.back().read_response(kTimeout);
    if (greeting.status != ReadStatus::frame) throw std::runtime_error(name + ": no greeting (3.1): " + describe(greeting));
    if (!greeting.frame.ok || !greeting.frame.headers.empty() || !greeting.frame.body.empty()) {
      throw std::runtime_error(name + ": greeting is \"" + escape_bytes(greeting.frame.raw) + "\", not OK\\r\\n\\r\\n (6.6)");
    }
  }
}

std::vector<ReadResult> LiveSession::exchange(std::size_t index, const std::string& bytes,
                                              const std::vector<std::size_t>& cuts, std::size_t count) {
  Client& client = clients_.at(index);
  const std::string conn = "conn " + std::to_string(index + 1);
  transcript_.push_back(conn + " >> \"" + escape_bytes(bytes) + "\"" + (cuts.empty() ? "" : " cut at " + cut_list(cuts)));
  const SendResult sent = client.send_pieces(bytes, cuts, kPauseBetweenPieces, kTimeout);
  if (sent.status != SendStatus::sent) {
    transcript_.push_back(conn + " send stopped after " + std::to_string(sent.bytes_sent) + " bytes: " + sent.error);
  }
  std::vector<ReadResult> results;
  while (results.size() < count) {
    results.push_back(client.read_response(kTimeout));
    const ReadResult& r = results.back();
    if (r.status != ReadStatus::frame) {
      transcript_.push_back(conn + " << " + describe(r));
      break;
    }
    transcript_.push_back(conn + " << \"" + escape_bytes(r.frame.raw) + "\"");
  }
  return results;
}

std::string LiveSession::transcript() const {
  std::string out = "traffic (keys prefixed \"" + key_prefix_ + "\"):";
  for (const std::string& line : transcript_) out += "\n  " + line;
  return out;
}

}  // namespace wireproof::properties
