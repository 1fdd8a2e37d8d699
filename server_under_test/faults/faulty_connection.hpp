// The connection the faulty build serves: the reference gnp::Connection behind a filter that
// plants the faults a server makes at the level of a whole read, of which response answers which
// request, or of what one connection sees of the store (fault.hpp, "at the edge"). The reference
// Connection carries no state for them.
//
// With none of those faults active the filter is a pass-through. With one active it frames each
// read itself (a second Framer over the same octets) and feeds the inner connection one request
// at a time, so it knows which response answers which request; it then drops, reorders, holds
// back or rewrites responses, and around the store it holds a DEL back, answers a GET from a
// cache or keeps a store of its own. Every octet still reaches the inner connection in order
// (except under one-request-per-read and quit-drains-pipeline, whose point is that they do not),
// so framing, timers and the close decision stay the reference's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/connection.hpp"
#include "core/framer.hpp"
#include "core/request.hpp"
#include "core/request_parser.hpp"
#include "core/store.hpp"

namespace gnp {

class FaultyConnection {
 public:
  FaultyConnection(Store& store, const ConnectionConfig& config, TimePoint now);

  // Connection's interface (connection.hpp), same contract.
  std::size_t receive(std::string_view bytes, TimePoint now);
  void receive_eof();
  void tick(TimePoint now);
  TimePoint next_deadline() const { return inner_.next_deadline(); }
  std::string_view output() const;
  void consume_output(std::size_t n);
  bool closing() const { return inner_.closing(); }
  bool finished() const { return closing() && output().empty(); }
  std::uint64_t requests_answered() const { return inner_.requests_answered(); }

 private:
  void take_inner_output();
  // Feeds one complete request to the inner connection and files its response under the fault.
  void handle_request(std::string_view frame, std::string_view bytes, bool more_follow, int index,
                      TimePoint now);
  // quit-drains-pipeline: the store effects of the complete requests left in `bytes`.
  void apply_silently(std::string_view bytes);

  Store private_store_;     // per-connection-store
  Store& store_;            // the store the inner connection uses
  ConnectionConfig config_;
  Connection inner_;
  bool filtering_;          // an edge fault is active; otherwise every call goes straight through
  Framer framer_;           // frames the same octets as inner_, to see where each request ends
  Request request_;         // the request just framed, parsed as the inner connection will
  std::optional<ParseError> parse_error_;
  std::string out_;         // filtered output, once filtering
  std::size_t out_pos_ = 0;
  std::size_t held_from_ = std::string::npos;          // response-held-while-partial: out_ hidden from here
  std::optional<std::uint64_t> previous_sequence_;     // sequence-from-previous
  std::vector<std::string> deferred_dels_;             // deferred-del-in-pipeline, this read
  std::unordered_map<std::string, std::string> read_cache_;  // stale-cross-connection-read
};

}  // namespace gnp
