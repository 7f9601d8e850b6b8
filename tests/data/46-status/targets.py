# targets.py -- a script for tests/fakedns.py, served by 46-status.bats:
# numbers whose URIs would come through non-terminal records (RFC 6116
# 5.2.1) whose targets fail or give nothing, for the status rule of
# RFC 5346 4.1.2. Runs with fakedns.py's helpers in scope. QMAX
# (QUERIES_MAX) is put in front of this file by the test.
def nt(to, order=10):
    return naptr("@", order, 10, "", "E2U", "", to)
def uri(u, order=10):
    return naptr("@", order, 10, "u", "E2U+sip", "!^.*$!%s!" % u)
def referral(cut):
    return {"aa": False, "ns": [rr(cut, "NS", encode_name(parse_name("ns1.example.")))]}
RULES = {}
# +441632960101..104: the only rule is non-terminal, its target fails
RULES[e164("+441632960101")] = {"an": [nt("refused.example.")]}
RULES["refused.example."] = {"rcode": "REFUSED"}
RULES[e164("+441632960102")] = {"an": [nt("servfail.example.")]}
RULES["servfail.example."] = {"rcode": "SERVFAIL"}
RULES[e164("+441632960103")] = {"an": [nt("silent.example.")]}
RULES["silent.example."] = {"drop": True}
RULES[e164("+441632960104")] = {"an": [nt("referral.example.")]}
RULES["referral.example."] = referral("referral.example.")
# +441632960105: two hops, the second target fails
RULES[e164("+441632960105")] = {"an": [nt("hop1.example.")]}
RULES["hop1.example."] = {"an": [nt("hop2.example.")]}
RULES["hop2.example."] = {"rcode": "SERVFAIL"}
# +441632960106, 107: the target does not exist, or holds no NAPTR
RULES[e164("+441632960106")] = {"an": [nt("missing.example.")]}
RULES["missing.example."] = {"rcode": "NXDOMAIN", "ns": [soa("example.")]}
RULES[e164("+441632960107")] = {"an": [nt("empty.example.")]}
RULES["empty.example."] = {"ns": [soa("example.")]}
# +441632960108: a target that fails ranked before one that does not exist
RULES[e164("+441632960108")] = {"an": [nt("refused.example."),
                                       nt("missing.example.", 20)]}
# +441632960109: a failing target, then a URI of its own
RULES[e164("+441632960109")] = {"an": [nt("servfail.example."),
                                       uri("sip:after@example.com", 20)]}
# +441632960110: a record pointing at its own set: a loop, nothing else
RULES[e164("+441632960110")] = {"an": [nt(e164("+441632960110"))]}
# +441632960111: more non-terminals than queries, each to a name that
# does not exist
RULES[e164("+441632960111")] = {"an": [nt("t%02d.fan.example." % i)
                                       for i in range(QMAX + 8)]}
for i in range(QMAX + 8):
    RULES["t%02d.fan.example." % i] = {"rcode": "NXDOMAIN"}
# +441632960112: the number's own name fails
RULES[e164("+441632960112")] = {"rcode": "SERVFAIL"}
