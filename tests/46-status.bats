#!/usr/bin/env bats
# 46-status: a failure is never reported as "no service" (RFC 5346
# 4.1.2). NOERROR without a usable URI means "fail the call now"; no valid
# answer means "route by other means". So a number is ok when it has a
# usable URI; else error when a part of the lookup that could have given
# one failed (a non-terminal's target REFUSED, SERVFAIL, silent, a
# referral, or never asked for lack of queries), the first such failure
# the message; else nodata. And records discarded are said without -v: a
# line in text, a count in JSON (discarded), a line on stderr beside the
# shell format, whose columns stay as they are.
#
# The targets are served by a fake server (tests/fakedns.py with
# tests/data/46-status/targets.py); the discarded records come from a
# zone file (tests/data/46-status/discard.records).

# $stderr comes from run --separate-stderr; FAKEDNS_* from fakedns_start;
# the jq programs hold $names.
# shellcheck disable=SC2154,SC2016

bats_require_minimum_version 1.5.0

load helper

DATA=$BATS_TEST_DIRNAME/data/46-status

setup_file() {
	zone_write discard.zone 3.6.1.4.4.e164.arpa <"$DATA/discard.records"
}

teardown() {
	fakedns_stop
}

# targets: the fake server with targets.py, QMAX (QUERIES_MAX) set.
targets() {
	local qmax
	qmax=$(limit QUERIES_MAX)
	fakedns_start < <(echo "QMAX = $qmax" && cat "$DATA/targets.py")
}

# fq ARG...: enumq against the fake server, as `run --separate-stderr`.
fq() {
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 0.3 --retries 0 "$@"
}

# zq ARG...: enumq against the zone file, as `run --separate-stderr`.
zq() {
	run --separate-stderr enumq -z "$BATS_FILE_TMPDIR/discard.zone" "$@"
}

# no_ms: $output with the header's " in N ms" taken out.
no_ms() {
	sed -E 's/ in [0-9]+ ms/ in N ms/' <<<"$output"
}

# target_fails NUMBER TARGET WHY: NUMBER's only rule leads to TARGET,
# which fails with WHY: error (exit 3) with the target's failure as the
# message, the rcode the number's own (NOERROR), the record target-error;
# the text header says the same, and stderr is empty.
target_fails() {
	local dom
	dom=$(enumq -n "$1")
	fq -j "$1"
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	json_is --arg why "no valid answer for $2: $3" '.status == "error"
		and .rcode == "NOERROR" and .error == $why and .uris == []
		and [.trees[].status] == ["error"]
		and [.records[] | [.replacement, .reason]] ==
			[["'"$2"'", "target-error"]]
		and .discarded == 1'
	fq "$1"
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	assert_equal "$(no_ms)" "$1 ($dom): error, NOERROR from 127.0.0.1#$FAKEDNS_PORT in N ms: no valid answer for $2: $3
  1 record discarded (-v shows why)"
}

# --- RFC 5346 4.1.2: a target that fails is an error, not "no service" ----

@test "RFC 5346 4.1.2: the only rule's target REFUSED: error (exit 3), not nodata; the target's failure is the message" {
	targets
	target_fails +441632960101 refused.example. REFUSED
}

@test "RFC 5346 4.1.2: the only rule's target SERVFAIL: error (exit 3)" {
	targets
	target_fails +441632960102 servfail.example. SERVFAIL
}

@test "RFC 5346 4.1.2: the only rule's target times out: error (exit 3)" {
	targets
	target_fails +441632960103 silent.example. 'timed out'
}

@test "RFC 5346 4.1.2 B: the only rule's target is a referral: error (exit 3)" {
	targets
	target_fails +441632960104 referral.example. \
		'referral to referral.example. (ns1.example.)'
}

@test "RFC 5346 4.1.2: a target two hops down that fails: error, that target named" {
	targets
	fq -j +441632960105
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	json_is '.status == "error" and .rcode == "NOERROR"
		and .error == "no valid answer for hop2.example.: SERVFAIL"
		and [.records[] | [.owner, .reason]] ==
			[["5.0.1.0.6.9.2.3.6.1.4.4.e164.arpa.", "target-nodata"],
			 ["hop1.example.", "target-error"]]'
}

