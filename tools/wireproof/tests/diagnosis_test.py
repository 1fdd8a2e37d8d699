#!/usr/bin/env python3
"""certify's diagnosis against fake servers (tools/wireproof/tests/fake_servers), with default
options: bounded time, the preflight's finding, every other deviation still seen, failures grouped
by root cause (docs/SCENARIOS.md, "Preflight, lenient reading, root causes").

  deviating  deviating_proxy.py: gnp-server behind a proxy that greets with OK\\r\\n, sends
             ERR bad-arguments as ERR bad-request and drops Sequence from ERR not-found. The greeting
             is reported once, the two others with their sections, and the summary names 3 root causes.
  silent     hostile_server.py --mode never-closes: greets, then answers nothing. The preflight says it accepts but
             does not answer, and the later timeouts are reported as its consequence.

Usage: diagnosis_test.py WIREPROOF_BINARY GNP_SERVER_BINARY {deviating|silent}"""
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid

from leftover_processes import finish

HERE = os.path.dirname(os.path.abspath(__file__))
FAKES = os.path.join(HERE, "fake_servers")
BOUND_SECONDS = 20  # issue 12: each of these runs finishes well within this with default options


def certify(wireproof, command):
    report = os.path.join(tempfile.mkdtemp(prefix="wireproof-diagnosis-"), "report.json")
    started = time.monotonic()
    run = subprocess.run([wireproof, "certify", "--server", command, "--json", report],
                         capture_output=True, text=True, timeout=300)
    elapsed = time.monotonic() - started
    print(run.stdout[-12000:] + run.stderr[-2000:])
    print("exit status %d after %.1f s" % (run.returncode, elapsed))
    with open(report) as f:
        return run, elapsed, json.load(f)


def failing(report):
    return [r for r in report["results"] if r["verdict"] in ("fail", "timeout", "crash", "error")]


def check_deviating(run, report, failures):
    causes = report["root_causes"]
    if report["summary"]["root_causes"] != 3 or len(causes) != 3:
        failures.append("expected 3 root causes, got %d: %s" % (len(causes), [c["description"] for c in causes]))
    if "3 root causes: (1) greeting" not in run.stdout:
        failures.append("the text summary does not name the 3 root causes")
    greeting = [r for r in failing(report) if r.get("divergence", {}).get("step") == "greeting"]
    if [r["id"] for r in greeting] != ["preflight/greeting"]:
        failures.append("the greeting is not reported exactly once: %s" % [r["id"] for r in greeting])
    if 'greeting deviates: "OK\\r\\n"' not in report["preflight"]["summary"]:
        failures.append("the preflight does not show the observed greeting: %s" % report["preflight"]["summary"])

    def cause(text):
        return next((c for c in causes if text in c["description"]), None)

    wrong_code = cause("expected ERR bad-arguments; got ERR bad-request")
    no_sequence = cause("expected Sequence on ERR not-found; got no Sequence")
    if wrong_code is None or "8.7" not in {s["section"] for s in wrong_code["scenarios"]}:
        failures.append("bad-arguments sent as bad-request is not a root cause citing 8.7")
    if no_sequence is None or not {"6.2", "8.4"} <= {s["section"] for s in no_sequence["scenarios"]}:
        failures.append("the missing Sequence on not-found is not a root cause citing 6.2 and 8.4")
    # Each scenario fails one way under every strategy it ran: shown once, its strategies listed.
    ran = {}
    for r in failing(report):
        ran.setdefault(r["id"], []).append(r["strategy"])
    shown = [s["id"] for c in causes for s in c["scenarios"]]
    if len(shown) != len(set(shown)):
        failures.append("a scenario is shown more than once: %s" % sorted(shown))
    for c in causes:
        for s in c["scenarios"]:
            if s["strategies"] != ran[s["id"]]:
                failures.append("%s shown with strategies %s, failed under %s" % (s["id"], s["strategies"], ran[s["id"]]))
    if len(ran["06-responses/error-frame-shape"]) != 4:
        failures.append("06-responses/error-frame-shape did not fail under all four strategies")


def check_silent(run, report, failures):
    if "accepting but not answering" not in report["preflight"]["summary"]:
        failures.append("the preflight does not say the server accepts but does not answer")
    if "accepting but not answering" not in run.stdout:
        failures.append("the text summary does not say the server accepts but does not answer")
    quiet = [r for r in failing(report) if r.get("consequence_of") == "preflight/first-request"]
    unlabelled = [r["id"] for r in failing(report) if not r["id"].startswith("preflight/") and
                  "not answering" not in r.get("liveness", "")]
    if unlabelled:
        failures.append("failures without the liveness 'accepting but not answering': %s" % unlabelled[:5])
    if "liveness: accepting but not answering" not in run.stdout:
        failures.append("the text summary shows no liveness line")
    if len(quiet) < 50:
        failures.append("only %d failures are reported as consequences of the quiet server" % len(quiet))
    first = report["root_causes"][0] if report["root_causes"] else {"scenarios": []}
    if first["scenarios"][:1] != [] and first["scenarios"][0]["id"] != "preflight/first-request":
        failures.append("the first root cause is not the preflight's: %s" % first)
    if len(first["scenarios"]) < 50:
        failures.append("the quiet server's root cause does not gather its consequences")


def main():
    wireproof, server, which = sys.argv[1], sys.argv[2], sys.argv[3]
    tag = "wireproof-diagnosis-" + uuid.uuid4().hex
    if which == "deviating":
        command = ("python3 %s {port} %s %s --port {upstream} --idle-timeout-ms {idle_timeout_ms} "
                   "--request-timeout-ms {request_timeout_ms} --max-connections {max_connections}" %
                   (os.path.join(FAKES, "deviating_proxy.py"), tag + " three-deviations", server))
    else:
        command = "python3 %s --port {port} --mode never-closes --tag %s" % (os.path.join(FAKES, "hostile_server.py"), tag)
    run, elapsed, report = certify(wireproof, command)
    failures = []
    if run.returncode != 1:
        failures.append("exit status %d, expected 1" % run.returncode)
    if elapsed >= BOUND_SECONDS:
        failures.append("took %.1f s, bound %d s" % (elapsed, BOUND_SECONDS))
    (check_deviating if which == "deviating" else check_silent)(run, report, failures)
    return finish(tag, failures)


if __name__ == "__main__":
    sys.exit(main())
