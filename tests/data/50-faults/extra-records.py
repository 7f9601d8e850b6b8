# extra-records.py -- a script for tests/fakedns.py, served by the
# unknown-records tests in 50-faults.bats (through fakedns_start); it runs
# with fakedns.py's helpers in scope (naptr(), e164(), ...). One good
# NAPTR among unknown RR types, DNSSEC records and EDNS options, in every
# section.
EDNS = [(3, b"fake-nsid"), (10, b"\x01" * 8 + b"\x02" * 16), (12, b"\x00" * 20),
        (15, b"\x00\x06dnssec"), (65001, bytes(range(256)))]
GOOD = naptr("@", 100, 10, "u", "E2U+sip", r"!^(.*)$!sip:\1@extra.example!")
RULES = {"default": {
    "an": [rrsig("@", "NAPTR"), rr("@", 65280, bytes(range(256))), GOOD,
           nsec("@", "next.example."), dnskey("@"), rr("@", 65535, b""),
           txt("@", "not a naptr"), opt(EDNS), a("@"), aaaa("@"),
           rr("@", "NSEC3", b"\x01\x00\x00\x0a\x00\x14" + b"\x33" * 20),
           rrsig("@", 65280)],
    "ns": [soa("e164.arpa."), rrsig("e164.arpa.", "SOA"), opt(EDNS, 4096),
           nsec("e164.arpa.", "a.e164.arpa.", (2, 6, 46, 47, 48)),
           rr("e164.arpa.", 64000, b"\xff" * 300)],
    "ar": [a("ns.example."), rrsig("ns.example.", "A"), rr("x.", 65000, b"\x00"),
           opt(EDNS)],
}}
