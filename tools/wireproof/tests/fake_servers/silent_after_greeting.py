#!/usr/bin/env python3
"""A GNP/1 server that greets correctly and then answers nothing: it reads every request and never
responds or closes (certify must recognise the quiet server instead of waiting out every case).
Usage: silent_after_greeting.py PORT [TAG]"""
import socket
import sys
import threading


def drain(conn):
    try:
        while conn.recv(65536):
            pass
    except OSError:
        pass


listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", int(sys.argv[1])))
listener.listen(128)
held = []
while True:
    conn, _ = listener.accept()
    conn.sendall(b"OK\r\n\r\n")
    held.append(conn)  # never closed
    threading.Thread(target=drain, args=(conn,), daemon=True).start()
