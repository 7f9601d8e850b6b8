#!/usr/bin/env bats
# 40-network: enumq's DNS transport against a real NSD: server and port
# selection, TCP, IPv6, unreachable and silent servers, truncation and the
# retry over TCP (RFC 6116 7.1), absolute names, REFUSED (RFC 5346 4.2) and
# the --verbose trace.
#
# Besides NSD, setup_file starts two small Python programs on loopback:
#   proxy  (tests/proxy.py) relays UDP and TCP to NSD, logging "udp NAME"/
#          "tcp NAME" per query, so a test sees which transport enumq used;
#   sink   (tests/sink.py) a UDP socket that reads and drops, logging
#          "dropped" per datagram.
# When ::1 is on lo, a second NSD serves the same zones on ::1.

# NSD_PORT comes from nsd_start; $stderr from run --separate-stderr.
# shellcheck disable=SC2153,SC2154,SC2016 # (and jq programs hold $names)

bats_require_minimum_version 1.5.0

load helper

# The number used throughout: +44 1632 960083, one sip URI.
NUM=+441632960083
DOM=3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.
# +44 1632 960060: 60 NAPTRs, more than an EDNS payload of 1232 bytes.
BIG=+441632960060

# py_start NAME ARG...: run tests/NAME.py ARG... in the background; it
# prints its port once its sockets are bound. Sets PY_PORT; the pid goes to
# NAME.pid. Readiness comes through a FIFO: read blocks until the port is
# printed.
py_start() {
	local name=$1 fifo=$BATS_FILE_TMPDIR/$1.fifo
	shift
	rm -f "$fifo"
	mkfifo "$fifo"
	/usr/bin/python3 "$BATS_TEST_DIRNAME/$name.py" "$@" </dev/null >"$fifo" \
		2>"$BATS_FILE_TMPDIR/$name.stderr" 3>&- &
	echo $! >"$BATS_FILE_TMPDIR/$name.pid"
	PY_PORT=
	read -r PY_PORT <"$fifo" || true
	rm -f "$fifo"
	[[ $PY_PORT =~ ^[0-9]+$ ]] ||
		fail "$name did not start: $(<"$BATS_FILE_TMPDIR/$name.stderr")"
}

# py_stop NAME: end what py_start NAME started.
py_stop() {
	local pidfile=$BATS_FILE_TMPDIR/$1.pid pid
	[[ -f $pidfile ]] || return 0
	pid=$(<"$pidfile")
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$pidfile"
}

# nsd6_start: a second NSD with the first one's zones on ::1, its files in
# $BATS_FILE_TMPDIR/v6/nsd so that nsd_stop (with BATS_FILE_TMPDIR set to
# .../v6) stops it. Exports NSD6_PORT.
nsd6_start() {
	local dir=$BATS_FILE_TMPDIR/v6/nsd pid
	mkdir -p "$dir"
	NSD6_PORT=$(_free_port ::1)
	[[ -n $NSD6_PORT ]] || { fail "nsd6_start: no free port on ::1"; return 1; }
	sed -e 's|ip-address: .*|ip-address: ::1|' \
		-e "s|^\\( *port:\\) .*|\\1 $NSD6_PORT|" \
		-e 's|do-ip6: no|do-ip6: yes|' -e 's|do-ip4: yes|do-ip4: no|' \
		-e "s|$BATS_FILE_TMPDIR/nsd\\([/\"]\\)|$dir\\1|g" \
		"$BATS_FILE_TMPDIR/nsd/nsd.conf" >"$dir/nsd.conf"
	setsid /usr/sbin/nsd -d -c "$dir/nsd.conf" </dev/null \
		>"$dir/nsd.stderr" 2>&1 3>&- &
	pid=$!
	echo "$pid" >"$dir/leader.pid"
	if _nsd_wait "$pid" ::1 "$NSD6_PORT" 3.6.1.4.4.e164.arpa; then
		export NSD6_PORT
		return 0
	fi
	fail "nsd6_start: NSD did not answer on ::1 port $NSD6_PORT:
$(cat "$dir/nsd.stderr" "$dir/nsd.log" 2>/dev/null)"
}

