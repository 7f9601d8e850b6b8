#!/usr/bin/python3
# SPDX-License-Identifier: ISC
# enumq fuzzers: write the seed corpora under fuzz/corpus/ from the test
# vectors of /work/shared/enum-rules.md and examples/*.zone.  Responses are
# built with dnspython from the example zones.  Run: /usr/bin/python3 mkseeds.py

import os
import struct
import sys

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import dns.zone

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
CORPUS = os.path.join(HERE, "corpus")


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("latin-1")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


# --- number_fuzzer: written numbers (enum-rules.md 1) --------------------
NUMBERS = {
    "rfc3403-6.2": "+1-770-555-1212",
    "rfc2916-3.2": "+46-8-9761234",
    "rfc6116-3.2": "+44-20-7946-0148",
    "spaces": "+44 20 7946 0148",
    "parens": "+1 (215) 555-0123",
    "dots": "+44.116.496.0348",
    "tel-uri": "tel:+44-116-496-0348;ext=1",
    "tel-upper": "TEL:+441632960083",
    "tel-no-plus": "tel:441164960348",
    "no-plus": "441632960083",
    "aus": "+441632960083",
    "infra-rfc5527": "+44 2079460123",
    "cc1": "+17705551212",
    "cc3": "+3531234567",
    "fifteen": "+999999999999999",
    "sixteen": "+9999999999999999",
    "one-digit": "+4",
    "cc-zero": "+0123",
    "letters": "+1-800-FLOWERS",
    "isn": "1234*256",
    "isn-bad": "*256",
    "two-plus": "++44",
    "trailing-space": "  +44 20 7946 0148  ",
    "nul": "+44\x001632",
    "trunk-zero": "+44 (0)1632 960001",
    "trunk-misplaced": "+4416 (0)32 960001",
    "double-zero": "00441632960001",
    "domain": "3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.",
    "domain-infra": "3.2.1.0.6.4.9.7.0.2.i.4.4.e164.arpa",
    "domain-isn": "4.3.2.1.256.freenum.org.",
}
for name, v in NUMBERS.items():
    put("number", name, v)


# --- subst_fuzzer: length byte, REGEXP, AUS (enum-rules.md 5) -------------
def subst(regexp, aus):
    r = regexp.encode("latin-1")
    return bytes([len(r)]) + r + aus.encode("latin-1")


