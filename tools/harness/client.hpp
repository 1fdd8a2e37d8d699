// Blocking TCP client for talking to a server under test: every wait has a timeout (poll based),
// TCP_NODELAY so separate sends travel as separate segments, and peer closes or resets are
// reported as results, never thrown. Responses are parsed by the strict ResponseReader.
#pragma once

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "address.hpp"
#include "response_reader.hpp"

namespace wireproof {

// Connecting failed (refused, timed out, unresolvable host) or a socket call failed unexpectedly.
class ClientError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class ReadStatus { frame, closed, timeout, malformed };
std::string_view read_status_name(ReadStatus status);

struct ReadResult {
  using Status = ReadStatus;
  ReadStatus status = ReadStatus::timeout;
  ResponseFrame frame;  // valid when status == frame
  std::string error;    // for closed, timeout, malformed: what happened
};

struct CloseResult {
  bool closed_by_peer = false;  // EOF or reset seen
  bool reset = false;           // it was a reset (ECONNRESET)
  bool timed_out = false;
  std::string data_received_meanwhile;  // bytes read during the wait (also fed to the reader)
};

enum class SendStatus { sent, peer_closed, timeout };

struct SendResult {
  SendStatus status = SendStatus::sent;
  std::size_t bytes_sent = 0;
  std::string error;  // for peer_closed and timeout
};

class Client {
 public:
  static constexpr std::chrono::milliseconds kDefaultSendTimeout{5000};

  // Throws ClientError naming the address on failure.
  static Client connect(const Address& address, std::chrono::milliseconds timeout);

  Client(Client&& other) noexcept;
  Client& operator=(Client&& other) noexcept;
  ~Client();

  // Sends all bytes, waiting at most `timeout` for the peer to take them. A peer that stopped
  // reading gives `timeout`; a closed or reset peer gives `peer_closed` (no SIGPIPE).
  // While waiting to write, incoming bytes are read into the reader unless
  // set_read_while_sending(false), so an early error frame is not lost to a reset.
  SendResult send(std::string_view bytes, std::chrono::milliseconds timeout = kDefaultSendTimeout);
  // Sends the pieces between `cut_points` one by one, pausing `pause` between them so they
  // travel as separate segments. Stops at the first piece that is not fully sent.
  SendResult send_pieces(std::string_view bytes, const std::vector<std::size_t>& cut_points,
                         std::chrono::microseconds pause,
                         std::chrono::milliseconds timeout = kDefaultSendTimeout);
  void set_read_while_sending(bool enabled) { read_while_sending_ = enabled; }

  // The next complete response frame; `closed` when the peer closed first (error says whether
  // part of a frame was left), `malformed` when the bytes break 6.2-6.5 (error from the reader).
  ReadResult read_response(std::chrono::milliseconds timeout);
  // Reads until the peer closes (EOF or reset) or `timeout`.
  CloseResult wait_for_close(std::chrono::milliseconds timeout);

  void shutdown_write();
  void close();
  bool peer_closed() const { return peer_closed_; }

  const std::string& received() const { return received_; }  // every byte ever read
  const ResponseReader& reader() const { return reader_; }
  int native_handle() const { return fd_; }

 private:
  explicit Client(int fd, Address address);
  // Reads whatever is available without blocking; returns the number of bytes read.
  std::size_t read_available();

  int fd_ = -1;
  Address address_;
  ResponseReader reader_;
  std::string received_;
  bool peer_closed_ = false;
  bool reset_ = false;
  bool read_while_sending_ = true;
};

}  // namespace wireproof
