#include "core/framer.hpp"

#include <cstring>

namespace gnp {

std::size_t scan_for_terminator(const char* data, std::size_t size, int& matched) {
  std::size_t i = 0;
  // Finish a terminator that began before `data`. Once `matched` drops back to 0 (at most three
  // bytes in), any terminator lies wholly ahead and the fast search below takes over.
  while (matched != 0 && i < size) {
    matched = terminator_step(matched, data[i++]);
    if (matched == 4) return i;
  }
  while (i < size) {
    if (GNP_FAULT(nul_hides_terminator)) {
      const void* nul = std::memchr(data + i, '\0', size - i);
      if (nul != nullptr) size = static_cast<std::size_t>(static_cast<const char*>(nul) - data);
    }
    const void* cr = std::memchr(data + i, '\r', size - i);
    if (cr == nullptr) {
      matched = 0;
      return std::string_view::npos;
    }
    i = static_cast<std::size_t>(static_cast<const char*>(cr) - data);
    if (i + 4 <= size) {
      if (data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') return i + 4;
      // "\r\n\r" followed by something else cannot start a terminator before i + 2.
      i += (data[i + 1] == '\n' && data[i + 2] == '\r') ? 2 : 1;
      continue;
    }
    // Fewer than four bytes left: carry the matched prefix into the next read.
    matched = 0;
    while (i < size) matched = terminator_step(matched, data[i++]);
    return std::string_view::npos;
  }
  return std::string_view::npos;
}

void Framer::carry(const char* data, std::size_t size) {
  // limit-allows-8193 carries one octet more than the limit.
  if (carry_ == nullptr) carry_ = std::make_unique<char[]>(max_request_ + (kFaultInjection ? 1 : 0));
  std::memcpy(carry_.get() + carry_size_, data, size);
  carry_size_ += size;
}

Framer::Result Framer::next_general(std::string_view& input, std::string_view& frame) {
  if (failed_) return Result::too_large;
  if (release_carry_) {
    carry_size_ = 0;
    release_carry_ = false;
  }
  if (input.empty()) return Result::need_more;

  std::size_t limit = max_request_;
  if (GNP_FAULT(limit_off_by_one)) limit -= 1;
  if (GNP_FAULT(limit_allows_8193)) limit += 1;
  const std::size_t room = limit - carry_size_;  // the carry never reaches the limit
  const std::size_t window = input.size() < room ? input.size() : room;
  if (GNP_FAULT(limit_on_read_buffer) && input.size() + carry_size_ > limit) {
    failed_ = true;
    return Result::too_large;
  }

  const int matched_before = matched_;
  const std::size_t end = scan_for_terminator(input.data(), window, matched_);
  if (end != std::string_view::npos) {
    std::size_t take = end;
    if (GNP_FAULT(split_terminator_loses_byte) && matched_before != 0 && end < input.size()) {
      take += 1;  // the byte after a split terminator vanishes
    }
    offset_ += take;
    matched_ = 0;
    if (carry_size_ == 0) {
      frame = input.substr(0, end);  // the whole request is in this read: no copy
    } else {
      carry(input.data(), end);
      frame = std::string_view(carry_.get(), carry_size_);
      release_carry_ = true;
    }
    input.remove_prefix(take);
    return Result::frame;
  }

  offset_ += window;
  input.remove_prefix(window);
  if (GNP_FAULT(too_large_needs_another_octet) && window == room && window != 0 && input.empty()) {
    carry(input.data() - window, window);  // "too large" is decided only once more octets come
    return Result::need_more;
  }
  if (window == room) {  // the limit is reached without a terminator (4.3)
    failed_ = true;
    carry_size_ = 0;
    return Result::too_large;
  }
  carry(input.data() - window, window);
  return Result::need_more;
}

}  // namespace gnp
