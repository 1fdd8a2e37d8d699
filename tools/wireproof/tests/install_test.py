#!/usr/bin/env python3
"""Installs the build into a temporary prefix and runs the installed binaries from / (docs/CI.md).

Usage: install_test.py CMAKE BUILD_DIR SOURCE_DIR

`cmake --install BUILD --prefix TMP`, then, with / as the working directory (neither the source
tree nor the build tree):
  - wireproof certify (a short --filter, over plain TCP and over --tls with a generated PKI, so
    tools/make-test-pki is installed too) against the installed gnp-server passes and names the
    installed scenario directory;
  - wireproof fuzz for 2 s starts from the installed corpus (says so, with a non-zero count);
  - wireproof coverage reads the installed PROTOCOL.md and scenarios;
  - --version of every installed binary names the project version;
  - a copy of wireproof outside any prefix does not fall back to the source tree: it exits 2
    naming the places it searched.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

cmake, build_dir, source_dir = sys.argv[1:4]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(argv, timeout=60):
    p = subprocess.run(argv, cwd="/", capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


with tempfile.TemporaryDirectory(prefix="wireproof-install-") as tmp:
    prefix = os.path.join(tmp, "prefix")
    p = subprocess.run([cmake, "--install", build_dir, "--prefix", prefix], capture_output=True, text=True)
    check(p.returncode == 0, "cmake --install exits 0" + ("" if p.returncode == 0 else ": " + p.stderr[-2000:]))
    if p.returncode != 0:
        sys.exit(1)
    bindir = os.path.join(prefix, "bin")
    data = os.path.join(prefix, "share", "wireproof")
    for rel in ["conformance/scenarios", "conformance/unobservable.txt", "corpus", "docs/PROTOCOL.md", "docs/SCENARIOS.md",
                "docs/CI.md", "tools/make-test-pki"]:
        check(os.path.exists(os.path.join(data, rel)), "installed share/wireproof/" + rel)
    wireproof = os.path.join(bindir, "wireproof")
    server = os.path.join(bindir, "gnp-server")

    version = re.search(r"VERSION\s+(\d+\.\d+\.\d+)", open(os.path.join(source_dir, "CMakeLists.txt")).read()).group(1)
    for binary in ["wireproof", "gnp-server", "gnp-server-mutant", "gnp-load", "gnp-robustness"]:
        rc, out, err = run([os.path.join(bindir, binary), "--version"])
        check(rc == 0 and re.fullmatch(re.escape(binary) + " " + re.escape(version) + r" \(git \S+\)\n", out) is not None,
              f"{binary} --version prints '{binary} {version} (git ...)' (got rc {rc}: {out.strip()!r})")

    rc, out, err = run([wireproof, "certify", "--server", server + " --port {port}", "--filter", "4.3,8.1"])
    check(rc == 0 and "result: PASS" in out, f"installed certify --filter passes from / (rc {rc})")
    check(os.path.join(data, "conformance", "scenarios") in err, "certify uses the installed scenarios: " + err.splitlines()[0])

    rc, out, err = run([wireproof, "certify", "--tls", "--filter", "9.1", "--server",
                        server + " --port {port} --tls-cert {tls_cert} --tls-key {tls_key} --allow-file {allow_file}"])
    check(rc == 0 and "result: PASS" in out, f"installed certify --tls (PKI from the installed make-test-pki) passes (rc {rc})"
          + ("" if rc == 0 else ": " + err[-1500:]))

    rc, out, err = run([wireproof, "fuzz", "--server", server + " --port {port}", "--seconds", "2", "--seed", "5",
                        "--out", os.path.join(tmp, "findings")])
    note = re.search(r"bundled corpus (\S+) \((\d+) entries\)", err)
    check(rc == 0, f"installed fuzz for 2 s finds nothing against gnp-server (rc {rc})")
    check(note is not None and note.group(1) == os.path.join(data, "corpus") and int(note.group(2)) > 0,
          "fuzz starts from the installed corpus and says so: " + (note.group(0) if note else repr(err[:300])))

    # The requirement citations in test sources are not installed, so only the scenario part can match
    # docs/COVERAGE.md: the table is printed from the installed scenarios and PROTOCOL.md.
    installed = sum(len([f for f in files if f.endswith(".gnpt")])
                    for _, _, files in os.walk(os.path.join(data, "conformance", "scenarios")))
    rc, out, err = run([wireproof, "coverage"])
    check(rc == 0 and f"Scenarios: {installed}." in out and "Requirements: " in out,
          f"installed coverage reads the installed PROTOCOL.md and {installed} scenarios (rc {rc}) {err.strip()[:200]}")

    # No data next to it and not in the build tree: no silent fallback to the source tree.
    lonely = os.path.join(tmp, "elsewhere", "bin")
    os.makedirs(lonely)
    shutil.copy2(wireproof, lonely)
    rc, out, err = run([os.path.join(lonely, "wireproof"), "certify", "--server", server + " --port {port}"])
    searched = os.path.join(tmp, "elsewhere", "share", "wireproof", "conformance", "scenarios")
    check(rc == 2 and searched in err and source_dir not in err,
          f"a wireproof without data exits 2 naming where it looked (rc {rc}): {err.strip()}")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("all checks passed")
