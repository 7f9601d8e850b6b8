#!/usr/bin/env bats
# 75-route: -R/--route, what a softswitch does with the answer (RFC 5346
# 4.1.2 and 4.2): route (to the targets RFC 3263 4 finds for the URI's
# host), reject, or pstn; --routes (RFC 5346 4.2 case 1), --host-server,
# the TTL the verdict may be kept for (RFC 6116 7.2, RFC 2308 5), the exit
# statuses, and the JSON, text and shell shapes.  NSD serves e164.arpa
# (tests/data/75-route/e164.records: the numbers +121255501NN, one case
# each) and example.net (net.records: the hosts); failing host servers and
# failing ENUM servers are tests/fakedns.py.

# $stderr comes from run --separate-stderr; FAKEDNS_* from fakedns_start.
# shellcheck disable=SC2154,SC2016

bats_require_minimum_version 1.5.0

load helper

DATA=$BATS_TEST_DIRNAME/data/75-route

setup_file() {
	zone_write e164.zone e164.arpa <"$DATA/e164.records"
	zone_write net.zone example.net <"$DATA/net.records"
	nsd_start e164.zone net.zone
}

teardown_file() {
	nsd_stop
}

teardown() {
	fakedns_stop
}

# rq ARG...: enumq -R -j against NSD, as `run --separate-stderr`.
rq() {
	run --separate-stderr enumq -S "$NSD_ADDR" -p "$NSD_PORT" -R -j "$@"
}

# n NN: the test number +121255501NN
n() {
	echo "+121255501$1"
}

# --- RFC 3263 4: the URI's targets -----------------------------------------

@test "route: SRV targets in priority order, every target of a priority (RFC 2782 weights) appears" {
	rq "$(n 01)"
	assert_equal "$status" 0
	json_is '.verdict.action == "route" and .verdict.uri == "sip:u@srv.example.net" and
		([.verdict.targets[] | .host] | .[0:2] | sort) == ["s1.example.net", "s2.example.net"] and
		.verdict.targets[2] == {"host": "s3.example.net", "port": 5062,
		    "transport": "udp", "addresses": ["192.0.2.3"]} and
		(.verdict.targets[] | select(.host == "s2.example.net") | .addresses) ==
		    ["192.0.2.2", "2001:db8::2"]'
	# the weighted random choice (RFC 2782) puts each of priority 10 first
	# in some of 40 verdicts (60:40; all alike once in 10^8)
	local f=$BATS_TEST_TMPDIR/numbers i
	for ((i = 0; i < 40; i++)); do n 01; done >"$f"
	run --separate-stderr enumq -S "$NSD_ADDR" -p "$NSD_PORT" -R -o shell -f "$f"
	assert_equal "$status" 0
	assert_equal "$(cut -f5 <<<"$output" | sort -u | tr '\n' ' ')" "s1.example.net s2.example.net "
}

@test "route: the transport parameter picks its SRV name, no NAPTR asked (RFC 3263 4.1)" {
	rq "$(n 02)"
	assert_equal "$status" 0
	json_is '.verdict.targets == [{"host": "s1.example.net", "port": 5070,
		"transport": "tcp", "addresses": ["192.0.2.1"]}]'
	run --separate-stderr enumq -S "$NSD_ADDR" -p "$NSD_PORT" -R -v "$(n 02)"
	assert_equal "$(grep -c 'query tp.example.net. NAPTR' <<<"$stderr")" 0
	assert_equal "$(grep -c 'query _sip._tcp.tp.example.net. SRV' <<<"$stderr")" 1
}

@test "route: a numeric host (IPv4, [IPv6]:port) needs no lookup (RFC 3263 4.2)" {
	rq "$(n 03)" "$(n 04)"
	assert_equal "$status" 0
	json_lines 2 '.[0].verdict.targets == [{"host": "192.0.2.7", "port": 5060,
		"transport": "udp", "addresses": ["192.0.2.7"]}] and
		.[1].verdict.targets == [{"host": "[2001:db8::7]", "port": 5070,
		"transport": "udp", "addresses": ["2001:db8::7"]}]'
}

@test "route: maddr replaces the host, an address or a name resolved in its place (RFC 3263 4)" {
	rq "$(n 26)" "$(n 27)"
	assert_equal "$status" 0
	# maddr=port.example.net: its NAPTR and SRV, not maddr.example.net's
	json_lines 2 '.[0].verdict.targets == [{"host": "192.0.2.99", "port": 5060,
		"transport": "tcp", "addresses": ["192.0.2.99"]}] and
		[.[1].verdict.targets[] | [.host, .port, .addresses]] ==
		[["s3.example.net", 5099, ["192.0.2.3"]]]'
}

