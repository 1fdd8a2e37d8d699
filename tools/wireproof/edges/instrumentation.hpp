// Whether a server command runs a program built with AFL++'s instrumentation (afl-clang-fast,
// afl-clang-lto, cargo afl, ...), and how large a coverage map it needs. Looked up before the
// first server starts; the map itself gives the final word after the first exec.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wireproof::edges {

struct InstrumentationCheck {
  enum class Verdict {
    instrumented,      // the program holds AFL++'s runtime (its __AFL_SHM_ID and __afl_area_ptr)
    not_instrumented,  // an executable without them
    cannot_tell,       // a script or unreadable: left to the map after the first exec
  };
  Verdict verdict = Verdict::cannot_tell;
  std::filesystem::path program;         // the file looked at (argv[0] resolved in PATH; after `env`)
  std::optional<std::size_t> map_size;   // entries the program says it writes (AFL_DUMP_MAP_SIZE)
  std::string message;                   // what was found, for the user
};

// Looks at the program `argv` starts (skipping an `env [VAR=value...]` prefix). For an
// instrumented program with AFL++'s PCGUARD/LTO runtime, runs it once with AFL_DUMP_MAP_SIZE=1,
// which makes the runtime print its map size and exit before main; a program that is still running
// after `dump_timeout` is killed and the size left unknown.
InstrumentationCheck check_instrumentation(const std::vector<std::string>& argv,
                                           std::chrono::milliseconds dump_timeout = std::chrono::seconds(5));

// The map size to create: `override_text` (AFL_MAP_SIZE in wireproof's own environment) when
// given, else what the program reported, else AFL++'s default. nullopt with `error` set when the
// override is not a number or is smaller than what the program reported.
std::optional<std::size_t> choose_map_size(const InstrumentationCheck& check, const char* override_text,
                                           std::string& error);

// The message for a server whose map stayed all-zero after its first exec.
std::string empty_map_message(const std::string& command);

}  // namespace wireproof::edges
