#!/usr/bin/python3
# tests/data/zone-mix.py SEED APEX: the records of a small random zone below
# 4.4.APEX (owners relative, for zone_write), mixing what makes answers
# interesting: NAPTRs, CNAMEs (some leaving every zone, some looping),
# DNAMEs, zone cuts, wildcards and names without NAPTRs, over the labels
# 1, 2, 3 and *, so that +44 and 1 to 4 of those digits hit them.  NSD must
# accept it: no CNAME beside other data, one DNAME a name.
import random
import sys

rng = random.Random(int(sys.argv[1]))


def path(depth):
    return ".".join(rng.choice("123" + ("*" if rng.random() < 0.15 else ""))
                    for _ in range(depth))


cname, other, dname, out = set(), set(), set(), []
for _ in range(rng.randint(3, 14)):
    owner = path(rng.randint(1, 4))
    kind = rng.choices(["NAPTR", "CNAME", "DNAME", "NS", "TXT"], [6, 3, 2, 2, 1])[0]
    if owner in cname or (kind == "CNAME" and owner in other) or \
            (kind == "DNAME" and owner in dname):
        continue
    if kind == "CNAME":
        cname.add(owner)
        out.append("%s CNAME %s" % (owner, rng.choice([path(rng.randint(1, 4)), "x.example."])))
        continue
    other.add(owner)
    if kind == "DNAME":
        dname.add(owner)
        out.append("%s DNAME %s.4.4.%s." % (owner, path(rng.randint(1, 3)), sys.argv[2]))
    elif kind == "NS":
        out.append("%s NS ns%d.example." % (owner, rng.randint(1, 2)))
    elif kind == "TXT":
        out.append('%s TXT "no NAPTR"' % owner)
    else:
        out.append('%s NAPTR 100 %d "u" "E2U+sip" "!^.*$!sip:%s@example.com!" .'
                   % (owner, rng.randint(1, 3), owner.replace("*", "w")))
print("\n".join(out))
