#!/usr/bin/env python3
"""A tiny TLS server for checking the 09-tls scenarios that no gnp-server-mutant fault covers
(PROTOCOL.md 2.2, 3.2, 9.7). It greets every TLS client and answers every request with OK; it does
no certificate checks (scenarios that need them are not run against it).

Usage: tls_server.py PORT CERT KEY CA IDLE_MS MODE TAG
MODE:
  correct             TLS 1.2+, one thread per connection, handshakes bounded by IDLE_MS
  old-versions        also negotiates TLS 1.0 and 1.1 (breaks 2.2)
  plaintext-greeting  sends the greeting in plaintext before the handshake (breaks 3.2, 9.7)
  blocking-handshake  one handshake at a time, unbounded: a stalled client blocks all (breaks 9.7)
TAG marks the process for the test's leftover check."""
import socket
import ssl
import sys
import threading


def serve(conn, context, mode, idle_seconds):
    try:
        if mode == "plaintext-greeting":
            conn.sendall(b"OK\r\n\r\n")
        if mode != "blocking-handshake":
            conn.settimeout(idle_seconds)  # the handshake bound (9.7)
        tls = context.wrap_socket(conn, server_side=True)
        tls.settimeout(None)
        tls.sendall(b"OK\r\n\r\n")
        pending = b""
        while True:
            data = tls.recv(4096)
            if not data:
                break
            pending += data
            while b"\r\n\r\n" in pending:
                _, pending = pending.split(b"\r\n\r\n", 1)
                tls.sendall(b"OK\r\n\r\n")
        tls.close()
    except (OSError, ssl.SSLError):
        pass
    finally:
        conn.close()


def main():
    port, cert, key, ca, idle_ms, mode = sys.argv[1:7]
    idle_seconds = int(idle_ms) / 1000.0
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.load_verify_locations(ca)
    context.verify_mode = ssl.CERT_OPTIONAL
    if mode == "old-versions":
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        context.minimum_version = ssl.TLSVersion.TLSv1
    else:
        context.minimum_version = ssl.TLSVersion.TLSv1_2
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(port)))
    listener.listen(64)
    print("tls_server: listening on 127.0.0.1:%s (%s)" % (port, mode), flush=True)
    while True:
        conn, _ = listener.accept()
        if mode == "blocking-handshake":
            serve(conn, context, mode, idle_seconds)
        else:
            threading.Thread(target=serve, args=(conn, context, mode, idle_seconds), daemon=True).start()


if __name__ == "__main__":
    main()
