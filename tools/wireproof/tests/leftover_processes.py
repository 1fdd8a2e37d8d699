"""Finds processes whose command line carries a tag: the fake-server tests mark each run's
servers with a unique tag and then require that none is left behind."""
import os


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