SUBST = {
    "rfc6116-4-sip": (r"!^(\+441632960083)$!sip:\1@example.com!",
                      "+441632960083"),
    "rfc6116-4-h323": (r"!^\+441632960083$!h323:operator@example.com!",
                       "+441632960083"),
    "rfc6116-4-mailto": (r"!^.*$!mailto:info@example.com!", "+441632960083"),
    "rfc5278-7.3": (r"!(^.*)$!sip:\1@example.net!", "+12155550123"),
    "rfc4769-4.5": (r"!(^.*)$!tel:\1;npdi!", "+12155550123"),
    "rfc3403-6.2-iflag": (r"!^.*$!sip:information@foo.se!i", "+4689761234"),
    "rfc3402-3.2-groups": (r"!(A(B(C)DE)(F)G)!\1 \2 \3 \4!", "ABCDEFG"),
    "rfc3402-3.2-bad-backref": (r"!(A(B(C)DE)(F)G)!\5!", "ABCDEFG"),
    "slash-delim": (r"/^\+(.*)$/sip:\1@example.com/", "+441632960083"),
    "hash-delim": (r"#^\+44(.*)$#tel:+44\1#", "+441632960083"),
    "letter-delim": (r"Q^(.*)$Qsip:\1@a.bQ", "+441632960083"),
    "escaped-delim": (r"!^\+44(.*)$!sip:\!\1@a.b!", "+441632960083"),
    "backslash-repl": (r"!^(.*)$!x:\\\1\q!", "+441632960083"),
    "bad-regexp": (r"!^+46(.*)$!sip:\1!", "+4689761234"),
    "bad-flags": (r"!^.*$!sip:x@y!x", "+441632960083"),
    "four-delims": (r"!^.*$!sip:x@y!!", "+441632960083"),
    "no-match": (r"!^\+46.*$!sip:x@y!", "+441632960083"),
    "backtrack": (r"!^(a+)+$!x:y!", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"),
    "many-groups": (r"!(1)(2)(3)(4)(5)(6)(7)(8)(9)(0)(1)!\9\1!",
                    "12345678901"),
    "isn": (r"!^(.*)\*(.*)$!sip:\1@itad\2.example!", "1234*256"),
}
for name, (r, a) in SUBST.items():
    put("subst", name, subst(r, a))


# --- ere_fuzzer: control byte (1: the i flag), length, ERE, subject ------
# (RFC 3402 3.2, POSIX XBD 9.4; cases like tests/data/22-ere/*.tsv)
def ere(regexp, subject, icase=0):
    r = regexp.encode("latin-1")
    return bytes([icase, len(r)]) + r + subject.encode("latin-1")


ERE = {
    "issue-longest": (r"\+(1|12)", "+12155550123"),
    "longest-groups": (r"^\+(1|12)(.*)$", "+12155550123"),
    "longest-alternation": (r"(21|2)(1|155)?", "+12155550123"),
    "longest-noteol": (r"(5+)((0)$|(0))", "+12155550123"),
    "empty-match": (r"(x*)", "+12155550123"),
    "bench-plain": (r"^.*$", "+441632960083"),
    "bench-backref": (r"^(\+44.*)$", "+441632960083"),
    "unmatched-paren": (r"^\+4)?4(.*)$", "+441164960000"),
    "class-outside": (r"^[:digit:]?\+(.*)$", "+441164960000"),
    "backslash-in-bracket": (r"^\+4[\d]", "+441164960000"),
    "collating": (r"^[^[.^.]]44(.*)$", "+441164960000"),
    "equivalence": (r"^\+4[[=4=]](.*)$", "+441164960000"),
    "bracket-range-hyphen": (r"^[*--]44(.*)$", "+441164960000"),
    "interval": (r"^\+4{1,2}(1*)(.*)$", "+441164960000"),
    "classes": (r"^([^[:alpha:][:space:]]+)$", "+441164960000"),
    "icase": (r"[a-c]+B", "xAbCbz", 1),
    "unterminated-class": (r"[^]s[:space:(?<=]$", "x"),
    "undefined-escape": (r"\d", "d"),
    "undefined-lazy": (r"4*?", "44"),
    "undefined-lookahead": (r"(?=4)", "4"),
    "undefined-empty-alt": (r"(4|)", "4"),
    "undefined-range": (r"[9-0]", "5"),
    "bad-open-group": (r"^\+(44", "+44"),
}
for name, case in ERE.items():
    put("ere", name, ere(*case))


# --- services_fuzzer: ORDER PREF ctl, three strings, replacement ---------
def naptr(order, pref, ctl, flags, services, regexp, repl="."):
    out = struct.pack("!HHB", order, pref, ctl)
    for s in (flags, services, regexp):
        b = s.encode("latin-1")
        out += bytes([len(b)]) + b
    return out + repl.encode("latin-1")


SIP = r"!^(\+441632960083)$!sip:\1@example.com!"
SERVICES = {
    "e2u-sip": naptr(100, 50, 0, "u", "E2U+sip", SIP),
    "sip-e2u-rfc3403": naptr(100, 10, 2, "u", "sip+E2U",
                             r"!^.*$!sip:information@foo.se!i"),
    "sms-tel-mms-tel": naptr(10, 10, 1, "u", "E2U+sms:tel+mms:tel",
                             r"!^(.*)$!tel:\1!"),
    "three-services": naptr(30, 10, 0, "u", "E2U+fax:tel+ifax:mailto",
                            r"!^(.*)$!tel:\1!"),
    "upper-case": naptr(1, 1, 8, "U", "e2u+SIP", SIP),
    "email-mailto": naptr(100, 52, 0, "u", "E2U+email:mailto",
                          r"!^.*$!mailto:info@example.com!"),
    "pstn-tel-npdi": naptr(10, 100, 1, "u", "E2U+pstn:tel",
                           r"!(^.*)$!tel:\1;npdi!"),
    "non-terminal": naptr(10, 10, 0, "", "E2U", "", "sip.provider.example."),
    "non-terminal-root": naptr(10, 10, 0, "", "E2U", "", "."),
    "private": naptr(1, 1, 0, "u", "E2U+P-foo", SIP),
    "not-e2u": naptr(1, 1, 0, "u", "SIP+D2U", SIP),
    "two-e2u": naptr(1, 1, 0, "u", "E2U+sip+E2U", SIP),
    "flag-s": naptr(1, 1, 0, "s", "E2U+sip", SIP),
    "both": naptr(1, 1, 0, "u", "E2U+sip", SIP, "x.example."),
    "no-regexp": naptr(1, 1, 0, "u", "E2U+sip", ""),
    "not-a-uri": naptr(1, 1, 0, "u", "E2U+sip", r"!^(.*)$!\1!"),
    "control-bytes": naptr(1, 1, 0, "u\x00", "E2U+sip\x1b[31m",
                           "!^.*$!sip:\x07@x!", "a\\000b.example."),
    # control bit 2: the replacement in wire form, any byte in a label
    "wire-hostile": naptr(10, 10, 4, "", "E2U", "",
                          "\x05a.b;\\\x04\x00\x7f\x22\x20"
                          "\x07example\x00"),
    "long-token": naptr(1, 1, 0, "u", "E2U+" + "a" * 33, SIP),
    "isn": naptr(1, 1, 2, "u", "E2U+sip",
                 r"!^(.*)\*(.*)$!sip:\1@itad\2.example!"),
}
for name, v in SERVICES.items():
    put("services", name, v)
for spec in ("sip", "E2U+sip", "email:mailto", "voicemsg:sip", "p-x"):
    # a services field that is a --service spec too
    put("services", "spec-" + spec.replace(":", "-").replace("+", "-"),
        naptr(1, 1, 0, "u", spec, SIP))


# --- response_fuzzer: control byte, TCP-framed replies ------------------
def load(path):
    return dns.zone.from_file(os.path.join(TOP, path), relativize=False,
                              check_origin=False)


EXAMPLE = load("examples/example.zone")
PROVIDER = load("examples/provider.zone")
NUMS = ["+441632960083", "+442079460148", "+12155550123", "1234*256"]
TREE = dns.name.from_text("e164.arpa.")


def domain(num):
    if "*" in num:
        a, b = num.split("*")
        return dns.name.from_text(".".join(reversed(a)) + "." + b +
                                  ".freenum.org.")
    return dns.name.from_text(".".join(reversed(num[1:])), TREE)


def response(qname, zone=None, rcode=dns.rcode.NOERROR, extra=None,
             tc=False):
    q = dns.message.make_query(qname, "NAPTR", use_edns=True)
    r = dns.message.make_response(q)
    r.flags |= dns.flags.AA
    if tc:
        r.flags |= dns.flags.TC
    r.set_rcode(rcode)
    if zone is not None:
        node = zone.get_node(qname)
        rds = node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.NAPTR) \
            if node else None
        if rds is not None:
            rr = r.find_rrset(r.answer, qname, dns.rdataclass.IN,
                              dns.rdatatype.NAPTR, create=True)
            rr.update(rds)
        else:
            soa = zone.find_rdataset(zone.origin, "SOA")
            s = r.find_rrset(r.authority, zone.origin, dns.rdataclass.IN,
                             dns.rdatatype.SOA, create=True)
            s.update(soa)
            if node is None:
                r.set_rcode(dns.rcode.NXDOMAIN)
    for section, rrset in extra or []:
        getattr(r, section).append(rrset)
    return r.to_wire()


