#!/usr/bin/env bats
# 44-failover: every server of a list is used, as a stub resolver uses
# them (RFC 1035 7.2, resolv.conf(5)). -S a -S b, @a @b and resolv.conf's
# nameserver lines are an ordered list; a timeout, SERVFAIL, REFUSED,
# NOTIMP, FORMERR, a malformed reply or a referral moves the query to the
# next server; error only when every server failed, each server's failure
# in the message and in JSON's servers. --retries N gives each server N + 1
# tries, in rounds over the list; a server that answered is not asked
# again. resolv.conf's options timeout:N attempts:N count unless --timeout
# or --retries is given (--resolv-conf names the file). -4 and -6 keep one
# address family, as in dig. ADDR#PORT, the form enumq prints, is accepted;
# an argument that is neither an address nor a host name is a usage error.
#
# Each server is a fake one of its own (tests/fakedns.py) on 127.0.0.1,
# started by serve NAME.

# $stderr comes from run --separate-stderr; the jq programs hold $names.
# shellcheck disable=SC2154,SC2016

bats_require_minimum_version 1.5.0

load helper

NUM=+441632960083
DOM=3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.
URI='sip:+441632960083@example.com'

# serve NAME [FILE]: a fake server of its own for NAME, its script on stdin
# or in FILE; its port goes to ${NAME}_PORT, its query log is log_of NAME.
serve() {
	local name=$1
	shift
	BATS_TEST_TMPDIR=$BATS_TEST_TMPDIR/$name fakedns_start "$@" || return 1
	printf -v "${name}_PORT" '%s' "$FAKEDNS_PORT"
}

# answers NAME: a server for NAME that answers every query with $URI.
answers() {
	serve "$1" <<-'EOF'
		RULES = {"default": {"an": [naptr("@", 100, 10, "u", "E2U+sip",
		    r"!^(.*)$!sip:\1@example.com!")]}}
	EOF
}

# fails NAME HOW: a server for NAME whose every answer is HOW (a Python
# dict: {"rcode": "SERVFAIL"}, {"drop": True}, ...).
fails() {
	serve "$1" <<<"RULES = {\"default\": $2}"
}

log_of() {
	echo "$BATS_TEST_TMPDIR/$1/fakedns/log"
}

# count NAME: how many queries NAME's server received.
count() {
	FAKEDNS_LOG=$(log_of "$1") fakedns_count q '*' '*'
}