setup_file() {
	local i
	zone_write uk.zone 3.6.1.4.4.e164.arpa <<-'ZONE'
		3.8.0.0.6.9.2 IN NAPTR 100 10 "u" "E2U+sip" "!^(\\+441632960083)$!sip:\\1@example.com!" .
		5.8.0.0.6.9.2 IN TXT "not in service"
	ZONE
	for ((i = 1; i <= 60; i++)); do
		printf '0.6.0.0.6.9.2 IN NAPTR 100 %d "u" "E2U+sip" "!^.*$!sip:user-%02d@example.com!" .\n' "$i" "$i"
	done >>"$BATS_FILE_TMPDIR/uk.zone"
	# a zone whose apex is "e164.": catches a search list appended to a name
	zone_write e164.zone e164 <<-'ZONE'
		3.8.0.0.6.9.2.3.6.1.4.4 IN NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:apex-e164@example.com!" .
	ZONE
	nsd_start uk.zone e164.zone
	: >"$BATS_FILE_TMPDIR/proxy.log"
	py_start proxy "$NSD_PORT" "$BATS_FILE_TMPDIR/proxy.log"
	export PROXY_PORT=$PY_PORT
	: >"$BATS_FILE_TMPDIR/sink.log"
	py_start sink "$BATS_FILE_TMPDIR/sink.log"
	export SINK_PORT=$PY_PORT
	if have_ipv6; then
		nsd6_start
	fi
}

teardown_file() {
	py_stop proxy
	py_stop sink
	BATS_FILE_TMPDIR=$BATS_FILE_TMPDIR/v6 nsd_stop
	nsd_stop
}

# A port with nothing listening on 127.0.0.1 (neither UDP nor TCP).
dead_port() {
	_free_port
}

# The proxy's log for the test: cleared by proxy_clear, read by proxy_log.
proxy_clear() { : >"$BATS_FILE_TMPDIR/proxy.log"; }
proxy_log() { cat "$BATS_FILE_TMPDIR/proxy.log"; }

# --- server and port selection ---------------------------------------------

# ok_from SERVER: $output is the one JSON line of an ok answer for $NUM from
# SERVER (ADDR#PORT); stderr is empty.
ok_from() {
	json_is --arg srv "$1" '.status == "ok" and .server == $srv
		and [.uris[].uri] == ["sip:+441632960083@example.com"]'
	assert_equal "$stderr" ''
}

@test "-S ADDR, --server ADDR and @ADDR give the same answer" {
	local a b
	run -0 --separate-stderr enumq -j -S "$NSD_ADDR" -p "$NSD_PORT" "$NUM"
	ok_from "$NSD_ADDR#$NSD_PORT"
	a=$(jq -c 'del(.elapsed_ms)' <<<"$output")
	run -0 --separate-stderr enumq -j --server "$NSD_ADDR" --port "$NSD_PORT" "$NUM"
	ok_from "$NSD_ADDR#$NSD_PORT"
	b=$(jq -c 'del(.elapsed_ms)' <<<"$output")
	assert_equal "$b" "$a"
	run -0 --separate-stderr enumq -j -p "$NSD_PORT" "@$NSD_ADDR" "$NUM"
	ok_from "$NSD_ADDR#$NSD_PORT"
	b=$(jq -c 'del(.elapsed_ms)' <<<"$output")
	assert_equal "$b" "$a"
}

@test "@ADDR may come after the numbers, as in dig" {
	run -0 --separate-stderr enumq -j -p "$NSD_PORT" "$NUM" "@$NSD_ADDR"
	ok_from "$NSD_ADDR#$NSD_PORT"
}

@test "-p selects the port: the proxy's port reaches NSD through the proxy" {
	proxy_clear
	run -0 --separate-stderr enumq -j -S 127.0.0.1 -p "$PROXY_PORT" "$NUM"
	ok_from "127.0.0.1#$PROXY_PORT"
	run proxy_log
	assert_output "udp $DOM"
}

# --- transport ----------------------------------------------------------------

@test "UDP by default: one UDP query, no TCP" {
	proxy_clear
	run -0 enumq -S 127.0.0.1 -p "$PROXY_PORT" -1 "$NUM"
	assert_output 'sip:+441632960083@example.com'
	run proxy_log
	assert_output "udp $DOM"
}

