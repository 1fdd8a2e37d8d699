// Writes seed inputs for every fuzz target from unit-test-like request streams, each with the
// chunkings and peer behaviours that matter (PROTOCOL.md 4.4 splits, 10.4 slow reader, 10.1/10.2
// timeouts). Usage: fuzz_seed_writer OUT_DIR  ->  OUT_DIR/<target>/seed-<n>.
// tools/make-seed-corpus names the files by content hash and minimises them into corpus/.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "fuzz_input.hpp"

namespace {

using wireproof::fuzz::chunk_length_bits;
using wireproof::fuzz::run_length_bits;
using wireproof::fuzz::InputWriter;
using namespace std::string_literals;

// Request streams, each citing what it exercises.
std::vector<std::string> request_streams() {
  const std::string big_token(8192 - 9, 'a');  // "ECHO " + token + terminator = exactly 8192 (4.2)
  return {
      "PING\r\n\r\n",                                                  // 8.1
      "ECHO a b c\r\n\r\n",                                            // 8.2
      "SET k v\r\n\r\nGET k\r\n\r\nDEL k\r\n\r\nGET k\r\n\r\nDEL k\r\n\r\n",  // 8.3-8.5
      "QUIT\r\n\r\nPING\r\n\r\n",                                      // 8.6: nothing after QUIT
      "PING x\r\n\r\nECHO\r\n\r\nSET k\r\n\r\nGET\r\n\r\nQUIT x\r\n\r\n",  // 8.7 bad-arguments
      "ping\r\n\r\nFROB\r\n\r\n",                                      // 8.7 unknown-command
      "PING\r\nSequence: 7\r\n\r\n",                                   // 6.3
      "PING\r\nSequence: 9223372036854775807\r\n\r\n",                 // 5.5 largest
      "PING\r\nSequence: 9223372036854775808\r\n\r\n",                 // 5.5 too large
      "PING\r\nSequence: 007\r\n\r\nPING\r\nsequence:\t1\t\r\n\r\n",   // 5.5 zeros, 5.4 trim
      "PING\r\nSequence: -1\r\n\r\nPING\r\nSequence:\r\n\r\n",         // 5.5 sign, empty
      "PING\r\nX-a: 1\r\nx-A: 2\r\n\r\n",                              // 5.4 repeated name
      "PING\r\nNo-colon\r\n\r\nPING\r\n: v\r\n\r\nPING\r\nB@d: v\r\n\r\n",  // 5.4 bad header lines
      "PING\r\nUnknown: whatever\r\n\r\n",                             // 5.4 ignored header
      "ECHO  x\r\n\r\n ECHO x\r\n\r\nECHO x \r\n\r\nECHO\tx\r\n\r\n",  // 5.3 spaces and HT
      "\r\n\r\n",                                                      // 5.3 empty command line
      "PING\nX: 1\r\n\r\nPI\rNG\r\n\r\n",                              // 5.2 bare LF, bare CR
      "PI\0NG\r\n\r\nPING\x7f\r\n\r\nPING\x01\r\n\r\n"s,               // 5.2 NUL, DEL, C0; 4.1 NUL
      "ECHO \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xc2\x80\r\n\r\n",  // 5.1 valid, C1 allowed
      "ECHO \xc0\x80\r\n\r\nECHO \xe0\x80\xaf\r\n\r\nECHO \xf0\x80\x80\xaf\r\n\r\n",  // overlongs
      "ECHO \xed\xa0\x80\r\n\r\nECHO \xf4\x90\x80\x80\r\n\r\nECHO \xff\r\n\r\n",      // surrogate, >U+10FFFF
      "ECHO \xe2\x82\r\n\r\nECHO \x80\r\n\r\n",                        // truncated, stray continuation
      "SET k \xe2\x82\xac\r\n\r\nGET k\r\n\r\n",                       // 6.4 Size counts bytes
      "ECHO " + big_token + "\r\n\r\nPING\r\n\r\n",                    // 4.2 exactly 8192
      "ECHO " + big_token + "a\r\n\r\nPING\r\n\r\n",                   // 4.3 8193
      std::string(9000, 'x'),                                          // 4.3 no terminator
      "SET big " + std::string(8000, 'v') + "\r\n\r\nGET big\r\n\r\nGET big\r\n\r\n",  // 10.4 large bodies
      "PING\r\n\r\nPI",                                                // 4.6 unfinished request
  };
}

// Cut points worth trying for a stream: none, inside every terminator, and every byte for short ones.
std::vector<std::vector<std::size_t>> chunkings(std::string_view stream) {
  std::vector<std::vector<std::size_t>> result{{stream.size()}};
  for (std::size_t cut = 1; cut <= 3; ++cut) {
    std::vector<std::size_t> lengths;
    std::size_t start = 0;
    for (std::size_t at = stream.find("\r\n\r\n"); at != std::string_view::npos; at = stream.find("\r\n\r\n", at + 4)) {
      if (at + cut - start > 0) lengths.push_back(at + cut - start);
      start = at + cut;
    }
    if (start < stream.size()) lengths.push_back(stream.size() - start);
    if (lengths.size() > 1) result.push_back(lengths);
  }
  if (stream.size() <= 48) result.emplace_back(stream.size(), 1);
  return result;
}

// Splits lengths larger than a chunk can carry.
std::vector<std::size_t> fit(const std::vector<std::size_t>& lengths) {
  std::vector<std::size_t> out;
  for (std::size_t length : lengths) {
    for (; length > wireproof::fuzz::kMaxChunk; length -= wireproof::fuzz::kMaxChunk) out.push_back(wireproof::fuzz::kMaxChunk);
    out.push_back(length);
  }
  return out;
}

std::string framer_input(std::string_view stream, const std::vector<std::size_t>& lengths, std::uint8_t limit_choice) {
  InputWriter w;
  w.u8(limit_choice);
  std::size_t at = 0;
  for (std::size_t length : fit(lengths)) {
    w.u16(chunk_length_bits(length));
    w.bytes(stream.substr(at, length));
    at += length;
  }
  return w.finish();
}

// Operations and flags as connection_fuzzer.cpp reads them.
enum : std::uint8_t { kWrite = 0, kWait = 1, kRead = 2, kRun = 3 };

// Writes one chunk of the stream: stretches of one byte repeated 64+ times as run operations
// (so seeds stay far below max_len), the rest as write operations.
void connection_chunk(InputWriter& w, std::string_view chunk) {
  constexpr std::size_t kWorthARun = 64;
  std::size_t literal_start = 0;
  auto flush_literal = [&](std::size_t end) {
    for (std::size_t length : fit({end - literal_start})) {
      if (length == 0) break;
      w.u8(kWrite);
      w.u16(chunk_length_bits(length));
      w.bytes(chunk.substr(literal_start, length));
      literal_start += length;
    }
  };
  for (std::size_t i = 0; i < chunk.size();) {
    std::size_t run = 1;
    while (i + run < chunk.size() && chunk[i + run] == chunk[i]) ++run;
    if (run < kWorthARun) {
      i += run;
      continue;
    }
    flush_literal(i);
    for (std::size_t left = run; left > 0;) {
      const std::size_t length = std::min(left, wireproof::fuzz::kMaxRun);
      w.u8(kRun);
      w.u8(static_cast<std::uint8_t>(chunk[i]));
      w.u16(run_length_bits(length));
      left -= length;
    }
    i += run;
    literal_start = i;
  }
  flush_literal(chunk.size());
}

std::string connection_input(std::string_view stream, const std::vector<std::size_t>& lengths, std::uint8_t flags,
                             std::uint8_t wait_steps_after_each = 0, std::uint16_t read_after_each = 0) {
  InputWriter w;
  w.u8(flags);
  std::size_t at = 0;
  for (std::size_t length : lengths) {
    connection_chunk(w, stream.substr(at, length));
    at += length;
    if (wait_steps_after_each != 0) {
      w.u8(kWait);
      w.u8(wait_steps_after_each);
    }
    if (read_after_each != 0) {
      w.u8(kRead);
      w.u16(read_after_each);
    }
  }
  return w.finish();
}

class SeedDirectory {
 public:
  SeedDirectory(const std::filesystem::path& root, const std::string& target) : dir_(root / target) {
    std::filesystem::create_directories(dir_);
  }
  void write(const std::string& bytes) {
    const std::filesystem::path path = dir_ / ("seed-" + std::to_string(count_++));
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + path.string());
  }

