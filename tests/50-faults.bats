#!/usr/bin/env bats
# 50-faults: enumq under fire. A scripted fake name server (tests/fakedns.py,
# started per test with fakedns_start) sends what a real one should not:
# error RCODEs, silence, truncation, spoofed and malformed replies, huge and
# hostile record sets, CNAME and non-terminal loops, catastrophic regexps,
# unknown and DNSSEC records, EDNS options everywhere. Each test states the
# status, exit code and output enumq must give (enum-rules.md sections 5, 7,
# 8 and 9; RFC 5346 4.1-4.2, RFC 6116 5.2.1 and 7.1).

# $stderr comes from run --separate-stderr; FAKEDNS_* from fakedns_start.
# shellcheck disable=SC2154,SC2030,SC2031,SC2016 # (and jq programs hold $names)

bats_require_minimum_version 1.5.0

load helper

# Fake-server scripts too long to read inline, and the tests' own checks
# in Python, are in tests/data/50-faults/.
DATA=$BATS_TEST_DIRNAME/data/50-faults
NUM=+441632960083
DOM=3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.

teardown() {
	fakedns_stop
}

# fq ARG...: enumq against the fake server, as `run --separate-stderr`.
fq() {
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" "$@"
}

# fq_files OUT ERR ARG...: the same with stdout and stderr kept byte for
# byte in files (a shell variable loses NULs); sets $status.
fq_files() {
	local out=$1 err=$2
	shift 2
	status=0
	enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" "$@" >"$out" 2>"$err" || status=$?
}

# json_is and json_lines (helper.bash) check the JSON on stdout.

# --- RCODEs (RFC 5346 4.2: no valid answer) ------------------------------