@test "-T: the query goes over TCP only, with the same result as UDP" {
	local udp tcp
	proxy_clear
	run -0 --separate-stderr enumq -j -T -S 127.0.0.1 -p "$PROXY_PORT" "$NUM"
	ok_from "127.0.0.1#$PROXY_PORT"
	tcp=$(jq -c 'del(.elapsed_ms)' <<<"$output")
	run proxy_log
	assert_output "tcp $DOM"
	run -0 --separate-stderr enumq -j -S 127.0.0.1 -p "$PROXY_PORT" "$NUM"
	ok_from "127.0.0.1#$PROXY_PORT"
	udp=$(jq -c 'del(.elapsed_ms)' <<<"$output")
	assert_equal "$tcp" "$udp"
	# and straight to NSD, over TCP
	run -0 enumq -T --tcp -S "$NSD_ADDR" -p "$NSD_PORT" -1 "$NUM"
	assert_output 'sip:+441632960083@example.com'
}

@test "-T against a port with nothing listening: error at once (connection refused)" {
	local port
	port=$(dead_port)
	run -3 --separate-stderr enumq -j -T -S 127.0.0.1 -p "$port" "$NUM"
	json_is --arg srv "127.0.0.1#$port" '.status == "error" and .rcode == null
		and .server == $srv and (.error | type == "string" and length > 0)
		and .elapsed_ms < 2000'
}

@test "IPv6: -S ::1 and @::1 reach NSD on ::1" {
	need_ipv6
	run -0 --separate-stderr enumq -j -S ::1 -p "$NSD6_PORT" "$NUM"
	ok_from "::1#$NSD6_PORT"
	run -0 --separate-stderr enumq -T -p "$NSD6_PORT" @::1 -1 "$NUM"
	assert_output 'sip:+441632960083@example.com'
}

@test "IPv6: -S ::1 with nothing listening there (or no ::1 at all): status error, exit 3, no crash or hang" {
	local port=$NSD_PORT
	# with ::1, a port free there; without, any port fails as well
	if have_ipv6; then
		port=$(_free_port ::1)
	fi
	run -3 --separate-stderr timeout 10 enumq -j --timeout 1 --retries 0 -S ::1 -p "$port" "$NUM"
	json_is --arg srv "::1#$port" '.status == "error" and .rcode == null
		and .server == $srv and (.error | type == "string" and length > 0)'
}

# --- failures: no server, a silent server (RFC 5346 4.2) -------------------------

@test "nothing listening on the port: status error, exit 3, rcode null, error given, quickly" {
	local port start=$SECONDS
	port=$(dead_port)
	# default --timeout 5 --retries 2: refused tries must not wait for it
	run -3 --separate-stderr enumq -j -S 127.0.0.1 -p "$port" "$NUM"
	((SECONDS - start < 3)) || fail "took $((SECONDS - start)) s"
	json_is --arg srv "127.0.0.1#$port" '.status == "error" and .rcode == null
		and .server == $srv and (.error | type == "string" and length > 0)
		and .uris == [] and .elapsed_ms < 2000
		and .trees[0].rcode == null and .trees[0].status == "error"'
	# text: the header carries the error, no RCODE
	run -3 enumq -S 127.0.0.1 -p "$port" "$NUM"
	assert_output --regexp "^\\+441632960083 \\($DOM\\): error from 127\\.0\\.0\\.1#$port in [0-9]+ ms: .+\$"
}

@test "--timeout 0.3 --retries 1 against a silent server: error after two tries, ~0.6 s" {
	: >"$BATS_FILE_TMPDIR/sink.log"
	run -3 --separate-stderr enumq -j --timeout 0.3 --retries 1 -S 127.0.0.1 -p "$SINK_PORT" "$NUM"
	json_is '.status == "error" and .rcode == null
		and (.error | type == "string" and length > 0)
		and .elapsed_ms > 500 and .elapsed_ms < 3000'
	# 1 try + 1 retry = 2 datagrams
	run cat "$BATS_FILE_TMPDIR/sink.log"
	assert_output "dropped
dropped"
}

@test "--retries 0 against a silent server: one try, one datagram" {
	: >"$BATS_FILE_TMPDIR/sink.log"
	run -3 --separate-stderr enumq -j --timeout 0.2 --retries 0 -S 127.0.0.1 -p "$SINK_PORT" "$NUM"
	json_is '.status == "error" and .elapsed_ms > 150 and .elapsed_ms < 2000'
	run cat "$BATS_FILE_TMPDIR/sink.log"
	assert_output "dropped"
}

# --- large answers (RFC 6116 7.1) -------------------------------------------------

