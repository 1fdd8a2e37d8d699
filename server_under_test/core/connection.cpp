#include "core/connection.hpp"

#include <algorithm>

#include "core/fault.hpp"
#include "core/request_parser.hpp"
#include "core/response_writer.hpp"

namespace gnp {

Connection::Connection(Store& store, const ConnectionConfig& config, TimePoint now)
    : config_(config), dispatcher_(store), last_byte_(now), request_started_(now) {
  if (config_.send_greeting && !GNP_FAULT(no_greeting)) {
    out_ += GNP_FAULT(greeting_announces_version) ? "OK\r\nSize: 5\r\n\r\nGNP/1" : kGreeting;
  }
}

std::size_t Connection::receive(std::string_view bytes, TimePoint now) {
  if (closing_) return bytes.size();  // nothing after a close decision is processed (7.2)
  if (bytes.empty()) return 0;
  if (!GNP_FAULT(idle_timer_not_restarted)) last_byte_ = now;
  const bool had_partial = framer_.buffered() != 0;
  const std::size_t total = bytes.size();
  frames_this_receive_ = 0;

  std::string_view frame;
  while (!bytes.empty() && !closing_ &&
         (output().size() < config_.output_limit || GNP_FAULT(unbounded_output))) {
    const Framer::Result result = framer_.next(bytes, frame);
    if (result == Framer::Result::need_more) break;
    if (result == Framer::Result::too_large) {
      if (GNP_FAULT(too_large_silent_close)) {
        closing_ = true;
        break;
      }
      if (GNP_FAULT(too_large_drops_earlier_responses)) out_.resize(out_pos_);
      write_error(out_, ErrorCode::too_large, std::nullopt, "request exceeds 8192 bytes");
      if (GNP_FAULT(too_large_keeps_open)) {
        framer_ = Framer();
        continue;
      }
      closing_ = true;
      break;
    }
    handle_frame(frame);
  }
  if (GNP_FAULT(idle_timer_not_restarted) && frames_this_receive_ > 0) last_byte_ = now;
  if (closing_) return total;  // the rest of the read is discarded with the connection
  if (framer_.buffered() != 0 &&
      (!had_partial || frames_this_receive_ > 0 || GNP_FAULT(request_timer_restarted))) {
    request_started_ = now;
  }
  return total - bytes.size();
}

void Connection::handle_frame(std::string_view frame) {
  ++frames_this_receive_;
  ++answered_;
  if (const std::optional<ParseError> error = parse_request(frame, request_)) {
    write_error(out_, error->code, std::nullopt, error->message);
    if (GNP_FAULT(close_after_bad_request) && error->code == ErrorCode::bad_request) closing_ = true;
    if (GNP_FAULT(close_after_bad_encoding) && error->code == ErrorCode::bad_encoding) closing_ = true;
    return;
  }
  if (dispatcher_.dispatch(request_, out_).close) closing_ = true;
}

void Connection::close_with(ErrorCode code, std::string_view message) {
  write_error(out_, code, std::nullopt, message);
  closing_ = true;
}

void Connection::receive_eof() {
  if (GNP_FAULT(eof_answers_unfinished) && !closing_ && framer_.buffered() != 0) {
    write_error(out_, ErrorCode::bad_request, std::nullopt, "incomplete request");
  }
  closing_ = true;
}

void Connection::tick(TimePoint now) {
  if (closing_) return;
  if (framer_.buffered() != 0 && !GNP_FAULT(no_request_timeout) &&
      now - request_started_ >= config_.request_timeout) {
    if (GNP_FAULT(timeout_answers_unfinished)) {
      write_error(out_, ErrorCode::bad_request, std::nullopt, "incomplete request");
    }
    close_with(ErrorCode::timeout, "request not completed in time");
  } else if (now - last_byte_ >= config_.idle_timeout && !GNP_FAULT(no_idle_timeout)) {
    close_with(ErrorCode::timeout, "idle timeout");
  }
}

TimePoint Connection::next_deadline() const {
  if (closing_) return TimePoint::max();
  TimePoint deadline = GNP_FAULT(no_idle_timeout) ? TimePoint::max() : last_byte_ + config_.idle_timeout;
  if (framer_.buffered() != 0 && !GNP_FAULT(no_request_timeout)) {
    deadline = std::min(deadline, request_started_ + config_.request_timeout);
  }
  return deadline;
}

void Connection::consume_output(std::size_t n) {
  out_pos_ += std::min(n, out_.size() - out_pos_);
  if (out_pos_ == out_.size()) {
    out_.clear();
    out_pos_ = 0;
  } else if (out_pos_ > 64 * 1024 && out_pos_ * 2 > out_.size()) {
    out_.erase(0, out_pos_);  // keep the buffer from growing while a slow reader drains it
    out_pos_ = 0;
  }
}

}  // namespace gnp
