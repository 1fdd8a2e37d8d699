// Runs a fuzz target's LLVMFuzzerTestOneInput on files, for builds without a fuzzing engine (the
// sanitizer replay of corpus/ and corpus/crashes/ under ctest). Usage: <target> FILE|DIR...
// A broken invariant or a sanitizer report aborts with the file named just before.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

bool run_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot open %s\n", path.c_str());
    return false;
  }
  const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    std::fprintf(stderr, "replay: read error on %s\n", path.c_str());
    return false;
  }
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", path.c_str(), bytes.size());
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE|DIR...  (runs each input once through the fuzz target)\n", argv[0]);
    return 2;
  }
  std::size_t inputs = 0;
  bool ok = true;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path arg = argv[i];
    std::error_code error;
    if (std::filesystem::is_directory(arg, error)) {
      for (const auto& entry : std::filesystem::directory_iterator(arg, error)) {
        if (!entry.is_regular_file()) continue;
        ok = run_file(entry.path()) && ok;
        ++inputs;
      }
      if (error) {
        std::fprintf(stderr, "replay: cannot list %s: %s\n", arg.c_str(), error.message().c_str());
        ok = false;
      }
    } else if (std::filesystem::exists(arg, error)) {
      ok = run_file(arg) && ok;
      ++inputs;
    } else {
      std::fprintf(stderr, "replay: no such file or directory: %s\n", arg.c_str());
      ok = false;
    }
  }
  std::fprintf(stderr, "replay: %zu inputs run%s\n", inputs, ok ? "" : ", with errors");
  return ok ? 0 : 1;
}
