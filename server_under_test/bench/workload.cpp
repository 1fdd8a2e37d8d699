#include "workload.hpp"

#include <cstdint>

namespace gnp_bench {

namespace {

// xorshift64: the same stream on every platform and standard library.
class Random {
 public:
  std::uint64_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15ULL;
};

constexpr std::string_view kWords[] = {
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "h\xC3\xA9llo", "w\xC3\xB6rld",
    "\xE2\x82\xAC" "42", "\xF0\x9F\x98\x80", "status:ok", "id=1234", "path/to/thing", "x",
};

std::string word(Random& random) { return std::string(kWords[random.below(std::size(kWords))]); }

std::string value(Random& random) {
  // Mostly short values; one SET in 32 carries 2-6 KiB, as a client storing a document would.
  const std::size_t length = random.below(32) == 0 ? 2048 + random.below(4096) : 8 + random.below(120);
  std::string out;
  out.reserve(length);
  while (out.size() < length) out += static_cast<char>('a' + random.below(26));
  return out;
}

}  // namespace

Workload make_workload(std::size_t min_bytes) {
  Workload workload;
  Random random;
  std::vector<std::size_t> frame_ends;
  std::uint64_t sequence = 1;
  while (workload.stream.size() < min_bytes) {
    const std::string key = "key:" + std::to_string(random.below(256));
    std::string request;
    switch (random.below(10)) {
      case 0:
        request = "PING";
        break;
      case 1:
      case 2: {
        request = "ECHO " + word(random);
        for (std::size_t n = random.below(6); n > 0; --n) request += " " + word(random);
        break;
      }
      case 3:
      case 4:
        request = "SET " + key + " " + value(random);
        break;
      case 5:
      case 6:
      case 7:
        request = "GET " + key;
        break;
      case 8:
        request = "DEL " + key;
        break;
      default:
        request = "ECHO " + word(random) + " " + word(random);
        break;
    }
    if (random.below(4) != 0) request += "\r\nSequence: " + std::to_string(sequence++);
    if (random.below(8) == 0) request += "\r\nClient-Id: bench-" + std::to_string(random.below(100));
    request += "\r\n\r\n";
    workload.stream += request;
    frame_ends.push_back(workload.stream.size());
  }
  std::size_t start = 0;
  for (std::size_t end : frame_ends) {
    workload.frames.push_back(std::string_view(workload.stream).substr(start, end - start));
    start = end;
  }
  return workload;
}

const Workload& standard_workload() {
  static const Workload workload = make_workload(kWorkloadBytes);
  return workload;
}

}  // namespace gnp_bench
