#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# fakedns.py -- a scriptable, test-only DNS server for the enumq fault tests.
#
# usage: /usr/bin/python3 fakedns.py SCRIPT LOG [LIFETIME]
#
# Listens on 127.0.0.1, UDP and TCP on one port it picks, prints that port
# on stdout once both sockets are bound (the readiness signal), and answers
# as SCRIPT says. Exits by itself after LIFETIME seconds (default 120).
#
# SCRIPT is Python, run with the helpers below in scope. It defines either
#   RULES = {"NAME.": BEHAVIOUR, ..., "default": BEHAVIOUR}
# (names case-insensitive, presentation form; e164("+44...") gives a
# number's domain; a name missing with no default gets REFUSED) or a
# function behave(q) -> BEHAVIOUR, where q has .name (presentation,
# lowercase, absolute), .labels, .id, .qtype, .transport ("udp"/"tcp"),
# .wire (the query message as received, without TCP's length), .port (the
# client's source port) and .count (queries for this name so far, this one
# included, both transports). __file__ is the script's path. A BEHAVIOUR is a dict:
#   rcode     int or name ("SERVFAIL", ...); default NOERROR
#   question  False: leave the question section out
#   an ns ar  lists of RRs (naptr(), cname(), rr(), opt(), ...); an owner
#             "@" is the query name (and is sent as a pointer to it)
#   tc        True: over UDP answer with TC set and no records
#   drop      True: never answer
#   close     True: TCP: close the connection instead of answering; UDP:
#             as drop
#   delay     seconds to wait before answering (queries are served
#             concurrently, so delays answer out of order)
#   before    list of BEHAVIOURs sent just ahead of the real answer, each
#             merged over this one; keys there also: id_xor (XOR the ID
#             with it), qname (a different question name), qtype (a
#             different question type), qr (False: a query, not a
#             response), raw
#   raw       bytes, or a function(q) -> bytes, sent instead of a packet
#             (with_id(q, b) puts the query's ID in front of b)
#   aa        False: clear AA
#   trickle   TCP: send the reply one byte at a time, this many seconds
#             apart
#   close_after  TCP: close the connection once this answer is sent
#   other_port  UDP: send from another port (a reply a connected socket
#             never sees); TCP: not sent at all
#
# LOG gets one line per event, tab-separated:
#   TIME  q  TRANSPORT  ID  NAME  PORT   a query arrived
#   TIME  a  TRANSPORT  ID  NAME  PORT   the (real) answer went out
#   TIME  d  TRANSPORT  ID  NAME  PORT   dropped (or closed) on purpose
#   TIME  c  tcp        -   -     PORT   a TCP connection was accepted
#   TIME  e  tcp        -   -     PORT   and has ended (either side closed)
# TIME is time.time() with microseconds (for q over UDP the kernel's
# receive time, so that a busy server does not shift it; over TCP when the
# message was read); NAME as above; PORT the client's source port (over TCP
# it names the connection).
#
# The DNS wire format is written by hand here (not with dnslib or
# dnspython) so that a test can send any byte, any RR type and any
# malformed packet exactly.

import os
import socket
import struct
import sys
import threading
import time

RCODES = {"NOERROR": 0, "FORMERR": 1, "SERVFAIL": 2, "NXDOMAIN": 3,
          "NOTIMP": 4, "REFUSED": 5, "YXDOMAIN": 6, "BADVERS": 16}
TYPES = {"A": 1, "NS": 2, "CNAME": 5, "SOA": 6, "TXT": 16, "AAAA": 28,
         "NAPTR": 35, "DNAME": 39, "OPT": 41, "RRSIG": 46, "NSEC": 47,
         "DNSKEY": 48, "NSEC3": 50}


# --- names ---------------------------------------------------------------

def parse_name(s):
    """Presentation name (\\. and \\DDD escapes) or list of byte labels ->
    tuple of byte labels."""
    if isinstance(s, (list, tuple)):
        return tuple(bytes(x) for x in s)
    if s in (".", ""):
        return ()
    labels, cur, i = [], bytearray(), 0
    b = s.encode("latin-1")
    while i < len(b):
        c = b[i]
        if c == 0x5C and i + 1 < len(b):
            if b[i + 1:i + 4].isdigit() and len(b[i + 1:i + 4]) == 3:
                cur.append(int(b[i + 1:i + 4]))
                i += 4
            else:
                cur.append(b[i + 1])
                i += 2
            continue
        if c == 0x2E:
            labels.append(bytes(cur))
            cur = bytearray()
        else:
            cur.append(c)
        i += 1
    if cur:
        labels.append(bytes(cur))
    return tuple(labels)


