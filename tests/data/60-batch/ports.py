# ports.py -- a script for tests/fakedns.py, served by the socket-sharing
# test in 60-batch.bats (through fakedns_start); it runs with fakedns.py's
# helpers in scope (naptr(), e164(), ...). Answers every query after 20 ms
# with one sip URI, noting per client source port what is in flight. Each
# query writes to ports.log beside the script "Q PORT IN-FLIGHT TOTAL
# TRANSPORT" (queries in flight on that port, this one included, and all
# that port has carried), and "DUP PORT ID" first when an ID is already in
# flight on that port.
import os, threading, time
lock = threading.Lock()
inflight, ids, total = {}, {}, {}
where = os.path.join(os.path.dirname(__file__), "ports.log")
GOOD = [naptr("@", 100, 10, "u", "E2U+sip", r"!^(.*)$!sip:\1@batch.example!")]
def note(line):
    with open(where, "a") as f:
        f.write(line + "\n")
def behave(q):
    with lock:
        inflight[q.port] = inflight.get(q.port, 0) + 1
        total[q.port] = total.get(q.port, 0) + 1
        if q.id in ids.setdefault(q.port, set()):
            note("DUP %d %d" % (q.port, q.id))
        ids[q.port].add(q.id)
        note("Q %d %d %d %s" % (q.port, inflight[q.port], total[q.port], q.transport))
    time.sleep(0.02)
    with lock:
        inflight[q.port] -= 1
        ids[q.port].discard(q.id)
    return {"an": GOOD}
