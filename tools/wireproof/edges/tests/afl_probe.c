/* A tiny program built with afl-clang-fast for the edges tests: it branches on its argument, so
 * different arguments take different edges, and runs without a fork server like any program. */
#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  const char* word = argc > 1 ? argv[1] : "";
  int score = 0;
  if (strlen(word) > 3) score += 1;
  if (word[0] == 'a') {
    for (int i = 0; i < 10; ++i) score += i;
  } else if (word[0] == 'b') {
    score -= 7;
  }
  printf("%d\n", score);
  return 0;
}
