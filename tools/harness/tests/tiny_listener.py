#!/usr/bin/env python3
"""A stand-in server for ServerProcess tests: listens on 127.0.0.1:PORT, accepts and closes
connections, and optionally forks a grandchild, ignores SIGTERM, daemonizes or starts a child
that leaves the process group."""
import argparse
import os
import signal
import socket
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--grandchild-pid-file", help="fork a grandchild that writes its pid here")
parser.add_argument("--ignore-term", action="store_true", help="ignore SIGTERM (also in the grandchild)")
parser.add_argument("--daemonize-pid-file",
                    help="setsid plus double fork; the daemon listens and writes its pid here, the first process exits 0")
parser.add_argument("--escaping-child-pid-file",
                    help="fork a child that moves to a new session (leaving the group) and writes its pid here")
args = parser.parse_args()


def write_pid(path):
    with open(path + ".tmp", "w") as f:
        f.write(str(os.getpid()))
    os.rename(path + ".tmp", path)


if args.ignore_term:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

def exited(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


if args.daemonize_pid_file:
    first = os.getpid()
    if os.fork() != 0:
        os._exit(0)
    os.setsid()
    middle = os.getpid()
    if os.fork() != 0:
        os._exit(0)
    while not (exited(first) and exited(middle)):  # done daemonizing: both ancestors have exited
        time.sleep(0.005)
    write_pid(args.daemonize_pid_file)

if args.escaping_child_pid_file:
    if os.fork() == 0:
        os.setsid()
        write_pid(args.escaping_child_pid_file)
        while True:
            time.sleep(1)

if args.grandchild_pid_file:
    if os.fork() == 0:
        with open(args.grandchild_pid_file + ".tmp", "w") as f:
            f.write(str(os.getpid()))
        os.rename(args.grandchild_pid_file + ".tmp", args.grandchild_pid_file)
        while True:
            time.sleep(1)

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", args.port))
listener.listen(16)
print(f"listening on {args.port}", file=sys.stderr, flush=True)
while True:
    connection, _ = listener.accept()
    connection.close()
