# chains.py -- a script for tests/fakedns.py, served by chain_start in
# 50-faults.bats (through fakedns_start); it runs with fakedns.py's
# helpers in scope (naptr(), e164(), ...). Non-terminal NAPTR chains,
# loops and fan-outs (RFC 6116 5.2.1) for +441632960005 to +441632960011,
# as the comments below say. HOPS (CHAIN_MAX_HOPS) is not set here:
# chain_start puts "HOPS = N" in front of this file.
def nt(to, order=10):
    return naptr("@", order, 10, "", "E2U+sip", "", to)
def uri(u, order=10):
    return naptr("@", order, 10, "u", "E2U+sip", "!^.*$!%s!" % u)
RULES = {}
# +441632960005: HOPS hops to the URI
RULES[e164("+441632960005")] = {"an": [nt("h1.five.example.")]}
for i in range(1, HOPS):
    RULES["h%d.five.example." % i] = {"an": [nt("h%d.five.example." % (i + 1))]}
RULES["h%d.five.example." % HOPS] = {"an": [uri("sip:hop%d@five.example" % HOPS)]}
# +441632960006: HOPS + 1 hops; the set at hop HOPS also has a URI of its own
RULES[e164("+441632960006")] = {"an": [nt("h1.six.example.")]}
for i in range(1, HOPS):
    RULES["h%d.six.example." % i] = {"an": [nt("h%d.six.example." % (i + 1))]}
RULES["h%d.six.example." % HOPS] = {"an": [nt("h%d.six.example." % (HOPS + 1)),
                                          uri("sip:fallback@six.example", 20)]}
RULES["h%d.six.example." % (HOPS + 1)] = {"an": [uri("sip:hop%d@six.example" % (HOPS + 1))]}
# +441632960007: a loop back to the ENUM name, a URI beside it
RULES[e164("+441632960007")] = {"an": [nt("a.loop.example.")]}
RULES["a.loop.example."] = {"an": [nt(e164("+441632960007")),
                                   uri("sip:fallback@loop.example", 20)]}
# +441632960008: a record pointing at its own set, a URI beside it
RULES[e164("+441632960008")] = {"an": [nt(e164("+441632960008")),
                                       uri("sip:self@loop.example", 20)]}
# +441632960009: a loop spelt in another case
RULES[e164("+441632960009")] = {"an": [nt("b.loop.example.")]}
RULES["b.loop.example."] = {"an": [nt("B.LOOP.Example."),
                                   uri("sip:case@loop.example", 20)]}
# +441632960010: 40 non-terminals side by side, each to a URI
RULES[e164("+441632960010")] = {"an": [nt("t%02d.fan.example." % i) for i in range(40)]}
for i in range(40):
    RULES["t%02d.fan.example." % i] = {"an": [uri("sip:t%02d@fan.example" % i)]}
# +441632960011: targets that fail (silent, REFUSED), a URI after them
RULES[e164("+441632960011")] = {"an": [nt("dead.fail.example."),
                                       nt("refused.fail.example.", 11),
                                       uri("sip:after@fail.example", 20)]}
RULES["dead.fail.example."] = {"drop": True}
RULES["refused.fail.example."] = {"rcode": "REFUSED"}
