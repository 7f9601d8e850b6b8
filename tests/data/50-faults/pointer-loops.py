# pointer-loops.py -- a script for tests/fakedns.py, served by the
# pointer-loop test in 50-faults.bats (through fakedns_start); it runs
# with fakedns.py's helpers in scope (naptr(), e164(), ...). Replies whose
# compression pointers point at themselves, where a parser must not follow
# them forever: in the question (+441632960001), the answer's owner
# (+441632960002), the NAPTR replacement (+441632960003), and two pointers
# at each other (+441632960004).
def qname_loop(q):
    # the question name is a pointer to itself (offset 12)
    return header(q.id) + b"\xc0\x0c" + b"\x00\x23\x00\x01"
def owner_loop(q):
    # a sound question; the answer owner points at itself
    msg = header(q.id, an=1) + encode_name(q.labels) + b"\x00\x23\x00\x01"
    at = len(msg)
    rd = b"\x00\x0a\x00\x0a\x01u\x07E2U+sip\x00\x00"
    return (msg + bytes([0xc0 | at >> 8, at & 0xff]) +
            b"\x00\x23\x00\x01\x00\x00\x01\x2c" + bytes([0, len(rd)]) + rd)
def repl_loop(q):
    # the NAPTR replacement field points at itself
    msg = header(q.id, an=1) + encode_name(q.labels) + b"\x00\x23\x00\x01"
    msg += b"\xc0\x0c\x00\x23\x00\x01\x00\x00\x01\x2c\x00\x09"
    msg += b"\x00\x0a\x00\x0a\x00\x00\x00"
    at = len(msg)
    return msg + bytes([0xc0 | at >> 8, at & 0xff])
def two_loop(q):
    # two pointers pointing at each other: the owner at the replacement,
    # the replacement (12 + 7 bytes on) at the owner
    msg = header(q.id, an=1) + encode_name(q.labels) + b"\x00\x23\x00\x01"
    at = len(msg)
    rd = b"\x00\x0a\x00\x0a\x00\x00\x00" + bytes([0xc0 | at >> 8, at & 0xff])
    return (msg + bytes([0xc0 | (at + 19) >> 8, (at + 19) & 0xff]) +
            b"\x00\x23\x00\x01\x00\x00\x01\x2c" + bytes([0, len(rd)]) + rd)
RULES = {
    e164("+441632960001"): {"raw": qname_loop},
    e164("+441632960002"): {"raw": owner_loop},
    e164("+441632960003"): {"raw": repl_loop},
    e164("+441632960004"): {"raw": two_loop},
}
