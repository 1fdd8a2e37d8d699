#!/usr/bin/env python3
"""certify, repro, fuzz and diff against the hostile server (fake_servers/hostile_server.py), one mode
per hostility: each run returns within its deadlines, fails with exit status 1 and says what happened,
leaves no server process behind, and holds a bounded amount of the server's output: wireproof's peak
RSS stays under RSS_BOUND_MIB, which an implementation that keeps what a server sends would pass
(the gib and endless modes send gigabytes within a run). Prints one line per run: the figures of
docs/SCENARIOS.md ("The byte limit").

Usage: hostile_server_test.py WIREPROOF GNP_SERVER MODE[,MODE...]|all|limit-option"""
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid

from leftover_processes import require_none_left

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "fake_servers", "hostile_server.py")
SCENARIOS = os.path.join(HERE, "..", "..", "..", "conformance", "scenarios")
# The default --max-response-bytes is 16 MiB; wireproof holds a few copies of one case's output
# (measured: at most ~150 MiB). Without the bound the gib mode took 3.4 GiB.
RSS_BOUND_MIB = 384
SHOWN_OUTPUT = 64 * 1024  # bytes of wireproof's output read from its start and its end
HANG_GUARD_S = 60  # every run here takes seconds; this only turns a hang into a failure
LIMIT = r"more than 16 MiB.*\(limit: --max-response-bytes\)|reading stopped after 16 MiB \(limit: --max-response-bytes\)"
SIZE_REFUSED = r"Size \S+ is more than the 16 MiB wireproof reads in one case \(limit: --max-response-bytes\)"
NOT_CANONICAL = r"Size value '\S+' is not canonical decimal \(6\.4\)"
TIMEOUT = r"no complete response within 300 ms|before the deadline|within the timeout|timeout"

# mode -> what each subcommand's output must say (a regular expression); "*" for every subcommand
EXPECTED = {
    "endless-bytes": {"*": LIMIT},
    "endless-frames": {"*": LIMIT + r"|got OK|received OK|OK \| "},
    "size=9223372036854775807": {"*": SIZE_REFUSED},
    "size=9223372036854775808": {"*": SIZE_REFUSED},
    "size=18446744073709551616": {"*": NOT_CANONICAL},  # 2^64 does not even fit 64 bits
    "size=1000000000000000000000000000000": {"*": NOT_CANONICAL},
    "size=-1": {"*": NOT_CANONICAL},
    "size=+5": {"*": NOT_CANONICAL},
    "size=5": {"*": TIMEOUT + r"|partial frame"},  # Size, no body, stays open
    "size-no-body-close": {"*": r"inside a frame|inside response|truncated|partial frame, then close|cut short"},
    "drip": {"*": TIMEOUT + r"|partial frame"},
    "never-closes": {"*": TIMEOUT + r"|still open|nothing"},
    "reset-mid-frame": {"*": r"reset|inside a frame|inside response|truncated|partial frame, then close",
                        "certify": r"received \"OK\\r\\nSize: 10\\r\\n\\r\\nabc\", which cannot become it|reset"},
    "bytes-before-greeting": {"*": r"hello from a server that talks first"},
    "tls-garbage": {"*": r"TLS handshake with \S+ failed: the server sent bytes that are not TLS, \"this is not a TLS record",
                    "diff": r"this is not a TLS record"},
    "gib": {"*": SIZE_REFUSED + "|" + LIMIT},
}
SUBCOMMANDS = ("certify", "repro", "fuzz", "diff")
# The Size variants differ only in what the reader says of the header: certify and repro show it;
# fuzz and diff run once, for 2^63-1.
QUICK = ("certify", "repro")


SIZE_VARIANTS = ("size=9223372036854775808", "size=18446744073709551616", "size=1000000000000000000000000000000",
                 "size=-1", "size=+5")


def subcommands_of(mode):
    return QUICK if mode in SIZE_VARIANTS else SUBCOMMANDS


def command_line(wireproof, gnp_server, mode, subcommand, tag, work, extra):
    server = "python3 %s --port {port} --mode %s --tag %s" % (FAKE, mode, tag)
    tls = ["--tls", "--insecure"] if mode == "tls-garbage" and subcommand != "diff" else []
    timeout = ["--timeout-ms", "300"]
    if subcommand == "certify":
        return [wireproof, "certify"] + extra + ["--server", server, "--scenarios", SCENARIOS, "--filter",
                "08-commands/ping,08-commands/echo-joins-with-space,03-start/greeting-before-request",
                "--strategies", "whole", "--stateful-seconds", "0.5", "--stateful-out", work, "--jobs", "1",
                "--startup-timeout-ms", "5000"] + tls + timeout
    if subcommand == "repro":
        stream = os.path.join(work, "ping-echo.bin")
        with open(stream, "wb") as f:
            f.write(b"PING\r\n\r\nECHO hello\r\n\r\n")
        return [wireproof, "repro", stream, "--server", server] + extra + tls + timeout
    if subcommand == "fuzz":
        return [wireproof, "fuzz"] + extra + ["--server", server, "--seconds", "1", "--shrink-seconds", "1", "--seed", "1",
                "--out", os.path.join(work, "findings")] + tls + timeout
    return [wireproof, "diff"] + extra + ["--server", server, "--server", gnp_server + " --port {port}", "--count", "3",
            "--seed", "1"] + timeout


