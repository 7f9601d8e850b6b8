# batch-server.py -- a script for tests/fakedns.py, served by batch_server
# in 60-batch.bats (through fakedns_start); it runs with fakedns.py's
# helpers in scope (naptr(), e164(), ...). Every +44 20 7946 0xxx number
# answers after a random delay of up to MAXDELAY seconds with
# sip:<AUS>@batch.example; xxx % 10 == 7 is NXDOMAIN and xxx % 25 == 13
# SERVFAIL; any other name is REFUSED. MAXDELAY is not set here:
# batch_server puts "MAXDELAY = SECONDS" in front of this file.
import random, threading
rnd, lock = random.Random(), threading.Lock()
GOOD = [naptr("@", 100, 10, "u", "E2U+sip", r"!^(.*)$!sip:\1@batch.example!")]
def behave(q):
    with lock:
        delay = rnd.uniform(0, MAXDELAY)
    labels = q.name.split(".")
    if not q.name.endswith(".0.6.4.9.7.0.2.4.4.e164.arpa."):
        return {"rcode": "REFUSED"}
    i = int("".join(reversed(labels[:3])))
    if i % 10 == 7:
        return {"rcode": "NXDOMAIN", "delay": delay}
    if i % 25 == 13:
        return {"rcode": "SERVFAIL", "delay": delay}
    return {"an": GOOD, "delay": delay}
