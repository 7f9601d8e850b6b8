#!/usr/bin/env bats
# 48-transport: how queries travel. --rate measured where it counts, at
# the server: the pace asked for, within 5 %, and never more in any one
# second. TCP (-T, and after a truncated UDP reply) as RFC 7766 asks:
# queries pipelined on one connection (6.2.1.1), a second connection only
# when one is full (6.2.2), answers in any order matched by ID (7), idle
# connections closed (6.2.3), unanswered queries sent again when the
# server ends a connection (6.2.4). The fake server (tests/fakedns.py)
# logs every query with its time and source port, and every connection.

# $stderr comes from run --separate-stderr; FAKEDNS_* from fakedns_start.
# shellcheck disable=SC2154,SC2030,SC2031,SC2016 # (and jq programs hold $names)

bats_require_minimum_version 1.5.0

load helper

teardown() {
	fakedns_stop
	nsd_stop
}

# numbers FROM COUNT: +44207946xxxx, one a line, to $BATS_TEST_TMPDIR/in.
numbers() {
	local i
	for ((i = $1; i < $1 + $2; i++)); do
		printf '+44207946%04d\n' "$i"
	done >"$BATS_TEST_TMPDIR/in"
}

# echo_server [DELAY]: every name answered with one NAPTR whose URI holds
# the name asked for (so that an answer given to the wrong query shows),
# DELAY seconds after the query came in.
echo_server() {
	fakedns_start <<EOF
def behave(q):
    return {"delay": ${1:-0}, "an": [naptr("@", 100, 10, "u", "E2U+sip",
        "!^.*\$!sip:" + q.name + "x!")]}
EOF
}

# all_echoed N: \$output is N JSON lines, the numbers of
# \$BATS_TEST_TMPDIR/in in order, each ok with the URI of its own name.
all_echoed() {
	json_lines "$1" --rawfile in "$BATS_TEST_TMPDIR/in" '
		map(.input) == ($in | split("\n") | map(select(. != ""))) and
		all(.[]; .status == "ok" and [.uris[].uri] == ["sip:" + .domain + "x"])'
}

# conns: TCP connections the fake server accepted; tcp_ports: the source
# ports its TCP queries came from
conns() { awk -F '\t' '$2 == "c"' "$FAKEDNS_LOG" | wc -l; }
tcp_ports() { awk -F '\t' '$2 == "q" && $3 == "tcp" { print $6 }' "$FAKEDNS_LOG" | sort -u | wc -l; }

# --- --rate --------------------------------------------------------------

# rate_seen RATE: the queries' times at the server (the kernel's receive
# times), sorted: "N queries, R/s, at most M in a second", R being N - 1
# over the first to the last, M the most in any window of one second.
rate_seen() {
	awk -F '\t' '$2 == "q" { print $1 }' "$FAKEDNS_LOG" | sort -g |
		awk '{ t[n++] = $1 }
		END {
			for (i = j = 0; i < n; i++) {
				while (j < n && t[j] < t[i] + 1)
					j++
				if (j - i > most)
					most = j - i
			}
			printf "%d queries, %.1f/s, at most %d in a second\n",
			    n, (n - 1) / (t[n - 1] - t[0]), most
		}'
}

# rate_case RATE N: N numbers at --rate RATE, all in the window at once (so
# that only the rate holds them back); the server must see them come within
# 5 % of RATE a second, and no more than RATE in any second but for 1 %:
# enumq counts a packet when it decides to send it, the server a little
# later, when it comes in.
rate_case() {
	local rate=$1 n=$2 seen got most
	echo_server
	numbers 0 "$n"
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 10 --rate "$rate" -c "$(limit CONCURRENCY_MAX)" -j \
		-f "$BATS_TEST_TMPDIR/in"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	all_echoed "$n"
	seen=$(rate_seen)
	read -r _ _ got _ _ _ most _ <<<"$seen"
	assert_equal "$(fakedns_count q udp '*')" "$n"
	awk -v got="${got%/s,}" -v r="$rate" 'BEGIN { exit !(got >= 0.95 * r && got <= 1.05 * r) }' ||
		fail "--rate $rate: the server saw $seen (not within 5 %)"
	((most <= rate + rate / 100)) ||
		fail "--rate $rate: the server saw $seen (more than $rate in a second)"
}

@test "--rate 20: the server sees 20 queries a second (within 5 %), never more in a second" {
	rate_case 20 41
}

@test "--rate 2000: the server sees 2000 queries a second (within 5 %), never more in a second" {
	rate_case 2000 4001
}

# --- TCP: pipelined, few connections (RFC 7766) ------------------------------