def run_one(wireproof, gnp_server, mode, subcommand, failures, extra=(), pattern=None, rss_bound=RSS_BOUND_MIB):
    """Runs `subcommand` against the server in `mode` (with `extra` options) and checks it; returns
    wireproof's output."""
    tag = "wireproof-hostile-" + uuid.uuid4().hex  # marks this run's server processes
    work = tempfile.mkdtemp(prefix="wireproof-hostile-")
    args = command_line(wireproof, gnp_server, mode, subcommand, tag, work, list(extra))
    started = time.monotonic()
    with open(os.path.join(work, "output.txt"), "w+b") as output:
        child = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT)
        deadline = started + HANG_GUARD_S
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                failures.append("%s %s: still running after %d s (killed)" % (mode, subcommand, HANG_GUARD_S))
                break
            time.sleep(0.02)
        elapsed = time.monotonic() - started
        # The start and the end: an unbounded wireproof may print without end, and this driver must
        # stay small (a child forked from a big one inherits its peak RSS).
        size = output.seek(0, os.SEEK_END)
        output.seek(0)
        text = output.read(SHOWN_OUTPUT).decode("utf-8", "replace")
        if size > SHOWN_OUTPUT:
            output.seek(max(SHOWN_OUTPUT, size - SHOWN_OUTPUT))
            text += "\n[... %d bytes in all]\n" % size + output.read(SHOWN_OUTPUT).decode("utf-8", "replace")
    exit_status = os.waitstatus_to_exitcode(status)
    rss_mib = usage.ru_maxrss / 1024.0  # of wireproof (and the fake it waited for, far smaller)
    print("--- %s %s: %s" % (mode, subcommand, " ".join(args)))
    print(text)
    print("FIGURE mode=%-36s subcommand=%-8s exit=%d wall=%5.1fs peak_rss=%6.1fMiB bound=%dMiB %s"
          % (mode, subcommand, exit_status, elapsed, rss_mib, rss_bound, " ".join(extra)))
    where = "%s %s%s" % (mode, subcommand, "".join(" " + e for e in extra))
    if exit_status != 1:
        failures.append("%s: exit status %d, expected 1 (a failure found)" % (where, exit_status))
    pattern = pattern or EXPECTED[mode].get(subcommand, EXPECTED[mode].get("*"))
    if not re.search(pattern, text):
        failures.append("%s: the output does not say what happened (no match for /%s/)" % (where, pattern))
    if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text.replace("\r\n", "\n")):
        failures.append("%s: raw control bytes in the output" % where)
    if rss_mib > rss_bound:
        failures.append("%s: peak RSS %.0f MiB, above the bound of %d MiB" % (where, rss_mib, rss_bound))
    left = []
    require_none_left(tag, left)
    failures.extend("%s: %s" % (where, f) for f in left)
    return text


def check_limit_option(wireproof, gnp_server, failures):
    """--max-response-bytes is the limit every subcommand reads by: 64 KiB holds one case's output
    to 64 KiB (the message names it, the peak RSS stays near an idle wireproof's), and a legal
    exchange needs only a few hundred bytes of it."""
    for subcommand in SUBCOMMANDS:
        run_one(wireproof, gnp_server, "endless-bytes", subcommand, failures, ["--max-response-bytes", "65536"],
                r"64 KiB.*\(limit: --max-response-bytes\)", rss_bound=48)
    stream = os.path.join(tempfile.mkdtemp(prefix="wireproof-hostile-"), "ping-echo.bin")
    with open(stream, "wb") as f:
        f.write(b"PING\r\n\r\nECHO hello\r\n\r\n")
    legal = subprocess.run([wireproof, "repro", stream, "--server", gnp_server + " --port {port}",
                            "--max-response-bytes", "64"], capture_output=True, text=True, timeout=HANG_GUARD_S)
    print(legal.stdout + legal.stderr)
    if legal.returncode != 0:
        failures.append("repro of PING, ECHO against gnp-server with --max-response-bytes 64: exit %d, expected 0"
                        % legal.returncode)
    small = subprocess.run([wireproof, "repro", stream, "--server", gnp_server + " --port {port}",
                            "--max-response-bytes", "63"], capture_output=True, text=True, timeout=HANG_GUARD_S)
    if small.returncode != 2 or "--max-response-bytes" not in small.stderr:
        failures.append("--max-response-bytes 63: exit %d, expected 2 with a usage error naming the option"
                        % small.returncode)


def main():
    wireproof, gnp_server, which = sys.argv[1:4]
    failures = []
    if which == "limit-option":
        check_limit_option(wireproof, gnp_server, failures)
    modes = list(EXPECTED) if which == "all" else [] if which == "limit-option" else which.split(",")
    for mode in modes:
        for subcommand in subcommands_of(mode):
            run_one(wireproof, gnp_server, mode, subcommand, failures)
    for failure in failures:
        print("FAILED: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