# rcode_case RCODE [noquestion]: the fake server answers every query with
# RCODE (and no question section when asked); enumq says error, exit 3.
rcode_case() {
	local rcode=$1 question=True
	[[ ${2-} == noquestion ]] && question=False
	fakedns_start <<EOF
RULES = {"default": {"rcode": "$rcode", "question": $question}}
EOF
	fq --timeout 2 --retries 0 -j "$NUM"
	assert_equal "$status" 3
	json_is ".status == \"error\" and .rcode == \"$rcode\" and
		.trees[0].rcode == \"$rcode\" and .uris == [] and
		(.error | test(\"$rcode\"))"
	# an answer, even an error, ends the query: no waiting for a timeout
	json_is '.elapsed_ms < 1000'
	fq --timeout 2 --retries 0 "$NUM"
	assert_equal "$status" 3
	assert_output --partial ": error, $rcode from 127.0.0.1#$FAKEDNS_PORT"
}

@test "SERVFAIL: status error, exit 3, rcode SERVFAIL in JSON and text (RFC 5346 4.2)" {
	rcode_case SERVFAIL
}

@test "REFUSED: status error, exit 3, rcode REFUSED (RFC 5346 4.2)" {
	rcode_case REFUSED
}

@test "FORMERR with the question echoed: status error, exit 3, rcode FORMERR" {
	rcode_case FORMERR
}

@test "FORMERR without a question section: taken, status error, exit 3, rcode FORMERR" {
	rcode_case FORMERR noquestion
}

@test "NOTIMP: status error, exit 3, rcode NOTIMP (RFC 5346 4.2)" {
	rcode_case NOTIMP
}

# --- silence ---------------------------------------------------------------

@test "no answer: error after timeout x (retries+1), never longer; exactly 2 tries (--timeout 0.3 --retries 1)" {
	fakedns_start <<'EOF'
RULES = {"default": {"drop": True}}
EOF
	local t0 t1
	t0=$(date +%s%N)
	fq --timeout 0.3 --retries 1 -j "$NUM"
	t1=$(date +%s%N)
	assert_equal "$status" 3
	json_is '.status == "error" and .rcode == null and .error != null and
		.uris == [] and .elapsed_ms >= 580 and .elapsed_ms < 900'
	(((t1 - t0) / 1000000 < 1500)) || fail "took $(((t1 - t0) / 1000000)) ms"
	assert_equal "$(fakedns_count q udp "$DOM")" 2
	assert_equal "$(fakedns_count q tcp '*')" 0
}

@test "no answer with --retries 0: one try, error after ~0.3 s" {
	fakedns_start <<'EOF'
RULES = {"default": {"drop": True}}
EOF
	fq --timeout 0.3 --retries 0 -j "$NUM"
	assert_equal "$status" 3
	json_is '.status == "error" and .elapsed_ms >= 290 and .elapsed_ms < 600'
	assert_equal "$(fakedns_count q '*' "$DOM")" 1
}

# --- truncation (RFC 6116 7.1) ---------------------------------------------

# --- the query itself -------------------------------------------------------

# What enumq sends, decoded by dnslib (an independent parser, in
# tests/data/50-faults/query-check.py): a plain recursive query for NAPTR
# IN with an EDNS0 OPT offering 1232 bytes (DNS flag day 2020), DO clear,
# no options, and not one byte more.

@test "the query on the wire, UDP and -T: RD, one NAPTR IN question, EDNS0 1232 without DO, nothing more (dnslib)" {
	fakedns_start <<'EOF'
import os
def behave(q):
    where = os.path.join(os.path.dirname(__file__), q.transport + ".wire")
    with open(where, "wb") as f:
        f.write(q.wire)
    return {"an": [naptr("@", 100, 10, "u", "E2U+sip", "!^.*$!sip:a@example.com!")]}
EOF
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	json_is '[.uris[].uri] == ["sip:a@example.com"]'
	fq --timeout 2 -T -j "$NUM"
	assert_equal "$status" 0
	json_is '[.uris[].uri] == ["sip:a@example.com"]'
	for t in udp tcp; do
		run /usr/bin/python3 "$DATA/query-check.py" "$FAKEDNS_DIR/$t.wire" "$DOM"
		assert_success
		assert_output ok
	done
}

@test "TC over UDP: retried over TCP, which succeeds; one query each way" {
	fakedns_start <<'EOF'
RULES = {"default": {"tc": True, "an": [
    naptr("@", 100, 10, "u", "E2U+sip", r"!^(.*)$!sip:\1@tcp.example!")]}}
EOF
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	json_is '.status == "ok" and .uris[0].uri == "sip:+441632960083@tcp.example"'
	assert_equal "$(fakedns_count q udp "$DOM")" 1
	assert_equal "$(fakedns_count q tcp "$DOM")" 1
}

@test "TC over UDP, then TCP silent: error after timeout x (retries+1), not longer" {
	fakedns_start <<'EOF'
def behave(q):
    return {"tc": True} if q.transport == "udp" else {"drop": True}
EOF
	fq --timeout 0.3 --retries 1 -j "$NUM"
	assert_equal "$status" 3
	# the TCP try continues the truncated UDP one: retries + 1 TCP tries,
	# each its whole timeout (so at least 0.6 s), the UDP query only once
	json_is '.status == "error" and .rcode == null and
		.elapsed_ms >= 600 and .elapsed_ms < 900'
	assert_equal "$(fakedns_count q udp "$DOM")" 1
	assert_equal "$(fakedns_count q tcp "$DOM")" 2
}

@test "-T, the server closes the connection without a reply: error, exit 3, every try made, no waiting for the timeout" {
	fakedns_start <<'EOF'
RULES = {"default": {"close": True}}
EOF
	fq --timeout 2 --retries 2 -T -j "$NUM"
	assert_equal "$status" 3
	json_is '.status == "error" and .rcode == null and .error != null and
		.elapsed_ms < 1000'
	assert_equal "$(fakedns_count q tcp "$DOM")" 3
}

# --- spoofed replies ---------------------------------------------------------

# spoof_case KIND [-T]: the spoofed replies of KIND arrive first, then the
# real answer (tests/data/50-faults/spoof.py).
spoof_case() {
	local dir=$BATS_TEST_TMPDIR/fakedns
	mkdir -p "$dir"
	echo "$1" >"$dir/script.py.kind"
	fakedns_start "$DATA/spoof.py"
	fq --timeout 2 --retries 0 -j "${@:2}" "$NUM"
	assert_equal "$status" 0
	json_is '.status == "ok" and (.uris | length) == 1 and
		.uris[0].uri == "sip:+441632960083@good.example" and
		(.records | length) == 1'
	refute_output --partial spoofed
	fq --timeout 2 --retries 0 -v "${@:2}" "$NUM"
	assert_equal "$status" 0
	assert_output --partial 'sip:+441632960083@good.example'
	refute_output --partial spoofed
	[[ $stderr != *spoofed* ]] || fail "the trace shows the spoofed reply: $stderr"
	# the real answer came in the same try: no second query
	assert_equal "$(fakedns_count q '*' "$DOM")" 2
}

@test "a reply with the wrong ID first: ignored, the real answer used, the spoofed URI never shown" {
	spoof_case wrong-id
}

@test "a reply for a different name first: ignored, the real answer used" {
	spoof_case other-name
}

@test "a reply for a different type first: ignored, the real answer used" {
	spoof_case other-type
}

@test "a reply from another port first (the connected socket never takes it): the real answer used" {
	spoof_case other-port
}

@test "five spoofed replies (ID, name, type, not a response, port) first, over UDP: all ignored" {
	spoof_case all
}

@test "spoofed replies first on the same TCP connection (-T): all ignored" {
	spoof_case all -T
}

@test "records for names outside the CNAME chain, in the real answer: ignored" {
	fakedns_start <<'EOF'
GOOD = naptr("@", 100, 10, "u", "E2U+sip", r"!^(.*)$!sip:\1@good.example!")
RULES = {"default": {"an": [
    naptr("evil.example.", 1, 1, "u", "E2U+sip", r"!^(.*)$!sip:\1@spoofed.example!"),
    cname("other.example.", "evil.example."), GOOD,
    naptr(e164("+441632960084"), 1, 1, "u", "E2U+sip", "!^.*$!sip:spoofed@x!")],
    "ar": [naptr("@", 1, 1, "u", "E2U+sip", "!^.*$!sip:spoofed-additional@x!")],
    "ns": [naptr("@", 1, 1, "u", "E2U+sip", "!^.*$!sip:spoofed-authority@x!")]}}
EOF
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	json_is '[.uris[].uri] == ["sip:+441632960083@good.example"] and
		(.records | length) == 1'
	refute_output --partial spoofed
}

# --- malformed replies ------------------------------------------------------

# A malformed reply with the right ID: enumq must say error (exit 3, not a
# signal), print valid JSON, and survive text -v too.
malformed_case() {
	fq --timeout 0.5 --retries 1 -j "$NUM"
	assert_equal "$status" 3
	json_is '.status == "error" and .uris == [] and .error != null'
	fq --timeout 0.5 --retries 1 -v "$NUM"
	assert_equal "$status" 3
	assert_output --partial ': error'
}

@test "garbage with the right ID: status error, exit 3, valid JSON, no crash" {
	fakedns_start <<'EOF'
def junk(q):
    return with_id(q, b"\x81\x80\x00\x01\xff\xff\xff\xff\xff\xff" +
                   bytes(range(255, -1, -1)) * 3)
RULES = {"default": {"raw": junk}}
EOF
	malformed_case
}

@test "a reply cut short (no TC) with the right ID: status error, exit 3, no crash" {
	fakedns_start <<'EOF'
ANS = [naptr("@", 100, 10, "u", "E2U+sip", r"!^(.*)$!sip:\1@cut.example!")] * 3
def cut(q):
    whole = build(q, {"an": ANS}, q.transport)
    return whole[:len(whole) - 40]
RULES = {"default": {"raw": cut}}
EOF
	malformed_case
}

@test "a header only, counts promising records that are not there: error, exit 3" {
	fakedns_start <<'EOF'
RULES = {"default": {"raw": lambda q: header(q.id, an=5, ns=5, ar=5)}}
EOF
	malformed_case
}

# Compression pointers that point at themselves, where a parser must not
# follow them forever (tests/data/50-faults/pointer-loops.py).

@test "compression pointer loops (question, owner, replacement, two pointers): error, exit 3, no hang" {
	local n
	fakedns_start "$DATA/pointer-loops.py"
	for n in +441632960001 +441632960002 +441632960003 +441632960004; do
		run --separate-stderr timeout 10 enumq -S 127.0.0.1 \
			-p "$FAKEDNS_PORT" --timeout 0.5 --retries 1 -j "$n"
		assert_equal "$status" 3
		json_is ".input == \"$n\" and .status == \"error\" and .uris == []"
		run --separate-stderr timeout 10 enumq -S 127.0.0.1 \
			-p "$FAKEDNS_PORT" --timeout 0.5 --retries 1 -v "$n"
		assert_equal "$status" 3
	done
	# the same four in one run: four lines, input order, exit 3
	fq --timeout 0.5 --retries 1 -j +441632960001 +441632960002 \
		+441632960003 +441632960004
	assert_equal "$status" 3
	json_lines 4 '[.[].status] == ["error", "error", "error", "error"] and
		[.[].input] == ["+441632960001", "+441632960002", "+441632960003",
			"+441632960004"]'
}

# --- a large set (RFC 6116 7.1) ---------------------------------------------

@test "300 NAPTRs (TC over UDP, whole over TCP): all judged, ranked by order/preference, stable" {
	fakedns_start <<'EOF'
import random
rnd = random.Random(6116)
ANS = [naptr("@", rnd.choice([30, 10, 20]), rnd.choice([3, 1, 2]), "u",
             "E2U+sip", r"!^.*$!sip:r%d@big.example!" % i) for i in range(300)]
RULES = {"default": {"tc": True, "an": ANS}}
EOF
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	json_is '.status == "ok" and (.records | length) == 300 and
		(.uris | length) == 300 and all(.records[]; .reason == null)'
	# records as they came on the wire
	json_is '[.records[].result] == [range(300) | "sip:r\(.)@big.example"]'
	# ranks 1..300, sorted by order then preference, ties in wire order
	json_is '[.uris[].rank] == [range(1; 301)]'
	json_is '[.uris[].uri] == ([.records | to_entries[] |
		[.value.order, .value.preference, .key, .value.result]] |
		sort | map(.[3]))'
	json_is '.uris[0].order == 10 and .uris[0].preference == 1 and
		.uris[299].order == 30 and .uris[299].preference == 3'
	assert_equal "$(fakedns_count q udp "$DOM")" 1
	assert_equal "$(fakedns_count q tcp "$DOM")" 1
}

