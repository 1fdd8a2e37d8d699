#!/usr/bin/env python3
"""A real GNP/1 server with chosen deviations: a proxy in front of gnp-server that rewrites its
responses. Every other byte is the reference server's.
MODE three-deviations (for certify, which must report exactly these):
  - the greeting is OK\\r\\n (no empty line ends it; PROTOCOL.md 3.1, 6.6);
  - ERR bad-arguments is sent as ERR bad-request, without Sequence (8.7, 7.1);
  - ERR not-found carries no Sequence (6.3).
MODE greeting-and-crash (for fuzz): the same greeting, and the process aborts, after printing a
sanitizer-style report, when the second request on a connection is a GET: a crash that needs two
requests and is out of reach of a fuzzer that stops at the greeting.
Usage: deviating_proxy.py PORT TAG MODE SERVER_COMMAND... ({upstream} becomes the server's port)."""
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


MODE = "three-deviations"


def rewrite(frame):
    if MODE != "three-deviations":
        return frame
    head, body = frame.split(b"\r\n\r\n", 1)
    lines = head.split(b"\r\n")
    if lines[0] == b"ERR bad-arguments":
        lines = [b"ERR bad-request"] + [l for l in lines[1:] if not l.startswith(b"Sequence: ")]
    elif lines[0] == b"ERR not-found":
        lines = [lines[0]] + [l for l in lines[1:] if not l.startswith(b"Sequence: ")]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def frames(buffer):
    """Complete frames at the start of `buffer` and the rest."""
    out = []
    while True:
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            return out, buffer
        size = 0
        for line in buffer[:end].split(b"\r\n"):
            if line.startswith(b"Size: "):
                size = int(line[6:])
        total = end + 4 + size
        if len(buffer) < total:
            return out, buffer
        out.append(buffer[:total])
        buffer = buffer[total:]


def upstream_to_client(up, client):
    buffer = b""
    greeted = False
    try:
        while True:
            data = up.recv(65536)
            if not data:
                break
            buffer += data
            complete, buffer = frames(buffer)
            for frame in complete:
                if not greeted:
                    greeted = True
                    client.sendall(b"OK\r\n" if frame == b"OK\r\n\r\n" else frame)
                else:
                    client.sendall(rewrite(frame))
        client.sendall(buffer)
    except OSError:
        pass
    finally:
        try:
            client.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        client.close()


def crash():
    sys.stderr.write("==%d==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010\n"
                     "    #0 0x4f2a10 in handle_get proxy.c:42\n"
                     "    #1 0x4f2b20 in dispatch proxy.c:80\n"
                     "    #2 0x4f2c30 in serve proxy.c:120\n"
                     "SUMMARY: AddressSanitizer: heap-use-after-free proxy.c:42 in handle_get\n" % os.getpid())
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGABRT)


def client_to_upstream(client, up):
    stream = b""
    try:
        while True:
            data = client.recv(65536)
            if not data:
                up.shutdown(socket.SHUT_WR)  # the client's half-close reaches the server
                return
            if MODE == "greeting-and-crash":
                stream += data
                requests = stream.split(b"\r\n\r\n")
                if len(requests) >= 3 and requests[1].startswith(b"GET "):
                    crash()
            up.sendall(data)
    except OSError:
        try:
            up.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client, upstream_port):
    try:
        up = socket.create_connection(("127.0.0.1", upstream_port))
    except OSError:
        client.close()
        return
    for s in (client, up):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    threading.Thread(target=client_to_upstream, args=(client, up), daemon=True).start()
    upstream_to_client(up, client)
    up.close()


def main():
    global MODE
    port, _tag, MODE, command = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
    upstream_port = free_port()
    libc = ctypes.CDLL(None)
    server = subprocess.Popen([a.replace("{upstream}", str(upstream_port)) for a in command],
                              preexec_fn=lambda: libc.prctl(1, signal.SIGKILL))  # dies with the proxy
    signal.signal(signal.SIGTERM, lambda *_: (server.kill(), os._exit(0)))
    for _ in range(500):
        try:
            socket.create_connection(("127.0.0.1", upstream_port)).close()
            break
        except OSError:
            time.sleep(0.01)
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(128)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, upstream_port), daemon=True).start()


if __name__ == "__main__":
    main()
