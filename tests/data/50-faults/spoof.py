# spoof.py -- a script for tests/fakedns.py, served by spoof_case in
# 50-faults.bats (through fakedns_start); it runs with fakedns.py's
# helpers in scope (naptr(), e164(), ...). The real answer (GOOD) and,
# sent just ahead of it, spoofed replies (BAD) of the kind named in the
# file beside this script (script.py.kind, written by spoof_case):
# wrong-id, other-name, other-type, other-port, or all of them.
GOOD = [naptr("@", 100, 10, "u", "E2U+sip", r"!^(.*)$!sip:\1@good.example!")]
BAD = [naptr("@", 1, 1, "u", "E2U+sip", r"!^(.*)$!sip:\1@spoofed.example!")]
KIND = {
    "wrong-id": [{"id_xor": 0x5a5a, "an": BAD}],
    "other-name": [{"qname": e164("+441632960084"), "an": BAD}],
    "other-type": [{"qtype": "A", "an": BAD}],
    "other-port": [{"other_port": True, "an": BAD}],
    "all": [{"id_xor": 1, "an": BAD}, {"qname": "spoofed.example.", "an": BAD},
            {"qtype": "TXT", "an": BAD}, {"qr": False, "an": BAD},
            {"other_port": True, "an": BAD}],
}
RULES = {"default": {"an": GOOD, "before": KIND[open(__file__ + ".kind").read().strip()]}}