@test "100 NAPTRs (4.5 kB) over UDP without TC: taken whole, no TCP" {
	fakedns_start <<'EOF'
ANS = [naptr("@", 10, i, "u", "E2U+sip", r"!^.*$!sip:r%d@udp.example!" % i)
       for i in range(100)]
RULES = {"default": {"an": ANS}}
EOF
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	json_is '(.uris | length) == 100 and .uris[99].uri == "sip:r99@udp.example"'
	assert_equal "$(fakedns_count q udp "$DOM")" 1
	assert_equal "$(fakedns_count q tcp '*')" 0
}

@test "-T, the reply arriving one byte at a time: reassembled and used" {
	fakedns_start <<'EOF'
RULES = {"default": {"trickle": 0.002, "an": [
    naptr("@", 100, 10, "u", "E2U+sip", r"!^(.*)$!sip:\1@slow.example!")]}}
EOF
	fq --timeout 3 -T -j "$NUM"
	assert_equal "$status" 0
	json_is '.status == "ok" and .uris[0].uri == "sip:+441632960083@slow.example"'
}

# --- CNAMEs ------------------------------------------------------------------

@test "CNAME at the ENUM name with the target's NAPTRs in the same answer: followed, one query" {
	fakedns_start <<'EOF'
RULES = {"default": {"an": [
    cname("@", "target.cname.example."),
    naptr("target.cname.example.", 100, 10, "u", "E2U+sip",
          r"!^(.*)$!sip:\1@cname.example!")]}}
EOF
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	json_is '.status == "ok" and .uris[0].uri == "sip:+441632960083@cname.example" and
		.uris[0].owner == "target.cname.example."'
	assert_equal "$(fakedns_count q '*' '*')" 1
}

