#!/usr/bin/env python3
"""Mutation test of the conformance suite (PROTOCOL.md 11.7).

The clean reference server must pass certify, over plain TCP and over TLS (--tls, the GNP/1 TLS
level of 11.2). Then every fault of gnp-server-mutant (`--list-faults` prints "name requirement")
is certified with the scenarios that check its requirement's section (--filter SECTION: by
section or cited requirement; the stateful phase runs too), two mutants at a time; faults in section 9 (TLS)
with --tls, the others over plain TCP. A fault is

  killed            when a failing case names its requirement (the report's `requirement`);
  killed (section)  when a failing case is in the requirement's section but names no ID or another
                    one of that section;
  SURVIVED          otherwise: certify passes, or fails only in other sections.

Prints each mutant's verdict, the score by requirement and by section, and the survivors with the
reason each is expected to survive, from mutation_survivors.txt. Fails (exit 1) when the clean
server fails anything, when a fault survives that the list does not name, or when a listed
survivor is now killed (the list must say what is true today; remove the line).

Usage: mutation_test.py WIREPROOF GNP_SERVER GNP_SERVER_MUTANT [--parallel N] [--survivors FILE]
                        [--only NAME ...] [--scenarios DIR]"""
import argparse
import collections
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
FAILED_VERDICTS = ("fail", "timeout", "crash")
# Why a fault may survive the suite (mutation_survivors.txt, second column).
REASONS = {
    "no-scenario": "no scenario observes it yet",
    "unobservable": "not observable on the wire",
    "stateful": "caught only by the stateful random phase",
}
CERTIFY_ARGS = []  # given to every certify run (--scenarios)
DEFAULT_SURVIVORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mutation_survivors.txt")


def section_key(section):
    return [int(p) if p.isdigit() else p for p in section.split(".")]


def requirement_key(requirement):
    section, _, number = requirement.partition("/")
    return section_key(section) + [int(number) if number.isdigit() else 0]


def section_of(requirement):
    return requirement.split("/")[0]


def within(section, parent):
    return section == parent or section.startswith(parent + ".")


def is_tls_fault(requirement):
    return any(within(section_of(requirement), s) for s in TLS_SECTIONS)


def certify(wireproof, server_command, json_path, extra):
    args = [wireproof, "certify", "--server", server_command, "--jobs", "2", "--json", json_path] + extra + CERTIFY_ARGS
    started = time.monotonic()
    run = subprocess.run(args, capture_output=True, text=True, timeout=600)
    report = {"results": []}
    if os.path.exists(json_path):
        with open(json_path) as f:
            report = json.load(f)
    return run, report, time.monotonic() - started


def failing(report):
    return [r for r in report["results"] if r["verdict"] in FAILED_VERDICTS]


def failing_sections(report):
    sections = set()
    for r in failing(report):
        sections.add(r["section"])
        if r.get("requirement"):
            sections.add(section_of(r["requirement"]))
    return sorted(sections, key=section_key)


def failing_requirements(report):
    return sorted({r["requirement"] for r in failing(report) if r.get("requirement")}, key=requirement_key)


