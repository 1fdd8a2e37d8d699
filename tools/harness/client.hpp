// Blocking TCP client for talking to a server under test: every wait has a timeout (poll based),
// TCP_NODELAY so separate sends travel as separate segments, and peer closes or resets are
// reported as results, never thrown. Responses are parsed by the strict ResponseReader.
//
// The same client speaks TLS (PROTOCOL.md 2.2, 9) when made by connect_tls(): send(),
// send_pieces(), read_response() and wait_for_close() then work on the plaintext inside TLS, each
// send is its own TLS record(s) (9.6: record boundaries are segment boundaries), and
// wait_for_close() tells the server's close_notify from a bare TCP close (9.5).
#pragma once

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "harness/address.hpp"
#include "harness/response_reader.hpp"
#include "harness/tls_client_context.hpp"

namespace wireproof {

class TlsChannel;

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
  bool closed_by_peer = false;  // TCP EOF or reset seen
  bool reset = false;           // it was a reset (ECONNRESET)
  bool timed_out = false;
  bool over_limit = false;      // the wait ended because the byte limit was reached (ReadBudget)
  std::string data_received_meanwhile;  // bytes read during the wait (also fed to the reader)
  // TLS only. tls_close_notify: the server sent close_notify (at any time before the end of the
  // wait); closed_by_peer without it is a bare TCP close (9.5). tls_error: a TLS failure (fatal
  // alert, bad record) that ended the TLS stream; empty if none.
  bool tls_close_notify = false;
  std::string tls_error;
};

// The bytes of a server's output one case may read, over all its connections
// (ReadingConventions::max_response_bytes, --max-response-bytes): the connections of a case share
// one, so fifty connections hold no more than one. Used from one thread (a case runs in one).
class ReadBudget {
 public:
  explicit ReadBudget(std::size_t limit) : limit_(limit) {}
  std::size_t limit() const { return limit_; }
  std::size_t left() const { return spent_ >= limit_ ? 0 : limit_ - spent_; }
  void spend(std::size_t bytes) { spent_ += bytes; }
  bool exceeded() const { return spent_ > limit_; }

 private:
  std::size_t limit_;
  std::size_t spent_ = 0;
};

// Where connect_stalled_tls() stops a TLS handshake (9.7).
enum class HandshakeStall {
  before_client_hello,  // TCP connected, nothing sent
  mid_client_hello,     // the first half of a real ClientHello sent
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
  // TCP connect and the TLS handshake, both within `timeout`. Throws ClientError naming the
  // address on failure, with OpenSSL's reason (or the server certificate's verification error,
  // or the server's alert). Bytes the server sends right after the handshake are kept.
  static Client connect_tls(const Address& address, std::chrono::milliseconds timeout,
                            const TlsClientContext& context);
  static Client connect_tls(const Address& address, std::chrono::milliseconds timeout,
                            const TlsClientOptions& options);  // makes a context for this one
  // Plain when `tls` is nullopt, else TLS with it.
  static Client connect(const Address& address, std::chrono::milliseconds timeout,
                        const std::optional<TlsClientContext>& tls);
  // TCP connect, then a TLS handshake begun and abandoned at `stall`. The result is a plain
  // client holding the connection open (wait_for_close() sees the server drop it, 9.7).
  static Client connect_stalled_tls(const Address& address, std::chrono::milliseconds timeout,
                                    HandshakeStall stall);

  Client(Client&& other) noexcept;
  Client& operator=(Client&& other) noexcept;
  ~Client();

  // Sends all bytes, waiting at most `timeout` for the peer to take them. A peer that stopped
  // reading gives `timeout`; a closed or reset peer gives `peer_closed` (no SIGPIPE).
  // While waiting to write, incoming bytes are read into the reader unless
  // set_read_while_sending(false), so an early error frame is not lost to a reset.
  SendResult send(std::string_view bytes, std::chrono::milliseconds timeout = kDefaultSendTimeout);
  // Sends the pieces between `cut_points` one by one, pausing `pause` between them so they
  // travel as separate segments (pauses below kSpunPause are spun, not slept, so they last what
  // they say). Stops at the first piece that is not fully sent.
  static constexpr std::chrono::microseconds kSpunPause{1000};
  SendResult send_pieces(std::string_view bytes, const std::vector<std::size_t>& cut_points,
                         std::chrono::microseconds pause,
                         std::chrono::milliseconds timeout = kDefaultSendTimeout);
  void set_read_while_sending(bool enabled) { read_while_sending_ = enabled; }

