#!/usr/bin/env bash
# End-to-end tests of the wireproof CLI: repro/fuzz/diff against real servers, and the prologue all
# subcommands share (targets, placeholders, report paths; one case per ctest test).
# Usage: e2e.sh CASE WIREPROOF GNP_SERVER GNP_SERVER_MUTANT WORKDIR
set -u
case_name=$1 wireproof=$2 server=$3 mutant=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
fake_servers=$(cd "$here/../../tests/fake_servers" && pwd)  # shared with the certify tests
out="$work/$case_name"
rm -rf "$out" && mkdir -p "$out"

fail() { echo "FAIL ($case_name): $*"; exit 1; }
# run NAME EXPECTED_EXIT ARGS...: runs wireproof, keeps its output in $out/NAME.log.
run() {
  local name=$1 want=$2; shift 2
  "$wireproof" "$@" >"$out/$name.log" 2>&1
  local got=$?
  echo "--- $name (exit $got): $wireproof $*"; cat "$out/$name.log"
  [ "$got" = "$want" ] || fail "$name exited $got, expected $want"
}
expect_in() { grep -q -- "$2" "$out/$1.log" || fail "'$2' not in $1 output"; }

clean="$server --port {port}"
case "$case_name" in
  fuzz_clean_finds_nothing)  # no finding against the reference server
    run fuzz 0 fuzz --server "$clean" --seconds 3 --out "$out/findings" --seed 11 --corpus "$here/no-corpus"
    expect_in fuzz "0 crash, 0 timeout, 0 fail"
    ;;
  fuzz_reorder_pipelined_6_1)  # 6.1: responses in request order under pipelining
    m="$mutant --port {port} --fault reorder-pipelined"
    run fuzz 1 fuzz --server "$m" --seconds 3 --shrink-seconds 3 --out "$out/findings" --seed 12 --corpus "$here/no-corpus"
    repro=$(ls "$out"/findings/*-fail-6.1-*.gnpt 2>/dev/null | head -1)
    [ -n "$repro" ] || fail "no 6.1 violation reproducer written"
    run repro_mutant 1 repro "$repro" --server "$m"
    expect_in repro_mutant ": fail 6.1"
    run repro_clean 0 repro "$repro" "${repro%.gnpt}.bin" --server "$clean"
    ;;
  fuzz_split_terminator_4_4)  # 4.4: behaviour must not depend on segmentation
    m="$mutant --port {port} --fault split-terminator-loses-byte"
    run fuzz 1 fuzz --server "$m" --seconds 3 --shrink-seconds 3 --out "$out/findings" --seed 13 --corpus "$here/no-corpus"
    repro=$(ls "$out"/findings/*-fail-4.4-segmentation.gnpt 2>/dev/null | head -1)
    [ -n "$repro" ] || fail "no 4.4 segmentation reproducer written"
    run repro_mutant 1 repro "$repro" --server "$m"
    expect_in repro_mutant ": fail 4.4 segmentation"
    run repro_clean 0 repro "$repro" --server "$clean"
    ;;
  fuzz_keeps_a_deviating_server_running)  # restarts only after a crash or a failed liveness probe
    m="$mutant --port {port} --fault reorder-pipelined"
    run fuzz 1 fuzz --server "$m" --seconds 2 --shrink-seconds 0 --out "$out/findings" --seed 12 --corpus "$here/no-corpus"
    expect_in fuzz "(0 after a crash, 0 not answering the liveness probe, "
    grep -Eq "kept running after [1-9][0-9]* deviating answers" "$out/fuzz.log" || fail "the server was not kept running"
    # The store kept in step (keys the deviating streams touched deleted on both sides): nothing
    # spurious to confirm.
    expect_in fuzz ", 0 unconfirmed, "
    ;;
  fuzz_crashing_server_restarted)  # a server that dies is a crash, and is restarted
    run fuzz 1 fuzz --server "python3 $fake_servers/crash_server.py {port}" --seconds 2 --shrink-seconds 1 \
      --out "$out/findings" --seed 14 --corpus "$here/no-corpus"
    expect_in fuzz "crash .*signal 6"
    expect_in fuzz "crash_server: got"
    grep -Eq "[1-9][0-9]* crash, " "$out/fuzz.log" || fail "no crash counted"
    grep -Eq " [1-9][0-9]* server restarts" "$out/fuzz.log" || fail "server not restarted"
    repro=$(ls "$out"/findings/*-crash-*.gnpt 2>/dev/null | head -1)
    [ -n "$repro" ] || fail "no crash reproducer written"
    run repro 1 repro "$repro" --server "python3 $fake_servers/crash_server.py {port}"
    expect_in repro ": crash "
    ;;
  diff_clean_vs_mutant_differs)  # 8.2 ECHO joins with single SP
    run diff 1 diff --server "$clean" --server "$mutant --port {port} --fault echo-joins-without-space" --count 150 --seed 15 --corpus "$here/no-corpus"
    expect_in diff "differs"
    ;;
  diff_clean_vs_clean_same)
    run diff 0 diff --server "$clean" --server "$clean" --count 150 --seed 16 --corpus "$here/no-corpus"
    expect_in diff "0 with differences"
    ;;
  repro_raw_corpus_file_ok)  # a raw request stream replayed against the reference: ok
    printf 'PING\r\n\r\nECHO a b\r\nSequence: 9\r\n\r\nSET k v\r\n\r\nGET k\r\n\r\nQUIT\r\n\r\nPING\r\n\r\n' >"$out/stream.bin"
    run repro 0 repro "$out/stream.bin" --server "$clean" --segment bytewise
    expect_in repro "stream.bin: pass"
    ;;
  repro_bad_input_is_usage_error)
    run missing 2 repro "$out/does-not-exist.bin" --server "$clean"
    expect_in missing "does-not-exist.bin"
    run noserver 2 repro "$out/x.bin"
    run badcmd 2 fuzz --server "$server --port 1" --seconds 1 --out "$out/f"
    expect_in badcmd "{port}"
    ;;
  connect_closed_port_is_setup_error)  # one clear line and exit 2, not a failed run
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    run certify 2 certify --connect "127.0.0.1:$port"
    expect_in certify "nothing accepts connections there"
    [ "$(wc -l <"$out/certify.log")" -le 2 ] || fail "certify said more than the setup error"
    printf 'PING\r\n\r\n' >"$out/ping.bin"
    run repro 2 repro "$out/ping.bin" --connect "127.0.0.1:$port"
    expect_in repro "nothing accepts connections there"
    ;;
  connect_unresolvable_is_setup_error)  # resolved once, up front
    run certify 2 certify --connect "no-such-host.invalid:7000"
    expect_in certify "cannot resolve host 'no-such-host.invalid'"
    [ "$(wc -l <"$out/certify.log")" -le 2 ] || fail "certify said more than the setup error"
    ;;
  fuzz_fills_settings_placeholders)  # the template certify takes works for fuzz too (10.1-10.3 defaults)
    t="$server --port {port} --idle-timeout-ms {idle_timeout_ms} --request-timeout-ms {request_timeout_ms} --max-connections {max_connections}"
    run fuzz 0 fuzz --server "$t" --seconds 1 --out "$out/findings" --seed 17 --corpus "$here/no-corpus"
    expect_in fuzz "0 crash, 0 timeout, 0 fail"
    ;;
  report_path_checked_before_run)  # a report that cannot be written stops the run before it starts
    run json 2 certify --server "$clean" --json "$out/no-such-dir/r.json"
    expect_in json "--json $out/no-such-dir/r.json: directory $out/no-such-dir does not exist"
    if grep -q "result:" "$out/json.log"; then fail "the suite ran before the report path was checked"; fi
    mkdir -p "$out/a-directory"
    run html 2 certify --server "$clean" --html "$out/a-directory"
    expect_in html "is a directory"
    ;;
  *) fail "unknown case" ;;
esac
echo "PASS ($case_name)"
