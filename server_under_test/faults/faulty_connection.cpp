#include "faulty_connection.hpp"

#include "fault.hpp"
#include "request_parser.hpp"
#include "response_writer.hpp"

namespace gnp {

namespace {

// pipeline-depth-drop: how many responses of one read survive.
constexpr int kDroppedAfter = 64;

bool edge_fault_active() {
  return GNP_FAULT(sequence_from_previous) || GNP_FAULT(reorder_pipelined) || GNP_FAULT(pipeline_depth_drop) ||
         GNP_FAULT(deferred_del_in_pipeline) || GNP_FAULT(stale_cross_connection_read);
}

// Replaces the Sequence header of the response frame that starts at `start` in `out` (the
// header, when present, is the first after the status line, 6.2).
void set_sequence(std::string& out, std::size_t start, std::optional<std::uint64_t> sequence) {
  constexpr std::string_view kName = "Sequence: ";
  const std::size_t line = out.find("\r\n", start) + 2;
  if (out.compare(line, kName.size(), kName) == 0) out.erase(line, out.find("\r\n", line) + 2 - line);
  if (sequence) out.insert(line, std::string(kName) + std::to_string(*sequence) + "\r\n");
}

// The body of a complete OK frame; nullopt for an ERR frame.
std::optional<std::string_view> ok_body(std::string_view response) {
  if (!response.starts_with("OK\r\n")) return std::nullopt;
  return response.substr(response.find(kTerminator) + kTerminator.size());
}

}  // namespace

FaultyConnection::FaultyConnection(Store& store, const ConnectionConfig& config, TimePoint now)
    : store_(store), config_(config), inner_(store, config, now), filtering_(edge_fault_active()) {
  if (filtering_) take_inner_output();
}

std::size_t FaultyConnection::receive(std::string_view bytes, TimePoint now) {
  if (!filtering_ || inner_.closing()) return inner_.receive(bytes, now);
  const std::size_t total = bytes.size();
  const std::size_t first_response = out_.size();  // reorder-pipelined: where responses 1-3 start
  std::size_t second_response = std::string::npos;
  std::size_t third_response = std::string::npos;
  int index = 0;  // requests completed in this read
  while (!bytes.empty() && !inner_.closing() && output().size() < config_.output_limit) {
    std::string_view rest = bytes;
    std::string_view frame;
    const Framer::Result result = framer_.next(rest, frame);
    const std::string_view piece = bytes.substr(0, bytes.size() - rest.size());
    bytes = rest;
    if (result != Framer::Result::frame) {  // the start of a request, or too large: as it came
      inner_.receive(piece, now);
      take_inner_output();
      break;
    }
    ++index;
    if (index == 2) second_response = out_.size();
    if (index == 3) third_response = out_.size();
    handle_request(frame, piece, bytes.find(kTerminator) != std::string_view::npos, index, now);
  }
  for (const std::string& key : deferred_dels_) store_.erase(key);
  deferred_dels_.clear();
  if (GNP_FAULT(reorder_pipelined) && second_response != std::string::npos) {
    const std::size_t end = third_response == std::string::npos ? out_.size() : third_response;
    std::string swapped = out_.substr(second_response, end - second_response);
    swapped.append(out_, first_response, second_response - first_response);
    out_.replace(first_response, end - first_response, swapped);
  }
  if (inner_.closing()) return total;  // the rest of the read is discarded with the connection
  return total - bytes.size();
}

void FaultyConnection::handle_request(std::string_view frame, std::string_view bytes, bool more_follow,
                                      int index, TimePoint now) {
  const bool parsed = !parse_request(frame, request_);
  const std::string_view command = parsed ? request_.command : std::string_view();
  const std::size_t argc = parsed ? request_.args.size() : 0;
  const std::string key = argc > 0 ? std::string(request_.args[0]) : std::string();

  // deferred-del-in-pipeline: the inner DEL answers as usual, the value is put back until the
  // end of the read.
  std::optional<std::string> held;
  if (GNP_FAULT(deferred_del_in_pipeline) && command == "DEL" && argc == 1 && more_follow) {
    std::string value;
    if (store_.append_value(key, value)) held = std::move(value);
  }

  const std::size_t start = out_.size();
  inner_.receive(bytes, now);
  take_inner_output();
  if (held) {
    store_.set(key, *held);
    deferred_dels_.push_back(key);
  }

  if (GNP_FAULT(stale_cross_connection_read) && parsed) {
    if (command == "GET" && argc == 1) {
      if (const auto cached = read_cache_.find(key); cached != read_cache_.end()) {
        out_.resize(start);
        write_ok(out_, request_.sequence, cached->second);
      } else if (const auto body = ok_body(std::string_view(out_).substr(start))) {
        read_cache_.emplace(key, std::string(*body));
      }
    } else if (command == "SET" && argc == 2) {
      if (const auto cached = read_cache_.find(key); cached != read_cache_.end()) {
        cached->second.assign(request_.args[1]);
      }
    } else if (command == "DEL" && argc == 1) {
      read_cache_.erase(key);
    }
  }
  if (GNP_FAULT(sequence_from_previous) && parsed) {
    if (index > 1) set_sequence(out_, start, previous_sequence_);
    previous_sequence_ = request_.sequence;
  }
  if (GNP_FAULT(pipeline_depth_drop) && index > kDroppedAfter) out_.resize(start);
}

void FaultyConnection::tick(TimePoint now) {
  inner_.tick(now);
  if (filtering_) take_inner_output();
}

std::string_view FaultyConnection::output() const {
  return filtering_ ? std::string_view(out_).substr(out_pos_) : inner_.output();
}

void FaultyConnection::consume_output(std::size_t n) {
  if (!filtering_) return inner_.consume_output(n);
  out_pos_ += std::min(n, out_.size() - out_pos_);
  if (out_pos_ == out_.size()) {
    out_.clear();
    out_pos_ = 0;
  } else if (out_pos_ > 64 * 1024 && out_pos_ * 2 > out_.size()) {
    out_.erase(0, out_pos_);
    out_pos_ = 0;
  }
}

void FaultyConnection::take_inner_output() {
  out_ += inner_.output();
  inner_.consume_output(inner_.output().size());
}

}  // namespace gnp
