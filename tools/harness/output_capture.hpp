// Drains a child's stdout/stderr pipe on a thread into a bounded ring of recent lines, so the
// child never blocks on a full pipe and error messages can quote what it said last.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace wireproof {

class OutputCapture {
 public:
  static constexpr std::size_t kMaxLines = 200;
  static constexpr std::size_t kMaxLineBytes = 1000;  // longer lines are cut, marked with "..."

  // Takes ownership of `read_fd` (the read end of the child's output pipe).
  explicit OutputCapture(int read_fd);
  ~OutputCapture();  // stops the thread within a bounded time, even if the pipe stays open
  OutputCapture(const OutputCapture&) = delete;
  OutputCapture& operator=(const OutputCapture&) = delete;

  // The last `max_lines` lines, oldest first; an unfinished last line is included.
  std::vector<std::string> recent(std::size_t max_lines) const;
  // Waits until every writer has closed the pipe (EOF), at most `timeout`. True on EOF.
  bool wait_for_eof(std::chrono::milliseconds timeout) const;

 private:
  void run();
  void add_bytes(const char* data, std::size_t size);

  int read_fd_;
  int wake_read_fd_ = -1;
  int wake_write_fd_ = -1;
  mutable std::mutex mutex_;
  mutable std::condition_variable eof_changed_;
  std::deque<std::string> lines_;
  std::string partial_;
  bool eof_ = false;
  std::thread thread_;
};

}  // namespace wireproof
