#!/usr/bin/env python3
"""certify's stateful phase end to end (docs/SCENARIOS.md, "The stateful phase").

  stateful_certify_test.py WIREPROOF SERVER MUTANT fault NAME REQUIREMENT SEED...
      For each seed: default certify against `MUTANT --fault NAME` fails through the stateful
      phase (fixed scenarios may fail it too), within its default budget, breaking REQUIREMENT (e.g. 8.8/2); the shrunk reproducer it writes fails the
      mutant and passes SERVER under `wireproof repro` and under `certify --scenarios`.
  stateful_certify_test.py WIREPROOF SERVER MUTANT seeds N
      Default certify against SERVER with seeds 1..N: every run passes with the same verdicts;
      prints the wall time of each run.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

SETTINGS = " --idle-timeout-ms {idle_timeout_ms} --request-timeout-ms {request_timeout_ms} --max-connections {max_connections}"


def certify(wireproof, server_command, seed, workdir, extra=()):
    report = os.path.join(workdir, "report-%d.json" % seed)
    args = [wireproof, "certify", "--server", server_command, "--seed", str(seed), "--json", report] + list(extra)
    started = time.monotonic()
    run = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=workdir)
    elapsed = time.monotonic() - started
    with open(report) as f:
        return run, json.load(f), elapsed


def fault_mode(wireproof, server, mutant, name, requirement, seeds):
    failures = []
    for seed in seeds:
        with tempfile.TemporaryDirectory(prefix="wireproof-stateful-") as workdir:
            command = "%s --fault %s --port {port}%s" % (mutant, name, SETTINGS)
            run, report, elapsed = certify(wireproof, command, seed, workdir)
            print("== %s, seed %d: exit %d after %.1f s" % (name, seed, run.returncode, elapsed))
            print(report["stateful"])
            failing = [r for r in report["results"] if r["verdict"] not in ("pass", "skip")]
            for r in failing:
                print("failing case: %s [%s] %s: %s" % (r["id"], r["strategy"], r["section"], r.get("message", "")))
            if run.returncode != 1:
                failures.append("seed %d: exit status %d, expected 1" % (seed, run.returncode))
            # The phase must find the fault on its own; the fixed scenarios written from the
            # requirement list since (conformance/scenarios) may fail it too.
            phase = [r for r in failing if r["id"].startswith("stateful/")]
            if len(phase) != 1:
                failures.append("seed %d: expected one failing case of the stateful phase, got %s"
                                % (seed, [r["id"] for r in failing]))
                continue
            case = phase[0]
            if case.get("requirement") != requirement:
                failures.append("seed %d: first divergence breaks %s, expected %s" % (seed, case.get("requirement"), requirement))
            reproducer = case["file"]
            if not os.path.isfile(reproducer) or os.path.dirname(os.path.abspath(reproducer)) != workdir:
                failures.append("seed %d: no reproducer next to the report: %r" % (seed, reproducer))
                continue
            print("shrunk reproducer %s:" % os.path.basename(reproducer))
            print(open(reproducer).read())
            for target, expected in (("%s --fault %s --port {port}" % (mutant, name), 1), ("%s --port {port}" % server, 0)):
                replay = subprocess.run([wireproof, "repro", reproducer, "--server", target],
                                        capture_output=True, text=True, timeout=60)
                print("repro against %s: exit %d\n%s" % (" ".join(os.path.basename(w) for w in target.split()[:3]),
                                                         replay.returncode, replay.stdout))
                if replay.returncode != expected:
                    failures.append("seed %d: repro against %s: exit %d, expected %d"
                                    % (seed, target, replay.returncode, expected))
                rerun = subprocess.run([wireproof, "certify", "--no-stateful", "--scenarios", workdir, "--server", target],
                                       capture_output=True, text=True, timeout=60)
                if rerun.returncode != expected:
                    failures.append("seed %d: certify --scenarios with the reproducer against %s: exit %d, expected %d\n%s"
                                    % (seed, target, rerun.returncode, expected, rerun.stdout[-2000:]))
    return failures


def seeds_mode(wireproof, server, count):
    failures = []
    verdicts = None
    times = []
    with tempfile.TemporaryDirectory(prefix="wireproof-stateful-") as workdir:
        for seed in range(1, count + 1):
            run, report, elapsed = certify(wireproof, server + " --port {port}" + SETTINGS, seed, workdir)
            times.append(elapsed)
            print("seed %2d: exit %d, %.2f s wall; %s" % (seed, run.returncode, elapsed, report["stateful"]))
            if run.returncode != 0:
                failures.append("seed %d: exit status %d\n%s" % (seed, run.returncode, run.stdout[-3000:]))
            # Case verdicts by scenario and strategy (seeds change the traffic, never the verdicts).
            these = sorted((r["id"], r["strategy"], r["verdict"]) for r in report["results"])
            if verdicts is None:
                verdicts = these
            elif these != verdicts:
                failures.append("seed %d: verdicts differ from seed 1's: %s"
                                % (seed, sorted(set(these) ^ set(verdicts))[:10]))
            if os.listdir(workdir) != [f for f in os.listdir(workdir) if f.endswith(".json")]:
                failures.append("seed %d: a passing run wrote files besides its report: %s" % (seed, os.listdir(workdir)))
    print("wall times: min %.2f s, max %.2f s, mean %.2f s over %d runs; verdicts %s"
          % (min(times), max(times), sum(times) / len(times), len(times),
             "identical" if not any("differ" in f for f in failures) else "DIFFER"))
    return failures


def main():
    wireproof, server, mutant, mode = sys.argv[1:5]
    if mode == "fault":
        failures = fault_mode(wireproof, server, mutant, sys.argv[5], sys.argv[6], [int(s) for s in sys.argv[7:]])
    else:
        failures = seeds_mode(wireproof, server, int(sys.argv[5]))
    for failure in failures:
        print("FAILED: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