@test "route: an explicit port: A/AAAA only, the SRV left alone (RFC 3263 4.2)" {
	rq "$(n 05)"
	assert_equal "$status" 0
	json_is '.verdict.targets == [{"host": "port.example.net", "port": 5080,
		"transport": "udp", "addresses": ["192.0.2.5"]}]'
}

@test "route: the host's NAPTRs in order pick the transports and SRV names (RFC 3263 4.1)" {
	rq "$(n 06)"
	assert_equal "$status" 0
	json_is '[.verdict.targets[] | [.host, .port, .transport]] ==
		[["s1.example.net", 5080, "tcp"], ["s2.example.net", 5081, "udp"],
		 ["s3.example.net", 5082, "tls"]]'
}

@test "route: no NAPTR, no SRV: A and AAAA of the host on 5060 (RFC 3263 4.2)" {
	rq "$(n 07)"
	assert_equal "$status" 0
	json_is '.verdict.targets == [{"host": "a.example.net", "port": 5060,
		"transport": "udp", "addresses": ["192.0.2.10", "2001:db8::10"]}]'
}

@test "route: sips keeps only TLS: SIPS+D2T of the NAPTRs, else 5061 (RFC 3263 4.1)" {
	rq "$(n 08)" "$(n 09)"
	assert_equal "$status" 0
	json_lines 2 '.[0].verdict.targets == [{"host": "s3.example.net", "port": 5082,
		"transport": "tls", "addresses": ["192.0.2.3"]}] and
		[.[1].verdict.targets[] | [.host, .port, .transport]] ==
		[["a.example.net", 5061, "tls"]]'
}

@test "route: h323: SRV _h323cs._tcp, else A/AAAA on 1720, over TCP" {
	rq "$(n 10)" "$(n 11)"
	assert_equal "$status" 0
	json_lines 2 '[.[0].verdict.targets[] | [.host, .port, .transport]] ==
		[["s3.example.net", 1721, "tcp"]] and
		[.[1].verdict.targets[] | [.host, .port, .transport]] ==
		[["a.example.net", 1720, "tcp"]]'
}

# --- RFC 5346 4.1.2 and 4.2: the branches ----------------------------------

@test "reject: NOERROR with only mailto: and tel: URIs, or no NAPTR (RFC 5346 4.1.2 A): exit 1" {
	rq "$(n 12)" "$(n 13)"
	assert_equal "$status" 1
	json_lines 2 'map(.verdict.action) == ["reject", "reject"] and
		(.[0].verdict.reason | test("4.1.2 A")) and .[0].verdict.targets == [] and
		.[0].verdict.uri == null'
}

@test "pstn: NXDOMAIN (RFC 5346 4.1.2 B): exit 2, the negative answer's TTL and zone" {
	rq "$(n 14)"
	assert_equal "$status" 2
	json_is '.verdict.action == "pstn" and (.verdict.reason | test("4.1.2 B: NXDOMAIN")) and
		.verdict.ttl == 300 and
		.zone == {"apex": "e164.arpa.", "mname": "ns.e164.arpa.",
		    "rname": "hostmaster.e164.arpa."}'
}

@test "pstn: SERVFAIL or a timeout of the ENUM query (RFC 5346 4.1.2 B): exit 2" {
	fakedns_start <<'EOF'
RULES = {"default": {"rcode": "SERVFAIL"},
         e164("+12125550102"): {"drop": True}}
EOF
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" --timeout 0.3 --retries 0 \
		-R -j "$(n 01)" "$(n 02)"
	assert_equal "$status" 2
	json_lines 2 'map(.verdict.action) == ["pstn", "pstn"] and
		(.[0].verdict.reason | test("4.1.2 B: .*SERVFAIL")) and
		(.[1].verdict.reason | test("timed out")) and .[0].verdict.ttl == null'
}

@test "pstn: a host that does not resolve (RFC 5346 4.2 2.B): the reason names it" {
	rq "$(n 15)"
	assert_equal "$status" 2
	json_is '.verdict.action == "pstn" and
		.verdict.reason == "RFC 5346 4.2 2.B: host nohost.example.net: NXDOMAIN" and
		.verdict.targets == []'
}

@test "route: the next URI is used when the first's host fails" {
	rq "$(n 16)"
	assert_equal "$status" 0
	json_is '.verdict.action == "route" and .verdict.uri == "sip:u@a.example.net"'
}

