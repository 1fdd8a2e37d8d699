#!/usr/bin/env python3
"""wireproof fuzz against fake_servers/deviating_proxy.py in mode greeting-and-crash: gnp-server
behind a proxy that greets with OK\\r\\n (PROTOCOL.md 3.1, 6.6) and aborts, with a sanitizer-style
report, when the second request on a connection is a GET. The fuzzer must report the greeting once
(the preflight), explore past it, find the crash and report it once (de-duplicated by its sanitizer
SUMMARY line), and restart the server only for the crash (never because an answer deviated).

Usage: fuzz_diagnosis_test.py WIREPROOF_BINARY GNP_SERVER_BINARY"""
import os
import re
import subprocess
import sys
import tempfile
import uuid

from leftover_processes import finish

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    wireproof, server = sys.argv[1], sys.argv[2]
    tag = "wireproof-fuzz-diagnosis-" + uuid.uuid4().hex
    out = tempfile.mkdtemp(prefix="wireproof-fuzz-diagnosis-")
    command = "python3 %s {port} %s greeting-and-crash %s --port {upstream}" % (
        os.path.join(HERE, "fake_servers", "deviating_proxy.py"), tag, server)
    run = subprocess.run([wireproof, "fuzz", "--server", command, "--seconds", "6", "--shrink-seconds", "2",
                          "--seed", "7", "--out", out], capture_output=True, text=True, timeout=120)
    output = run.stdout + run.stderr
    print(output[-8000:])
    failures = []
    if run.returncode != 1:
        failures.append("exit status %d, expected 1" % run.returncode)
    if output.count('preflight: greeting deviates: "OK\\r\\n"') < 1:
        failures.append("the preflight does not report the deviating greeting")
    summary = re.search(r"fuzz: \d+ execs in \d+s \((\d+) exec/s per job.*?: (\d+) crash, (\d+) timeout, (\d+) fail "
                        r"finding\(s\).*?(\d+) server restarts \((\d+) after a crash, (\d+) not answering the "
                        r"liveness probe, (\d+) fresh servers", run.stdout)
    if not summary:
        failures.append("no summary line with exec/s, findings and restarts by reason")
    else:
        rate, crashes, timeouts, fails, restarts, died, unresponsive, fresh = map(int, summary.groups())
        if crashes != 1:
            failures.append("%d crash findings, expected the one crash reported once" % crashes)
        if fails != 0 or timeouts != 0:
            failures.append("%d fail and %d timeout findings: the fuzzer did not get past the greeting" % (fails, timeouts))
        if unresponsive != 0:
            failures.append("%d restarts for an unresponsive server: it always answers" % unresponsive)
        if restarts != died + fresh or restarts == 0:
            failures.append("restarts %d are not all for the crash (%d after it, %d to confirm and shrink it)" %
                            (restarts, died, fresh))
    if "SUMMARY: AddressSanitizer: heap-use-after-free proxy.c:42 in handle_get" not in run.stdout:
        failures.append("the crash is not reported with the sanitizer's SUMMARY line as its root cause")
    if len([f for f in os.listdir(out) if f.endswith(".gnpt")]) != 1:
        failures.append("expected exactly one reproducer in %s: %s" % (out, sorted(os.listdir(out))))
    return finish(tag, failures)


if __name__ == "__main__":
    sys.exit(main())
