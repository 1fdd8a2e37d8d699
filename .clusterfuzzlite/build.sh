#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build of the fuzz targets in fuzz/ (docs/FUZZING.md).
#
# Uses only what the builder provides: $CXX and $CXXFLAGS (sanitizer and coverage flags included),
# $LIB_FUZZING_ENGINE, $SRC and $OUT. Compiles the sources directly rather than through CMake,
# whose required version the builder image may not have. For each target fuzz/<name>.cpp it puts
# in $OUT: the binary, <name>.dict, <name>.options and <name>_seed_corpus.zip (corpus/<name>/ plus
# the crash reproducers in corpus/crashes/<name>/).
#
# Local test without Docker:
#   CC=clang-14 CXX=clang++-14 CFLAGS="-O1 -gline-tables-only -fsanitize=address,fuzzer-no-link" \
#   CXXFLAGS="$CFLAGS" LIB_FUZZING_ENGINE=-fsanitize=fuzzer SRC=/tmp/src OUT=/tmp/out \
#   bash .clusterfuzzlite/build.sh            (with /tmp/src/wireproof -> this checkout)

project="$SRC/wireproof"
objects="${WORK:-/tmp}/wireproof-fuzz-objects"
rm -rf "$objects"
mkdir -p "$objects" "$OUT"
cxx_flags=($CXXFLAGS -std=c++20)

# Compiles sources into one static library: archive NAME SOURCE...
archive() {
  local name="$1"
  shift
  local sources=("$@") objs=()
  for source in "${sources[@]}"; do
    local obj="$objects/$name-$(basename "$source" .cpp).o"
    $CXX "${cxx_flags[@]}" "${includes[@]}" -c "$source" -o "$obj"
    objs+=("$obj")
  done
  ar rcs "$objects/lib$name.a" "${objs[@]}"
}

includes=(-I"$project/server_under_test/core" -I"$project/tools/harness" -I"$project/fuzz")
archive gnp_core "$project"/server_under_test/core/*.cpp
archive wireproof_wire "$project/tools/harness/response_reader.cpp" "$project/tools/harness/escape.cpp"
if [ -d "$project/tools/wireproof/scenario" ]; then
  includes+=(-I"$project/tools/wireproof/scenario")
  archive wireproof_scenario "$project"/tools/wireproof/scenario/*.cpp
fi

for source in "$project"/fuzz/*_fuzzer.cpp; do
  target=$(basename "$source" .cpp)
  libs=("$objects/libgnp_core.a")
  case "$target" in
    connection_fuzzer) libs+=("$objects/libwireproof_wire.a") ;;
    hostile_server_fuzzer)  # links certify and blackbox (Boost, OpenSSL): fuzzed by tools/fuzz-ci only
      echo "skipping $target: needs the harness libraries"; continue ;;
    scenario_fuzzer)
      [ -f "$objects/libwireproof_scenario.a" ] || { echo "skipping $target: no scenario parser"; continue; }
      libs=("$objects/libwireproof_scenario.a" "$objects/libwireproof_wire.a") ;;
  esac
  $CXX "${cxx_flags[@]}" "${includes[@]}" "$source" "${libs[@]}" $LIB_FUZZING_ENGINE -o "$OUT/$target"
  [ -f "$project/fuzz/$target.dict" ] && cp "$project/fuzz/$target.dict" "$OUT/"
  [ -f "$project/fuzz/$target.options" ] && cp "$project/fuzz/$target.options" "$OUT/"
  seeds=()
  for dir in "$project/corpus/$target" "$project/corpus/crashes/$target"; do
    [ -d "$dir" ] && while IFS= read -r -d '' file; do seeds+=("$file"); done \
      < <(find "$dir" -maxdepth 1 -type f ! -name 'README*' -print0)
  done
  rm -f "$OUT/${target}_seed_corpus.zip"
  if [ ${#seeds[@]} -gt 0 ]; then zip -q -j "$OUT/${target}_seed_corpus.zip" "${seeds[@]}"; fi
  echo "built $target (${#seeds[@]} seeds)"
done