@test "CNAME without the target's records: enumq queries the target itself" {
	fakedns_start <<'EOF'
RULES = {
    e164("+441632960083"): {"an": [cname("@", "target.cname.example.")]},
    "target.cname.example.": {"an": [naptr("@", 100, 10, "u", "E2U+sip",
                                           r"!^(.*)$!sip:\1@chased.example!")]},
}
EOF
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	json_is '.status == "ok" and .uris[0].uri == "sip:+441632960083@chased.example"'
	assert_equal "$(fakedns_count q '*' "$DOM")" 1
	assert_equal "$(fakedns_count q '*' target.cname.example.)" 1
}

@test "-I: a DNAME at the \"i\" label with its synthesized CNAME: followed (RFC 5527 5)" {
	fakedns_start <<'EOF'
DOM = e164("+441632960083").replace(".4.4.e164", ".i.4.4.e164")
RULES = {"default": {"an": [
    rr("i.4.4.e164.arpa.", "DNAME", encode_name(parse_name("infra.example."))),
    cname("@", DOM.replace(".i.4.4.e164.arpa.", ".infra.example.")),
    naptr(DOM.replace(".i.4.4.e164.arpa.", ".infra.example."), 100, 10, "u",
          "E2U+sip", r"!^(.*)$!sip:\1@infra.example!")]}}
EOF
	fq --timeout 2 -I -j "$NUM"
	assert_equal "$status" 0
	json_is '.domain == "3.8.0.0.6.9.2.3.6.1.i.4.4.e164.arpa." and
		[.uris[].uri] == ["sip:+441632960083@infra.example"]'
	assert_equal "$(fakedns_count q '*' '*')" 1
}

@test "CNAME loop inside one answer: status error, exit 3, no hang" {
	fakedns_start <<'EOF'
RULES = {"default": {"an": [cname("@", "a.loop.example."),
                            cname("a.loop.example.", "b.loop.example."),
                            cname("b.loop.example.", "@")]}}
EOF
	run --separate-stderr timeout 10 enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 2 -j "$NUM"
	assert_equal "$status" 3
	json_is '.status == "error" and .uris == [] and .elapsed_ms < 1000'
}

# cname_chain_script N: one answer holding a chain of N CNAMEs from the
# ENUM name, then the NAPTR of the chain's last name.
cname_chain_script() {
	cat <<EOF
N = $1
names = ["@"] + ["c%d.chain.example." % i for i in range(1, N + 1)]
RULES = {"default": {"an": [cname(names[i], names[i + 1]) for i in range(N)] +
    [naptr(names[N], 100, 10, "u", "E2U+sip", r"!^(.*)\$!sip:\\1@chain.example!")]}}
EOF
}

@test "a chain of exactly CNAME_MAX CNAMEs in one answer: followed, one query" {
	fakedns_start < <(cname_chain_script "$(limit CNAME_MAX)")
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	json_is --arg o "c$(limit CNAME_MAX).chain.example." '.status == "ok" and
		.uris[0].uri == "sip:+441632960083@chain.example" and .uris[0].owner == $o'
	assert_equal "$(fakedns_count q '*' '*')" 1
}