@test "RFC 5346 4.1.2: a failing target ranked before a missing one: error, the failing one named" {
	targets
	fq -j +441632960108
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	json_is '.status == "error"
		and .error == "no valid answer for refused.example.: REFUSED"
		and [.records[].reason] == ["target-error", "target-nxdomain"]'
}

@test "RFC 5346 4.1.2: a target never asked for lack of queries (query-limit): error, not nodata" {
	local qmax
	qmax=$(limit QUERIES_MAX)
	targets
	fq -j +441632960111
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	# QUERIES_MAX - 1 targets asked (each NXDOMAIN), the first not asked
	# is the message
	json_is --argjson q "$qmax" '.status == "error" and .rcode == "NOERROR"
		and .error == "no valid answer for t\($q - 1).fan.example.: not queried (query-limit)"
		and ([.records[].reason] ==
			[range($q - 1) | "target-nxdomain"] + [range(9) | "query-limit"])'
	assert_equal "$(fakedns_count q '*' '*')" "$qmax"
}

# --- what stays nodata: nothing failed, the data holds no URI --------------

@test "RFC 5346 4.1.2: the only rule's target does not exist (NXDOMAIN): nodata (exit 1), the record target-nxdomain" {
	targets
	fq -j +441632960106
	assert_equal "$status" 1
	assert_equal "$stderr" ''
	json_is '.status == "nodata" and .rcode == "NOERROR" and .error == null
		and [.records[].reason] == ["target-nxdomain"] and .discarded == 1'
}

@test "RFC 5346 4.1.2: the only rule's target holds no NAPTR: nodata (exit 1)" {
	targets
	fq -j +441632960107
	assert_equal "$status" 1
	assert_equal "$stderr" ''
	json_is '.status == "nodata" and .error == null
		and [.records[].reason] == ["target-nodata"]'
}

@test "RFC 6116 5.2.1: the only rule is a loop: nodata (exit 1), discarded, never queried" {
	targets
	fq -j +441632960110
	assert_equal "$status" 1
	assert_equal "$stderr" ''
	json_is '.status == "nodata" and .error == null
		and [.records[].reason] == ["loop"] and .discarded == 1'
	assert_equal "$(fakedns_count q '*' '*')" 1
}

@test "RFC 5346 4.1.1: a failing target and a URI of the number's own: ok (exit 0)" {
	targets
	fq -j +441632960109
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	json_is '.status == "ok" and .error == null
		and [.uris[].uri] == ["sip:after@example.com"]
		and [.records[].reason] == ["target-error", null]'
}

@test "RFC 5346 4.2: the number's own name SERVFAIL: error, its message as before" {
	targets
	fq -j +441632960112
	assert_equal "$status" 3
	assert_equal "$stderr" ''
	json_is '.status == "error" and .rcode == "SERVFAIL"
		and .error == "no valid answer: SERVFAIL" and .records == []'
}

@test "RFC 5346 4.1.2, enumq: over several trees the most specific status still wins (error, then nxdomain: nxdomain)" {
	targets
	fakedns_stop
	fakedns_start <<-'EOF'
		def behave(q):
		    if q.name == e164("+441632960101", "a.example."):
		        return {"an": [naptr("@", 10, 10, "", "E2U", "", "refused.example.")]}
		    if q.name == "refused.example.":
		        return {"rcode": "REFUSED"}
		    return {"rcode": "NXDOMAIN"}
	EOF
	fq -j -t a.example -t e164.arpa +441632960101
	assert_equal "$status" 2
	assert_equal "$stderr" ''
	json_is '.status == "nxdomain" and .tree == "e164.arpa."
		and [.trees[].status] == ["error", "nxdomain"]'
}

# --- records discarded, said without -v ----------------------------------------

@test "discarded: text says how many records were discarded and that -v shows why" {
	zq +441632960121 +441632960122
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	assert_equal "$(no_ms)" "+441632960121 (1.2.1.0.6.9.2.3.6.1.4.4.e164.arpa.): ok, NOERROR from $BATS_FILE_TMPDIR/discard.zone in N ms
  sip
    1  sip:second@example.com  (order 20 pref 10)
  2 records discarded (-v shows why)
+441632960122 (2.2.1.0.6.9.2.3.6.1.4.4.e164.arpa.): ok, NOERROR from $BATS_FILE_TMPDIR/discard.zone in N ms
  sip
    1  sip:ok@example.com  (order 20 pref 10)
  1 record discarded (-v shows why)"
}