def frame(*msgs):
    return b"".join(struct.pack("!H", len(m)) + m for m in msgs)


def rrset(name, rtype, *texts):
    return dns.rrset.from_text(name, 300, "IN", rtype, *texts)


d0, d1, d2, d3 = (domain(n) for n in NUMS)
provider = dns.name.from_text("sip.provider.example.")
RESP = {
    # control 0: +441632960083, the RFC 6116 4 example
    "rfc6116-4": (0, [response(d0, EXAMPLE)]),
    "rfc6116-4-first": (8, [response(d0, EXAMPLE)]),
    "rfc6116-4-verbose": (16, [response(d0, EXAMPLE)]),
    "rfc6116-4-filter": (128 | 16, [response(d0, EXAMPLE)]),
    "rfc6116-4-two-trees": (64, [response(d0, rcode=dns.rcode.NXDOMAIN),
                                 response(d0, EXAMPLE)]),
    "nxdomain": (0, [response(d0, rcode=dns.rcode.NXDOMAIN)]),
    "servfail": (0, [response(d0, rcode=dns.rcode.SERVFAIL)]),
    "refused-three-trees": (96, [response(d0, rcode=dns.rcode.REFUSED)]),
    # +442079460148: non-terminal to the provider, then its answer
    "non-terminal": (1, [response(d1, EXAMPLE),
                         response(provider, PROVIDER)]),
    "non-terminal-nxdomain": (1, [response(d1, EXAMPLE), response(
        provider, rcode=dns.rcode.NXDOMAIN)]),
    "non-terminal-loop": (1, [response(d1, EXAMPLE), response(
        provider, extra=[("answer", rrset(
            provider, "NAPTR", '10 10 "" "E2U" "" sip.provider.example.',
            '20 10 "" "E2U" "" ' + d1.to_text()))])]),
    # +12155550123: RFC 5278 7.3, RFC 4769 4.5
    "rfc4769": (2, [response(d2, EXAMPLE)]),
    "rfc4769-infra": (2 | 4, [response(d2, EXAMPLE)]),
    # the ISN, under freenum.org
    "isn": (3, [response(d3, extra=[("answer", rrset(
        d3, "NAPTR", r'10 10 "u" "E2U+sip" "!^(.*)\\*(.*)$!sip:\\1@x.example!" .'))])]),
    # CNAME to a name holding the NAPTRs, and one the server did not chase
    "cname": (0, [response(d0, extra=[
        ("answer", rrset(d0, "CNAME", "alias.example.")),
        ("answer", rrset("alias.example.", "NAPTR",
                         r'1 1 "u" "E2U+sip" "!^(.*)$!sip:\\1@alias.example!" .'))])]),
    "cname-unchased": (0, [
        response(d0, extra=[("answer", rrset(d0, "CNAME", "alias.example."))]),
        response(dns.name.from_text("alias.example."), extra=[
            ("answer", rrset("alias.example.", "NAPTR",
                             r'1 1 "u" "E2U+sip" "!^(.*)$!sip:\\1@a.example!" .'))])]),
    "cname-loop": (0, [response(d0, extra=[
        ("answer", rrset(d0, "CNAME", "a.example.")),
        ("answer", rrset("a.example.", "CNAME", d0.to_text()))])]),
    # RFC 5527: the "i" label as a DNAME with its synthesized CNAME
    "dname-infra": (4, [response(dns.name.from_text(
        "3.8.0.0.6.9.2.3.6.1.i.4.4.e164.arpa."), extra=[
        ("answer", rrset("i.4.4.e164.arpa.", "DNAME", "4.4.e164.arpa.")),
        ("answer", rrset("3.8.0.0.6.9.2.3.6.1.i.4.4.e164.arpa.", "CNAME",
                         d0.to_text())),
        ("answer", rrset(d0, "NAPTR",
                         r'1 1 "u" "E2U+sip" "!^(.*)$!sip:\\1@d.example!" .'))])]),
    # nodata: TXT only (+44 116 496 0348 in the zone), here under d0
    "txt-nodata": (0, [response(d0, extra=[
        ("answer", rrset(d0, "TXT", '"not in service"'))])]),
    # hostile bytes in every field
    "hostile": (16, [response(d0, extra=[("answer", rrset(
        d0, "NAPTR",
        '1 1 "u" "E2U+sip\\010" "!^(.*)$!sip:\\\\1\\027[2J@x!" .',
        '2 1 "u\\000" "E2U+sip" "!^.*$!sip:a@b!" .',
        '3 1 "u" "E2U+sip" "!^.*$!sip:\\255@b!" .',
        '4 1 "" "E2U" "" a\\009b.example.'))])]),
}
for name, (ctl, msgs) in RESP.items():
    put("response", name, bytes([ctl]) + frame(*msgs))