@test "a chain of CNAME_MAX + 1 CNAMEs in one answer: status error, exit 3, no URI" {
	fakedns_start < <(cname_chain_script "$(($(limit CNAME_MAX) + 1))")
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 3
	json_is '.status == "error" and .uris == [] and
		.error == "no valid answer: CNAME chain too long or looping"'
}

@test "CNAME loop across queries (each answer one CNAME): status error, exit 3, bounded queries" {
	fakedns_start <<'EOF'
RULES = {
    e164("+441632960083"): {"an": [cname("@", "a.loop.example.")]},
    "a.loop.example.": {"an": [cname("@", "b.loop.example.")]},
    "b.loop.example.": {"an": [cname("@", e164("+441632960083"))]},
}
EOF
	run --separate-stderr timeout 10 enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 2 -j "$NUM"
	assert_equal "$status" 3
	json_is '.status == "error" and .uris == [] and .elapsed_ms < 1000 and
		(.error | test("CNAME"))'
	# the first query, then one for each of the CNAME_MAX CNAMEs followed;
	# the answer to the last holds CNAME number CNAME_MAX + 1: too long
	local cname_max
	cname_max=$(limit CNAME_MAX)
	assert_equal "$(fakedns_count q '*' '*')" "$((cname_max + 1))"
}

# --- non-terminal chains (RFC 6116 5.2.1) ------------------------------------

# chain_start: the fake server with tests/data/50-faults/chains.py, HOPS
# (CHAIN_MAX_HOPS, 5) set in front of it.
chain_start() {
	local hops
	hops=$(limit CHAIN_MAX_HOPS)
	fakedns_start < <(echo "HOPS = $hops" && cat "$DATA/chains.py")
}

@test "non-terminal chain of 5 hops: followed to the URI (RFC 6116 5.2.1)" {
	chain_start
	fq --timeout 2 -j +441632960005
	assert_equal "$status" 0
	# CHAIN_MAX_HOPS hops: the ENUM name's record and one a hop but the last
	local hops
	hops=$(limit CHAIN_MAX_HOPS)
	json_is --argjson h "$hops" '.status == "ok" and
		[.uris[].uri] == ["sip:hop\($h)@five.example"] and
		.uris[0].owner == "h\($h).five.example." and
		(.records | length) == $h + 1 and all(.records[]; .reason == null)'
	assert_equal "$(fakedns_count q '*' "h$hops.five.example.")" 1
	assert_equal "$(fakedns_count q '*' '*')" "$((hops + 1))"
}

@test "non-terminal chain of 6 hops: the 6th discarded as loop, never queried; the set's other URI serves" {
	chain_start
	fq --timeout 2 -j +441632960006
	assert_equal "$status" 0
	json_is '.status == "ok" and [.uris[].uri] == ["sip:fallback@six.example"]'
	# hop CHAIN_MAX_HOPS + 1 is the loop
	local hops
	hops=$(limit CHAIN_MAX_HOPS)
	json_is --arg last "h$((hops + 1)).six.example." \
		'[.records[] | select(.replacement == $last) | .reason] == ["loop"]'
	assert_equal "$(fakedns_count q '*' "h$hops.six.example.")" 1
	assert_equal "$(fakedns_count q '*' "h$((hops + 1)).six.example.")" 0
	assert_equal "$(fakedns_count q '*' '*')" "$((hops + 1))"
}

@test "non-terminal loop back to the ENUM name: discarded as loop without the query; the other URI serves" {
	chain_start
	fq --timeout 2 -j +441632960007
	assert_equal "$status" 0
	json_is '.status == "ok" and [.uris[].uri] == ["sip:fallback@loop.example"]'
	json_is '[.records[] | select(.owner == "a.loop.example." and .flags == "") |
		.reason] == ["loop"]'
	assert_equal "$(fakedns_count q '*' "$(enumq -n +441632960007)")" 1
	assert_equal "$(fakedns_count q '*' a.loop.example.)" 1
}

@test "non-terminal record pointing at its own set: loop, not queried again; the other URI serves" {
	chain_start
	fq --timeout 2 -j +441632960008
	assert_equal "$status" 0
	json_is '.status == "ok" and [.uris[].uri] == ["sip:self@loop.example"]'
	json_is '[.records[] | select(.flags == "") | .reason] == ["loop"]'
	assert_equal "$(fakedns_count q '*' "$(enumq -n +441632960008)")" 1
}

@test "non-terminal loop spelt in another case (B.LOOP.Example.): still a loop, not queried" {
	chain_start
	fq --timeout 2 -j +441632960009
	assert_equal "$status" 0
	json_is '.status == "ok" and [.uris[].uri] == ["sip:case@loop.example"]'
	json_is '[.records[] | select(.flags == "") | .reason] == [null, "loop"]'
	assert_equal "$(fakedns_count q '*' b.loop.example.)" 1
}

