#include "faults/faulty_connection.hpp"

#include <algorithm>

#include "core/fault.hpp"
#include "core/response_writer.hpp"

namespace gnp {

namespace {

// pipeline-depth-drop: how many responses of one read survive.
constexpr int kDroppedAfter = 64;

// The faults that need the filter to see requests and responses one by one.
bool edge_fault_active() {
  return GNP_FAULT(sequence_from_previous) || GNP_FAULT(sequence_echoed_as_sent) ||
         GNP_FAULT(sequence_on_bad_request) || GNP_FAULT(message_quotes_offending_octet) ||
         GNP_FAULT(reorder_pipelined) || GNP_FAULT(pipeline_depth_drop) || GNP_FAULT(one_request_per_read) ||
         GNP_FAULT(response_held_while_partial) || GNP_FAULT(deferred_del_in_pipeline) ||
         GNP_FAULT(stale_cross_connection_read) || GNP_FAULT(quit_drains_pipeline) ||
         GNP_FAULT(greeting_after_first_read);
}

// Replaces the Sequence header of the response frame that starts at `start` in `out` by
// `Sequence: <digits>`, or removes it when `digits` is empty (the header, when present, is the
// first after the status line, 6.2).
void set_sequence(std::string& out, std::size_t start, std::string_view digits) {
  constexpr std::string_view kName = "Sequence: ";
  const std::size_t line = out.find("\r\n", start) + 2;
  if (out.compare(line, kName.size(), kName) == 0) out.erase(line, out.find("\r\n", line) + 2 - line);
  if (!digits.empty()) out.insert(line, std::string(kName) + std::string(digits) + "\r\n");
}

std::string sequence_digits(std::optional<std::uint64_t> sequence) {
  return sequence ? std::to_string(*sequence) : std::string();
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of the first `Sequence` header line of `frame`, as sent, found by a scan that needs
// no parse (what a server that echoes early does); empty when there is none.
std::string_view scanned_sequence(std::string_view frame) {
  std::size_t line = frame.find("\r\n");
  while (line != std::string_view::npos) {
    line += 2;
    const std::size_t end = frame.find("\r\n", line);
    const std::string_view text = frame.substr(line, end == std::string_view::npos ? end : end - line);
    const std::size_t colon = text.find(':');
    if (colon != std::string_view::npos && header_name_equals(text.substr(0, colon), "Sequence")) {
      const std::string_view value = trimmed(text.substr(colon + 1));
      const bool digits = !value.empty() && value.size() <= 18 &&
                          std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
      return digits ? value : std::string_view();
    }
    line = end;
  }
  return {};
}

// The body of a complete OK frame; nullopt for an ERR frame.
std::optional<std::string_view> ok_body(std::string_view response) {
  if (!response.starts_with("OK\r\n")) return std::nullopt;
  return response.substr(response.find(kTerminator) + kTerminator.size());
}

}  // namespace

FaultyConnection::FaultyConnection(Store& store, const ConnectionConfig& config, TimePoint now)
    : store_(GNP_FAULT(per_connection_store) ? private_store_ : store),
      config_(config),
      inner_(store_, config, now),
      filtering_(edge_fault_active()) {
  if (filtering_ && !GNP_FAULT(greeting_after_first_read)) take_inner_output();
}

std::size_t FaultyConnection::receive(std::string_view bytes, TimePoint now) {
  if (!filtering_ || inner_.closing()) return inner_.receive(bytes, now);
  if (bytes.empty()) return 0;
  take_inner_output();  // greeting-after-first-read: the greeting goes out now
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
    if (index > 1 && GNP_FAULT(one_request_per_read)) continue;  // lost with the rest of the buffer
    if (index == 2) second_response = out_.size();
    if (index == 3) third_response = out_.size();
    handle_request(frame, piece, bytes.find(kTerminator) != std::string_view::npos, index, now);
    if (inner_.closing() && GNP_FAULT(quit_drains_pipeline)) apply_silently(bytes);
  }
  for (const std::string& key : deferred_dels_) store_.erase(key);
  deferred_dels_.clear();
  if (GNP_FAULT(reorder_pipelined) && second_response != std::string::npos) {
    const std::size_t end = third_response == std::string::npos ? out_.size() : third_response;
    std::string swapped = out_.substr(second_response, end - second_response);
    swapped.append(out_, first_response, second_response - first_response);
    out_.replace(first_response, end - first_response, swapped);
  }
  if (GNP_FAULT(response_held_while_partial)) {
    if (framer_.buffered() == 0 || inner_.closing()) {
      held_from_ = std::string::npos;
    } else if (held_from_ == std::string::npos && first_response < out_.size()) {
      held_from_ = first_response;  // sent once the unfinished request completes
    }
  }
  if (inner_.closing()) return total;  // the rest of the read is discarded with the connection
  return total - bytes.size();
}

void FaultyConnection::handle_request(std::string_view frame, std::string_view bytes, bool more_follow,
                                      int index, TimePoint now) {
  parse_error_ = parse_request(frame, request_);
  const bool parsed = !parse_error_;
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
    if (index > 1) set_sequence(out_, start, sequence_digits(previous_sequence_));
    previous_sequence_ = request_.sequence;
  }
  if (GNP_FAULT(sequence_echoed_as_sent) && parsed && request_.sequence) {
    for (const Header& h : request_.headers) {
      if (header_name_equals(h.name, "Sequence")) set_sequence(out_, start, h.value);
    }
  }
  const bool bad_request = parse_error_ && parse_error_->code == ErrorCode::bad_request;
  if (GNP_FAULT(sequence_on_bad_request) && bad_request) set_sequence(out_, start, scanned_sequence(frame));
  if (GNP_FAULT(message_quotes_offending_octet) && bad_request && parse_error_->offset < frame.size()) {
    // The Message line is the last of an ERR head: quote the octet before its CRLF.
    out_.insert(out_.size() - kTerminator.size(), std::string(" '") + frame[parse_error_->offset] + "'");
  }
  if (GNP_FAULT(pipeline_depth_drop) && index > kDroppedAfter) out_.resize(start);
}