  // The next complete response frame; `closed` when the peer closed first (error says whether
  // part of a frame was left), `malformed` when the bytes break 6.2-6.5 (error from the reader)
  // or the byte limit was reached first (error: over_limit_error()).
  ReadResult read_response(std::chrono::milliseconds timeout);
  // Reads until the peer closes (TCP EOF or reset), the byte limit is reached or `timeout`. On
  // TLS, bytes after the server's close_notify are not application data and are discarded.
  CloseResult wait_for_close(std::chrono::milliseconds timeout);

  // Half-close. On TLS: this client's close_notify first (sent within kDefaultSendTimeout).
  void shutdown_write();
  void close();
  bool peer_closed() const { return peer_closed_; }
  bool is_tls() const { return tls_ != nullptr; }
  std::string tls_version() const;          // "TLSv1.3"; empty on plain TCP
  bool tls_close_notify_received() const { return close_notify_received_; }
  const std::string& tls_error() const { return tls_error_; }  // the failure that ended TLS, if any

  // Every byte read. A client reads no more than its ReadBudget allows (and one byte, to tell a
  // server that sent more): a server sending without end costs a bounded amount of memory, and
  // the reads report it (over_limit()).
  const std::string& received() const { return received_; }
  bool over_limit() const { return over_limit_; }
  // "the server sent more than 16 MiB, more than wireproof reads in one case (limit: --max-response-bytes)"
  std::string over_limit_error() const;
  const ResponseReader& reader() const { return reader_; }
  // How this server's responses are read (ResponseReader: lenient forms, the byte limit), before
  // the first read. The bytes read count against `budget` when given (the case's, shared with
  // its other connections), else against one of this connection's own of
  // conventions.max_response_bytes.
  void set_reading_conventions(ReadingConventions conventions, std::shared_ptr<ReadBudget> budget = nullptr);
  // Bytes read but not yet part of a returned frame: the start of the next one.
  std::string_view pending() const {
    return std::string_view(received_).substr(received_.size() - reader_.buffered());
  }
  int native_handle() const { return fd_; }

 private:
  explicit Client(int fd, Address address);
  // Reads whatever is available without blocking; returns the number of (plaintext) bytes read.
  std::size_t read_available();
  // Bytes from the socket: straight to the reader, or through TLS first.
  std::size_t take_in(std::string_view bytes);
  // `bytes` of output taken in: counted against the budget, which may end reading.
  void spend(std::size_t bytes);
  // Writes `bytes` to the socket as they are (ciphertext on TLS).
  SendResult send_raw(std::string_view bytes, std::chrono::steady_clock::time_point deadline,
                      std::chrono::milliseconds timeout);
  // Sends pending TLS output; false when it could not be sent in time (error in `result`).
  bool flush_tls(std::chrono::steady_clock::time_point deadline, std::chrono::milliseconds timeout,
                 SendResult& result);
  void handshake(std::chrono::steady_clock::time_point deadline, std::chrono::milliseconds timeout);
  // No more application data can arrive: TCP ended, or the TLS stream did.
  bool input_ended() const { return peer_closed_ || close_notify_received_ || !tls_error_.empty(); }
  // The socket may still be read: open, not closed by the peer, the byte limit not reached.
  bool readable() const { return fd_ >= 0 && !peer_closed_ && !over_limit_; }

  int fd_ = -1;
  Address address_;
  ResponseReader reader_;
  std::string received_;
  bool peer_closed_ = false;
  bool reset_ = false;
  std::shared_ptr<ReadBudget> budget_;
  bool over_limit_ = false;  // more came than the budget allows: nothing more is read
  bool read_while_sending_ = true;
  std::unique_ptr<TlsChannel> tls_;
  std::string tls_output_;  // ciphertext not yet taken by the socket
  bool close_notify_received_ = false;
  std::string tls_error_;
};

}  // namespace wireproof
