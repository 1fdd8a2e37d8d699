// How the fuzz targets read their input, and the inverse used to write seed inputs.
//
// Targets read with FuzzedDataProvider: payload bytes from the front of the input, control values
// (chunk lengths, operations, time steps) from the back. InputWriter produces exactly the input
// that makes a target see a given payload, chunking and control sequence, so seeds written from
// unit-test-like byte streams start the fuzzer on meaningful states.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wireproof::fuzz {

// Largest chunk a target feeds at once: larger than one request so a chunk can hold a whole
// 8192-byte request plus the start of the next.
inline constexpr std::size_t kMaxChunk = 10000;

// 16 control bits -> a chunk length. High bit clear: 1..16, so cuts inside "\r\n\r\n" are
// common; high bit set: 1..kMaxChunk.
inline std::size_t chunk_length(std::uint16_t bits) {
  if ((bits & 0x8000) == 0) return 1 + bits % 16;
  return 1 + (bits & 0x7FFF) % kMaxChunk;
}

inline std::uint16_t chunk_length_bits(std::size_t length) {
  if (length >= 1 && length <= 16) return static_cast<std::uint16_t>(length - 1);
  return static_cast<std::uint16_t>(0x8000 | (std::clamp<std::size_t>(length, 1, kMaxChunk) - 1));
}

// Longest run a connection_fuzzer "repeat one byte" operation writes: two requests' worth, so
// one run reaches too-large (8193 bytes, PROTOCOL.md 4.3) from a handful of input bytes.
inline constexpr std::size_t kMaxRun = 2 * 8192;
// Where run lengths cluster when the high bit is set: around the 8192-byte request limit (4.2).
inline constexpr std::size_t kRunNearLimitBase = 8192 - 128;

// 16 control bits -> a run length. High bit set: kRunNearLimitBase + 0..255 (8064..8319, the
// request-limit boundary); high bit clear: 1..kMaxRun.
inline std::size_t run_length(std::uint16_t bits) {
  if ((bits & 0x8000) != 0) return kRunNearLimitBase + (bits & 0xFF);
  return 1 + bits % kMaxRun;
}

inline std::uint16_t run_length_bits(std::size_t length) {
  if (length >= kRunNearLimitBase && length < kRunNearLimitBase + 256) {
    return static_cast<std::uint16_t>(0x8000 | (length - kRunNearLimitBase));
  }
  return static_cast<std::uint16_t>(std::clamp<std::size_t>(length, 1, kMaxRun) - 1);
}

// Builds an input for FuzzedDataProvider: call the methods in the order the target consumes.
class InputWriter {
 public:
  void u8(std::uint8_t value) { back_ += static_cast<char>(value); }
  // ConsumeIntegral<uint16_t> reads the last byte of the input first, as the high byte.
  void u16(std::uint16_t value) {
    back_ += static_cast<char>(value >> 8);
    back_ += static_cast<char>(value & 0xFF);
  }
  void bytes(std::string_view payload) { front_ += payload; }

  std::string finish() const { return front_ + std::string(back_.rbegin(), back_.rend()); }

 private:
  std::string front_;
  std::string back_;  // in the order the target reads it, i.e. reversed on the wire
};

}  // namespace wireproof::fuzz
