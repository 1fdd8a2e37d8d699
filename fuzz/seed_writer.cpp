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

// Server byte streams for hostile_server_fuzzer: conforming answers to its script, the deviations
// certify's preflight recognises, and bytes a report must escape (controls, invalid UTF-8, markup).
std::vector<std::string> server_streams() {
  const std::string answers =  // what hostile_server_fuzzer's script 0xE4 awaits after the greeting
      "OK\r\n\r\nOK\r\nSequence: 7\r\nSize: 5\r\n\r\nhelloERR not-found\r\nSequence: 3\r\nMessage: no\r\n\r\n"
      "ERR bad-request\r\nMessage: no\r\n\r\n";
  return {
      "OK\r\n\r\n" + answers,                                                // 3.1, 6.1-6.5
      "OK\r\n\r\nOK\r\n\r\nOK\r\n\r\nOK\r\n\r\n",                            // the blackbox PING answers
      "OK\r\n\r\nOK\r\nSequence: 7\r\nSize: 3\r\n\r\na b",                   // 8.2 with Sequence
      "OK\n\nOK\n\nOK\nSequence: 7\nSize: 5\n\nhello",                       // bare LF (6.2)
      "OK\r\n" + answers,                                                    // greeting without its empty line
      "OK\r\nServer: x\r\n\r\n" + answers,                                   // decorated greeting (6.6)
      "HELLO\r\n\r\nOK\r\n\r\n",                                             // not a greeting
      "\x16\x03\x01\x00\x05hello\x15\x03\x03\x00\x02\x02\x28"s,              // TLS on a plain port
      "OK\r\n\r\nERR \x1b[31mred\x07\r\nMessage: \x1b]0;title\x07\r\n\r\n",  // terminal escapes
      "OK\r\n\r\nERR \xff\xfe\xc3\r\nMessage: \xc0\x80\r\n\r\n",             // invalid UTF-8
      "OK\r\n\r\nERR <script>&amp;\"'</b>]]>\r\nMessage: <i>x</i>\r\n\r\n",  // markup
      "<b>OK</b>\r\n\r\n<!-- x -->",                                         // markup in place of the greeting
      "OK\r\n\r\nOK\r\nSize: 9223372036854775807\r\n\r\nab",                 // Size without its body
      "OK\r\n\r\nOK\r\nSize: 99999999999999999999\r\n\r\n",                  // Size overflow
      "OK\r\n\r\nOK\r\nSequence: 1\r\nSequence: 1\r\nSize: 0\r\n\r\n",       // repeated header
      "OK\r\n\r\nOK\r\nX" + std::string(70000, 'x'),                         // a head past 64 KiB
      "OK\r\n\r\nOK\r\nSize: 20000\r\n\r\n" + std::string(20000, '\0'),      // a large body of NULs
      "OK\r\n\r\n\r\n\r\n\0\0\0ERR\r\n\r\nERR \r\n\r\n"s,                    // empty status lines
      "OK\r\n\r\nOK\r\nMessage: " + std::string(5000, '\n') + "\r\n\r\n",    // many lines in the output
  };
}

std::string hostile_input(std::string_view stream, const std::vector<std::size_t>& lengths, std::uint8_t flags,
                          std::uint8_t script) {
  InputWriter w;
  w.u8(flags);
  w.u8(script);
  constexpr std::size_t kWorthARun = 64;
  auto literal = [&](std::string_view bytes) {
    for (std::size_t length : fit({bytes.size()})) {
      if (length == 0) break;
      w.u8(0);  // hostile_server_fuzzer's kChunk
      w.u16(chunk_length_bits(length));
      w.bytes(bytes.substr(0, length));
      bytes.remove_prefix(length);
    }
  };
  std::size_t at = 0;
  for (std::size_t length : lengths) {
    // A chunk's stretches of one byte repeated 64+ times become runs (a chunk of their own each).
    const std::string_view chunk = stream.substr(at, length);
    at += length;
    std::size_t literal_start = 0;
    for (std::size_t i = 0; i < chunk.size();) {
      std::size_t run = 1;
      while (i + run < chunk.size() && chunk[i + run] == chunk[i]) ++run;
      if (run >= kWorthARun) {
        literal(chunk.substr(literal_start, i - literal_start));
        for (std::size_t left = run; left > 0;) {
          const std::size_t piece = std::min(left, wireproof::fuzz::kMaxRun);
          w.u8(1);  // kRun
          w.u8(static_cast<std::uint8_t>(chunk[i]));
          w.u16(run_length_bits(piece));
          left -= piece;
        }
        literal_start = i + run;
      }
      i += run;
    }
    literal(chunk.substr(literal_start));
  }
  return w.finish();
}

// Chunks of `stream` ending after each line end.
std::vector<std::size_t> line_chunks(std::string_view stream) {
  std::vector<std::size_t> lengths;
  std::size_t start = 0;
  for (std::size_t end = stream.find('\n'); end != std::string_view::npos; end = stream.find('\n', start)) {
    lengths.push_back(end + 1 - start);
    start = end + 1;
  }
  if (start < stream.size()) lengths.push_back(stream.size() - start);
  return lengths;
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
    SeedDirectory hostile(root, "hostile_server_fuzzer");
    for (const std::string& stream : server_streams()) {
      // Flags (hostile_server_fuzzer.cpp): 0x08 closed at the end, 0x01 strict, 0x10 bytewise,
      // 0x02 TLS, 0x60 the request stream, 0x80 a 4 KiB byte limit. Script 0xE4: OK, OK body,
      // ERR not-found, ERR raw.
      hostile.write(hostile_input(stream, {stream.size()}, 0x08, 0xE4));
      hostile.write(hostile_input(stream, {stream.size()}, 0x80 | 0x08, 0xE4));
      const std::vector<std::size_t> lines = line_chunks(stream);
      if (lines.size() <= 64) {  // the target takes at most 64 chunks
        hostile.write(hostile_input(stream, lines, 0x08 | 0x10, 0xE4));
        hostile.write(hostile_input(stream, lines, 0x01 | 0x04 | 0x20, 0x00));
      }
      hostile.write(hostile_input(stream, {std::min<std::size_t>(stream.size(), 6), stream.size()}, 0x02 | 0x40, 0x1B));
      if (stream.size() <= 64)
        hostile.write(hostile_input(stream, std::vector<std::size_t>(stream.size(), 1), 0xA8, 0xE4));
    }
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