def lower(labels):
    return tuple(bytes(c + 32 if 65 <= c <= 90 else c for c in l)
                 for l in labels)


def present(labels):
    """Labels -> presentation form, lowercase, absolute, escaped like dig."""
    out = []
    for l in lower(labels):
        p = ""
        for c in l:
            if c in b'.\\;()"$@ ':
                p += "\\" + chr(c)
            elif 0x21 <= c <= 0x7E:
                p += chr(c)
            else:
                p += "\\%03d" % c
        out.append(p)
    return ".".join(out) + "."


def encode_name(labels, qlabels=None):
    if qlabels is not None and labels and lower(labels) == lower(qlabels):
        return b"\xc0\x0c"
    out = b""
    for l in labels:
        out += bytes([len(l)]) + l
    return out + b"\x00"


# --- RRs: (owner, type, class, ttl, rdata-builder) -------------------------

class RR:
    def __init__(self, owner, rtype, rdata, cls=1, ttl=300):
        self.owner = owner          # "@" or a name
        self.rtype = TYPES.get(rtype, rtype) if isinstance(rtype, str) \
            else rtype
        self.rdata = rdata          # bytes, or function(qlabels) -> bytes
        self.cls = cls
        self.ttl = ttl

    def wire(self, qlabels, compress):
        if self.owner == "@":
            owner = qlabels
        else:
            owner = parse_name(self.owner)
        rd = self.rdata(qlabels) if callable(self.rdata) else self.rdata
        return (encode_name(owner, qlabels if compress else None) +
                struct.pack("!HHIH", self.rtype, self.cls, self.ttl,
                            len(rd)) + rd)


def b(x):
    return x if isinstance(x, (bytes, bytearray)) else x.encode("latin-1")


def cstr(x):
    x = b(x)
    if len(x) > 255:
        raise ValueError("character-string longer than 255 octets")
    return bytes([len(x)]) + x


def target(name, qlabels):
    return qlabels if name == "@" else parse_name(name)


def rr(owner, rtype, rdata, cls=1, ttl=300):
    """Any RR with raw RDATA bytes (unknown types too)."""
    return RR(owner, rtype, b(rdata), cls, ttl)


def naptr(owner, order, pref, flags, services, regexp, replacement=".",
          cls=1):
    """NAPTR; flags/services/regexp are str (latin-1) or bytes, any byte."""
    return RR(owner, "NAPTR", lambda q: struct.pack("!HH", order, pref) +
              cstr(flags) + cstr(services) + cstr(regexp) +
              encode_name(target(replacement, q)), cls)


def cname(owner, to):
    return RR(owner, "CNAME", lambda q: encode_name(target(to, q)))


def a(owner, addr="127.0.0.1"):
    return RR(owner, "A", socket.inet_aton(addr))


def aaaa(owner, addr="::1"):
    return RR(owner, "AAAA", socket.inet_pton(socket.AF_INET6, addr))


def txt(owner, *strings):
    return RR(owner, "TXT", b"".join(cstr(s) for s in strings))


def soa(owner):
    return RR(owner, "SOA", lambda q: encode_name(parse_name("ns.invalid.")) +
              encode_name(parse_name("hostmaster.invalid.")) +
              struct.pack("!IIIII", 1, 3600, 600, 86400, 300))


def rrsig(owner, covered="NAPTR", signer="e164.arpa."):
    return RR(owner, "RRSIG", lambda q: struct.pack(
        "!HBBIIIH", TYPES.get(covered, covered), 8, 2, 300, 0x7fffffff,
        0x60000000, 12345) + encode_name(parse_name(signer)) + b"\x5a" * 64)


