#!/usr/bin/env python3
"""Mutation test of the conformance suite (PROTOCOL.md 11.7): the clean reference server must pass
certify, over plain TCP and over TLS (--tls, the GNP/1 TLS level of 11.2), and every fault of
gnp-server-mutant must make certify fail a scenario in the fault's section (or one of its
sub-paragraphs). Faults in section 9 (TLS) are certified with --tls, the others over plain TCP.
Each mutant gets the full suite (no --filter). Prints each mutant's failing sections and the
mutation score.

Usage: mutation_test.py WIREPROOF GNP_SERVER GNP_SERVER_MUTANT [PARALLEL_MUTANTS]"""
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time

SETTINGS = ("--idle-timeout-ms {idle_timeout_ms} --request-timeout-ms {request_timeout_ms} "
            "--max-connections {max_connections}")
# The server's TLS options; certify fills the placeholders from a PKI it generates for the run.
TLS_OPTIONS = "--tls-cert {tls_cert} --tls-key {tls_key} --allow-file {allow_file}"
# Faults in these sections are certified over TLS (their scenarios are `transport tls`).
TLS_SECTIONS = ("9",)


def within(section, parent):
    return section == parent or section.startswith(parent + ".")


def certify(wireproof, server_command, json_path, extra):
    args = [wireproof, "certify", "--server", server_command, "--jobs", "2", "--json", json_path] + extra
    started = time.monotonic()
    run = subprocess.run(args, capture_output=True, text=True, timeout=600)
    with open(json_path) as f:
        report = json.load(f)
    return run, report, time.monotonic() - started


def failing_sections(report):
    return sorted({r["section"] for r in report["results"] if r["verdict"] in ("fail", "timeout", "crash")},
                  key=lambda s: [int(p) for p in s.split(".")])


def is_tls_fault(section):
    return any(within(section, x) for x in TLS_SECTIONS)


def main():
    wireproof, server, mutant = sys.argv[1:4]
    parallel = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    tmp = tempfile.mkdtemp(prefix="wireproof-mutation-")
    problems = []

    for transport, command, extra in (("plain TCP", "%s --port {port} %s" % (server, SETTINGS), []),
                                      ("TLS", "%s --port {port} %s %s" % (server, TLS_OPTIONS, SETTINGS), ["--tls"])):
        json_path = os.path.join(tmp, "clean-%s.json" % ("tls" if extra else "plain"))
        run, report, seconds = certify(wireproof, command, json_path, extra)
        ran = sum(1 for r in report["results"] if r["verdict"] == "pass")
        print("clean server over %s: exit %d in %.1f s, %d cases passed, failing sections: %s" %
              (transport, run.returncode, seconds, ran, " ".join(failing_sections(report)) or "none"))
        if run.returncode != 0 or failing_sections(report):
            problems.append("the clean server does not pass over %s:\n%s" % (transport, run.stdout[-3000:]))

    listing = subprocess.run([mutant, "--list-faults"], capture_output=True, text=True, timeout=30, check=True)
    # `--list-faults` prints "name requirement"; the requirement's section is what certify reports.
    faults = [(name, requirement.split("/")[0]) for name, requirement in
              (line.split()[:2] for line in listing.stdout.splitlines() if line.strip())]

    def run_mutant(fault):
        name, section = fault
        tls = is_tls_fault(section)
        command = "%s --fault %s --port {port} %s%s" % (mutant, name, TLS_OPTIONS + " " if tls else "", SETTINGS)
        # Short waits: the local reference answers in microseconds; a mutant that does not answer
        # should cost little. Scenario-stated waits (10.x "within") are unaffected.
        extra = ["--timeout-ms", "300"] + (["--tls"] if tls else [])
        return fault, certify(wireproof, command, os.path.join(tmp, name + ".json"), extra)

    killed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=parallel) as pool:
        for (name, section), (run, report, seconds) in pool.map(run_mutant, faults):
            sections = failing_sections(report)
            right = [s for s in sections if within(s, section)]
            must_section = any(r["level"] == "MUST" and within(r["section"], section) for r in report["results"])
            # A fault in a MUST section must also fail the run; SHOULD faults (10.x) never do (11.4).
            status_ok = run.returncode == 1 or (run.returncode == 0 and not must_section)
            verdict = "killed" if right and status_ok else "SURVIVED"
            if verdict == "killed":
                killed += 1
            else:
                problems.append("%s (%s): exit %d, failing sections %s" % (name, section, run.returncode, sections))
            print("%-30s %-5s %-5s %-8s exit %d %5.1f s  failing sections: %s" %
                  (name, section, "tls" if is_tls_fault(section) else "plain", verdict, run.returncode, seconds,
                   " ".join(sections) or "none"))

    total = len(faults)
    print("mutation score: %d/%d (%d%%)" % (killed, total, 100 * killed // max(total, 1)))
    for p in problems:
        print("FAILED: " + p)
    return 1 if problems or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
