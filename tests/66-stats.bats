#!/usr/bin/env bats
# 66-stats: --stats, a sweep's summary on stderr without the trace (issue
# 12, section 4): numbers by status, the rate, queries sent, retries,
# truncations and the TCP retries after them, timeouts, each server's
# failures by kind, records discarded by reason; -z says that no query went
# out. -v is the trace plus the same summary, and no longer traces a
# record stdout already shows. stdout stays what it is without --stats, in
# every format. The counters are checked against fake servers that drop,
# truncate and fail (tests/fakedns.py), whose query logs say what enumq
# really sent, and against NSD.

# $stderr comes from run --separate-stderr.
# shellcheck disable=SC2154

bats_require_minimum_version 1.5.0

load helper

setup_file() {
	# one number per discard reason beside a good record, one with none
	zone_write uk.zone 3.6.1.4.4.e164.arpa <<'ZONE'
1.0.0.0.6.9.2 NAPTR 100 10 "u" "E2U+sip" "!^(.*)$!sip:\\1@example.com!" .
1.0.0.0.6.9.2 NAPTR 100 20 "u" "E2U+sip" "!^.*$!nouri!" .
2.0.0.0.6.9.2 NAPTR 100 10 "u" "E2U+sip" "" .
2.0.0.0.6.9.2 NAPTR 100 20 "u" "E2U+sip" "!^.*$!nouri!" .
3.0.0.0.6.9.2 NAPTR 100 10 "u" "E2U+sip" "!^(.*$!sip:x@example.com!" .
4.0.0.0.6.9.2 NAPTR 100 10 "u" "E2U+sip" "!^(.*)$!sip:\\1@example.com!" .
ZONE
	nsd_start uk.zone
}

teardown_file() {
	nsd_stop
}

