#!/usr/bin/python3
# decode-dname.py -- for 50-faults.bats (decode_dname): presentation names
# (\DDD and \c escapes) on stdin, one a line, to one line each of JSON: the
# list of the name's labels, each a list of byte values.
import json, sys
for line in sys.stdin.buffer.read().split(b"\n"):
    if not line:
        continue
    labels, cur, i = [], [], 0
    while i < len(line):
        c = line[i]
        if c == 0x5c and line[i + 1:i + 4].isdigit():
            cur.append(int(line[i + 1:i + 4])); i += 4; continue
        if c == 0x5c:
            cur.append(line[i + 1]); i += 2; continue
        if c == 0x2e:
            labels.append(cur); cur = []
        else:
            cur.append(c)
        i += 1
    if cur:
        labels.append(cur)
    print(json.dumps(labels, separators=(",", ":")))
