#!/usr/bin/env python3
"""A hostile GNP/1 server: one mode per way a server can attack the client reading it. wireproof
must return within its deadlines, hold a bounded amount of the output, say what happened and leave
no process behind (hostile_server_test.py runs every mode through certify, repro, fuzz and diff).

Usage: hostile_server.py --port PORT --mode MODE [--tag TAG]
MODE (each connection is greeted with OK\\r\\n\\r\\n unless the mode says otherwise):
  endless-bytes       after the greeting, 'x' without end and without a line end
  endless-frames      after the greeting, OK\\r\\n\\r\\n without end (every frame well-formed)
  size=VALUE          answers the first request with OK\\r\\nSize: VALUE\\r\\n\\r\\n and no body, then
                      stays open (VALUE e.g. 9223372036854775807, 18446744073709551616, -1, +5)
  size-no-body-close  answers the first request with OK\\r\\nSize: 5\\r\\n\\r\\n and closes
  drip                answers every request with OK\\r\\n\\r\\n, one byte per 100 ms
  never-closes        greets, reads every request, never answers nor closes (also diagnosis_test's
                      server that accepts but answers nothing)
  reset-mid-frame     answers the first request with half a frame, then resets (SO_LINGER 0)
  bytes-before-greeting  sends a line of garbage, then the greeting, then answers OK to each request
  tls-garbage         sends bytes that are not a TLS record instead of a handshake (for --tls)
  gib                 answers the first request with a 1 GiB response (OK, Size: 1073741824, body),
                      as fast as the socket takes it
TAG only marks the process for the test's leftover check."""
import argparse
import socket
import struct
import sys
import threading
import time

GREETING = b"OK\r\n\r\n"
GIB = 1 << 30


def read_request(conn, pending):
    """Reads until one request (up to \\r\\n\\r\\n) is complete; returns the rest, or None at EOF."""
    while b"\r\n\r\n" not in pending:
        data = conn.recv(65536)
        if not data:
            return None
        pending += data
    return pending.split(b"\r\n\r\n", 1)[1]


def drain(conn):
    while conn.recv(65536):
        pass


def send_forever(conn, chunk):
    chunk = chunk * (65536 // len(chunk))
    while True:
        conn.sendall(chunk)


def serve(conn, mode):
    if mode == "tls-garbage":
        conn.sendall(b"this is not a TLS record\r\n" * 4)
        drain(conn)
        return
    if mode == "bytes-before-greeting":
        conn.sendall(b"hello from a server that talks first\r\n")
    conn.sendall(GREETING)
    if mode == "endless-bytes":
        send_forever(conn, b"x")
    if mode == "endless-frames":
        send_forever(conn, GREETING)
    if mode == "never-closes":
        drain(conn)
        threading.Event().wait()  # the client closed: still never close
    pending = read_request(conn, b"")
    if pending is None:
        return
    if mode.startswith("size="):
        conn.sendall(b"OK\r\nSize: " + mode[5:].encode() + b"\r\n\r\n")
        drain(conn)
        threading.Event().wait()
    if mode == "size-no-body-close":
        conn.sendall(b"OK\r\nSize: 5\r\n\r\n")
        return
    if mode == "reset-mid-frame":
        conn.sendall(b"OK\r\nSize: 10\r\n\r\nabc")
        time.sleep(0.05)  # the half frame travels before the reset
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        return
    if mode == "gib":
        conn.sendall(b"OK\r\nSize: %d\r\n\r\n" % GIB)
        chunk = b"v" * (1 << 20)
        for _ in range(GIB // len(chunk)):
            conn.sendall(chunk)
        drain(conn)
        return
    while pending is not None:  # drip, bytes-before-greeting: OK to every request
        for byte in GREETING:
            conn.sendall(bytes([byte]))
            if mode == "drip":
                time.sleep(0.1)
        pending = read_request(conn, pending)


def handle(conn, mode):
    try:
        serve(conn, mode)
    except OSError:
        pass  # the client went away: this connection is over
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--mode", required=True)
    parser.add_argument("--tag", default="")
    args = parser.parse_args()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(128)
    print("hostile_server: %s on port %d" % (args.mode, args.port), file=sys.stderr, flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=handle, args=(conn, args.mode), daemon=True).start()


if __name__ == "__main__":
    main()