@test "discarded: with -v the records and their reasons are listed instead" {
	zq -v +441632960121
	assert_equal "$status" 0
	refute_output --partial 'discarded'
	assert_line --index 4 '  records'
	assert_line --index 5 --partial '(regexp-undefined: '
	assert_line --index 6 --partial '(not-a-uri)'
	assert_line --index 7 --partial ' -> sip:second@example.com'
	assert_equal "${#lines[@]}" 8
	# the trace on stderr does not list the records stdout shows (issue
	# 12, 4), nor the note for those without -v; its summary counts them
	# by reason
	[[ $stderr != *'(regexp-undefined: '* && $stderr != *'-v shows why'* ]] ||
		fail "stderr: $stderr"
	assert_regex "$stderr" $'\n;; records discarded: 2 \\(1 regexp-undefined, 1 not-a-uri\\)$'
	# the shell format shows no records: the trace does, with the reasons
	zq -o shell -v +441632960121
	[[ $stderr == *'(regexp-undefined: '* && $stderr == *'(not-a-uri)'* ]] ||
		fail "stderr: $stderr"
}

@test "discarded: JSON counts them (discarded); the records keep their reasons" {
	zq -j +441632960121 +441632960122 +441632960123 +441632960124 +44-abc
	assert_equal "$status" 4
	assert_equal "$stderr" 'enumq: +44-abc: not an E.164 number: unexpected character'
	json_lines 5 '[.[].discarded] == [2, 1, 0, 2, 0]
		and [.[].status] == ["ok", "ok", "ok", "nodata", "invalid"]
		and [.[3].records[].reason] == ["bad-delimiters", "no-replacement"]'
}

@test "discarded: rules that do not apply (no-match, not-e2u, unknown-flags) and -s are not counted" {
	zq +441632960123
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	refute_output --partial 'discarded'
	assert_equal "${#lines[@]}" 5
	zq -j -s email +441632960123
	assert_equal "$status" 0
	json_is '.discarded == 0 and [.records[].reason] ==
		["no-match", "not-e2u", "unknown-flags", "filtered", null]'
	zq -s email +441632960123
	assert_equal "$status" 0
	assert_equal "$stderr" ''
	refute_output --partial 'discarded'
}

@test "discarded: a number with only broken rules is nodata, and text says so" {
	zq +441632960124
	assert_equal "$status" 1
	assert_equal "$stderr" ''
	assert_equal "$(no_ms)" "+441632960124 (4.2.1.0.6.9.2.3.6.1.4.4.e164.arpa.): nodata, NOERROR from $BATS_FILE_TMPDIR/discard.zone in N ms
  2 records discarded (-v shows why)"
}

@test "discarded: the shell format's columns stay as they are; the count goes to stderr" {
	local tab=$'\t'
	zq -o shell +441632960121 +441632960123 +441632960124
	assert_equal "$status" 1
	assert_equal "$output" "+441632960121${tab}ok${tab}1${tab}20${tab}10${tab}sip${tab}sip:second@example.com
+441632960123${tab}ok${tab}1${tab}20${tab}10${tab}sip${tab}sip:ok@example.com
+441632960123${tab}ok${tab}2${tab}20${tab}20${tab}email:mailto${tab}mailto:ok@example.com
+441632960124${tab}nodata${tab}${tab}${tab}${tab}${tab}"
	assert_equal "$stderr" 'enumq: +441632960121: 2 records discarded (-v shows why)
enumq: +441632960124: 2 records discarded (-v shows why)'
}

@test "discarded: -1 prints the bare URI only, -q nothing at all" {
	# the empty line first: a trailing one would not show in $output
	zq -1 +441632960124 +441632960121
	assert_equal "$status" 1
	assert_equal "$stderr" ''
	assert_equal "$output" $'\nsip:second@example.com'
	zq -q -o shell +441632960121
	assert_equal "$status" 0
	assert_equal "$output" ''
	assert_equal "$stderr" ''
}
