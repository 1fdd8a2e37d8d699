// Stands in for an AFL++-instrumented program in the instrumentation tests: it holds the strings
// AFL++'s runtime has ("__AFL_SHM_ID", "__afl_area_ptr", "AFL_DUMP_MAP_SIZE") and answers
// AFL_DUMP_MAP_SIZE=1 the way the runtime does (prints its map size on stdout, exits 255). With
// FAKE_HANG=1 it ignores the variable and sleeps, like a server that is not the runtime.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

extern "C" {
const char* fake_runtime_strings[] = {"__AFL_SHM_ID", "__afl_area_ptr", "AFL_DUMP_MAP_SIZE"};
}

int main() {
  if (std::getenv("FAKE_HANG")) {
    ::sleep(60);
    return 0;
  }
  if (std::getenv("AFL_DUMP_MAP_SIZE")) {
    std::printf("%u\n", 70001u);
    return 255;
  }
  std::puts(fake_runtime_strings[0]);
  return 0;
}
