# A fakedns script (tests/fakedns.py): a server that fails each number of
# +44163296000N its own way, for the tests of moving on to the next server
# (44-failover) and of counting failures by kind (66-stats).
def junk(q):
    return with_id(q, b"\x81\x80\x00\x01\xff\xff\xff\xff" + bytes(200))
REFERRAL = {"aa": False, "ns": [rr("e164.arpa.", "NS",
    encode_name(parse_name("ns1.example.")))]}
RULES = {e164("+441632960001"): {"rcode": "SERVFAIL"},
         e164("+441632960002"): {"rcode": "REFUSED"},
         e164("+441632960003"): {"rcode": "NOTIMP"},
         e164("+441632960004"): {"rcode": "FORMERR", "question": False},
         e164("+441632960005"): {"raw": junk},
         e164("+441632960006"): REFERRAL,
         e164("+441632960007"): {"drop": True},
         e164("+441632960008"): {"rcode": "YXDOMAIN"},
         e164("+441632960009"): {"an": [cname("@", "@")]}}