@test "40 non-terminals side by side: queries bounded, the rest query-limit, no hang (RFC 6116 5.2.1)" {
	chain_start
	run --separate-stderr timeout 10 enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 2 -j +441632960010
	assert_equal "$status" 0
	# QUERIES_MAX queries in all: the ENUM name's and QUERIES_MAX - 1
	# targets, in the records' order
	local qmax
	qmax=$(limit QUERIES_MAX)
	((qmax - 1 < 40)) || fail "QUERIES_MAX $qmax: 40 targets no longer exceed it"
	assert_equal "$(fakedns_count q '*' '*')" "$qmax"
	assert_equal "$(fakedns_count q '*' 0.1.0.0.6.9.2.3.6.1.4.4.e164.arpa.)" 1
	# each target queried gives its URI, in the records' order; the rest
	# are marked query-limit, never silently dropped
	json_is --argjson q "$qmax" '(.uris | length) == $q - 1 and
		([.records[] | select(.flags == "") | .reason] ==
		 ([range($q - 1) | null] + [range(40 - ($q - 1)) | "query-limit"])) and
		[.uris[].uri] == [range($q - 1) | "sip:t\(if . < 10 then "0" else "" end)\(.)@fan.example"]'
}

@test "non-terminal targets that fail (silent, REFUSED): target-error, the next record serves" {
	chain_start
	fq --timeout 0.3 --retries 0 -j +441632960011
	assert_equal "$status" 0
	json_is '.status == "ok" and [.uris[].uri] == ["sip:after@fail.example"] and
		[.records[] | select(.flags == "") | .reason] == ["target-error", "target-error"] and
		.elapsed_ms < 1000'
}

# --- hostile bytes (RFC 3403 4.1, enum-rules 2 and 9) ------------------------

# Every record has order 100 and a preference that names it:
#  1 a 255-octet REGEXP, kept       2 a 255-octet SERVICES, kept
#  3 255-octet FLAGS: unknown-flags 4 result bytes 0x00-0x7f: not-a-uri
#  5 result bytes 0x80-0xff: not-a-uri
#  6,7 an ERE holding bytes 0x00-0x7f / 0x80-0xff: regexp-undefined (a
#      NUL, a byte above 0x7f; RFC 3402 3.2, POSIX XBD 9.4)
#  8,9 a non-terminal REPLACEMENT holding bytes 0x00-0x7f / 0x80-0xff:
#      followed, the target is NXDOMAIN
# tests/data/50-faults/hostile-bytes.py serves them and writes what each
# field must be, as byte lists, to expect.json.

# decode_dname: presentation names (\DDD, \c) on stdin, one per line, to a
# JSON list of labels as byte lists per line.
decode_dname() {
	/usr/bin/python3 "$DATA/decode-dname.py"
}

@test "255-octet fields and every byte value: no crash, each record kept or discarded by the rules" {
	fakedns_start "$DATA/hostile-bytes.py"
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	json_is '.status == "ok"'
	json_is '[.records[] | [.preference, .reason]] == [[1,null],[2,null],
		[3,"unknown-flags"],[4,"not-a-uri"],[5,"not-a-uri"],
		[6,"regexp-undefined"],[7,"regexp-undefined"],
		[8,"target-nxdomain"],[9,"target-nxdomain"]]'
	json_is '[.uris[].uri] == ["sip:" + ("a" * 242) + "@x", "sip:svc@x"]'
	json_is '.uris[1].enumservices == ["sip"]'
	# both odd targets were queried, once each
	assert_equal "$(awk -F '\t' '$2 == "q" && $5 ~ /bytes\.example\.$/' \
		"$FAKEDNS_LOG" | wc -l)" 2
}

@test "JSON keeps every byte of flags, services, regexp and result exactly (jq)" {
	fakedns_start "$DATA/hostile-bytes.py"
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	[[ -z $stderr ]] || fail "stderr not empty: $stderr"
	json_is --slurpfile exp "$FAKEDNS_DIR/expect.json" '
		[.records[] | select(.preference <= 7) |
		 . as $r | $exp[0][.preference | tostring] as $e |
		 ($r.flags | explode) == $e.flags and
		 ($r.services | explode) == $e.services and
		 ($r.regexp | explode) == $e.regexp and
		 (if $e.result then ($r.result | explode) == $e.result else true end)
		] | length == 7 and all'
}

