# hostile-bytes.py -- a script for tests/fakedns.py, served by the
# hostile-bytes tests in 50-faults.bats (through fakedns_start); it runs
# with fakedns.py's helpers in scope (naptr(), e164(), ...). Nine NAPTRs
# for +441632960083 with 255-octet fields and every byte value
# (50-faults.bats lists them and the fate of each, above their tests);
# every other name is NXDOMAIN. Writes what each field must be, as byte
# lists, to expect.json beside the script.
import json, os
META = b".^$|()[]{}*+?\\!"
def esc_repl(bs):   # a replacement: only the delimiter and "\" escaped
    return b"".join(b"\\" + bytes([c]) if c in b"!\\" else bytes([c]) for c in bs)
def esc_ere(bs):    # ERE literals
    return b"".join(b"\\" + bytes([c]) if c in META else bytes([c]) for c in bs)
LOW, HIGH = bytes(range(0, 128)), bytes(range(128, 256))
long_re = b"!^.*$!sip:" + b"a" * 242 + b"@x!"
assert len(long_re) == 255
long_svc = b"E2U+sip+" + b"Q" * 247
assert len(long_svc) == 255
F = {}
F[1] = dict(flags=b"u", services=b"E2U+sip", regexp=long_re)
F[2] = dict(flags=b"u", services=long_svc, regexp=b"!^.*$!sip:svc@x!")
F[3] = dict(flags=b"u" * 255, services=b"E2U+sip", regexp=b"!^.*$!sip:flags@x!")
F[4] = dict(flags=b"u", services=b"E2U+sip", regexp=b"!^.*$!sip:" + esc_repl(LOW) + b"!")
F[5] = dict(flags=b"u", services=b"E2U+sip", regexp=b"!^.*$!sip:" + esc_repl(HIGH) + b"!")
F[6] = dict(flags=b"u", services=b"E2U+sip",
            regexp=b"!^\\+(.*)$|" + esc_ere(LOW) + b"!sip:\\1@low.example!")
F[7] = dict(flags=b"u", services=b"E2U+sip",
            regexp=b"!^\\+(.*)$|" + esc_ere(HIGH) + b"!sip:\\1@high.example!")
for k, v in F.items():
    assert all(len(x) <= 255 for x in v.values()), k
LOWN = [LOW[0:63], LOW[63:126], LOW[126:128], b"bytes", b"example"]
HIGHN = [HIGH[0:63], HIGH[63:126], HIGH[126:128], b"bytes", b"example"]
ANS = [naptr("@", 100, k, v["flags"], v["services"], v["regexp"]) for k, v in F.items()]
ANS += [naptr("@", 100, 8, "", "E2U+sip", "", LOWN),
        naptr("@", 100, 9, "", "E2U+sip", "", HIGHN)]
RULES = {e164("+441632960083"): {"an": ANS}, "default": {"rcode": "NXDOMAIN"}}
def L(x): return list(x)
exp = {str(k): {"flags": L(v["flags"]), "services": L(v["services"]),
                "regexp": L(v["regexp"])} for k, v in F.items()}
exp["1"]["result"] = L(b"sip:" + b"a" * 242 + b"@x")
exp["4"]["result"] = L(b"sip:" + LOW)
exp["5"]["result"] = L(b"sip:" + HIGH)
exp["8"] = {"replacement": [L(l) for l in LOWN]}
exp["9"] = {"replacement": [L(l) for l in HIGHN]}
with open(os.path.join(os.path.dirname(__file__), "expect.json"), "w") as f:
    json.dump(exp, f)
