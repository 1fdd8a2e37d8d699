#include "harness/output_capture.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace wireproof {

OutputCapture::OutputCapture(int read_fd) : read_fd_(read_fd) {
  int wake[2];
  if (::pipe2(wake, O_CLOEXEC) != 0) {
    ::close(read_fd_);
    throw std::system_error(errno, std::generic_category(), "pipe2 for output capture");
  }
  wake_read_fd_ = wake[0];
  wake_write_fd_ = wake[1];
  thread_ = std::thread([this] { run(); });
}

OutputCapture::~OutputCapture() {
  const char stop = 1;
  [[maybe_unused]] const auto written = ::write(wake_write_fd_, &stop, 1);
  thread_.join();
  ::close(read_fd_);
  ::close(wake_read_fd_);
  ::close(wake_write_fd_);
}

void OutputCapture::run() {
  char buffer[4096];
  while (true) {
    pollfd fds[2] = {{read_fd_, POLLIN, 0}, {wake_read_fd_, POLLIN, 0}};
    const int ready = ::poll(fds, 2, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents != 0) return;  // asked to stop
    if (fds[0].revents == 0) continue;
    const ssize_t n = ::read(read_fd_, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;
    add_bytes(buffer, static_cast<std::size_t>(n));
  }
  std::lock_guard lock(mutex_);
  eof_ = true;
  eof_changed_.notify_all();
}

void OutputCapture::add_bytes(const char* data, std::size_t size) {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == '\n') {
      if (!partial_.empty() && partial_.back() == '\r') partial_.pop_back();
      lines_.push_back(std::move(partial_));
      partial_.clear();
      if (lines_.size() > kMaxLines) lines_.pop_front();
    } else if (partial_.size() < kMaxLineBytes) {
      partial_ += data[i];
    } else if (partial_.size() == kMaxLineBytes) {
      partial_ += "...";
    }
  }
}

std::vector<std::string> OutputCapture::recent(std::size_t max_lines) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> all(lines_.begin(), lines_.end());
  if (!partial_.empty()) all.push_back(partial_);
  if (all.size() > max_lines) all.erase(all.begin(), all.end() - static_cast<std::ptrdiff_t>(max_lines));
  return all;
}

bool OutputCapture::wait_for_eof(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return eof_changed_.wait_for(lock, timeout, [this] { return eof_; });
}

}  // namespace wireproof