def read_survivors(path):
    """name -> (reason kind, explanation). Blank lines and '#' comments are skipped."""
    survivors = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split(None, 2)
            if len(parts) < 2 or parts[1] not in REASONS:
                raise SystemExit("%s:%d: expected 'fault-name %s [explanation]', got %r" %
                                 (path, number, "|".join(REASONS), line))
            survivors[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return survivors


def judge(requirement, run, report):
    """'killed', 'killed (section)' or 'SURVIVED' for one mutant's certify run."""
    section = section_of(requirement)
    cases = failing(report)
    at_requirement = any(r.get("requirement") == requirement for r in cases)
    in_section = any(within(r["section"], section) or within(section_of(r.get("requirement") or "x"), section)
                     for r in cases)
    must_section = any(r["level"] == "MUST" and within(r["section"], section) for r in report["results"])
    # A fault in a MUST section must also fail the run; SHOULD faults (10.x) never do (11.4).
    status_ok = run.returncode == 1 or (run.returncode == 0 and not must_section)
    if not status_ok:
        return "SURVIVED"
    if at_requirement:
        return "killed"
    return "killed (section)" if in_section else "SURVIVED"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wireproof")
    parser.add_argument("server")
    parser.add_argument("mutant")
    parser.add_argument("--parallel", type=int, default=2, help="mutants certified at once (default 2)")
    parser.add_argument("--survivors", default=DEFAULT_SURVIVORS, help="expected survivors with reasons")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="certify only these faults (no list check)")
    parser.add_argument("--scenarios", metavar="DIR", help="scenario directory for certify (default: the source tree's)")
    args = parser.parse_args()
    if args.scenarios:
        CERTIFY_ARGS.extend(["--scenarios", args.scenarios])

    tmp = tempfile.mkdtemp(prefix="wireproof-mutation-")
    problems = []

    for transport, command, extra in (("plain TCP", "%s --port {port} %s" % (args.server, SETTINGS), []),
                                      ("TLS", "%s --port {port} %s %s" % (args.server, TLS_OPTIONS, SETTINGS),
                                       ["--tls"])):
        json_path = os.path.join(tmp, "clean-%s.json" % ("tls" if extra else "plain"))
        run, report, seconds = certify(args.wireproof, command, json_path, extra)
        passed = sum(1 for r in report["results"] if r["verdict"] == "pass")
        print("clean server over %s: exit %d in %.1f s, %d cases passed, failing sections: %s" %
              (transport, run.returncode, seconds, passed, " ".join(failing_sections(report)) or "none"))
        if run.returncode != 0 or failing(report):
            problems.append("the clean server does not pass over %s:\n%s%s" %
                            (transport, run.stdout[-3000:], run.stderr[-2000:]))

    listing = subprocess.run([args.mutant, "--list-faults"], capture_output=True, text=True, timeout=30, check=True)
    faults = [tuple(line.split()[:2]) for line in listing.stdout.splitlines() if line.strip()]
    if args.only:
        unknown = set(args.only) - {name for name, _ in faults}
        if unknown:
            raise SystemExit("unknown fault(s): %s" % " ".join(sorted(unknown)))
        faults = [f for f in faults if f[0] in args.only]
    expected = read_survivors(args.survivors)

    def run_mutant(fault):
        name, requirement = fault
        tls = is_tls_fault(requirement)
        command = "%s --fault %s --port {port} %s%s" % (args.mutant, name, TLS_OPTIONS + " " if tls else "", SETTINGS)
        # Short waits: the local reference answers in microseconds; a mutant that does not answer
        # should cost little. Scenario-stated waits (10.x "within") are unaffected.
        # Only the scenarios that check the fault's section (by their section or a cited requirement):
        # the verdict looks at that section alone, and the stateful phase runs whatever the filter.
        extra = ["--timeout-ms", "300", "--filter", section_of(requirement)] + (["--tls"] if tls else [])
        return fault, certify(args.wireproof, command, os.path.join(tmp, name + ".json"), extra)

    verdicts = {}
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.parallel) as pool:
        for (name, requirement), (run, report, seconds) in pool.map(run_mutant, faults):
            verdict = judge(requirement, run, report)
            verdicts[name] = (requirement, verdict, failing_sections(report))
            print("%-34s %-7s %-5s %-16s exit %d %5.1f s  failing: %s" %
                  (name, requirement, "tls" if is_tls_fault(requirement) else "plain", verdict, run.returncode,
                   seconds, " ".join(failing_requirements(report) or failing_sections(report)) or "none"),
                  flush=True)

    def table(title, key_of, sort_key):
        groups = collections.defaultdict(list)
        for name, (requirement, verdict, _) in verdicts.items():
            groups[key_of(requirement)].append(verdict != "SURVIVED")
        print("\nscore by %s (killed/faults):" % title)
        for key in sorted(groups, key=sort_key):
            print("  %-8s %d/%d" % (key, sum(groups[key]), len(groups[key])))

    table("requirement", lambda r: r, requirement_key)
    table("section", section_of, section_key)

    survivors = [name for name, (_, verdict, _) in verdicts.items() if verdict == "SURVIVED"]
    print("\nsurvivors (%d):" % len(survivors))
    for name in survivors:
        requirement, _, sections = verdicts[name]
        kind, why = expected.get(name, ("UNEXPECTED", ""))
        elsewhere = " (fails only in %s)" % " ".join(sections) if sections else ""
        print("  %-34s %-7s %s: %s%s%s" % (name, requirement, kind, REASONS.get(kind, "not in %s" % args.survivors),
                                           " - " + why if why else "", elsewhere))

    total = len(verdicts)
    killed = total - len(survivors)
    exact = sum(1 for _, verdict, _ in verdicts.values() if verdict == "killed")
    print("\nmutation score: %d/%d (%d%%) killed in their section; %d at their exact requirement; %.0f s" %
          (killed, total, 100 * killed // max(total, 1), exact, time.monotonic() - started))

    for name in survivors:
        if name not in expected:
            problems.append("%s (%s) survives and is not in %s: add a scenario that catches it, or list it "
                            "with its reason" % (name, verdicts[name][0], os.path.basename(args.survivors)))
    for name, (kind, _) in sorted(expected.items()):
        if name in verdicts and verdicts[name][1] != "SURVIVED":
            problems.append("%s is listed as a survivor (%s) but is now %s: remove it from %s" %
                            (name, kind, verdicts[name][1], os.path.basename(args.survivors)))
        elif not args.only and name not in verdicts:
            problems.append("%s is listed in %s but gnp-server-mutant has no such fault" %
                            (name, os.path.basename(args.survivors)))
    for p in problems:
        print("FAILED: " + p)
    return 1 if problems or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