teardown() {
	local pidfile pid
	for pidfile in "$BATS_TEST_TMPDIR"/*/fakedns/pid "$BATS_TEST_TMPDIR"/fakedns/pid; do
		[[ -f $pidfile ]] || continue
		pid=$(<"$pidfile")
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
}

ZONE_NUMS=(+441632960001 +441632960002 +441632960003 +441632960004 +441632960009)

# stat_line PREFIX: the line of $stderr that starts with ";; PREFIX".
stat_line() {
	grep -e "^;; $1" <<<"$stderr" || fail "no ';; $1' line in: $stderr"
}

# A fake server for +4416329600N: 1 drops the first try and answers the
# next, 2 truncates over UDP and answers over TCP, 3 SERVFAIL, 4 REFUSED,
# 5 NXDOMAIN, 6 answers with a record that is not a URI beside a good one.
flaky() {
	fakedns_start <<-'EOF'
		ANS = [naptr("@", 100, 10, "u", "E2U+sip", r"!^(.*)$!sip:\1@example.com!")]
		def behave(q):
		    n = q.labels[0].decode()
		    if n == "1":
		        return {"drop": True} if q.count == 1 else {"an": ANS}
		    if n == "2":
		        return {"tc": True, "an": ANS}
		    if n == "3":
		        return {"rcode": "SERVFAIL"}
		    if n == "4":
		        return {"rcode": "REFUSED"}
		    if n == "6":
		        return {"an": ANS + [naptr("@", 100, 20, "u", "E2U+sip", "!^.*$!nouri!")]}
		    return {"rcode": "NXDOMAIN"}
	EOF
}
FLAKY_NUMS=(+441632960001 +441632960002 +441632960003 +441632960004 +441632960005 +441632960006)

@test "--stats: against a server that drops, truncates and fails, every counter as its query log says" {
	flaky
	run -3 --separate-stderr enumq --stats -o shell --timeout 0.5 --retries 1 \
		-S "127.0.0.1#$FAKEDNS_PORT" "${FLAKY_NUMS[@]}"
	# what the server saw: 6 first tries, 1 retry after the drop, 1 over TCP
	assert_equal "$(fakedns_count q '*' '*')" 8
	assert_equal "$(fakedns_count q tcp '*')" 1
	assert_regex "$(stat_line '6 numbers')" '^;; 6 numbers in [0-9.]+ s \([0-9]+/s\): 3 ok, 0 nodata, 1 nxdomain, 2 error, 0 invalid$'
	assert_regex "$(stat_line queries:)" '^;; queries: 8 sent \([0-9]+/s\), 1 over TCP, for 6 names; 1 retries, 1 truncated, 1 retried over TCP after truncation, 1 timed out$'
	# answered: all but the dropped try and the truncated reply
	assert_equal "$(stat_line server)" ";; server 127.0.0.1#$FAKEDNS_PORT: 8 sent, 6 answered; failed: 1 timeout, 1 SERVFAIL, 1 REFUSED"
	assert_equal "$(stat_line 'records discarded')" ';; records discarded: 1 (1 not-a-uri)'
	# no trace: the summary's lines, and the shell format's note of the discard
	assert_equal "$(grep -vc -e '^;; [0-9]* numbers ' -e '^;; queries: ' -e '^;; server ' -e '^;; records discarded: ' <<<"$stderr")" 1
	assert_line --index 0 --partial "+441632960001	ok	1	100	10	sip	sip:+441632960001@example.com"
}

@test "--stats: each server's failures, by server and kind, in the order listed" {
	mkdir -p "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	BATS_TEST_TMPDIR=$BATS_TEST_TMPDIR/a fakedns_start <<<'RULES = {"default": {"drop": True}}'
	local a=$FAKEDNS_PORT
	BATS_TEST_TMPDIR=$BATS_TEST_TMPDIR/b fakedns_start <<-'EOF'
		def behave(q):
		    if q.labels[0] == b"3":
		        return {"rcode": "SERVFAIL"}
		    return {"an": [naptr("@", 100, 10, "u", "E2U+sip", r"!^(.*)$!sip:\1@b!")]}
	EOF
	local b=$FAKEDNS_PORT
	run -3 --separate-stderr enumq --stats -j --timeout 0.3 --retries 0 \
		-S "127.0.0.1#$a" -S "127.0.0.1#$b" +441632960001 +441632960002 +441632960003
	json_lines 3 'map(.status) == ["ok", "ok", "error"]'
	assert_equal "$(grep '^;; server ' <<<"$stderr")" ";; server 127.0.0.1#$a: 3 sent, 0 answered; failed: 3 timeout
;; server 127.0.0.1#$b: 3 sent, 3 answered; failed: 1 SERVFAIL"
	assert_regex "$(stat_line queries:)" '^;; queries: 6 sent \([0-9]+/s\), 0 over TCP, for 3 names; 3 retries, 0 truncated, 0 retried over TCP after truncation, 3 timed out$'
}

@test "--stats: every kind of failure named: timeout, malformed, unusable, referral, each rcode, other rcode, network error" {
	fakedns_start "$BATS_TEST_DIRNAME/data/failing-server.py"
	run -3 --separate-stderr enumq --stats -o shell --timeout 0.3 --retries 0 \
		-S "127.0.0.1#$FAKEDNS_PORT" +44163296000{1..9}
	# a CNAME to itself: a reply the lookup cannot use
	assert_equal "$(stat_line server)" ";; server 127.0.0.1#$FAKEDNS_PORT: 9 sent, 8 answered; failed: 1 timeout, 1 malformed reply, 1 unusable reply, 1 referral, 1 FORMERR, 1 SERVFAIL, 1 NOTIMP, 1 REFUSED, 1 other rcode"
	assert_regex "$(stat_line '9 numbers')" ': 0 ok, 0 nodata, 0 nxdomain, 9 error, 0 invalid$'
	# a port where nothing listens: the ICMP error is a network error
	local port
	port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	run -3 --separate-stderr enumq --stats --timeout 2 --retries 1 -S "127.0.0.1#$port" +441632960001
	assert_equal "$(stat_line server)" ";; server 127.0.0.1#$port: 2 sent, 0 answered; failed: 2 network error"
	assert_regex "$(stat_line queries:)" ', 0 timed out$'
}

@test "--stats -T: every query over TCP, nothing truncated" {
	flaky
	run -3 --separate-stderr enumq --stats -T --timeout 0.5 --retries 1 \
		-S "127.0.0.1#$FAKEDNS_PORT" "${FLAKY_NUMS[@]:1}"
	assert_equal "$(fakedns_count q udp '*')" 0
	assert_regex "$(stat_line queries:)" '^;; queries: 5 sent \([0-9]+/s\), 5 over TCP, for 5 names; 0 retries, 0 truncated, 0 retried over TCP after truncation, 0 timed out$'
	assert_equal "$(stat_line server)" ";; server 127.0.0.1#$FAKEDNS_PORT: 5 sent, 5 answered; failed: 1 SERVFAIL, 1 REFUSED"
}

@test "--stats: stdout is the same as without it, in every format; the summary is on stderr alone" {
	local fmt
	for fmt in text json shell; do
		run -2 --separate-stderr enumq -o "$fmt" -S "$NSD_ADDR" -p "$NSD_PORT" "${ZONE_NUMS[@]}"
		local plain=$output
		run -2 --separate-stderr enumq --stats -o "$fmt" -S "$NSD_ADDR" -p "$NSD_PORT" "${ZONE_NUMS[@]}"
		assert_equal "$(sed -E 's/ in [0-9]+ ms|"elapsed_ms":[0-9.]+//' <<<"$output")" \
			"$(sed -E 's/ in [0-9]+ ms|"elapsed_ms":[0-9.]+//' <<<"$plain")"
		[[ $output != *';;'* ]] || fail "$fmt: the summary on stdout: $output"
		stat_line '5 numbers' >/dev/null
	done
	# JSON stays parseable, a line a number
	run -2 --separate-stderr enumq --stats -j -S "$NSD_ADDR" -p "$NSD_PORT" "${ZONE_NUMS[@]}"
	json_lines 5 'map(.status) == ["ok", "nodata", "nodata", "ok", "nxdomain"]'
}

@test "--stats: records discarded by reason against NSD, as many as JSON's discarded" {
	run -2 --separate-stderr enumq --stats -j -S "$NSD_ADDR" -p "$NSD_PORT" "${ZONE_NUMS[@]}"
	json_lines 5 'map(.discarded) | add == 4'
	assert_equal "$(stat_line 'records discarded')" ';; records discarded: 4 (2 not-a-uri, 1 no-regexp, 1 bad-regexp)'
	assert_regex "$(stat_line '5 numbers')" ': 2 ok, 2 nodata, 1 nxdomain, 0 error, 0 invalid$'
	assert_regex "$(stat_line queries:)" '^;; queries: 5 sent \([0-9]+/s\), 0 over TCP, for 5 names; 0 retries, 0 truncated, 0 retried over TCP after truncation, 0 timed out$'
	assert_equal "$(stat_line server)" ";; server $NSD_ADDR#$NSD_PORT: 5 sent, 5 answered, no failures"
}

@test "--stats -z: the zone files answered, no network: the same numbers and discards as over it" {
	run -2 --separate-stderr enumq --stats -o shell -z "$BATS_FILE_TMPDIR/uk.zone" "${ZONE_NUMS[@]}"
	assert_regex "$(stat_line '5 numbers')" ': 2 ok, 2 nodata, 1 nxdomain, 0 error, 0 invalid$'
	assert_regex "$(stat_line queries:)" '^;; queries: 5 answered by the zone files \([0-9]+/s\); no network: none sent, retried, truncated or timed out$'
	assert_equal "$(stat_line 'records discarded')" ';; records discarded: 4 (2 not-a-uri, 1 no-regexp, 1 bad-regexp)'
	refute_line --partial ';; server '
	[[ $stderr != *';; server '* ]] || fail "a server line with -z: $stderr"
}

@test "--stats with a batch (-f), --rate and -q: the counts of the whole file, nothing on stdout" {
	local f=$BATS_TEST_TMPDIR/nums i
	{
		echo '# a batch'
		for i in {1..10}; do printf '%s\n' "${ZONE_NUMS[@]}"; done
	} >"$f"
	run -2 --separate-stderr enumq --stats -q --rate 200 -c 8 -f "$f" -S "$NSD_ADDR" -p "$NSD_PORT"
	assert_output ''
	assert_regex "$(stat_line '50 numbers')" ': 20 ok, 20 nodata, 10 nxdomain, 0 error, 0 invalid$'
	assert_regex "$(stat_line queries:)" '^;; queries: 50 sent \([0-9]+/s\), 0 over TCP, for 50 names; '
	assert_equal "$(stat_line 'records discarded')" ';; records discarded: 40 (20 not-a-uri, 10 no-regexp, 10 bad-regexp)'
}

@test "-v: the trace and the summary; text and JSON: no record traced beside stdout's" {
	local fmt
	for fmt in text json; do
		run -2 --separate-stderr enumq -v -o "$fmt" -S "$NSD_ADDR" -p "$NSD_PORT" "${ZONE_NUMS[@]}"
		# the trace: queries and replies
		assert_regex "$stderr" ';; query 1\.0\.0\.0\.6\.9\.2\.3\.6\.1\.4\.4\.e164\.arpa\. NAPTR to '
		assert_regex "$stderr" ';; reply from '
		# the summary
		stat_line '5 numbers' >/dev/null
		stat_line 'records discarded: 4 ' >/dev/null
		# each record once, on stdout, with its fate
		[[ $output == *'NAPTR 100 20 "u" "E2U+sip" "!^.*$!nouri!" . -> nouri (not-a-uri)'* ||
			$output == *'"reason":"not-a-uri"'* ]] || fail "$fmt: no record on stdout: $output"
		[[ $stderr != *NAPTR\ 100\ 20* ]] || fail "$fmt: a record traced again: $stderr"
	done
}

@test "-v -o shell and -v -1: stdout shows no records, so the trace does, with their fate" {
	run -2 --separate-stderr enumq -v -o shell -S "$NSD_ADDR" -p "$NSD_PORT" "${ZONE_NUMS[@]}"
	assert_regex "$stderr" ';; \+441632960001: 1\.0\.0\.0\.6\.9\.2\.3\.6\.1\.4\.4\.e164\.arpa\. NAPTR 100 20 "u" "E2U\+sip" "!\^\.\*\$!nouri!" \. -> nouri \(not-a-uri\)'
	stat_line '5 numbers' >/dev/null
	run -2 --separate-stderr enumq -v -1 -S "$NSD_ADDR" -p "$NSD_PORT" "${ZONE_NUMS[@]}"
	assert_regex "$stderr" ';; \+441632960002: 2\.0\.0\.0\.6\.9\.2\.3\.6\.1\.4\.4\.e164\.arpa\. NAPTR 100 10 "u" "E2U\+sip" "" \. \(no-regexp\)'
}

@test "--stats: not with -n, --lint or --list (no lookups, or a summary of their own)" {
	local other
	for other in -n --lint --list; do
		run -64 --separate-stderr enumq --stats "$other" -z "$BATS_FILE_TMPDIR/uk.zone" +441632960001
		assert_equal "$stderr" "enumq: --stats and $other may not be combined"
		assert_output ''
	done
}
