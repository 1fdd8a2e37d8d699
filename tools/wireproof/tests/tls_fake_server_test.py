#!/usr/bin/env python3
"""certify --tls against fake_servers/tls_server.py: the 09-tls scenarios of PROTOCOL.md 2.2, 3.2 and
9.7 (which no gnp-server-mutant fault exercises) pass against the correct mode, and each broken mode
fails exactly the sections it breaks, with exit status 1. Leaves no server process behind.

Usage: tls_fake_server_test.py WIREPROOF_BINARY {correct|old-versions|plaintext-greeting|blocking-handshake}"""
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

from leftover_processes import finish

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIOS = ("09-tls/old-versions-refused,09-tls/no-plaintext-greeting,09-tls/plaintext-to-tls-port,"
             "09-tls/stalled-handshake-does-not-block")
# mode -> (expected exit status, the sections that must fail: exactly these)
EXPECTED = {
    "correct": (0, set()),
    "old-versions": (1, {"2.2"}),
    "plaintext-greeting": (1, {"2.2", "3.2", "9.7"}),  # no TLS client gets a handshake
    "blocking-handshake": (1, {"3.2", "9.7"}),  # 3.2: a plaintext client that sends nothing blocks the next
}


def main():
    wireproof, mode = sys.argv[1], sys.argv[2]
    status, sections = EXPECTED[mode]
    tag = "wireproof-fake-tls-" + uuid.uuid4().hex
    command = "python3 %s {port} {tls_cert} {tls_key} {ca_file} {idle_timeout_ms} %s %s" % (
        os.path.join(HERE, "fake_servers", "tls_server.py"), mode, tag)
    report = os.path.join(tempfile.mkdtemp(prefix="wireproof-tls-fake-"), "report.json")
    # The fake speaks only what these TLS sections need (no store): certify's stateful phase, which
    # needs every command, is not run against it.
    args = [wireproof, "certify", "--tls", "--server", command, "--filter", SCENARIOS, "--timeout-ms", "500",
            "--json", report, "--no-stateful"]
    started = time.monotonic()
    run = subprocess.run(args, capture_output=True, text=True, timeout=120)
    print(run.stdout + run.stderr)
    print("exit status %d after %.1f s" % (run.returncode, time.monotonic() - started))
    failures = []
    if run.returncode != status:
        failures.append("exit status %d, expected %d" % (run.returncode, status))
    with open(report) as f:
        results = json.load(f)["results"]
    ran = {r["id"] for r in results if r["verdict"] not in ("skip", "not-run") and not r["id"].startswith("preflight/")}
    if len(ran) != 4:
        failures.append("expected the 4 scenarios to run, ran %s" % sorted(ran))
    failing = {r["section"] for r in results if r["verdict"] in ("fail", "timeout", "crash", "error")}
    if failing != sections:
        failures.append("failing sections %s, expected %s" % (sorted(failing), sorted(sections)))
    return finish(tag, failures)


if __name__ == "__main__":
    sys.exit(main())