@test "fixture: the 60-NAPTR answer does not fit 1232 bytes (NSD sets TC over UDP)" {
	run dig +norec +bufsize=1232 +ignore -p "$NSD_PORT" @"$NSD_ADDR" NAPTR \
		0.6.0.0.6.9.2.3.6.1.4.4.e164.arpa
	assert_output --regexp 'flags:[a-z ]* tc[ ;]'
}

@test "large answer: truncated over UDP, retried over TCP, all 60 records judged" {
	proxy_clear
	run -0 --separate-stderr enumq -v -j -S 127.0.0.1 -p "$PROXY_PORT" "$BIG"
	json_is '.status == "ok" and (.records | length) == 60
		and (.uris | length) == 60
		and ([.records[].reason] | all(. == null))
		and .uris[0].uri == "sip:user-01@example.com"
		and .uris[59].uri == "sip:user-60@example.com"'
	# the proxy saw UDP first, then TCP
	run proxy_log
	assert_output "udp 0.6.0.0.6.9.2.3.6.1.4.4.e164.arpa.
tcp 0.6.0.0.6.9.2.3.6.1.4.4.e164.arpa."
}

# --- names (RFC 6116 3.2) and RCODEs (RFC 5346 4.1-4.2) -----------------------------

@test "names are queried absolute: -t e164 asks for ...e164. (no search list)" {
	proxy_clear
	run -0 --separate-stderr enumq -j -t e164 -S 127.0.0.1 -p "$PROXY_PORT" "$NUM"
	json_is '.domain == "3.8.0.0.6.9.2.3.6.1.4.4.e164." and .tree == "e164."
		and [.uris[].uri] == ["sip:apex-e164@example.com"]'
	run proxy_log
	assert_output "udp 3.8.0.0.6.9.2.3.6.1.4.4.e164."
}

@test "REFUSED (a name outside NSD's zones): status error, rcode REFUSED, exit 3" {
	run -3 --separate-stderr enumq -j -t example.org -S "$NSD_ADDR" -p "$NSD_PORT" "$NUM"
	json_is '.status == "error" and .rcode == "REFUSED"
		and .domain == "3.8.0.0.6.9.2.3.6.1.4.4.example.org."
		and (.error | type == "string" and test("REFUSED"))
		and .uris == []'
}

@test "nodata and nxdomain over the network: RCODE NOERROR and NXDOMAIN" {
	run -1 --separate-stderr enumq -j -S "$NSD_ADDR" -p "$NSD_PORT" +441632960085
	json_is '.status == "nodata" and .rcode == "NOERROR" and .error == null'
	run -2 --separate-stderr enumq -j -S "$NSD_ADDR" -p "$NSD_PORT" +441632960099
	json_is '.status == "nxdomain" and .rcode == "NXDOMAIN" and .error == null'
}

# --- the trace ----------------------------------------------------------------------

@test "-v: the trace on stderr names the query, the server and the rcode" {
	run -0 --separate-stderr enumq -v -S "$NSD_ADDR" -p "$NSD_PORT" "$NUM"
	[[ $stderr == *"$DOM"* ]] || fail "no query name in: $stderr"
	[[ $stderr == *"$NSD_ADDR#$NSD_PORT"* ]] || fail "no server in: $stderr"
	[[ $stderr == *NOERROR* ]] || fail "no rcode in: $stderr"
	# and stdout is the result alone
	[[ $output != *";;"* ]] || fail "trace on stdout: $output"
	assert_line --index 0 --partial "$NUM ($DOM): ok, NOERROR from $NSD_ADDR#$NSD_PORT"
	run -2 --separate-stderr enumq -v -S "$NSD_ADDR" -p "$NSD_PORT" +441632960099
	[[ $stderr == *9.9.0.0.6.9.2.3.6.1.4.4.e164.arpa.* && $stderr == *NXDOMAIN* ]] ||
		fail "no query name or NXDOMAIN in: $stderr"
}

@test "-v: the trace shows the truncation and the TCP retry" {
	run -0 --separate-stderr enumq -v -S "$NSD_ADDR" -p "$NSD_PORT" "$BIG"
	assert_line --index 0 --partial "$BIG (0.6.0.0.6.9.2.3.6.1.4.4.e164.arpa.): ok"
	# the UDP query, then (after the truncated reply) the TCP one
	run grep -e '^;; query ' -e '^;; truncated ' <<<"$stderr"
	assert_line --index 0 --partial udp
	assert_output --partial trunc
	assert_line --index "$((${#lines[@]} - 1))" --partial tcp
}