void FaultyConnection::apply_silently(std::string_view bytes) {
  Framer framer;
  Request request;
  std::string_view frame;
  while (framer.next(bytes, frame) == Framer::Result::frame) {
    if (parse_request(frame, request)) continue;
    if (request.command == "SET" && request.args.size() == 2) store_.set(request.args[0], request.args[1]);
    if (request.command == "DEL" && request.args.size() == 1) store_.erase(request.args[0]);
  }
}

void FaultyConnection::receive_eof() {
  inner_.receive_eof();
  held_from_ = std::string::npos;
  if (filtering_) take_inner_output();
}

void FaultyConnection::tick(TimePoint now) {
  inner_.tick(now);
  if (!filtering_) return;
  take_inner_output();
  if (inner_.closing()) held_from_ = std::string::npos;
}

std::string_view FaultyConnection::output() const {
  if (!filtering_) return inner_.output();
  const std::size_t end = std::min(held_from_, out_.size());
  return std::string_view(out_).substr(out_pos_, end - out_pos_);
}

void FaultyConnection::consume_output(std::size_t n) {
  if (!filtering_) return inner_.consume_output(n);
  out_pos_ += std::min(n, output().size());
  if (out_pos_ == out_.size()) {
    out_.clear();
    out_pos_ = 0;
    held_from_ = std::string::npos;
  } else if (out_pos_ > 64 * 1024 && out_pos_ * 2 > out_.size()) {
    out_.erase(0, out_pos_);
    if (held_from_ != std::string::npos) held_from_ -= out_pos_;
    out_pos_ = 0;
  }
}

void FaultyConnection::take_inner_output() {
  out_ += inner_.output();
  inner_.consume_output(inner_.output().size());
}

}  // namespace gnp