teardown() {
	local pidfile pid
	for pidfile in "$BATS_TEST_TMPDIR"/*/fakedns/pid; do
		[[ -f $pidfile ]] || continue
		pid=$(<"$pidfile")
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}

# no_ms: $output with the header's " in N ms" taken out.
no_ms() {
	sed -E 's/ in [0-9]+ ms/ in N ms/' <<<"$output"
}

# resolv_conf LINE...: a resolv.conf of these lines; its path on stdout.
resolv_conf() {
	local f=$BATS_TEST_TMPDIR/resolv.conf
	printf '%s\n' "$@" >"$f"
	echo "$f"
}

# --- moving on (RFC 1035 7.2, resolv.conf(5)) --------------------------------

@test "RFC 1035 7.2: SERVFAIL, REFUSED, NOTIMP, FORMERR, garbage, a referral or silence from the first server: the second answers, ok" {
	# the first server fails each number its own way; the second answers
	serve a "$BATS_TEST_DIRNAME/data/failing-server.py"
	answers b
	run --separate-stderr enumq -j --timeout 0.3 --retries 0 \
		-S "127.0.0.1#$a_PORT" -S "127.0.0.1#$b_PORT" \
		+441632960001 +441632960002 +441632960003 +441632960004 \
		+441632960005 +441632960006 +441632960007
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	json_lines 7 --arg a "127.0.0.1#$a_PORT" --arg b "127.0.0.1#$b_PORT" '
		all(.[]; .status == "ok" and .server == $b and .rcode == "NOERROR"
			and .error == null and (.uris | length) == 1
			and .servers[1] == {server: $b, rcode: "NOERROR", error: null}
			and .servers[0].server == $a)
		and [.[].servers[0] | [.rcode, .error]] == [
			["SERVFAIL", "SERVFAIL"], ["REFUSED", "REFUSED"],
			["NOTIMP", "NOTIMP"], ["FORMERR", "FORMERR"],
			[null, "malformed reply"],
			["NOERROR", "referral to e164.arpa. (ns1.example.)"],
			[null, "timed out"]]'
	assert_equal "$(count a)" 7
	assert_equal "$(count b)" 7
}

@test "RFC 1035 7.2: an answer (NXDOMAIN, NOERROR) from the first server is final: the second is never asked" {
	serve a <<-'EOF'
		RULES = {e164("+441632960001"): {"rcode": "NXDOMAIN"},
		         e164("+441632960002"): {}}
	EOF
	answers b
	run --separate-stderr enumq -j --timeout 2 \
		@"127.0.0.1#$a_PORT" @"127.0.0.1#$b_PORT" +441632960001 +441632960002
	assert_equal "$status" 2
	assert_equal "$stderr" ''
	json_lines 2 --arg a "127.0.0.1#$a_PORT" '
		[.[].status] == ["nxdomain", "nodata"]
		and all(.[]; .server == $a and (.servers | length) == 1
			and .servers[0].server == $a and .servers[0].error == null)'
	assert_equal "$(count a)" 2
	assert_equal "$(count b)" 0
}

@test "RFC 1035 7.2: nothing listening on the first server's port: the second answers at once" {
	local dead
	dead=$(_free_port)
	answers b
	run --separate-stderr enumq -j --timeout 2 \
		-S "127.0.0.1#$dead" -S "127.0.0.1#$b_PORT" "$NUM"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	json_is --arg d "127.0.0.1#$dead" --arg b "127.0.0.1#$b_PORT" --arg u "$URI" '
		.status == "ok" and [.uris[].uri] == [$u] and .server == $b
		and .servers == [{server: $d, rcode: null, error: "Connection refused"},
			{server: $b, rcode: "NOERROR", error: null}]
		and .elapsed_ms < 1000'
}

@test "RFC 1035 7.2: -T: a server that closes the connection, the next answers over TCP" {
	fails a '{"close": True}'
	answers b
	run --separate-stderr enumq -T -j --timeout 2 --retries 0 \
		-S "127.0.0.1#$a_PORT" -S "127.0.0.1#$b_PORT" "$NUM"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	json_is --arg b "127.0.0.1#$b_PORT" '.status == "ok" and .server == $b
		and .servers[0].error == "connection closed"'
	assert_equal "$(FAKEDNS_LOG=$(log_of b) fakedns_count q tcp "$DOM")" 1
}

# --- every server failed -----------------------------------------------------

@test "RFC 5346 4.2: every server failed: error (exit 3), each server's failure in the message and in servers" {
	fails a '{"rcode": "SERVFAIL"}'
	fails b '{"rcode": "REFUSED"}'
	run --separate-stderr enumq -j --timeout 2 \
		-S "127.0.0.1#$a_PORT" -S "127.0.0.1#$b_PORT" "$NUM"
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	json_is --arg a "127.0.0.1#$a_PORT" --arg b "127.0.0.1#$b_PORT" '
		.status == "error" and .rcode == "REFUSED" and .server == $b
		and .error == "no valid answer: \($a): SERVFAIL; \($b): REFUSED"
		and .servers == [{server: $a, rcode: "SERVFAIL", error: "SERVFAIL"},
			{server: $b, rcode: "REFUSED", error: "REFUSED"}]'
	run --separate-stderr enumq --timeout 2 \
		-S "127.0.0.1#$a_PORT" -S "127.0.0.1#$b_PORT" "$NUM"
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	assert_equal "$(no_ms)" "$NUM ($DOM): error, REFUSED from 127.0.0.1#$b_PORT in N ms: no valid answer: 127.0.0.1#$a_PORT: SERVFAIL; 127.0.0.1#$b_PORT: REFUSED"
	# an answer is a server's last word: one query each, in each run
	assert_equal "$(count a)" 2
	assert_equal "$(count b)" 2
}

@test "RFC 1035 7.2, --retries 1: two silent servers get two tries each, in rounds (a b a b), then error" {
	fails a '{"drop": True}'
	fails b '{"drop": True}'
	run --separate-stderr enumq -j --timeout 0.2 --retries 1 \
		-S "127.0.0.1#$a_PORT" -S "127.0.0.1#$b_PORT" "$NUM"
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	json_is --arg a "127.0.0.1#$a_PORT" --arg b "127.0.0.1#$b_PORT" '
		.status == "error" and .rcode == null and .server == $b
		and .error == "no valid answer: \($a): timed out; \($b): timed out"
		and .elapsed_ms >= 780 and .elapsed_ms < 1400'
	assert_equal "$(count a)" 2
	assert_equal "$(count b)" 2
	# in rounds: the queries alternate between the servers
	assert_equal "$(sort -k1,1n -m <(awk -F '\t' '$2 == "q" { print $1, "a" }' "$(log_of a)") \
		<(awk -F '\t' '$2 == "q" { print $1, "b" }' "$(log_of b)") | cut -d ' ' -f 2 | tr -d '\n')" abab
}

@test "RFC 1035 7.2: a server that answered SERVFAIL is not asked again; the silent one gets every try" {
	fails a '{"rcode": "SERVFAIL"}'
	fails b '{"drop": True}'
	run --separate-stderr enumq -j --timeout 0.2 --retries 2 \
		-S "127.0.0.1#$a_PORT" -S "127.0.0.1#$b_PORT" "$NUM"
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	json_is --arg a "127.0.0.1#$a_PORT" --arg b "127.0.0.1#$b_PORT" '
		.status == "error" and .rcode == null
		and .error == "no valid answer: \($a): SERVFAIL; \($b): timed out"
		and .servers == [{server: $a, rcode: "SERVFAIL", error: "SERVFAIL"},
			{server: $b, rcode: null, error: "timed out"}]'
	assert_equal "$(count a)" 1
	assert_equal "$(count b)" 3
}

@test "one server, --retries 2: SERVFAIL ends the query at once, silence gets three tries (as before)" {
	fails a '{"rcode": "SERVFAIL"}'
	run --separate-stderr enumq -j --timeout 2 --retries 2 -S "127.0.0.1#$a_PORT" "$NUM"
	assert_equal "$status" 3
	json_is '.error == "no valid answer: SERVFAIL" and (.servers | length) == 1
		and .elapsed_ms < 1000'
	assert_equal "$(count a)" 1
	fails b '{"drop": True}'
	run --separate-stderr enumq -j --timeout 0.2 --retries 2 -S "127.0.0.1#$b_PORT" "$NUM"
	assert_equal "$status" 3
	json_is '.error == "no valid answer: timed out" and .elapsed_ms >= 580'
	assert_equal "$(count b)" 3
}

# --- the list: -S, @, order, ADDR#PORT ------------------------------------------

@test "RFC 1035 7.2: the list is taken in order, -S before @; each query starts at the first server" {
	answers a
	answers b
	run --separate-stderr enumq -j --timeout 2 @"127.0.0.1#$b_PORT" \
		-S "127.0.0.1#$a_PORT" +441632960001 +441632960002 +441632960003
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	json_lines 3 --arg a "127.0.0.1#$a_PORT" 'all(.[]; .server == $a)'
	assert_equal "$(count a)" 3
	assert_equal "$(count b)" 0
}

@test "ADDR#PORT, the form enumq prints, for -S and @; it wins over -p, which serves the others" {
	answers a
	answers b
	run --separate-stderr enumq -j --timeout 2 -p "$b_PORT" -S "127.0.0.1#$a_PORT" "$NUM"
	assert_equal "$status" 0
	json_is --arg a "127.0.0.1#$a_PORT" '.server == $a'
	run --separate-stderr enumq -j --timeout 2 -p "$b_PORT" "@127.0.0.1#$a_PORT" "$NUM"
	assert_equal "$status" 0
	json_is --arg a "127.0.0.1#$a_PORT" '.server == $a'
	# one server with the port given, one with -p's
	fails c '{"rcode": "REFUSED"}'
	run --separate-stderr enumq -j --timeout 2 -p "$b_PORT" \
		"@127.0.0.1#$c_PORT" @127.0.0.1 "$NUM"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	json_is --arg b "127.0.0.1#$b_PORT" --arg c "127.0.0.1#$c_PORT" '
		.server == $b and [.servers[].server] == [$c, $b]'
	assert_equal "$(count a)" 2
	assert_equal "$(count b)" 1
	assert_equal "$(count c)" 1
}

@test "a host name is resolved once, each of its addresses a server (localhost, -4)" {
	answers a
	run --separate-stderr enumq -4 -j --timeout 2 -S "localhost#$a_PORT" "$NUM"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	json_is --arg a "127.0.0.1#$a_PORT" '.server == $a and [.servers[].server] == [$a]'
}

# --- usage: what is not a server ------------------------------------------------

# not_server ARG MESSAGE: enumq -v ARG exits 64 with MESSAGE on stderr and
# nothing else (no query: -v would trace one), nothing on stdout.
not_server() {
	run --separate-stderr enumq -v "$1" "$NUM"
	assert_equal "$status" 64
	assert_equal "$output" ''
	assert_equal "$stderr" "enumq: $2"
}

@test "usage: an argument that is neither an IP address nor a host name: exit 64, nothing asked" {
	not_server @127.0.0.1:53 '@127.0.0.1:53: not an IP address or host name'
	not_server @127.1 '@127.1: not an IP address or host name'
	not_server @1.2.3.4.5 '@1.2.3.4.5: not an IP address or host name'
	not_server '@ns 1.example' '@ns 1.example: not an IP address or host name'
	not_server @ns..example '@ns..example: not an IP address or host name'
	not_server '@::1::2' '@::1::2: not an IP address or host name'
	not_server "@$(printf 'a%.0s' {1..64}).example" \
		"@$(printf 'a%.0s' {1..64}).example: not an IP address or host name"
	not_server '-S#53' '-S #53: not an IP address or host name'
	not_server '-S' '-S +441632960083: not an IP address or host name'
}

@test "usage: a bad #PORT: exit 64 naming it" {
	not_server '@127.0.0.1#0' '@127.0.0.1#0: not a port number (1-65535)'
	not_server '@127.0.0.1#65536' '@127.0.0.1#65536: not a port number (1-65535)'
	not_server '@127.0.0.1#' '@127.0.0.1#: not a port number (1-65535)'
	not_server '@::1#x' '@::1#x: not a port number (1-65535)'
	not_server '-S127.0.0.1#5a' '-S 127.0.0.1#5a: not a port number (1-65535)'
}

@test "usage: more than 8 servers: exit 64" {
	local args=() max n
	max=$(limit SERVERS_MAX)
	for ((n = 1; n <= max + 1; n++)); do
		args+=(-S "127.0.0.$n")
	done
	run --separate-stderr enumq "${args[@]}" "$NUM"
	assert_equal "$status" 64
	assert_equal "$output" ''
	assert_equal "$stderr" "enumq: -S 127.0.0.$((max + 1)): at most $max servers"
}

# --- -4 and -6, as in dig -------------------------------------------------------

@test "-4 and -6: one address family; an address of the other one, or both flags, is a usage error" {
	run --separate-stderr enumq -4 -6 "$NUM"
	assert_equal "$status" 64
	assert_equal "$stderr" 'enumq: -4 and -6 may not be combined'
	run --separate-stderr enumq -4 @::1 "$NUM"
	assert_equal "$status" 64
	assert_equal "$stderr" 'enumq: -4 and server ::1 may not be combined'
	run --separate-stderr enumq -6 -S 127.0.0.1 "$NUM"
	assert_equal "$status" 64
	assert_equal "$stderr" 'enumq: -6 and server 127.0.0.1 may not be combined'
	assert_equal "$output" ''
	run --separate-stderr enumq -4 -z /dev/null "$NUM"
	assert_equal "$status" 64
	assert_equal "$stderr" 'enumq: -z and -4 may not be combined'
}

@test "-4 and -6 keep resolv.conf's servers of one family" {
	local conf
	answers a
	conf=$(resolv_conf "nameserver ::1" "nameserver 127.0.0.1")
	run --separate-stderr enumq -4 -j --timeout 2 -p "$a_PORT" --resolv-conf "$conf" "$NUM"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	json_is --arg a "127.0.0.1#$a_PORT" '.server == $a and [.servers[].server] == [$a]'
	# -6: only ::1, where nothing of this test listens
	run --separate-stderr enumq -6 -j --timeout 0.2 --retries 0 -p "$a_PORT" \
		--resolv-conf "$conf" "$NUM"
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	json_is --arg s "::1#$a_PORT" '.status == "error" and [.servers[].server] == [$s]'
	assert_equal "$(count a)" 1
	# none of the family: error before any lookup
	conf=$(resolv_conf "nameserver 127.0.0.1")
	run --separate-stderr enumq -6 -j --resolv-conf "$conf" "$NUM"
	assert_equal "$status" 3
	assert_equal "$output" ''
	assert_equal "$stderr" "enumq: $conf: no IPv6 name server"
}

# --- resolv.conf(5) --------------------------------------------------------------

@test "resolv.conf(5): nameserver lines in order, bad ones and comments skipped; the first fails, the next answers" {
	local conf
	answers a
	# every server of the file on -p's port: nothing listens on
	# 127.0.0.2's, the fake server on 127.0.0.1's
	conf=$(resolv_conf '# a comment' '; nameserver 127.0.0.3' \
		'nameserver not-an-address' 'search example.com' \
		'nameserver 127.0.0.2' 'nameserver 127.0.0.1 # trailing' \
		'options ndots:2 edns0')
	run --separate-stderr enumq -j --timeout 2 -p "$a_PORT" --resolv-conf "$conf" "$NUM"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	json_is --arg a "127.0.0.1#$a_PORT" --arg a2 "127.0.0.2#$a_PORT" '
		.status == "ok" and .server == $a
		and [.servers[] | [.server, .error]] == [[$a2, "Connection refused"], [$a, null]]'
	assert_equal "$(count a)" 1
}

@test "resolv.conf(5): options timeout:1 attempts:2 count; --timeout and --retries win over them" {
	local conf t0 t1
	fails a '{"drop": True}'
	conf=$(resolv_conf 'nameserver 127.0.0.1' 'options timeout:1 attempts:2')
	run --separate-stderr enumq -j -p "$a_PORT" --resolv-conf "$conf" "$NUM"
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	json_is '.error == "no valid answer: timed out"
		and .elapsed_ms >= 1950 and .elapsed_ms < 2600'
	assert_equal "$(count a)" 2
	run --separate-stderr enumq -j -p "$a_PORT" --timeout 0.2 --retries 0 \
		--resolv-conf "$conf" "$NUM"
	assert_equal "$status" 3
	json_is '.elapsed_ms >= 190 and .elapsed_ms < 600'
	assert_equal "$(count a)" 3
}

@test "resolv.conf(5): options rotate: each query starts at the next server in turn" {
	local conf
	answers a
	conf=$(resolv_conf 'nameserver 127.0.0.1' 'nameserver 127.0.0.2' \
		'options rotate')
	# 127.0.0.2 has nothing on a's port: a query that starts there is
	# refused, then asked of 127.0.0.1
	run --separate-stderr enumq -j -c 1 --timeout 2 -p "$a_PORT" \
		--resolv-conf "$conf" +441632960001 +441632960002
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	json_lines 2 --arg a "127.0.0.1#$a_PORT" --arg a2 "127.0.0.2#$a_PORT" '
		[.[] | [.servers[].server]] == [[$a], [$a2, $a]]'
}

@test "resolv.conf(5): --resolv-conf that cannot be read is a usage error; without nameservers, error 3" {
	run --separate-stderr enumq --resolv-conf "$BATS_TEST_TMPDIR/none" "$NUM"
	assert_equal "$status" 64
	assert_equal "$output" ''
	assert_equal "$stderr" "enumq: $BATS_TEST_TMPDIR/none: No such file or directory"
	run --separate-stderr enumq --resolv-conf "$(resolv_conf 'search example.com')" "$NUM"
	assert_equal "$status" 3
	assert_equal "$output" ''
	assert_equal "$stderr" "enumq: $BATS_TEST_TMPDIR/resolv.conf: no name server"
	run --separate-stderr enumq --resolv-conf /dev/null -S 127.0.0.1 "$NUM"
	assert_equal "$status" 64
	assert_equal "$stderr" 'enumq: --resolv-conf and -S may not be combined'
}

@test "-v: the trace names the servers, their tries, and each move to the next" {
	fails a '{"rcode": "REFUSED"}'
	answers b
	run --separate-stderr enumq -v --timeout 2 --retries 1 \
		-S "127.0.0.1#$a_PORT" -S "127.0.0.1#$b_PORT" "$NUM"
	assert_equal "$status" 0
	assert_line --index 0 --partial "$NUM ($DOM): ok, NOERROR from 127.0.0.1#$b_PORT"
	[[ $stderr == *";; name servers: 127.0.0.1#$a_PORT 127.0.0.1#$b_PORT; 2 tries each, 2.000 s a try"* ]] ||
		fail "no server list in: $stderr"
	[[ $stderr == *";; 127.0.0.1#$a_PORT: REFUSED; next 127.0.0.1#$b_PORT"* ]] ||
		fail "no move in: $stderr"
}
