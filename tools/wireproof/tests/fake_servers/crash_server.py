#!/usr/bin/env python3
"""A GNP/1 server that greets, then dies of SIGABRT on the first request byte (certify must report
a crash with the signal and this script's last output, and restart it). Usage: crash_server.py PORT [TAG]"""
import os
import socket
import sys

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", int(sys.argv[1])))
listener.listen(64)
while True:
    conn, _ = listener.accept()
    conn.sendall(b"OK\r\n\r\n")
    data = conn.recv(65536)
    if data:
        print("crash_server: got %d bytes, aborting" % len(data), file=sys.stderr, flush=True)
        os.abort()
    conn.close()
