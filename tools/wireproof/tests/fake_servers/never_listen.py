#!/usr/bin/env python3
"""A "server" that starts but never listens (certify must give up after its startup timeout, say
so, exit 2 and leave nothing running). Usage: never_listen.py PORT [TAG]"""
import sys
import time

print("never_listen: pretending to start on port %s" % sys.argv[1], file=sys.stderr, flush=True)
while True:
    time.sleep(1)
