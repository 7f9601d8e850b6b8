#!/usr/bin/python3
# query-check.py WIREFILE QNAME -- for 50-faults.bats: decodes the query
# enumq sent (WIREFILE, as tests/fakedns.py saw it, without TCP's length)
# with dnslib, an independent parser, and prints "ok" when it is a plain
# recursive query for QNAME NAPTR IN with an EDNS0 OPT offering 1232 bytes
# (DNS flag day 2020), DO clear, no options, and not one byte more; else
# an assertion fails, naming what differs.
import sys
from dnslib import DNSRecord, QTYPE, CLASS
wire = open(sys.argv[1], "rb").read()
m = DNSRecord.parse(wire)
h = m.header
flags = (h.qr, h.opcode, h.aa, h.tc, h.rd, h.ra, h.z, h.ad, h.cd, h.rcode)
assert flags == (0, 0, 0, 0, 1, 0, 0, 0, 0, 0), flags
assert len(m.questions) == 1 and not m.rr and not m.auth and len(m.ar) == 1, m
q, o = m.q, m.ar[0]
assert (str(q.qname), q.qtype, q.qclass) == (sys.argv[2], QTYPE.NAPTR, CLASS.IN), q
assert (o.rtype, str(o.rname), o.rclass, o.ttl, o.rdata) == (QTYPE.OPT, ".", 1232, 0, []), o
qname = sum(len(l) + 1 for l in q.qname.label) + 1
assert len(wire) == 12 + qname + 4 + 11, len(wire)
print("ok")