@test "JSON keeps every byte of an odd REPLACEMENT name (as a presentation name)" {
	fakedns_start "$DATA/hostile-bytes.py"
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	json_is '[.records[] | select(.preference >= 8) | .reason] ==
		["target-nxdomain", "target-nxdomain"]'
	local got want
	got=$(jq -r '.records[] | select(.preference >= 8) | .replacement' \
		<<<"$output" | decode_dname)
	want=$(jq -c '.["8"].replacement, .["9"].replacement' "$FAKEDNS_DIR/expect.json")
	assert_equal "$got" "$want"
	# the names, escaped, never hold a raw control or non-ASCII byte
	jq -r '.records[].replacement' <<<"$output" >"$BATS_TEST_TMPDIR/names"
	assert_equal "$(LC_ALL=C tr -d '\n\040-\176' <"$BATS_TEST_TMPDIR/names" | wc -c)" 0
}

@test "text -v with hostile bytes: no raw control or non-ASCII byte on stdout or stderr" {
	local out=$BATS_TEST_TMPDIR/out err=$BATS_TEST_TMPDIR/err
	fakedns_start "$DATA/hostile-bytes.py"
	fq_files "$out" "$err" --timeout 2 -v "$NUM"
	assert_equal "$status" 0
	# every record is listed with its fate, one line each
	assert_equal "$(grep -c 'NAPTR 100 ' "$out")" 9
	grep -q '(not-a-uri)' "$out"
	grep -q '(unknown-flags)' "$out"
	assert_equal "$(LC_ALL=C tr -d '\n\040-\176' <"$out" | wc -c)" 0
	assert_equal "$(LC_ALL=C tr -d '\n\040-\176' <"$err" | wc -c)" 0
	# and the same with -1 and the default text
	fq_files "$out" "$err" --timeout 2 -1 "$NUM"
	assert_equal "$status" 0
	assert_equal "$(<"$out")" "sip:$(printf 'a%.0s' {1..242})@x"
	fq_files "$out" "$err" --timeout 2 "$NUM"
	assert_equal "$(cat "$out" "$err" | LC_ALL=C tr -d '\n\040-\176' | wc -c)" 0
}

@test "shell output with hostile bytes: 7 tab-separated fields a line, one line per URI" {
	local out=$BATS_TEST_TMPDIR/out err=$BATS_TEST_TMPDIR/err
	fakedns_start "$DATA/hostile-bytes.py"
	fq_files "$out" "$err" --timeout 2 -o shell "$NUM"
	assert_equal "$status" 0
	assert_equal "$(wc -l <"$out")" 2
	assert_equal "$(awk -F '\t' 'NF != 7' "$out" | wc -l)" 0
	assert_equal "$(LC_ALL=C tr -d '\t\n\040-\176' <"$out" | wc -c)" 0
	assert_equal "$(cut -f 7 "$out" | tr '\n' ' ')" \
		"sip:$(printf 'a%.0s' {1..242})@x sip:svc@x "
	assert_equal "$(cut -f 1-6 "$out" | sort -u | wc -l)" 2
}

# --- catastrophic backtracking (enum-rules 5) ---------------------------------

# Patterns that backtrack exponentially on the AUS +444444444444414 (the
# '1' is there, so PCRE2's required-character check cannot rule them out).
EVIL_NUM=+444444444444414
EVIL_1='^(\+?(4|4)*)*1$'
EVIL_2='^\+(4|4|4|4)*[0-3]$'
EVIL_3='^\+((4|44)*)*[0-3]$'

@test "fixture: the three patterns hit PCRE2's match limit at enumq's limits (standalone check)" {
	local dir=$BATS_TEST_TMPDIR limit depth pat
	limit=$(limit REGEXP_MATCH_LIMIT)
	depth=$(limit REGEXP_DEPTH_LIMIT)
	cat >"$dir/evil.c" <<EOF
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
	int ec; PCRE2_SIZE eo; (void)argc;
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)argv[1], PCRE2_ZERO_TERMINATED, 0, &ec, &eo, NULL);
	pcre2_match_context *m = pcre2_match_context_create(NULL);
	pcre2_match_data *md = pcre2_match_data_create(10, NULL);
	pcre2_set_match_limit(m, $limit); pcre2_set_depth_limit(m, $depth);
	int rc = pcre2_match(c, (PCRE2_SPTR)argv[2], strlen(argv[2]), 0, 0, md, m);
	puts(rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ? "limit" : rc == PCRE2_ERROR_NOMATCH ? "nomatch" : "other");
	return 0;
}
EOF
	cc -o "$dir/evil" "$dir/evil.c" -lpcre2-8 || skip "cannot build against PCRE2"
	for pat in "$EVIL_1" "$EVIL_2" "$EVIL_3"; do
		assert_equal "$("$dir/evil" "$pat" "$EVIL_NUM")" limit
	done
	# without a '1' in the AUS, pattern 1 is a quick no-match
	assert_equal "$("$dir/evil" "$EVIL_1" +444444444444444)" nomatch
}

