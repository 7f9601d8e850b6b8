#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# proxy.py -- a logging DNS relay for 40-network.bats.
#
# usage: /usr/bin/python3 proxy.py UPSTREAM-PORT LOG
#
# Listens on 127.0.0.1, UDP and TCP on one port it picks (as fakedns.py
# does, with its udp_tcp_pair), prints that port on stdout once both
# sockets are bound (the readiness signal), and relays every query to
# 127.0.0.1#UPSTREAM-PORT (the test's NSD) over the transport it came on,
# the answer back the same way. Runs until killed.
#
# LOG gets one line per query, "udp NAME" or "tcp NAME" (NAME as dnslib
# prints the question, absolute; "?" when it cannot be parsed), so that a
# test sees which transport enumq really used.
#
# 40-network.bats starts it from setup_file with py_start (readiness
# through a FIFO) and stops it with py_stop in teardown_file.

import os
import socket
import sys
import threading

from dnslib import DNSRecord

upstream = ("127.0.0.1", int(sys.argv[1]))
log = open(sys.argv[2], "a", buffering=1)
lock = threading.Lock()


def note(proto, msg):
    try:
        name = str(DNSRecord.parse(msg).q.qname)
    except Exception:
        name = "?"
    with lock:
        log.write(proto + " " + name + "\n")


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


def tcp_client(c):
    with c:
        while True:
            hdr = recv_exact(c, 2)
            msg = hdr and recv_exact(c, int.from_bytes(hdr, "big"))
            if not msg:
                return
            note("tcp", msg)
            with socket.create_connection(upstream, timeout=5) as up:
                up.sendall(hdr + msg)
                rhdr = recv_exact(up, 2)
                reply = recv_exact(up, int.from_bytes(rhdr, "big"))
            c.sendall(rhdr + reply)


def tcp_accept(t):
    while True:
        c = t.accept()[0]
        threading.Thread(target=tcp_client, args=(c,), daemon=True).start()


def udp_one(u, msg, client):
    note("udp", msg)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as up:
        up.settimeout(5)
        up.sendto(msg, upstream)
        u.sendto(up.recv(65535), client)


# one port number for both TCP and UDP, found as fakedns.py finds it (it
# sits beside this file; no __pycache__ left in tests/)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True
from fakedns import udp_tcp_pair

t, u = udp_tcp_pair()
t.listen(16)
print(t.getsockname()[1], flush=True)
threading.Thread(target=tcp_accept, args=(t,), daemon=True).start()
while True:
    msg, client = u.recvfrom(65535)
    threading.Thread(target=udp_one, args=(u, msg, client), daemon=True).start()
