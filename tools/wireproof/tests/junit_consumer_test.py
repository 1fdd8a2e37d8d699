#!/usr/bin/env python3
"""certify --junit read by a real JUnit consumer (junitparser, Debian python3-junitparser).

Usage: junit_consumer_test.py BIN_DIR

1. Against gnp-server-mutant --fault reorder-pipelined (fails 6.1, among others) with the SHOULD
   scenarios skipped (no settings placeholders): the counts junitparser reads match the JSON report
   of the same run; every suite has errors, timestamp and hostname, and the wireproof version and
   suite hash as properties; no classname has a dot
   (Jenkins splits on them); skipped cases are named without " [-]"; failure messages quote the
   protocol bytes once (no \\" or \\\\r in them).
2. Against a server command that cannot start: the cases are <error>s and `errors` counts them.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    from junitparser import JUnitXml, Failure, Error, Skipped
except ImportError:
    print("junitparser is not installed (apt-get install python3-junitparser; tools/install-deps)")
    sys.exit(77)

bin_dir = sys.argv[1]
wireproof = os.path.join(bin_dir, "wireproof")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def suites_of(path):
    xml = JUnitXml.fromfile(path)
    return list(xml) if isinstance(xml, JUnitXml) else [xml]


with tempfile.TemporaryDirectory() as d:
    junit, report = os.path.join(d, "junit.xml"), os.path.join(d, "report.json")
    mutant = os.path.join(bin_dir, "gnp-server-mutant") + " --port {port} --fault reorder-pipelined"
    p = subprocess.run([wireproof, "certify", "--server", mutant, "--filter", "6.*,10.*,9.*", "--quiet",
                        "--junit", junit, "--json", report], capture_output=True, text=True, timeout=120)
    check(p.returncode == 1, f"the mutant fails (rc {p.returncode})")
    data = json.load(open(report))
    results = data["results"]
    suites = suites_of(junit)
    cases = [case for suite in suites for case in suite]
    n_fail = sum(1 for r in results if r["verdict"] in ("fail", "timeout", "crash"))
    n_skip = sum(1 for r in results if r["verdict"] in ("skip", "not-run"))
    got_fail = sum(1 for c in cases for res in c.result if isinstance(res, Failure))
    got_skip = sum(1 for c in cases for res in c.result if isinstance(res, Skipped))
    check(len(cases) == len(results), f"{len(cases)} test cases, as many as JSON results ({len(results)})")
    check(got_fail == n_fail > 0, f"{got_fail} failures (JSON: {n_fail})")
    check(got_skip == n_skip > 0, f"{got_skip} skipped (JSON: {n_skip})")
    check(sum(s.failures for s in suites) == n_fail and sum(s.skipped for s in suites) == n_skip,
          "suite failures/skipped attributes add up")
    for s in suites:
        if s.errors is None or not s.timestamp or not s.hostname:
            check(False, f"suite {s.name} has errors, timestamp, hostname ({s.errors!r}, {s.timestamp!r}, {s.hostname!r})")
            break
    else:
        check(True, "every suite has errors, timestamp and hostname")
    check(all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", s.timestamp) for s in suites), "timestamps are xs:dateTime")
    props = {p.name: p.value for p in suites[0].properties()}
    check(props.get("wireproof_version") == data["wireproof_version"] and props.get("suite_hash") == data["suite"]["hash"],
          f"every suite carries the wireproof version and the suite hash: {props}")
    check(all("." not in c.classname for c in cases), "no classname has a dot: " + cases[0].classname)
    check(all("[-]" not in c.name for c in cases), "no case is named with [-]")
    messages = [res.message for c in cases for res in c.result if isinstance(res, Failure)]
    check(any('expected ' in m for m in messages), "failures carry their message")
    check(all('\\"' not in m and "\\\\r" not in m for m in messages), "messages are escaped once: " + messages[0][:120])

    p = subprocess.run([wireproof, "certify", "--server", "/nonexistent/server --port {port}", "--filter", "4.3",
                        "--quiet", "--junit", junit], capture_output=True, text=True, timeout=120)
    suites = suites_of(junit)
    errors = [res for s in suites for c in s for res in c.result if isinstance(res, Error)]
    check(p.returncode == 2 and len(errors) > 0 and sum(s.errors for s in suites) == len(errors),
          f"a server that cannot start: {len(errors)} <error> cases, counted in errors (rc {p.returncode})")

if failures:
    sys.exit(1)