@test "pstn: host servers that fail (SERVFAIL) or are silent (--host-server)" {
	fakedns_start <<'EOF'
RULES = {"default": {"rcode": "SERVFAIL"}, "a.example.net.": {"drop": True}}
EOF
	rq --host-server "127.0.0.1#$FAKEDNS_PORT" "$(n 01)"
	assert_equal "$status" 2
	json_is '.verdict.reason | test("4.2 2.B: host srv.example.net: SERVFAIL")'
	rq --host-server "127.0.0.1#$FAKEDNS_PORT" --timeout 0.3 --retries 0 "$(n 07)"
	assert_equal "$status" 2
	json_is '.verdict.reason | test("host a.example.net: timed out")'
	# the ENUM query still went to NSD: the number resolved to its URI
	json_is '.status == "ok" and .uris[0].uri == "sip:u@a.example.net"'
}

@test "route: host answers are cached: one query per name and type for a batch" {
	fakedns_start <<'EOF'
RULES = {"a.example.net.": {"an": [a("@", "192.0.2.10")]},
         "default": {"rcode": "NXDOMAIN", "ns": [soa("example.net.")]}}
EOF
	local f=$BATS_TEST_TMPDIR/numbers i
	for ((i = 0; i < 30; i++)); do n 07; done >"$f"
	run --separate-stderr enumq -S "$NSD_ADDR" -p "$NSD_PORT" -R -o shell \
		--host-server "127.0.0.1#$FAKEDNS_PORT" -f "$f"
	assert_equal "$status" 0
	assert_equal "${#lines[@]}" 30
	assert_equal "$(cut -f2,8 <<<"$output" | sort -u)" $'route\t192.0.2.10'
	# NAPTR, A and AAAA of the host; each SRV name once
	assert_equal "$(fakedns_count q '*' a.example.net.)" 3
	assert_equal "$(fakedns_count q '*' _sip._udp.a.example.net.)" 1
}

@test "route: a host answer is kept for its TTL only: TTL 0 is asked again" {
	fakedns_start <<'EOF'
RULES = {"a.example.net.": {"an": [rr("@", "A", bytes([192, 0, 2, 10]), ttl=0)],
                            "ns": [soa("example.net.")]},
         "default": {"rcode": "NXDOMAIN", "ns": [soa("example.net.")]}}
EOF
	# one number at a time: each finds the answers of the one before
	rq -c 1 --host-server "127.0.0.1#$FAKEDNS_PORT" "$(n 07)" "$(n 07)" "$(n 07)"
	assert_equal "$status" 0
	json_lines 3 'map(.verdict.targets[0].addresses) == [["192.0.2.10"], ["192.0.2.10"], ["192.0.2.10"]]
		and map(.verdict.ttl) == [0, 0, 0]'
	# the A query each time (TTL 0); NAPTR and AAAA (the SOA's 300) once
	assert_equal "$(fakedns_count q '*' a.example.net.)" 5
	assert_equal "$(fakedns_count q '*' _sip._udp.a.example.net.)" 1
}

@test "pstn: a URI with a transport enumq cannot use (sctp) is not routable" {
	rq "$(n 23)"
	assert_equal "$status" 2
	json_is '.verdict.reason | test("transport not udp, tcp or tls")'
}

# --- pstn records (RFC 4769) -------------------------------------------------

@test "pstn: a pstn:tel record gives its rn, or with only npdi its own number" {
	rq "$(n 17)" "$(n 18)"
	assert_equal "$status" 2
	json_lines 2 'map(.verdict.action) == ["pstn", "pstn"] and
		.[0].verdict.routing_number == "+12125559999" and
		.[1].verdict.routing_number == "+12125550118" and
		(.[0].verdict.reason | test("RFC 4769"))'
}

@test "rank order decides: a route URI before a pstn record routes; after it, pstn" {
	rq "$(n 19)" "$(n 20)"
	assert_equal "$status" 2
	json_lines 2 'map(.verdict.action) == ["route", "pstn"] and
		.[1].verdict.routing_number == "+12125550120"'
}

# --- TTL (RFC 6116 7.2, RFC 2308 5) ------------------------------------------

@test "ttl: the lowest TTL of the records the verdict rests on, a negative answer's included" {
	# E2U NAPTR 600, SRV 400, A 50
	rq "$(n 21)"
	json_is '.verdict.action == "route" and .verdict.ttl == 50'
	# E2U NAPTR 900, A 900, the NODATA of AAAA: the SOA's 300
	rq "$(n 22)"
	json_is '.verdict.action == "route" and .verdict.ttl == 300'
}

# --- --routes (RFC 5346 4.2 case 1) ------------------------------------------

