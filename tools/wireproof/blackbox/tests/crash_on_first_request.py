#!/usr/bin/env python3
"""A deliberately broken GNP/1 server for the fuzz e2e test: greets every connection
(PROTOCOL.md 3.1), then dies on the first request byte it receives (exit code 70).
Usage: crash_on_first_request.py PORT"""
import os
import socket
import sys

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", int(sys.argv[1])))
listener.listen(16)
while True:
    conn, _ = listener.accept()
    conn.settimeout(5)
    try:
        conn.sendall(b"OK\r\n\r\n")
        data = conn.recv(65536)
    except OSError:
        data = b""
    if data:
        sys.stderr.write("crash_on_first_request: got %d bytes, exiting on purpose\n" % len(data))
        sys.stderr.flush()
        os._exit(70)
    conn.close()  # the harness's readiness probe: no request, keep serving
