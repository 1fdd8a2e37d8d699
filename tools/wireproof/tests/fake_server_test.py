#!/usr/bin/env python3
"""certify against broken servers (tools/wireproof/tests/fake_servers): each is reported clearly,
wireproof returns in bounded time with the documented exit status, and no server process is left.

Usage: fake_server_test.py WIREPROOF_BINARY {hang|crash|never-listen}"""
import os
import subprocess
import sys
import time
import uuid

from leftover_processes import finish

HERE = os.path.dirname(os.path.abspath(__file__))
FAKES = {
    "hang": ("hang_server.py", 1),
    "crash": ("crash_server.py", 1),
    "never-listen": ("never_listen.py", 2),
}


def main():
    wireproof, which = sys.argv[1], sys.argv[2]
    script, expected_status = FAKES[which]
    tag = "wireproof-fake-" + uuid.uuid4().hex  # marks this run's server processes
    command = "python3 %s {port} %s" % (os.path.join(HERE, "fake_servers", script), tag)
    args = [wireproof, "certify", "--server", command, "--jobs", "2", "--timeout-ms", "300",
            "--startup-timeout-ms", "1500", "--filter", "3.1,4.3,8.1,8.2"]
    started = time.monotonic()
    run = subprocess.run(args, capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - started
    output = run.stdout + run.stderr
    print(output)
    print("exit status %d after %.1f s" % (run.returncode, elapsed))
    failures = []
    if run.returncode != expected_status:
        failures.append("exit status %d, expected %d" % (run.returncode, expected_status))
    if which == "hang":
        # The preflight finds it silent (no greeting in 300 ms); later cases then wait briefly.
        if "no greeting within the timeout" not in output or "FAIL(timeout)" not in output:
            failures.append("the hang is not reported as a timeout")
    elif which == "crash":
        if "server died (signal 6" not in output or "crash_server: got" not in output:
            failures.append("the crash is not reported with its signal and the server's last output")
    else:
        if "server did not start" not in output or "never_listen: pretending" not in output:
            failures.append("the startup failure is not reported with the server's output")
    return finish(tag, failures)


if __name__ == "__main__":
    sys.exit(main())
