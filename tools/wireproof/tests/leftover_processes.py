"""Finds processes whose command line carries a tag: the fake-server tests mark each run's
servers with a unique tag and then require that none is left behind."""
import os
import time


def processes_with(tag):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if tag.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def require_none_left(tag, failures):
    """Appends a failure for every tagged process still alive shortly after the run, and kills
    them so one failing test does not leave servers behind for the next."""
    time.sleep(0.2)
    left = processes_with(tag)
    if left:
        failures.append("server processes left behind: %s" % left)
        for pid in left:
            try:
                os.kill(pid, 9)
            except OSError:
                pass


def finish(tag, failures):
    """The end of every fake-server test: no tagged process may be left; prints each failure and
    returns the exit status (1 when anything failed)."""
    require_none_left(tag, failures)
    for failure in failures:
        print("FAILED: " + failure)
    return 1 if failures else 0