@test "-T, 100 numbers at -c 64: one connection, 64 queries pipelined before the first answer (RFC 7766 6.2.1.1)" {
	echo_server 0.2
	numbers 0 100
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" -T -j \
		-f "$BATS_TEST_TMPDIR/in"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	all_echoed 100
	assert_equal "$(fakedns_count q tcp '*')" 100
	assert_equal "$(fakedns_count q udp '*')" 0
	assert_equal "$(conns)" 1
	assert_equal "$(tcp_ports)" 1
	# every one of the first 64 queries came in before the first answer
	run awk -F '\t' '$2 == "a" { exit } $2 == "q" { n++ } END { print n }' "$FAKEDNS_LOG"
	assert_output 64
}

@test "-T, answers in the reverse order on one connection: each matched to its query by ID (RFC 7766 7)" {
	# the first number's answer is held longest
	fakedns_start <<'EOF'
def behave(q):
    i = int("".join(reversed(q.name.split(".")[:4])))
    return {"delay": 0.4 - i * 0.01, "an": [naptr("@", 100, 10, "u", "E2U+sip",
        "!^.*$!sip:" + q.name + "x!")]}
EOF
	numbers 0 30
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" -T -j \
		-f "$BATS_TEST_TMPDIR/in"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	all_echoed 30
	assert_equal "$(conns)" 1
	# the answers did go out in another order than the queries came in
	assert_not_equal "$(awk -F '\t' '$2 == "q" { print $5 }' "$FAKEDNS_LOG")" \
		"$(awk -F '\t' '$2 == "a" { print $5 }' "$FAKEDNS_LOG")"
}

@test "-T -c 1500, answers held 0.5 s: 4 connections, 256 queries in flight on each, IDs unique on each (RFC 7766 6.2.1, 6.2.2)" {
	local pipeline conns
	pipeline=$(limit TCP_PIPELINE)
	conns=$(limit TCP_CONNS)
	echo_server 0.5
	numbers 0 1500
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" -T -c 1500 \
		--timeout 10 -j -f "$BATS_TEST_TMPDIR/in"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	all_echoed 1500
	assert_equal "$(fakedns_count q tcp '*')" 1500
	assert_equal "$(conns)" "$conns"
	# in flight on each connection at once: at most (and at some point
	# exactly) TCP_PIPELINE, never two with one ID
	run awk -F '\t' '$3 != "tcp" { next }
		$2 == "q" { if (++fly[$6] > most[$6]) most[$6] = fly[$6]
			if (id[$6, $4]++) dup++ }
		$2 == "a" { fly[$6]--; id[$6, $4]-- }
		END { for (p in most) print most[p]; print "duplicate IDs " dup + 0 }' "$FAKEDNS_LOG"
	assert_equal "${#lines[@]}" "$((conns + 1))"
	assert_equal "$(printf '%s\n' "${lines[@]}" | sort -u | paste -sd ' ')" \
		"$pipeline duplicate IDs 0"
}

@test "-T, the server ends each connection after one answer: the rest go again on a new one, no try spent (RFC 7766 6.2.4)" {
	# the first query of a connection is answered, then the connection
	# closed; the others on it are never answered
	fakedns_start <<'EOF'
import threading
seen, lock = set(), threading.Lock()
def behave(q):
    with lock:
        first = q.port not in seen
        seen.add(q.port)
    if not first:
        return {"drop": True}
    return {"close_after": True, "an": [naptr("@", 100, 10, "u", "E2U+sip",
        "!^.*$!sip:" + q.name + "x!")]}
EOF
	numbers 0 20
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" -T -c 20 \
		--retries 0 --timeout 5 -j -f "$BATS_TEST_TMPDIR/in"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	all_echoed 20
	# one connection an answer, one after the other
	assert_equal "$(conns)" 20
	assert_equal "$(fakedns_count a tcp '*')" 20
	json_lines 20 'all(.[]; .elapsed_ms < 5000)'
}

@test "-T, a silent server: each try on a new connection (one that brought nothing takes no more)" {
	fakedns_start <<'EOF'
RULES = {"default": {"drop": True}}
EOF
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" -T \
		--timeout 0.3 --retries 2 -j +442079460001
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	json_is '.status == "error" and (.error | endswith(": timed out"))'
	assert_equal "$(fakedns_count q tcp '*')" 3
	assert_equal "$(conns)" 3
	assert_equal "$(tcp_ports)" 3
}