 private:
  std::filesystem::path dir_;
  int count_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  try {
    const std::filesystem::path root = argv[1];
    SeedDirectory framer(root, "framer_fuzzer");
    SeedDirectory parser(root, "parser_fuzzer");
    SeedDirectory connection(root, "connection_fuzzer");
    for (const std::string& stream : request_streams()) {
      for (const std::vector<std::size_t>& lengths : chunkings(stream)) {
        framer.write(framer_input(stream, lengths, 0));          // limit 8192
        connection.write(connection_input(stream, lengths, 0));  // plain peer, 64 KiB output limit
      }
      framer.write(framer_input(stream, {stream.size()}, 0xC0 + 15));  // limit 16: too-large early
      const std::size_t first_end = stream.find("\r\n\r\n");
      parser.write(stream.substr(0, first_end == std::string::npos ? stream.size() : first_end));
      // Slow reader (output limit 1 byte, reads 3 bytes after each write); end of stream.
      connection.write(connection_input(stream, chunkings(stream).back(), 0x01 | 0x10, 0, 3));
      // Time passes after every write: request timeout 300 ms (steps of 5 ms), idle 1000 ms.
      connection.write(connection_input(stream, {stream.size()}, 0, 70));
      connection.write(connection_input(stream, {stream.size()}, 0x08, 210));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz_seed_writer: %s\n", e.what());
    return 1;
  }
  return 0;
}
