#!/usr/bin/env bats
# 46-status: what a number's result says besides its URIs. Records
# discarded are said without -v (RFC 5346 4.1: a broken rule ranked first
# must not pass for a healthy number): a line in text, a count in JSON
# (discarded), a line on stderr beside the shell format, whose columns
# stay as they are. The records come from a zone file
# (tests/data/46-status/discard.records).

# $stderr comes from run --separate-stderr; the jq programs hold $names.
# shellcheck disable=SC2154,SC2016

bats_require_minimum_version 1.5.0

load helper

DATA=$BATS_TEST_DIRNAME/data/46-status

setup_file() {
	zone_write discard.zone 3.6.1.4.4.e164.arpa <"$DATA/discard.records"
}

# zq ARG...: enumq against the zone file, as `run --separate-stderr`.
zq() {
	run --separate-stderr enumq -z "$BATS_FILE_TMPDIR/discard.zone" "$@"
}

# no_ms: $output with the header's " in N ms" taken out.
no_ms() {
	sed -E 's/ in [0-9]+ ms/ in N ms/' <<<"$output"
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
	assert_line --index 3 '  records'
	assert_line --index 4 --partial '(bad-regexp)'
	assert_line --index 5 --partial '(not-a-uri)'
	assert_line --index 6 --partial ' -> sip:second@example.com'
	assert_equal "${#lines[@]}" 7
	# the trace on stderr, which names each record's reason, and nothing
	# about a count
	[[ $stderr == *'(bad-regexp)'* && $stderr != *discarded* ]] ||
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