# lookup limits (RFC 6116 5.2.1): CNAME restarts past CNAME_MAX, a
# non-terminal chain past CHAIN_MAX_HOPS, more targets than QUERIES_MAX
hop = [d0] + [dns.name.from_text("h%d.example." % i) for i in range(1, 12)]
put("response", "cname-restarts", bytes([0]) + frame(*[
    response(hop[i], extra=[("answer", rrset(hop[i], "CNAME",
                                             hop[i + 1].to_text()))])
    for i in range(11)]))
put("response", "chain-too-deep", bytes([0]) + frame(*[
    response(hop[i], extra=[("answer", rrset(
        hop[i], "NAPTR", '10 10 "" "E2U" "" ' + hop[i + 1].to_text()))])
    for i in range(8)]))
put("response", "query-limit", bytes([0]) + frame(response(d0, extra=[
    ("answer", rrset(d0, "NAPTR", *['%d 10 "" "E2U" "" q%d.example.' % (i, i)
                                    for i in range(40)]))])))

# a truncated reply: the RFC 6116 4 answer cut in its second record
full = response(d0, EXAMPLE, tc=True)
put("response", "truncated", bytes([0]) + struct.pack("!H", len(full)) +
    full[:len(full) * 2 // 3])
# a compression loop: the answer's owner points at itself
q = dns.message.make_query(d0, "NAPTR")
hdr = struct.pack("!HHHHHH", q.id, 0x8400, 1, 1, 0, 0)
qwire = q.to_wire()[12:]
loop_at = 12 + len(qwire)
ans = struct.pack("!H", 0xC000 | loop_at) + struct.pack("!HHIH", 35, 1, 300, 0)
msg = hdr + qwire + ans
put("response", "compression-loop", bytes([0]) + frame(msg))
# a pointer forward, past the end
msg2 = hdr + qwire + struct.pack("!H", 0xC000 | 0x3fff) + \
    struct.pack("!HHIH", 35, 1, 300, 0)
put("response", "compression-past-end", bytes([0]) + frame(msg2))
# no reply at all (timeout), then a second tree answering
put("response", "timeout-then-answer", bytes([64]) + frame(b"",
    response(d0, EXAMPLE)))


# --- reply_fuzzer: control byte, struct reply values (reply_fuzzer.c) ----
# kind: the rcode's index, then AA, error, owner, referral, SOA bits
NOERROR, NXDOMAIN, SERVFAIL, REFUSED, BADVERS, NONE = 0, 3, 4, 5, 6, 7
AA, ERROR, OWNER, REFERRAL, SOA = 8, 16, 32, 64, 128
# names: a selector, or presentation text
ROOT, ASKED, PARENT, DOMAIN = 0, 1, 2, 3


def rname(n):
    if isinstance(n, int):
        return bytes([n])
    b = n.encode("latin-1")
    return bytes([16 + len(b)]) + b


def host(i):
    return 4 + i


def rnaptr(order, pref, flags, services, regexp, repl=ROOT):
    out = struct.pack("!HH", order, pref)
    for f in (flags, services, regexp):
        b = f.encode("latin-1")
        out += bytes([len(b)]) + b
    return out + rname(repl)


def reply(kind=NOERROR | AA, naptrs=(), owner=None, cut=None, ns=(),
          soa=None):
    if owner is not None:
        kind |= OWNER
    if cut is not None:
        kind |= REFERRAL
    if soa is not None:
        kind |= SOA
    out = bytes([kind, len(naptrs)])
    if owner is not None:
        out += rname(owner)
    if cut is not None:
        out += rname(cut) + bytes([len(ns)]) + b"".join(rname(n) for n in ns)
    if soa is not None:
        out += rname(soa)
    return out + b"".join(naptrs)


RFC6116_4 = [
    rnaptr(100, 50, "u", "E2U+sip", r"!^(\+441632960083)$!sip:\1@example.com!"),
    rnaptr(100, 51, "u", "E2U+h323",
           r"!^\+441632960083$!h323:operator@example.com!"),
    rnaptr(100, 52, "u", "E2U+email:mailto", r"!^.*$!mailto:info@example.com!"),
]
RFC4769 = [
    rnaptr(10, 100, "u", "E2U+pstn:tel", r"!(^.*)$!tel:\1;npdi!"),
    rnaptr(20, 100, "u", "E2U+sip", r"!(^.*)$!sip:\1@example.net!"),
]
PROVIDER_SIP = [
    rnaptr(10, 10, "u", "E2U+sip", r"!^\+(.*)$!sip:\1@sip.provider.example!"),
    rnaptr(10, 20, "u", "E2U+sip", r"!^\+(.*)$!sips:\1@sip.provider.example!"),
]
ANY_SIP = rnaptr(1, 1, "u", "E2U+sip", r"!^(.*)$!sip:\1@x.example!")
NEG = dict(kind=NXDOMAIN | AA, soa="e164.arpa.")
REPLY = {
    "rfc6116-4": (0, [reply(naptrs=RFC6116_4)]),
    "rfc6116-4-first": (8, [reply(naptrs=RFC6116_4)]),
    "rfc6116-4-verbose": (16, [reply(naptrs=RFC6116_4)]),
    "rfc6116-4-filter": (128 | 16, [reply(naptrs=RFC6116_4)]),
    "rfc6116-4-two-trees": (64, [reply(**NEG), reply(naptrs=RFC6116_4)]),
    "rfc4769-infra": (2 | 4, [reply(naptrs=RFC4769)]),
    "isn": (3, [reply(naptrs=[rnaptr(
        10, 10, "u", "E2U+sip", r"!^(.*)\*(.*)$!sip:\1@x.example!")])]),
    "nxdomain": (0, [reply(**NEG)]),
    "nodata": (0, [reply(soa=DOMAIN)]),
    "servfail": (0, [reply(kind=SERVFAIL)]),
    "badvers": (0, [reply(kind=BADVERS)]),
    "refused-three-trees": (96, [reply(kind=REFUSED)]),
    "timeout-then-answer": (64, [reply(kind=NONE), reply(naptrs=RFC6116_4)]),
    "cname-loop-error": (0, [reply(kind=NOERROR | ERROR)]),
    # RFC 5346 4.1.2 B: a referral is no valid answer, in any tree
    "referral": (0, [reply(kind=NOERROR, cut="4.4.e164.arpa.",
                           ns=["ns1.example.", "ns2.example."])]),
    "referral-parent": (0, [reply(kind=NOERROR, cut=PARENT,
                                  ns=["ns.example."])]),
    "referral-then-answer": (64, [reply(kind=NOERROR, cut="e164.arpa.",
                                        ns=["a.example."]),
                                  reply(naptrs=RFC6116_4)]),
    # non-terminal to a provider, and its answer
    "non-terminal": (1, [reply(naptrs=[
        rnaptr(10, 10, "", "E2U", "", "sip.provider.example."),
        rnaptr(20, 10, "u", "E2U+voicemsg:sip",
               r"!^.*$!sip:voicemail@example.com!")]),
        reply(naptrs=PROVIDER_SIP)]),
    "non-terminal-nxdomain": (1, [reply(naptrs=[
        rnaptr(10, 10, "", "E2U", "", host(0))]), reply(**NEG)]),
    "non-terminal-referral": (1, [reply(naptrs=[
        rnaptr(10, 10, "", "E2U", "", host(0))]),
        reply(kind=NOERROR, cut="example.", ns=["ns.example."])]),
    "non-terminal-loop": (1, [reply(naptrs=[
        rnaptr(10, 10, "", "E2U", "", host(0))]), reply(naptrs=[
            rnaptr(10, 10, "", "E2U", "", host(0)),
            rnaptr(20, 10, "", "E2U", "", DOMAIN)])]),
    # CNAMEs: chased by the server, left to the lookup, and looping
    "cname-chased": (0, [reply(owner=host(1), naptrs=[ANY_SIP])]),
    "cname-restart": (0, [reply(owner=host(1)),
                          reply(naptrs=[ANY_SIP])]),
    "cname-restart-nxdomain": (0, [reply(owner="alias.example."),
                                   reply(**NEG)]),
    "cname-restarts": (0, [reply(owner=host(i % 12)) for i in range(11)]),
    "cname-to-root": (0, [reply(owner=ROOT), reply(naptrs=[ANY_SIP])]),
    # RFC 6116 5.2.1: a chain past CHAIN_MAX_HOPS, more than QUERIES_MAX
    "chain-too-deep": (0, [reply(naptrs=[
        rnaptr(10, 10, "", "E2U", "", host(i))]) for i in range(8)]),
    "query-limit": (0, [reply(naptrs=[
        rnaptr(i, 10, "", "E2U", "", "q%d.example." % i)
        for i in range(15)]), reply(naptrs=[
            rnaptr(i, 10, "", "E2U", "", "r%d.example." % i)
            for i in range(15)])] + [reply(naptrs=[
                rnaptr(1, 1, "", "E2U", "", "s%d.example." % i)
                for i in range(3)])]),
    # hostile bytes in every field and in the names
    "hostile": (16, [reply(owner="a\\000b\\.c.example.", naptrs=[
        rnaptr(1, 1, "u", "E2U+sip\x08", "!^(.*)$!sip:\\1\x1b[2J@x!"),
        rnaptr(2, 1, "u\x00", "E2U+sip", "!^.*$!sip:a@b!"),
        rnaptr(3, 1, "u", "E2U+sip", "!^.*$!sip:\xff@b!"),
        rnaptr(4, 1, "", "E2U", "", "a\\009b\\\"\\;.example.")])]),
}
for name, (ctl, replies) in REPLY.items():
    put("reply", name, bytes([ctl]) + b"".join(replies))

# zone_fuzzer: whole zone files, each seed with one of the things the
# store must load, answer or refuse as nsd-checkzone and NSD do
HEAD = ("$ORIGIN 4.4.e164.arpa.\n$TTL 300\n"
        "@ SOA ns.example. hm.example. 1 3600 600 86400 60\n@ NS ns.example.\n")
NAPTR = '"u" "E2U+sip" "!^(\\\\+44.*)$!sip:\\\\1@example.com!" .'
ZONE_SEEDS = {
    "plain": HEAD + "1.2.3 NAPTR 100 10 %s\n1.2.3 NAPTR 100 20 %s\n" % (NAPTR, NAPTR),
    "duplicates": HEAD + "1 NAPTR 1 1 %s\n1 60 NAPTR 1 1 %s\n1 NAPTR 1 1 \"u\" \"E2U+sip\" \"\" A.example.\n1 NAPTR 1 1 \"u\" \"E2U+sip\" \"\" a.EXAMPLE.\n" % (NAPTR, NAPTR),
    "cname-chain": HEAD + "1 CNAME 2\n2 CNAME 3\n3 NAPTR 1 1 %s\n4 CNAME out.example.\n" % NAPTR,
    "cname-loop": HEAD + "1 CNAME 2\n2 CNAME 1\n",
    "dname": HEAD + "i DNAME 1.2.3.4.4.e164.arpa.\n5 DNAME i\n1.2.3 NAPTR 1 1 %s\n" % NAPTR,
    "dname-below": HEAD + "3 DNAME i\n1.3 NAPTR 1 1 %s\n" % NAPTR,
    "wildcard": HEAD + "*.5 NAPTR 1 1 %s\n1.5 TXT x\n2.1.5 TXT y\n*.6 CNAME 1.2.3\n1.2.3 NAPTR 1 1 %s\n" % (NAPTR, NAPTR),
    "delegation": HEAD + "7 NS ns.7\nns.7 A 192.0.2.1\n1.7 NAPTR 1 1 %s\n8.7 NS ns.example.\n" % NAPTR,
    "multiline": HEAD + "1 NAPTR ( 1 1\n \"u\" ; c\n \"E2U+sip\" \"\" x.example. )\n  NAPTR 2 2 \"\" \"\" \"\" y\n",
    "escapes": HEAD + "\\049.\\# NAPTR 1 1 \"u\\\"\" \"E2U+sip\\;\" \"!\\000!\\255!\" .\n",
    "no-origin": "a.b. 300 IN SOA ns.b. hm.b. 1 2 3 4 5\nx.a.b. NAPTR 1 1 %s\n" % NAPTR,
    "no-final-newline": HEAD + "1 NAPTR 1 1 %s" % NAPTR,
    "crlf": HEAD + "1 NAPTR 1 1 %s\r\n" % NAPTR,
    "cname-and-data": HEAD + "1 CNAME 2\n1 NAPTR 1 1 %s\n" % NAPTR,
    "out-of-zone": HEAD + "x.example. NAPTR 1 1 %s\n" % NAPTR,
    "second-soa": HEAD + "@ SOA ns hm 2 2 2 2 2\n",
    "soa-not-first": "$ORIGIN b.\nx NAPTR 1 1 %s\n@ SOA ns hm 1 2 3 4 5\n" % NAPTR,
    "order-range": HEAD + "1 NAPTR 65536 1 %s\n" % NAPTR,
    "generate": HEAD + "$GENERATE 1-9 $ NAPTR 1 1 %s\n" % NAPTR,
    "class": HEAD + "1 CH NAPTR 1 1 %s\n" % NAPTR,
}
for name, text in ZONE_SEEDS.items():
    put("zone", name, text)

# tel_fuzzer: tel: URIs (RFC 3966 3, RFC 4694 4-5, RFC 4759 5); the first
# byte 0: "tel:" put in front, the whole URI parsed
TEL_SEEDS = {
    "rfc4694-npdi-rn": "+1-202-533-1234;npdi;rn=+1-202-544-0000",
    "rfc4694-cic": "+1-800-123-4567;cic=+1-6789",
    "rfc4694-local-rn": "+1-202-533-1234;rn=4a5;rn-context=+1",
    "rfc4694-local-cic": "+1;cic=1234;cic-context=example.com",
    "rfc4759-enumdi": "+441632960038;enumdi",
    "rfc3966-local-domain": "7042;phone-context=example.com",
    "rfc3966-local-number": "7042;phone-context=+1-212",
    "rfc3966-isub-ext": "+44;isub=a%20b;ext=12",
    "twice": "+44;npdi;NPDI",
    "npdi-value": "+44;npdi=1",
}
for name, text in TEL_SEEDS.items():
    put("tel", name, "\0" + text)
print("seeds written under", CORPUS, file=sys.stderr)
