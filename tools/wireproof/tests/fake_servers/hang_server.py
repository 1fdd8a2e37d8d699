#!/usr/bin/env python3
"""A GNP/1 server that hangs: accepts connections and never sends or closes (certify must report
timeouts, not wait forever). Usage: hang_server.py PORT [TAG]"""
import socket
import sys

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", int(sys.argv[1])))
listener.listen(64)
held = []
while True:
    conn, _ = listener.accept()
    held.append(conn)  # never read, never answered, never closed
