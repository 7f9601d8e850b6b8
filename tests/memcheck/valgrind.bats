#!/usr/bin/env bats
# make memcheck: valgrind over a representative set of lookups (network,
# zone file, batch, hostile records): no invalid access, nothing definitely
# or indirectly lost, no crash, and each run's exit status and output as
# they must be.  Not part of make check: valgrind cannot run the sanitizer
# build, and it is slow.  `make memcheck` sets ENUMQ; without it (and
# without valgrind) every test fails rather than check nothing.

# $stderr comes from run --separate-stderr.
# shellcheck disable=SC2154

bats_require_minimum_version 1.5.0

# ENUMQ as given, before helper.bash puts its default in
_enumq_given=${ENUMQ-}

load ../helper

setup_file() {
	[[ -n $_enumq_given ]] ||
		fail "ENUMQ is not set: run make memcheck, or ENUMQ=/path/to/enumq bats tests/memcheck"
	[[ -f $ENUMQ && -x $ENUMQ ]] ||
		fail "ENUMQ=$ENUMQ: not an executable file"
	command -v valgrind >/dev/null || fail "valgrind is not installed"
	valgrind --version >/dev/null || fail "valgrind does not run"
	zone_write uk.zone 3.6.1.4.4.e164.arpa <<'ZONE'
3.8.0.0.6.9.2 NAPTR 100 50 "u" "E2U+sip" "!^(\\+441632960083)$!sip:\\1@example.com!" .
3.8.0.0.6.9.2 NAPTR 100 51 "u" "E2U+h323" "!^\\+441632960083$!h323:operator@example.com!" .
3.8.0.0.6.9.2 NAPTR 100 52 "u" "E2U+email:mailto" "!^.*$!mailto:info@example.com!" .
3.8.0.0.6.9.2 NAPTR 10 10 "" "E2U" "" hop.3.6.1.4.4.e164.arpa.
hop NAPTR 10 10 "u" "E2U+sip+voicemsg:sip" "!^\\+(.*)$!sips:\\1@hop.example!" .
hop NAPTR 10 11 "u" "E2U+sip" "!^(((a|aa)*)*)*b$!sip:x@y!" .
hop NAPTR 10 12 "u" "E2U+sip" "x^(.*)$xsip:\\1\\x@yx" .
hop NAPTR 10 13 "u" "E2U+sip" "!^(.*)$!\027[31m\\1!" .
loop NAPTR 10 10 "" "E2U" "" loop.3.6.1.4.4.e164.arpa.
2.8.0.0.6.9.2 NAPTR 10 10 "" "E2U" "" loop.3.6.1.4.4.e164.arpa.
1.8.0.0.6.9.2 TXT "not in service"
ZONE
	nsd_start uk.zone
	for i in $(seq 1 200); do echo "+44163296$((1000 + i))"; done >"$BATS_FILE_TMPDIR/numbers"
	printf '+441632960083\n+441632960082\n+441632960081\nbad\n' >>"$BATS_FILE_TMPDIR/numbers"
}

teardown_file() {
	nsd_stop
}

# memcheck STATUS ARGS...: run enumq ARGS under valgrind, as bats `run
# --separate-stderr` (valgrind reports on stderr); fail on any error or
# leak (valgrind's exit 99), on a signal (128 + N: a crash), and unless
# enumq exits STATUS.
memcheck() {
	local want=$1
	shift
	run --separate-stderr valgrind --quiet --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	    "$ENUMQ" "$@"
	((status != 99)) || fail "valgrind found errors: $stderr"
	((status < 128)) || fail "enumq killed by signal $((status - 128)): $stderr"
	((status == want)) || fail "exit status $status, expected $want: $stderr"
}

# +441632960083 ok, 082 a non-terminal loop (nodata), 081 a TXT (nodata),
# 080 nxdomain: exit 2
@test "valgrind: network lookups, every format, -v" {
	for fmt in text json shell; do
		memcheck 2 -v -o "$fmt" -S "$NSD_ADDR" -p "$NSD_PORT" \
		    +441632960083 +441632960082 +441632960081 +441632960080
		assert_output --partial 'sip:+441632960083@example.com'
		assert_output --partial '+441632960080'
	done
	assert_equal "$(cut -f 1,2 <<<"$output" | sort -u)" "+441632960080	nxdomain
+441632960081	nodata
+441632960082	nodata
+441632960083	ok"
}

@test "valgrind: zone-file lookups" {
	memcheck 2 -v -j -z "$BATS_FILE_TMPDIR/uk.zone" +441632960083 +441632960082 +441632960081 +441632960080
	json_lines 4 '[.[].status] == ["ok", "nodata", "nodata", "nxdomain"]'
}

