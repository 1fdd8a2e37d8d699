#!/usr/bin/env python3
"""A stand-in server for ServerProcess tests: listens on 127.0.0.1:PORT, accepts and closes
connections, and optionally forks a grandchild or ignores SIGTERM."""
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
args = parser.parse_args()

if args.ignore_term:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

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