@test "-T, one silent name among answered ones: its retry rides the same connection" {
	fakedns_start <<'EOF'
def behave(q):
    if q.name.startswith("1.0.0.0."):
        return {"drop": True}
    return {"an": [naptr("@", 100, 10, "u", "E2U+sip", "!^.*$!sip:" + q.name + "x!")]}
EOF
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" -T \
		--timeout 0.5 --retries 1 -j +442079460000 +442079460001 +442079460002
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	json_lines 3 '[.[].status] == ["ok", "error", "ok"] and (.[1].error | endswith(": timed out"))'
	assert_equal "$(fakedns_count q tcp '*')" 4
	assert_equal "$(fakedns_count q tcp 1.0.0.0.6.4.9.7.0.2.4.4.e164.arpa.)" 2
	assert_equal "$(conns)" 1
}

@test "TC over UDP for 50 numbers: their TCP tries share one connection (RFC 6116 7.1, RFC 7766 6.2.1)" {
	fakedns_start <<'EOF'
def behave(q):
    return {"tc": True, "delay": 0.3 if q.transport == "tcp" else 0,
            "an": [naptr("@", 100, 10, "u", "E2U+sip", "!^.*$!sip:" + q.name + "x!")]}
EOF
	numbers 0 50
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" -j \
		-f "$BATS_TEST_TMPDIR/in"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	all_echoed 50
	assert_equal "$(fakedns_count q udp '*')" 50
	assert_equal "$(fakedns_count q tcp '*')" 50
	assert_equal "$(conns)" 1
}

@test "-T, numbers from a pipe: the connection is closed while enumq waits for the next (RFC 7766 6.2.3)" {
	local in=$BATS_TEST_TMPDIR/in.fifo out=$BATS_TEST_TMPDIR/out.fifo pid line i st=0
	echo_server
	mkfifo "$in" "$out"
	enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" -T -j -f - <"$in" >"$out" \
		2>"$BATS_TEST_TMPDIR/err" 3>&- &
	pid=$!
	exec 5>"$in" 6<"$out"
	echo +442079460001 >&5
	# (the timeouts only guard against a hang: the result and the log are
	# the sync)
	read -r -t 10 line <&6 || fail "no result while the input is still open"
	assert_equal "$(jq -r '.input + " " + .status' <<<"$line")" "+442079460001 ok"
	for ((i = 0; i < 100; i++)); do
		[[ $(awk -F '\t' '$2 == "e"' "$FAKEDNS_LOG") ]] && break
		sleep 0.05
	done
	assert_equal "$(awk -F '\t' '{ print $2 }' "$FAKEDNS_LOG" | paste -sd ' ')" 'c q a e'
	echo +442079460002 >&5
	exec 5>&-
	read -r -t 10 line <&6 || fail "no result for the second number"
	assert_equal "$(jq -r '.input + " " + .status' <<<"$line")" "+442079460002 ok"
	exec 6<&-
	wait "$pid" || st=$?
	assert_equal "$st" 0
	assert_equal "$(cat "$BATS_TEST_TMPDIR/err")" ''
	assert_equal "$(conns)" 2
}

# --- against NSD ---------------------------------------------------------------

@test "-T -c 256 over 2000 numbers against NSD: the same results as over UDP, in input order" {
	local udp
	# the names of +44 20 7946 0000 to 1999, relative to e164.arpa
	awk 'BEGIN { for (i = 0; i < 2000; i++) {
		d = sprintf("%04d", i)
		printf "%s.%s.%s.%s.6.4.9.7.0.2.4.4 IN NAPTR 100 10 \"u\" \"E2U+sip\" \"!^(.*)$!sip:\\\\1@nsd.example!\" .\n",
		    substr(d, 4, 1), substr(d, 3, 1), substr(d, 2, 1), substr(d, 1, 1) } }' |
		zone_write e164.zone e164.arpa
	nsd_start e164.zone
	numbers 0 2000
	run --separate-stderr enumq -S "$NSD_ADDR" -p "$NSD_PORT" -c 256 -j \
		-f "$BATS_TEST_TMPDIR/in"
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	udp=$(jq -c 'del(.elapsed_ms)' <<<"$output")
	run --separate-stderr enumq -S "$NSD_ADDR" -p "$NSD_PORT" -c 256 -T -j \
		-f "$BATS_TEST_TMPDIR/in"
	nsd_stop
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	json_lines 2000 --rawfile in "$BATS_TEST_TMPDIR/in" '
		map(.input) == ($in | split("\n") | map(select(. != ""))) and
		all(.[]; .status == "ok" and .uris[0].uri == "sip:" + .number + "@nsd.example")'
	assert_equal "$(jq -c 'del(.elapsed_ms)' <<<"$output")" "$udp"
}