def nsec(owner, nxt, types=(35, 46, 47)):
    bitmap = bytearray(32)
    for t in types:
        bitmap[t // 8] |= 0x80 >> (t % 8)
    last = max(i for i, v in enumerate(bitmap) if v) + 1
    return RR(owner, "NSEC", lambda q: encode_name(target(nxt, q)) +
              bytes([0, last]) + bytes(bitmap[:last]))


def dnskey(owner):
    return RR(owner, "DNSKEY", struct.pack("!HBB", 257, 3, 8) + b"\x03" * 68)


def opt(options=(), payload=1232, owner=".", ext_rcode=0, version=0,
        do=False):
    """An OPT pseudo-RR with EDNS options [(code, bytes), ...]; ext_rcode
    is the upper 8 bits of a 12-bit RCODE (RFC 6891 6.1.3)."""
    rd = b"".join(struct.pack("!HH", c, len(b(v))) + b(v)
                  for c, v in options)
    return RR(owner, "OPT", rd, cls=payload,
              ttl=ext_rcode << 24 | version << 16 | (0x8000 if do else 0))


def e164(number, tree="e164.arpa."):
    """The ENUM domain of "+4412..." (RFC 6116 3.2), for scripts."""
    digits = [c for c in number if c.isdigit()]
    return ".".join(reversed(digits)) + "." + tree.rstrip(".") + "."


# --- messages --------------------------------------------------------------

class Query:
    pass


def parse_query(msg):
    if len(msg) < 12:
        return None
    q = Query()
    q.id, flags, qd = struct.unpack("!HHH", msg[:6])
    if qd < 1 or flags & 0x8000:
        return None
    labels, i = [], 12
    while True:
        if i >= len(msg):
            return None
        n = msg[i]
        if n == 0:
            i += 1
            break
        if n & 0xC0:
            return None
        labels.append(msg[i + 1:i + 1 + n])
        i += 1 + n
    if i + 4 > len(msg):
        return None
    q.qtype, q.qclass = struct.unpack("!HH", msg[i:i + 4])
    q.labels = tuple(labels)
    q.name = present(q.labels)
    q.rd = bool(flags & 0x0100)
    q.wire = bytes(msg)
    return q


def with_id(q, rest):
    """q's ID in front of rest: a raw message enumq cannot set aside."""
    return struct.pack("!H", q.id) + b(rest)


def header(qid, rcode=0, qd=1, an=0, ns=0, ar=0, tc=False, aa=True,
           rd=True, qr=True):
    flags = (0x8000 if qr else 0) | (0x0400 if aa else 0) | \
        (0x0200 if tc else 0) | (0x0100 if rd else 0) | 0x0080 | \
        (rcode & 0xF)
    return struct.pack("!HHHHHH", qid, flags, qd, an, ns, ar)


def build(q, beh, transport):
    """The reply message for query q under behaviour beh."""
    raw = beh.get("raw")
    if raw is not None:
        return raw(q) if callable(raw) else b(raw)
    rcode = beh.get("rcode", 0)
    rcode = RCODES[rcode] if isinstance(rcode, str) else rcode
    qlabels = parse_name(beh["qname"]) if "qname" in beh else q.labels
    with_q = beh.get("question", True)
    tc = bool(beh.get("tc")) and transport == "udp"
    secs = [[] if tc else beh.get(k, []) for k in ("an", "ns", "ar")]
    qid = q.id ^ beh.get("id_xor", 0)
    msg = header(qid, rcode, 1 if with_q else 0, *map(len, secs), tc=tc,
                 aa=beh.get("aa", True), rd=q.rd, qr=beh.get("qr", True))
    if with_q:
        msg += encode_name(qlabels) + struct.pack(
            "!HH", TYPES.get(beh.get("qtype"), beh.get("qtype", q.qtype)),
            q.qclass)
    for sec in secs:
        for r in sec:
            msg += r.wire(qlabels, with_q)
    return msg


# --- the server ------------------------------------------------------------

def udp_tcp_pair():
    """A TCP and a UDP socket bound to one free port number on 127.0.0.1
    (the TCP one not yet listening); also for tests/proxy.py."""
    for _ in range(100):
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        t.bind(("127.0.0.1", 0))
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            u.bind(("127.0.0.1", t.getsockname()[1]))
            return t, u
        except OSError:
            t.close()
            u.close()
    sys.exit("no free port on 127.0.0.1")


def main():
    script, logname = sys.argv[1], sys.argv[2]
    lifetime = float(sys.argv[3]) if len(sys.argv) > 3 else 120.0
    env = {k: v for k, v in globals().items() if not k.startswith("_")}
    env["__file__"] = script
    with open(script) as f:
        exec(compile(f.read(), script, "exec"), env)
    behave = env.get("behave")
    rules = {}
    for k, v in env.get("RULES", {}).items():
        rules[k if k == "default" else present(parse_name(k))] = v
    if behave is None:
        def behave(q):
            if q.name in rules:
                return rules[q.name]
            return rules.get("default", {"rcode": "REFUSED"})

    log = open(logname, "a", buffering=1)
    lock = threading.Lock()
    counts = {}

    def note(ev, transport, q, when=None):
        with lock:
            log.write("%.6f\t%s\t%s\t%d\t%s\t%d\n" % (
                when or time.time(), ev, transport, q.id, q.name, q.port))

    def note_conn(ev, port):
        with lock:
            log.write("%.6f\t%s\ttcp\t-\t-\t%d\n" % (time.time(), ev, port))

    def serve(msg, transport, send, port, arrived):
        q = parse_query(msg)
        if q is None:
            return
        q.transport = transport
        q.port = port
        with lock:
            counts[q.name] = counts.get(q.name, 0) + 1
            q.count = counts[q.name]
        note("q", transport, q, arrived)
        beh = behave(q) or {}
        if beh.get("drop") or beh.get("close"):
            note("d", transport, q)
            if beh.get("close"):
                try:
                    send(b"", beh)
                except OSError:
                    pass
            return
        before = [dict(beh, **p) if "raw" not in p else p
                  for p in beh.get("before", [])]
        replies = [(p, build(q, p, transport)) for p in before]
        reply = build(q, beh, transport)
        if beh.get("delay"):
            time.sleep(beh["delay"])
        try:
            for p, m in replies:
                send(m, p)
            note("a", transport, q)
            send(reply, beh)
            if beh.get("close_after") and transport == "tcp":
                send(b"", {"close": True})
        except OSError:
            pass

    t, u = udp_tcp_pair()
    t.listen(512)
    # room for a burst of thousands of queries (batch tests): the kernel
    # drops what does not fit, and a drop would look like enumq's fault
    for opt in (getattr(socket, "SO_RCVBUFFORCE", 33), socket.SO_RCVBUF):
        try:
            u.setsockopt(socket.SOL_SOCKET, opt, 8 << 20)
            break
        except OSError:
            pass

    def recv_exact(c, n):
        buf = b""
        while len(buf) < n:
            chunk = c.recv(n - len(buf))
            if not chunk:
                return None
            buf += chunk
        return buf

    def tcp_client(c):
        wlock = threading.Lock()
        port = c.getpeername()[1]
        note_conn("c", port)

        def send(m, beh):
            if beh.get("other_port"):
                return      # no other connection to send it on
            if beh.get("close"):
                c.shutdown(socket.SHUT_RDWR)
                return
            m = struct.pack("!H", len(m)) + m
            with wlock:
                if not beh.get("trickle"):
                    c.sendall(m)
                    return
                c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                for i in range(len(m)):
                    c.sendall(m[i:i + 1])
                    time.sleep(beh["trickle"])
        try:
            while True:
                hdr = recv_exact(c, 2)
                msg = hdr and recv_exact(c, struct.unpack("!H", hdr)[0])
                if not msg:
                    break
                threading.Thread(target=serve, daemon=True, args=(
                    msg, "tcp", send, port, time.time())).start()
        except OSError:
            pass
        finally:
            c.close()
            note_conn("e", port)

    def tcp_accept():
        while True:
            c = t.accept()[0]
            threading.Thread(target=tcp_client, args=(c,),
                             daemon=True).start()

    def udp_send(peer, m, beh):
        if beh.get("close"):
            return
        if beh.get("other_port"):
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as o:
                o.bind(("127.0.0.1", 0))
                o.sendto(m, peer)
        else:
            u.sendto(m, peer)

    # the kernel's receive time of each datagram (SO_TIMESTAMPNS, 35 on
    # Linux; Python does not name it), or time.time() when it is missing
    try:
        u.setsockopt(socket.SOL_SOCKET, 35, 1)
    except OSError:
        pass
    ts_size = struct.calcsize("@ll")

    def udp_loop():
        while True:
            msg, anc, _, peer = u.recvmsg(65535, socket.CMSG_SPACE(ts_size))
            arrived = time.time()
            for level, kind, data in anc:
                if level == socket.SOL_SOCKET and kind == 35 and \
                        len(data) >= ts_size:
                    sec, nsec = struct.unpack("@ll", data[:ts_size])
                    arrived = sec + nsec / 1e9
            threading.Thread(target=serve, daemon=True, args=(
                msg, "udp", lambda m, beh, peer=peer: udp_send(peer, m, beh),
                peer[1], arrived)).start()

    threading.Thread(target=tcp_accept, daemon=True).start()
    threading.Thread(target=udp_loop, daemon=True).start()
    print(t.getsockname()[1], flush=True)
    time.sleep(lifetime)
    os._exit(0)


if __name__ == "__main__":
    main()
