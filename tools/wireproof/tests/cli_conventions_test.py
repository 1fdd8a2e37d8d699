#!/usr/bin/env python3
"""Command-line conventions and the new-user bugs of issue 13 (items 4 and 6), one case per run.

Usage: cli_conventions_test.py BIN_DIR SOURCE_DIR CASE

Cases:
  version          --version on wireproof and gnp-server: "NAME X.Y.Z (git ...)"
  short-help       -h is --help (wireproof certify, gnp-server)
  report-stdout    --json - writes the JSON alone to stdout, the summary goes to stderr; two '-' refused
  quiet            --quiet: nothing on stderr for a passing run
  live-line        on a 40-column pty each live update overwrites (no line over 39 columns), FAIL red
  no-color         NO_COLOR: live line without colour
  term-dumb        TERM=dumb: no live line at all (no \\r, no escape sequence)
  repro-skips-txt  repro DIR/* skips fuzz's .txt reports with a note (only .txt: exit 2)
  fuzz-corpus      fuzz ignores ./corpus of the working directory, uses the bundled one and says so;
                   an empty --corpus is named as empty
"""
import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import tempfile
import termios
import time

bin_dir, source_dir, case = sys.argv[1:4]
wireproof = os.path.join(bin_dir, "wireproof")
server = os.path.join(bin_dir, "gnp-server") + " --port {port}"
mutant = os.path.join(bin_dir, "gnp-server-mutant") + " --port {port} --fault echo-joins-without-space"
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(argv, cwd=None, env=None, timeout=60):
    p = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def run_on_pty(argv, env, columns=40):
    """Runs argv with stderr on a pty of `columns` columns; returns (rc, stdout, what the pty got)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 20, columns, 0, 0))
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    got = b""
    deadline = time.time() + 60
    # Read until the pty reports the other side closed (EIO once the child and its servers have
    # exited), not until the child exits: its last bytes may still be in the pty then.
    while time.time() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        got += chunk
    out = p.stdout.read().decode()
    p.wait()
    os.close(master)
    return p.returncode, out, got.decode(errors="replace")


def visible_pieces(tty_text):
    """What is left between redraws (\\r, \\n) once escape sequences are removed."""
    plain = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", tty_text)
    return [piece for piece in re.split(r"[\r\n]", plain)]


certify_fail = [wireproof, "certify", "--server", mutant, "--filter", "8.*"]

if case == "version":
    version = re.search(r"VERSION\s+(\d+\.\d+\.\d+)", open(os.path.join(source_dir, "CMakeLists.txt")).read()).group(1)
    for name in ["wireproof", "gnp-server"]:
        rc, out, err = run([os.path.join(bin_dir, name), "--version"])
        check(rc == 0 and re.fullmatch(f"{name} {re.escape(version)} \\(git \\S+\\)\n", out) is not None,
              f"{name} --version: rc {rc}, {out.strip()!r}")

elif case == "short-help":
    rc_h, out_h, _ = run([wireproof, "certify", "-h"])
    rc_l, out_l, _ = run([wireproof, "certify", "--help"])
    check(rc_h == 0 and out_h == out_l and "--baseline" in out_l or "--json" in out_l, "wireproof certify -h is --help")
    rc, out, err = run([os.path.join(bin_dir, "gnp-server"), "-h"])
    check(rc == 0 and out.startswith("usage: gnp-server"), f"gnp-server -h prints the help (rc {rc}: {err.strip()})")

elif case == "report-stdout":
    rc, out, err = run([wireproof, "certify", "--server", server, "--filter", "4.3", "--json", "-"])
    try:
        report = json.loads(out)
        must = report["summary"]["must_scenarios"]
        check(must["passed"] >= 4 and must["failed"] == 0, "stdout is the JSON report alone")
    except ValueError as e:
        check(False, f"stdout is the JSON report alone ({e}): {out[:300]!r}")
    check(rc == 0 and "result: PASS" in err, "the human summary goes to stderr")
    rc, out, err = run([wireproof, "certify", "--server", server, "--json", "-", "--junit", "-"])
    check(rc == 2 and "standard output" in err, f"two reports to '-' are refused (rc {rc}: {err.strip()})")

elif case == "quiet":
    rc, out, err = run([wireproof, "certify", "--server", server, "--filter", "4.3", "--quiet"])
    check(rc == 0 and err == "" and "result: PASS" in out, f"--quiet: rc {rc}, stderr {err[:200]!r}")

elif case in ("live-line", "no-color", "term-dumb"):
    env = dict(os.environ, TERM="xterm")
    env.pop("NO_COLOR", None)
    env.pop("COLUMNS", None)
    if case == "no-color":
        env["NO_COLOR"] = "1"
    if case == "term-dumb":
        env["TERM"] = "dumb"
    rc, out, tty = run_on_pty(certify_fail, env)
    check(rc == 1, f"the mutant fails 8.2 (rc {rc})")
    print("what the pty got (last 3000 bytes):", repr(tty[-3000:]))
    if case == "term-dumb":
        check("\r" not in tty.replace("\r\n", "\n") and "\x1b" not in tty, "TERM=dumb: no live line, no escapes")
        check(re.search(r"\[\s*\d+/\d+\] FAIL 8\.2", tty) is not None, "TERM=dumb: one plain line per scenario")
    else:
        check("\r\x1b[K" in tty, "a terminal gets the live line")
        # The start line ("wireproof certify: N scenarios from ...") is printed once and may wrap;
        # every progress update ("[ n/N] ...") must fit, or the next \r redraws only its last row.
        updates = [piece for piece in visible_pieces(tty) if re.match(r"\[\s*\d+/\d+\]", piece)]
        longest = max(len(piece) for piece in updates)
        check(len(updates) > 5 and longest <= 39, f"{len(updates)} updates, each within 40 columns (longest {longest})")
        red = "\x1b[31mFAIL" in tty
        check(red if case == "live-line" else not red,
              "FAIL in red" if case == "live-line" else "NO_COLOR: no colour")

elif case == "repro-skips-txt":
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "01-finding.bin"), "wb").write(b"PING\r\n\r\n")
        open(os.path.join(d, "01-finding.txt"), "w").write("crash 4.4 ...\nPING\r\n\r\n")
        open(os.path.join(d, "report.txt"), "w").write("== 01-finding\n")
        files = sorted(os.path.join(d, f) for f in os.listdir(d))
        rc, out, err = run([wireproof, "repro", *files, "--server", server])
        check(rc == 0, f"repro DIR/* replays the .bin and exits 0 (rc {rc}): {out}{err}")
        check(re.search(r"01-finding\.txt: skipped: a text report", out) is not None and
              re.search(r"report\.txt: skipped", out) is not None, "each .txt is skipped with a note")
        check(re.search(r"\.txt: (ok|pass)", out) is None and "1 pass" in out and "2 skipped" in out, "no .txt is called pass")
        rc, out, err = run([wireproof, "repro", os.path.join(d, "report.txt"), "--server", server])
        check(rc == 2 and "nothing replayed" in err, f"only .txt files: exit 2 (rc {rc})")

elif case == "fuzz-corpus":
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "corpus"))
        open(os.path.join(d, "corpus", "junk"), "wb").write(b"NOT A CORPUS\r\n\r\n")
        rc, out, err = run([wireproof, "fuzz", "--server", server, "--seconds", "1", "--seed", "3",
                            "--out", os.path.join(d, "out")], cwd=d)
        m = re.search(r"fuzz: bundled corpus (\S+) \((\d+) entries\)", err)
        check(rc == 0 and m is not None and os.path.realpath(m.group(1)) == os.path.realpath(os.path.join(source_dir, "corpus"))
              and int(m.group(2)) > 1, f"fuzz names the bundled corpus, not ./corpus (rc {rc}): {err[:300]!r}")
        os.makedirs(os.path.join(d, "empty"))
        rc, out, err = run([wireproof, "fuzz", "--server", server, "--seconds", "1", "--seed", "3",
                            "--corpus", os.path.join(d, "empty"), "--out", os.path.join(d, "out")], cwd=d)
        check(rc == 0 and "is empty" in err, f"an empty --corpus is named (rc {rc}): {err[:300]!r}")
else:
    print("unknown case " + case)
    sys.exit(2)

if failures:
    sys.exit(1)