@test "valgrind: batch over the network and from the zone, with filters and trees" {
	# 200 nxdomain, ok, nodata, nodata, invalid: exit 4
	memcheck 4 -j -c 32 -s sip -t 3.6.1.4.4.e164.arpa -t e164.arpa -S "$NSD_ADDR" -p "$NSD_PORT" -f "$BATS_FILE_TMPDIR/numbers"
	json_lines 204 '[.[].status] == [range(200) | "nxdomain"] + ["ok", "nodata", "nodata", "invalid"]'
	# +441632960083: six lines (a URI for two Enumservices, and five URIs)
	memcheck 4 -o shell -z "$BATS_FILE_TMPDIR/uk.zone" -f - <"$BATS_FILE_TMPDIR/numbers"
	assert_equal "$(cut -f 2 <<<"$output" | sort | uniq -c | awk '{ print $2, $1 }')" "invalid 1
nodata 2
nxdomain 200
ok 6"
}

@test "valgrind: batch over TCP (-T, pipelined) at a --rate" {
	memcheck 4 -j -T -c 32 --rate 2000 -S "$NSD_ADDR" -p "$NSD_PORT" -f "$BATS_FILE_TMPDIR/numbers"
	json_lines 204 '[.[].status] == [range(200) | "nxdomain"] + ["ok", "nodata", "nodata", "invalid"]'
}

@test "valgrind: timeouts and refused connections" {
	memcheck 3 -j --timeout 0.2 --retries 1 -S 127.0.0.1 -p 9 +441632960083
	json_is '.status == "error" and .server == "127.0.0.1#9"'
	memcheck 4 -n -I +441632960083 '1234*256' bad
	assert_output '3.8.0.0.6.9.2.3.6.1.i.4.4.e164.arpa.
4.3.2.1.256.freenum.org.'
}

@test "valgrind: --lint over a zone (threads), of numbers over the network, --list" {
	# more names than one thread takes (OWNERS_THREAD), under the same
	# tree as uk.zone's, with a finding every 1000th
	awk 'BEGIN { for (i = 0; i < 5000; i++) {
		n = sprintf("%04d", i); r = ""
		for (j = 4; j >= 1; j--) r = r substr(n, j, 1) "."
		printf "%s7 NAPTR 100 10 \"u\" \"E2U+sip\" \"!^(.*)$!sip:\\\\1@example.com!%s\" .\n",
		    r, i % 1000 ? "" : "i" } }' | zone_write many.zone 3.6.1.4.4.e164.arpa
	memcheck 1 --lint -j -z "$BATS_FILE_TMPDIR/many.zone"
	json_lines 6 '.[-1].summary.numbers == 5000 and .[-1].summary.codes == {"i-flag": 5}'
	memcheck 2 --lint -S "$NSD_ADDR" -p "$NSD_PORT" +441632960083 +441632960082 \
	    +441632960081 +441632960080
	assert_output --partial '[loop]'
	memcheck 0 --list -v -z "$BATS_FILE_TMPDIR/uk.zone"
	assert_output $'+441632960083\n+441632960082'
}

@test "valgrind: --expect, a -j baseline over the network against the zone, every format" {
	local fmt
	"$ENUMQ" -j -S "$NSD_ADDR" -p "$NSD_PORT" -f "$BATS_FILE_TMPDIR/numbers" \
	    >"$BATS_FILE_TMPDIR/before.jsonl" || (($? == 4))
	printf '+441632960083 ok sip:x@example.com # re-pointed\n+441632960080 nxdomain\n' \
	    >>"$BATS_FILE_TMPDIR/before.jsonl"
	for fmt in text json shell; do
		memcheck 1 --expect "$BATS_FILE_TMPDIR/before.jsonl" -o "$fmt" -c 32 \
		    -z "$BATS_FILE_TMPDIR/uk.zone"
	done
	assert_equal "$stderr" 'enumq: 205 numbers expected: 204 matched, 1 differed'
	memcheck 64 --expect "$BATS_FILE_TMPDIR/numbers" -z "$BATS_FILE_TMPDIR/uk.zone"
	assert_equal "$stderr" "enumq: $BATS_FILE_TMPDIR/numbers:1: not NUMBER STATUS [URI ...]: no status"
}

@test "valgrind: --route over zone files (route) and the network (hosts refused, NXDOMAIN: pstn), --stats, every format" {
	local fmt ex=$BATS_TEST_DIRNAME/../../examples
	for fmt in text json shell; do
		memcheck 0 -R --stats -o "$fmt" -z "$ex/example.zone" \
		    -z "$ex/provider.zone" -z "$ex/hosts.zone" '+44 20 7946 0148'
		assert_output --partial 'sip:voicemail@example.com'
	done
	memcheck 2 -R -j --stats -c 4 -S "$NSD_ADDR" -p "$NSD_PORT" \
	    +441632960083 +441632960080
	json_lines 2 'map(.verdict.action) == ["pstn", "pstn"]'
}
