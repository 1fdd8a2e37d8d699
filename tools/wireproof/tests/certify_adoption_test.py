#!/usr/bin/env python3
"""certify in someone else's CI (issue 13 items 1-3): baselines, retries, selection. One case per run.

Usage: certify_adoption_test.py BIN_DIR CASE

  baseline         gnp-server-mutant --fault sequence-from-previous (fails 6.3 and the sections that echo Sequence):
                   --write-baseline writes its failures; with that baseline the same mutant exits 0
                   (every failure xfail), and so does a baseline naming the broken requirement IDs;
                   an entry for a passing scenario is XPASS, reported, exit 0,
                   and exit 1 under --strict-baseline; another mutant (echo-joins-without-space,
                   8.2) with the same baseline fails: a new regression
  baseline-suite   a baseline written for another suite is reported as such; a malformed one is
                   refused naming FILE:LINE; reports carry the wireproof version and suite hash
  retries          a server that answers the first request of a run wrongly and every later one right:
                   without --retries a failure; with --retries 2 flaky, listed apart, and still exit
                   1 (PROTOCOL.md 11.3: a flaky pass is a failure)
  selection        --list runs nothing and needs no server; --exclude (repeatable); --scenarios
                   default plus a user's directory; --rerun-failed REPORT.json runs exactly the
                   failed scenarios of that report
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading

bin_dir, case = sys.argv[1:3]
wireproof = os.path.join(bin_dir, "wireproof")
# sequence-from-previous fails the same cases on every run; reorder-pipelined depends on how reads
# batch, so some of its cases pass on one run and fail on the next (they would show as xpass).
baseline_mutant = os.path.join(bin_dir, "gnp-server-mutant") + " --port {port} --fault sequence-from-previous"
echo_fault = os.path.join(bin_dir, "gnp-server-mutant") + " --port {port} --fault echo-joins-without-space"
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def certify(*args, timeout=120):
    p = subprocess.run([wireproof, "certify", "--quiet", *args], capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


PING_SCENARIO = """# PROTOCOL.md 8.1 (MUST)
section 8.1
level MUST
title "PING answers OK"
connect a
expect a OK
send a "PING\\r\\n\\r\\n"
expect a OK
"""

tmp = tempfile.mkdtemp(prefix="wireproof-adoption-")
baseline = os.path.join(tmp, "baseline.txt")
report = os.path.join(tmp, "report.json")

if case == "baseline":
    rc, out, err = certify("--server", baseline_mutant, "--write-baseline", baseline)
    text = open(baseline).read()
    entries = [l for l in text.splitlines() if l and not l.startswith("#") and not l.startswith(("suite ", "wireproof "))]
    check(rc == 1 and len(entries) >= 3, f"the mutant fails and --write-baseline records {len(entries)} scenarios (rc {rc})")
    check(any(e.startswith("06-responses/sequence-per-request ") for e in entries), "6.3 sequence-per-request is in the baseline")
    check(re.search(r"^suite [0-9a-f]{16}$", text, re.M) is not None, "the baseline names its suite")

    rc, out, err = certify("--server", baseline_mutant, "--baseline", baseline, "--json", report)
    data = json.load(open(report))
    check(rc == 0 and data["summary"]["xfail"] > 0 and data["summary"]["xpass"] == 0,
          f"with its baseline the mutant exits 0: {data['summary']['xfail']} xfail (rc {rc})")
    check("result: PASS (every MUST scenario passed or is a known failure)" in out, "the summary says why it passes")

    # The same failures named by requirement ID instead of scenario: every failing case names the
    # requirement its failing step checks (JSON "requirement").
    broken = sorted({r["requirement"] for r in data["results"] if r["verdict"] in ("fail", "timeout", "crash")})
    by_requirement = os.path.join(tmp, "by-requirement.txt")
    open(by_requirement, "w").write("".join(f"{req}  broken by the sequence-from-previous fault\n" for req in broken))
    rc, out, err = certify("--server", baseline_mutant, "--baseline", by_requirement, "--json", report)
    data = json.load(open(report))
    check(rc == 0 and broken and all(r["requirement"] in broken for r in data["results"] if r["status"] == "xfail")
          and data["summary"]["xfail"] > 0 and data["summary"]["xpass"] == 0,
          f"a baseline of requirement IDs ({', '.join(broken)}) covers the same failures (rc {rc})")

    with open(baseline, "a") as f:
        f.write("08-commands/ping  believed broken, but fixed since\n")
    rc, out, err = certify("--server", baseline_mutant, "--baseline", baseline, "--json", report)
    data = json.load(open(report))
    xpass = [r for r in data["results"] if r["status"] == "xpass"]
    check(rc == 0 and xpass and all(r["id"] == "08-commands/ping" for r in xpass),
          f"a baselined case that passes is xpass ({len(xpass)} cases), exit 0 (rc {rc})")
    check(re.search(r"XPASS .*08-commands/ping .*remove it from the baseline", out) is not None, "the XPASS is flagged")
    rc, out, err = certify("--server", baseline_mutant, "--baseline", baseline, "--strict-baseline")
    check(rc == 1 and "--strict-baseline: a baselined case passed" in out, f"--strict-baseline: the XPASS fails the run (rc {rc})")

    rc, out, err = certify("--server", echo_fault, "--baseline", baseline, "--json", report)
    data = json.load(open(report))
    new = {r["section"] for r in data["results"] if r["status"] in ("fail", "timeout", "crash")}
    check(rc == 1 and "8.2" in new and "result: FAIL (a MUST scenario failed)" in out,
          f"another mutant with the same baseline: a new regression in {sorted(new)} fails the run (rc {rc})")

elif case == "baseline-suite":
    rc, out, err = certify("--server", baseline_mutant, "--write-baseline", baseline, "--json", report)
    data = json.load(open(report))
    check(re.fullmatch(r"\d+\.\d+\.\d+ \(git \S+\)", data["wireproof_version"]) is not None,
          "the JSON report carries the wireproof version: " + data["wireproof_version"])
    check(re.fullmatch(r"[0-9a-f]{16}", data["suite"]["hash"]) is not None and data["suite"]["scenarios"] > 50,
          f"and the suite: {data['suite']}")
    check(f"suite {data['suite']['hash']}" in out, "the text summary names the suite")
    text = open(baseline).read()
    open(baseline, "w").write(re.sub(r"^suite \S+$", "suite 0123456789abcdef", text, flags=re.M))
    rc, out, err = certify("--server", baseline_mutant, "--baseline", baseline, "--json", report)
    data = json.load(open(report))
    note = " ".join(data["baseline"]["notes"])
    check(rc == 0 and "written for suite 0123456789abcdef" in note and "written for suite 0123456789abcdef" in err,
          f"a baseline for another suite is reported as such (rc {rc}): {note[:160]}")
    open(baseline, "a").write("99-nothing/here  stale entry\n06-responses/pipelined-order\n")
    rc, out, err = certify("--server", baseline_mutant, "--baseline", baseline)
    check(rc == 2 and re.search(r"baseline\.txt:\d+: entry '06-responses/pipelined-order' has no reason", err) is not None,
          f"an entry without a reason is refused naming FILE:LINE (rc {rc}): {err.strip()[:200]}")

elif case == "retries":
    scenarios = os.path.join(tmp, "mine")
    os.makedirs(scenarios)
    open(os.path.join(scenarios, "ping.gnpt"), "w").write(PING_SCENARIO.replace('"PING\\r\\n\\r\\n"', '"PING\\r\\nX: 1\\r\\n\\r\\n"'))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    requests = [0]
    lock = threading.Lock()

    def answer(conn):
        # Greeting, then one answer per request: the first request of a run that is not a bare PING
        # gets ERR, every later one OK (certify's preflight and liveness probe send bare PINGs and
        # may connect in between; the scenario's PING carries a header).
        with conn:
            conn.sendall(b"OK\r\n\r\n")
            data = b""
            while True:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                request, data = data[:data.index(b"\r\n\r\n")], data[data.index(b"\r\n\r\n") + 4:]
                with lock:
                    requests[0] += request != b"PING"
                    wrong = request != b"PING" and requests[0] == 1
                conn.sendall(b"ERR busy\r\nMessage: no\r\n\r\n" if wrong else b"OK\r\n\r\n")

    def serve():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    common = ["--connect", f"127.0.0.1:{port}", "--scenarios", scenarios, "--strategies", "whole", "--jobs", "1",
              "--no-stateful"]  # the fake has no store
    rc, out, err = certify(*common, "--json", report)
    check(rc == 1 and json.load(open(report))["summary"]["flaky"] == 0, f"without --retries: a plain failure (rc {rc})")
    requests[0] = 0
    rc, out, err = certify(*common, "--retries", "2", "--json", report)
    data = json.load(open(report))
    r = next(c for c in data["results"] if c["id"] == "ping")  # the preflight's checks come first
    check(r["status"] == "flaky" and r["verdict"] == "fail" and r["attempts"] == 2 and data["summary"]["flaky"] == 1,
          f"--retries 2: failed then passed: flaky after 2 runs ({r['status']}, {r.get('attempts')})")
    check(rc == 1 and "\nflaky (" in out and "result: FAIL" in out,
          f"a flaky case is listed apart and fails the run, PROTOCOL.md 11.3 (rc {rc})")
    listener.close()

elif case == "selection":
    p = subprocess.run([wireproof, "certify", "--list", "--filter", "6.1,8.*", "--exclude", "8.2", "--exclude", "*/ping"],
                       capture_output=True, text=True)
    lines = p.stdout.splitlines()
    ids = [l.split()[0] for l in lines]
    check(p.returncode == 0 and "06-responses/pipelined-order" in ids, f"--list without a server (rc {p.returncode})")
    check(re.search(r"^06-responses/pipelined-order\s+6\.1\s+MUST\s+\[6\.1/\d+[^]]*\]\s+\S", p.stdout, re.M) is not None,
          "with section, level, requirements, title")
    check(not any(l.split()[1].startswith("8.2") for l in lines) and "08-commands/ping" not in ids and
          any(l.split()[1] == "8.4" for l in lines), "two --exclude leave out 8.2 and */ping, keep 8.4")
    mine = os.path.join(tmp, "mine")
    os.makedirs(os.path.join(mine, "local"))
    open(os.path.join(mine, "local", "ping.gnpt"), "w").write(PING_SCENARIO)
    p = subprocess.run([wireproof, "certify", "--list", "--scenarios", "default", "--scenarios", mine],
                       capture_output=True, text=True)
    ids = [l.split()[0] for l in p.stdout.splitlines()]
    check(p.returncode == 0 and "local/ping" in ids and "06-responses/pipelined-order" in ids,
          f"--scenarios default --scenarios DIR: both sets ({len(ids)} scenarios)")
    p = subprocess.run([wireproof, "certify", "--list", "--scenarios", mine, "--scenarios", mine], capture_output=True, text=True)
    check(p.returncode == 2 and "ids must be unique" in p.stderr, "the same id twice is an error naming both files")

    rc, out, err = certify("--server", baseline_mutant, "--json", report)
    # Scenarios only: the preflight's checks and the stateful phase run in every certify run.
    def scenario(case_id):
        return not case_id.startswith(("preflight/", "stateful/"))
    failed = {r["id"] for r in json.load(open(report))["results"]
              if r["verdict"] in ("fail", "timeout", "crash", "error") and scenario(r["id"])}
    second = os.path.join(tmp, "second.json")
    rc2, out, err = certify("--server", baseline_mutant, "--rerun-failed", report, "--json", second)
    ran = {r["id"] for r in json.load(open(second))["results"] if scenario(r["id"])}
    check(rc == 1 and failed and ran == failed, f"--rerun-failed runs exactly the {len(failed)} failed scenarios ({len(ran)} ran)")
    rc, out, err = certify("--server", baseline_mutant, "--rerun-failed", os.path.join(tmp, "mine", "local", "ping.gnpt"))
    check(rc == 2 and "not a certify JSON report" in err, f"--rerun-failed with a non-report is refused (rc {rc})")
else:
    print("unknown case " + case)
    sys.exit(2)

shutil.rmtree(tmp, ignore_errors=True)
if failures:
    sys.exit(1)
