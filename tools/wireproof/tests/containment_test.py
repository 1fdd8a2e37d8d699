#!/usr/bin/env python3
"""Process containment (issue 14.3): every subcommand run against a server that daemonizes
(setsid plus fork, the started process exiting 0 at once) certifies or fuzzes it as any server
and kills it at the end; no daemon is left behind.

Usage: containment_test.py WIREPROOF_BINARY GNP_SERVER_BINARY {certify|fuzz|repro|diff}"""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DAEMONIZE = os.path.join(HERE, "fake_servers", "daemonize.sh")


def alive(pid):
    """True while pid runs (a zombie counts as gone: it runs nothing and holds no socket)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def main():
    wireproof, server, which = sys.argv[1], sys.argv[2], sys.argv[3]
    work = tempfile.mkdtemp(prefix="wireproof-containment-")
    pidfile = os.path.join(work, "daemons")
    daemon = "%s %s %s --port {port}" % (DAEMONIZE, pidfile, server)
    args = {
        "certify": ["certify", "--server", daemon, "--filter", "3.1,8.1", "--no-stateful"],
        "fuzz": ["fuzz", "--server", daemon, "--seconds", "2", "--seed", "1", "--out", os.path.join(work, "findings")],
        "repro": ["repro", os.path.join(SOURCE, "corpus", "connection_fuzzer", sorted(
            os.listdir(os.path.join(SOURCE, "corpus", "connection_fuzzer")))[0]), "--server", daemon],
        "diff": ["diff", "--server", daemon, "--server", daemon, "--count", "20", "--seed", "1"],
    }[which]
    started = time.monotonic()
    run = subprocess.run([wireproof] + args, capture_output=True, text=True, timeout=120)
    print(run.stdout + run.stderr)
    print("exit status %d after %.1f s" % (run.returncode, time.monotonic() - started))
    failures = []
    if run.returncode != 0:
        failures.append("exit status %d, expected 0 (the daemonized server is a correct server)" % run.returncode)
    pids = [int(line) for line in open(pidfile)] if os.path.exists(pidfile) else []
    if len(pids) < (2 if which == "diff" else 1):
        failures.append("daemons started: %s (the wrapper did not run?)" % pids)
    time.sleep(0.2)
    left = [pid for pid in pids if alive(pid)]
    if left:
        failures.append("daemons left running after the run: %s" % left)
        for pid in left:
            os.kill(pid, 9)
    for failure in failures:
        print("FAILED: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
