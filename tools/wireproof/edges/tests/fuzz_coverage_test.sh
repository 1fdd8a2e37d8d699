#!/usr/bin/env bash
# End-to-end tests of `wireproof fuzz --coverage` (one case per ctest test).
# Usage: fuzz_coverage_test.sh CASE WIREPROOF GNP_SERVER AFL_GNP_SERVER WORKDIR
#   instrumented  against gnp-server built with AFL++'s instrumentation (tools/fuzz-build
#                 afl-server): edges beyond start-up are reached, inputs are kept as a corpus that
#                 `repro` and the next run read, edges over time never fall. Exit 77 (skipped)
#                 when that server is not built.
#   instrumented_tls  the same inside TLS (PROTOCOL.md 9.6).
#   plain         against the normal gnp-server: refused at once with a clear message (exit 2).
#   script        a script wrapping the normal gnp-server cannot be inspected: the empty map
#                 after the first exec stops the run with a clear message (exit 2).
set -u
case_name=$1 wireproof=$2 server=$3 afl_server=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
out="$work/$case_name"
rm -rf "$out" && mkdir -p "$out/empty-corpus"

fail() { echo "FAIL ($case_name): $*"; exit 1; }
run() {  # run NAME EXPECTED_EXIT ARGS...
  local name=$1 want=$2; shift 2
  timeout 120 "$wireproof" "$@" >"$out/$name.log" 2>&1
  local got=$?
  echo "--- $name (exit $got): wireproof $*"; cat "$out/$name.log"
  [ "$got" = "$want" ] || fail "$name exited $got, expected $want"
}
expect_in() { grep -q -- "$2" "$out/$1.log" || fail "'$2' not in $1 output"; }
no_segments_left() {
  # Every map was marked for removal at creation: none of ours may outlive the run.
  if ipcs -m -p 2>/dev/null | awk -v pid="$1" '$3 == pid || $4 == pid' | grep -q .; then
    fail "a shared-memory segment of pid $1 is left: $(ipcs -m -p)"
  fi
}

case "$case_name" in
  instrumented)
    if [ ! -x "$afl_server" ]; then
      echo "SKIP: no AFL++-instrumented gnp-server at $afl_server (build it with tools/fuzz-build afl-server)"
      exit 77
    fi
    run fuzz 0 fuzz --server "$afl_server --port {port}" --seconds 4 --out "$out/findings" --seed 21 \
      --corpus "$out/empty-corpus" --coverage --jobs 2
    expect_in fuzz "has AFL++'s instrumentation ([0-9]* map entries)"
    expect_in fuzz "0 crash, 0 timeout, 0 fail finding"
    # Start-up edges are absorbed without keeping anything, so an entry kept for a new edge means
    # the inputs took the server past what starting (and one probe connection) reached.
    summary=$(grep '^coverage: [0-9]* edges reached' "$out/fuzz.log") || fail "no coverage summary"
    edges=$(sed -E 's/^coverage: ([0-9]+) edges.*/\1/' <<<"$summary")
    for_edges=$(sed -E 's/.*\(([0-9]+) for a new edge.*/\1/' <<<"$summary")
    [ "$edges" -gt 500 ] || fail "only $edges edges: is the map read?"
    [ "$for_edges" -gt 0 ] || fail "no input reached an edge beyond start-up"
    grep -q 'edges [0-9]*/[0-9]* kept [0-9]*' "$out/fuzz.log" || fail "no edges in the progress line"
    awk -F'\t' 'NR > 2 && $3 < last { bad = 1 } NR > 1 { last = $3 } END { exit bad }' "$out/findings/coverage.tsv" ||
      fail "edges fell over time: $(cat "$out/findings/coverage.tsv")"
    kept=$(find "$out/findings/corpus" -type f | wc -l)
    [ "$kept" -ge "$for_edges" ] || fail "$kept corpus files for $for_edges kept-for-edge inputs"
    for file in "$out/findings/corpus"/*; do
      [ "$(basename "$file")" = "$(sha1sum "$file" | cut -d' ' -f1)" ] || fail "$file is not named by its SHA-1"
    done
    # The corpus is what repro and the next run read.
    entry=$(find "$out/findings/corpus" -type f | sort | head -1)
    run repro 0 repro "$entry" --server "$server --port {port}"
    run again 0 fuzz --server "$afl_server --port {port}" --seconds 2 --out "$out/again" --seed 22 \
      --corpus "$out/findings/corpus" --coverage
    expect_in again "$kept corpus entries"
    no_segments_left "$$"
    ;;
  instrumented_tls)
    if [ ! -x "$afl_server" ]; then
      echo "SKIP: no AFL++-instrumented gnp-server at $afl_server (build it with tools/fuzz-build afl-server)"
      exit 77
    fi
    run fuzz 0 fuzz --tls --server "$afl_server --port {port} --tls-cert {tls_cert} --tls-key {tls_key} --allow-file {allow_file}" \
      --seconds 3 --out "$out/findings" --seed 23 --corpus "$out/empty-corpus" --coverage
    expect_in fuzz " over TLS"
    summary=$(grep '^coverage: [0-9]* edges reached' "$out/fuzz.log") || fail "no coverage summary"
    for_edges=$(sed -E 's/.*\(([0-9]+) for a new edge.*/\1/' <<<"$summary")
    [ "$for_edges" -gt 0 ] || fail "no input reached an edge beyond start-up"
    no_segments_left "$$"
    ;;
  plain)
    run fuzz 2 fuzz --server "$server --port {port}" --seconds 2 --out "$out/findings" --corpus "$out/empty-corpus" --coverage
    expect_in fuzz "is not built with AFL++'s instrumentation"
    expect_in fuzz "docs/FUZZING.md"
    ;;
  script)
    printf '#!/bin/sh\nexec "%s" "$@"\n' "$server" >"$out/wrapper.sh" && chmod +x "$out/wrapper.sh"
    run fuzz 2 fuzz --server "$out/wrapper.sh --port {port}" --seconds 5 --out "$out/findings" \
      --corpus "$out/empty-corpus" --coverage
    expect_in fuzz "coverage map stayed empty after the first exec"
    ;;
  *) fail "unknown case" ;;
esac
echo "PASS ($case_name)"