@test "--routes: a hit routes to the table's gateway, an address or a host; a miss is pstn (4.2 1.B)" {
	rq --routes "$DATA/routes" "$(n 24)" "$(n 25)" "$(n 07)"
	assert_equal "$status" 2
	json_lines 3 '.[0].verdict.targets == [{"host": "192.0.2.50", "port": 5070,
		"transport": "udp", "addresses": ["192.0.2.50"]}] and
		.[1].verdict.targets == [{"host": "host-gw.example.net", "port": 5060,
		"transport": "udp", "addresses": ["192.0.2.60"]}] and
		(.[0].verdict.reason | test("4.2 1.A")) and
		.[2].verdict.action == "pstn" and
		(.[2].verdict.reason | test("4.2 1.B: .*not in the routing table"))'
}

@test "--routes: a malformed line is a usage error naming file:line; no table without -R" {
	local f=$BATS_TEST_TMPDIR/routes
	printf '# ok\nexample.net 192.0.2.1\nexample.org 192.0.2.1:99999\n' >"$f"
	run --separate-stderr enumq -R --routes "$f" -z "$BATS_FILE_TMPDIR/e164.zone" "$(n 07)"
	assert_equal "$status" 64
	assert_equal "$stderr" "enumq: $f:3: a port that is not 1-65535"
	assert_equal "$output" ""
	run --separate-stderr enumq --routes "$DATA/routes" -z "$BATS_FILE_TMPDIR/e164.zone" "$(n 07)"
	assert_equal "$status" 64
	assert_equal "$stderr" "enumq: --routes needs -R"
	run --separate-stderr enumq -R --lint -z "$BATS_FILE_TMPDIR/e164.zone"
	assert_equal "$status" 64
	assert_equal "$stderr" "enumq: -R and --lint may not be combined"
}

# --- zone files, formats, exit status ---------------------------------------

@test "zone files: the same verdicts offline (-z) as from NSD" {
	local nums=() i
	for i in 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 26 27; do
		nums+=("$(n "$i")")
	done
	enumq_both e164.zone net.zone -- -R "${nums[@]}"
	assert_equal "$status" 2
	json_lines 24 'map(.verdict.action) | (index("route") != null and
		index("reject") != null and index("pstn") != null)'
}

@test "shell: one line per number: number action reason uri host port transport address" {
	run --separate-stderr enumq -S "$NSD_ADDR" -p "$NSD_PORT" -R -o shell \
		"$(n 07)" "$(n 12)" "$(n 17)"
	assert_equal "$status" 2
	assert_equal "${#lines[@]}" 3
	assert_equal "$(awk -F '\t' '{ print NF }' <<<"$output" | sort -u)" 8
	assert_equal "$(cut -f1,2,4-8 <<<"${lines[0]}")" \
		$'+12125550107\troute\tsip:u@a.example.net\ta.example.net\t5060\tudp\t192.0.2.10'
	assert_equal "$(cut -f2,4 <<<"${lines[1]}")" $'reject\t'
	assert_equal "$(cut -f2,4 <<<"${lines[2]}")" $'pstn\ttel:+12125550117;npdi;rn=+1-212-555-9999'
}

@test "json and text: the verdict's keys; text has a verdict: line; -v asks the zone's SOA" {
	rq "$(n 07)"
	json_is '(.verdict | keys_unsorted) == ["action", "reason", "uri",
		"routing_number", "targets", "ttl"] and
		(.verdict.targets[0] | keys_unsorted) == ["host", "port", "transport",
		"addresses"] and .zone == null'
	run --separate-stderr enumq -S "$NSD_ADDR" -p "$NSD_PORT" -R -v "$(n 07)"
	assert_equal "$status" 0
	assert_line '  verdict: route (RFC 5346 4.2 2.A: rank 1 URI, 1 target) sip:u@a.example.net -> a.example.net:5060/udp [192.0.2.10 2001:db8::10] ttl 300'
	assert_line '  zone: e164.arpa. (ns.e164.arpa., contact hostmaster.e164.arpa.)'
	run --separate-stderr enumq -S "$NSD_ADDR" -p "$NSD_PORT" -R -v -j "$(n 07)"
	json_is '.zone.apex == "e164.arpa." and .zone.rname == "hostmaster.e164.arpa."'
}

@test "exit status: the largest over all numbers: route 0, reject 1, pstn 2, invalid 4" {
	rq "$(n 07)"
	assert_equal "$status" 0
	rq "$(n 07)" "$(n 12)"
	assert_equal "$status" 1
	rq "$(n 12)" "$(n 14)" "$(n 07)"
	assert_equal "$status" 2
	rq "$(n 07)" "+1-800-FLOWERS"
	assert_equal "$status" 4
	json_lines 2 '.[1].verdict.action == "invalid"'
}