@test "catastrophic backtracking: reason regexp-limit, well inside the timeout; the other record serves" {
	fakedns_start <<EOF
RULES = {e164("$EVIL_NUM"): {"an": [
    naptr("@", 10, 1, "u", "E2U+sip", r"!$EVIL_1!sip:evil1@x!"),
    naptr("@", 10, 2, "u", "E2U+sip", r"!$EVIL_2!sip:evil2@x!"),
    naptr("@", 10, 3, "u", "E2U+sip", r"!$EVIL_3!sip:evil3@x!"),
    naptr("@", 10, 4, "u", "E2U+sip", r"!^.*\$!sip:good@x!")]}}
EOF
	fq --timeout 3 -j "$EVIL_NUM"
	assert_equal "$status" 0
	json_is '.status == "ok" and [.uris[].uri] == ["sip:good@x"]'
	json_is '[.records[].reason] == ["regexp-limit", "regexp-limit", "regexp-limit", null]'
	json_is '.elapsed_ms < 1000'
	fq --timeout 3 -v "$EVIL_NUM"
	assert_equal "$status" 0
	assert_equal "$(grep -c '(regexp-limit)' <<<"$output")" 3
}

# --- backrefs and delimiters (RFC 3402 3.2, enum-rules 5) ---------------------

@test "backrefs and delimiters: \\9 of 9 groups, missing group, letter delimiter x, escaped delimiters" {
	fakedns_start <<'EOF'
R = [
    (1, r"!^\+(4)(4)(1)(6)(3)(2)(9)(6)(0)083$!sip:\9\8\7\6\5\4\3\2\1@nine!"),
    (2, r"!^\+(44)(.*)$!sip:\3@missing!"),
    (3, r"!^\+(4)(4)(1)(6)(3)(2)(9)(6)0083$!sip:\9@eight!"),
    (4, r"x^\+(.*)$xsip:\1@e\xample.netx"),
    (5, r"x^\+4\x34(.*)$xsip:bad@e\xample.netx"),
    (6, r"!^\+(44\!?1632.*)$!sip:\1@x\!y!"),
    (7, r"/^\+(.*)$/http:\/\/example.com\/\1/"),
    (8, r"#^\+(.*)$#sip:\1@hash#i"),
]
RULES = {"default": {"an": [naptr("@", 100, p, "u", "E2U+sip", r) for p, r in R]}}
EOF
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	json_is '[.records[] | [.preference, .reason, .result]] == [
		[1, null, "sip:069236144@nine"],
		[2, "bad-backref", null],
		[3, "bad-backref", null],
		[4, null, "sip:441632960083@example.net"],
		[5, "no-match", null],
		[6, null, "sip:441632960083@x!y"],
		[7, null, "http://example.com/441632960083"],
		[8, null, "sip:441632960083@hash"]]'
	json_is '[.uris[].rank] == [1, 2, 3, 4, 5]'
}

# --- what a resolver must expect (RFC 6116 7.1, enum-rules 9) ----------------

# tests/data/50-faults/extra-records.py: one good NAPTR among unknown RR
# types, DNSSEC records and EDNS options, in every section.

@test "unknown RR types, DNSSEC records and EDNS options in every section: ignored, the NAPTR used" {
	fakedns_start "$DATA/extra-records.py"
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 0
	json_is '.status == "ok" and [.uris[].uri] == ["sip:+441632960083@extra.example"] and
		(.records | length) == 1 and .rcode == "NOERROR"'
}

@test "unknown RR types, DNSSEC records and EDNS options over TCP (-T) and with -v: ignored, never fatal" {
	fakedns_start "$DATA/extra-records.py"
	fq --timeout 2 -T -j "$NUM"
	assert_equal "$status" 0
	json_is '.status == "ok" and [.uris[].uri] == ["sip:+441632960083@extra.example"]'
	fq --timeout 2 -v "$NUM"
	assert_equal "$status" 0
	assert_output --partial 'sip:+441632960083@extra.example'
}

@test "only DNSSEC and unknown records, no NAPTR: status nodata, exit 1 (RFC 5346 4.1)" {
	fakedns_start <<'EOF'
RULES = {"default": {
    "an": [rrsig("@", "NAPTR"), rr("@", 65280, b"\x00" * 10), nsec("@", "n.example.")],
    "ns": [soa("e164.arpa."), rrsig("e164.arpa.", "SOA")],
    "ar": [opt([(65001, b"x")])]}}
EOF
	fq --timeout 2 -j "$NUM"
	assert_equal "$status" 1
	json_is '.status == "nodata" and .uris == [] and .records == []'
}

@test "extended RCODE BADVERS (16, through the OPT record; RFC 6891 6.1.3): status error, not nodata" {
	fakedns_start <<'EOF'
RULES = {"default": {"rcode": 0, "ar": [opt(ext_rcode=1)]}}
EOF
	fq --timeout 2 --retries 0 -j "$NUM"
	assert_equal "$status" 3
	json_is '.status == "error" and .rcode == "BADVERS" and .uris == []'
}
