#!/usr/bin/env bats
# 85-expect: --expect FILE (issue 12, section 2): expectations, either
# enumq's own JSON Lines (a baseline recorded with -j) or the plain form
# NUMBER STATUS [URI ...], checked against the zone files (-z) or NSD;
# only the differences are printed, then a summary; exit 0 when all
# matched, 1 when any differed, 64 for a malformed line (file:line).
#
# before.zone is the zone as provisioned; after.zone the same zone after
# a change: +441632960002's URI re-pointed, +441632960003's only record
# broken (its regexp lost its closing delimiter, RFC 3402 3.2), and
# +441632960005 removed; +441632960001's tie (two URIs at ORDER 100,
# PREFERENCE 10, whose order is the server's, RFC 3403 4.1) written in the
# other order.  NSD serves after.zone.

# $stderr comes from run --separate-stderr.
# shellcheck disable=SC2154

bats_require_minimum_version 1.5.0

load helper

# the numbers of both zones, and one in neither
NUMS='+441632960001 +441632960002 +441632960003 +441632960005 +441632960009'

setup_file() {
	zone_write before.zone 4.4.e164.arpa <<'EOF'
1.0.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:a@example.com!" .
1.0.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:b@example.com!" .
1.0.0.0.6.9.2.3.6.1 NAPTR 100 20 "u" "E2U+email:mailto" "!^.*$!mailto:c@example.com!" .
2.0.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:d@example.com!" .
3.0.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:e@example.com!" .
5.0.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:f@example.com!" .
EOF
	zone_write after.zone 4.4.e164.arpa <<'EOF'
1.0.0.0.6.9.2.3.6.1 NAPTR 100 20 "u" "E2U+email:mailto" "!^.*$!mailto:c@example.com!" .
1.0.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:b@example.com!" .
1.0.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:a@example.com!" .
2.0.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:d2@example.com!" .
3.0.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:e@example.com" .
EOF
	# the same zone under a tree of the operator's own (-t)
	zone_write tree.zone enum.example <<'EOF'
2.0.0.0.6.9.2.3.6.1.4.4 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:d@example.com!" .
EOF
	# a URI with a '#', which begins a comment only at a field's start
	zone_write hash.zone 4.4.e164.arpa <<'EOF'
7.0.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+web:http" "!^.*$!http://example.com/a%20b#top!" .
EOF
	tr ' ' '\n' <<<"$NUMS" >"$BATS_FILE_TMPDIR/nums"
	nsd_start "4.4.e164.arpa=$BATS_FILE_TMPDIR/after.zone"
}

teardown_file() {
	nsd_stop
}

# in the directory of the zones and the expectations, so that messages
# name files as the expected outputs do
setup() {
	cd "$BATS_FILE_TMPDIR" || exit 1
	# exit 2: +441632960009 is in neither zone
	enumq -j -z before.zone -f nums >before.jsonl || [[ $? -eq 2 ]]
}

net() {
	enumq -S "$NSD_ADDR" -p "$NSD_PORT" "$@"
}

# What enumq must print for before.jsonl against after.zone (text).
CHANGED='- +441632960002 ok sip:d@example.com
+ +441632960002 ok sip:d2@example.com
! before.jsonl:2: sip:d@example.com: expected at rank 1, not got
! before.jsonl:2: sip:d2@example.com: got at rank 1, not expected
- +441632960003 ok sip:e@example.com
+ +441632960003 nodata
! before.jsonl:3: status: expected ok, got nodata
! before.jsonl:3: sip:e@example.com: expected at rank 1, not got
- +441632960005 ok sip:f@example.com
+ +441632960005 nxdomain
! before.jsonl:4: status: expected ok, got nxdomain
! before.jsonl:4: sip:f@example.com: expected at rank 1, not got
5 numbers expected: 2 matched, 3 differed'

@test "usage: --expect and the options it may not be combined with: 64, naming both" {
	local args named
	for args in '-f nums=-f' '+441632960001=numbers' '--lint=--lint' \
	    '--list=--list' '-1=-1' '-n=-n'; do
		named=${args#*=}
		# shellcheck disable=SC2086 # one word per option
		run -64 --separate-stderr enumq --expect before.jsonl -z before.zone ${args%=*}
		assert_equal "$output" ''
		assert_equal "${stderr%%:*}" 'enumq'
		[[ $stderr == "enumq: --expect and $named may not be combined"* ]] ||
		    fail "$args: $stderr"
	done
}

@test "usage: --help and the man page name --expect" {
	run -0 enumq --help
	assert_line --partial '--expect FILE'
	run -0 grep -c 'Fl \\-expect' "$BATS_TEST_DIRNAME/../man/enumq.1"
}

@test "expectations met: the -j baseline against the same zone: exit 0, only the summary" {
	run -0 --separate-stderr enumq --expect before.jsonl -z before.zone
	assert_equal "$output" '5 numbers expected: 5 matched, 0 differed'
	assert_equal "$stderr" ''
}

@test "expectations met: -q prints nothing, exit 0; changed: -q exit 1" {
	run -0 --separate-stderr enumq -q --expect before.jsonl -z before.zone
	assert_equal "$output$stderr" ''
	run -1 --separate-stderr enumq -q --expect before.jsonl -z after.zone
	assert_equal "$output$stderr" ''
}

@test "changed: a URI re-pointed, a record broken, a number removed: the differences, diff-like; exit 1" {
	run -1 --separate-stderr enumq --expect before.jsonl -z after.zone
	assert_equal "$output" "$CHANGED"
	assert_equal "$stderr" ''
}

@test "changed, over the network (NSD serves after.zone): the same differences as -z" {
	run -1 --separate-stderr net --expect before.jsonl
	assert_equal "$output" "$CHANGED"
	assert_equal "$stderr" ''
}

@test "baseline round trip over the network: -j recorded from NSD, checked against NSD; -c 1 the same" {
	net -j -f nums >net.jsonl || [[ $? -eq 2 ]]
	run -0 --separate-stderr net --expect net.jsonl
	assert_equal "$output" '5 numbers expected: 5 matched, 0 differed'
	run -1 --separate-stderr net -c 1 --expect before.jsonl
	assert_equal "$output" "$CHANGED"
}

@test "tie-order-insensitive: the tie in the other order, JSON and plain, matches; a tie broken does not" {
	# after.zone answers the tie in the other order than before.zone
	run -0 enumq -j -z after.zone +441632960001
	json_is '[.uris[].uri] == ["sip:b@example.com","sip:a@example.com","mailto:c@example.com"]'
	head -n 1 before.jsonl >tie.jsonl
	run -0 jq -c '[.uris[].uri]' tie.jsonl
	assert_output '["sip:a@example.com","sip:b@example.com","mailto:c@example.com"]'
	run -0 enumq --expect tie.jsonl -z after.zone
	assert_output '1 number expected: 1 matched, 0 differed'
	printf '+441632960001 ok sip:a@example.com sip:b@example.com mailto:c@example.com\n' >tie.txt
	run -0 enumq --expect tie.txt -z after.zone
	printf '+441632960001 ok sip:b@example.com sip:a@example.com mailto:c@example.com\n' >tie.txt
	run -0 enumq --expect tie.txt -z before.zone
	# a URI outside the tie is not in it: the mailto: URI ranks third
	printf '+441632960001 ok sip:a@example.com mailto:c@example.com sip:b@example.com\n' >tie.txt
	run -1 enumq --expect tie.txt -z before.zone
	assert_line '! tie.txt:1: mailto:c@example.com: expected at rank 2, got at rank 3'
	assert_line '! tie.txt:1: sip:b@example.com: expected at rank 3, got at rank 1-2'
	# JSON knows its ties: one broken (PREFERENCE 10 and 15) differs
	jq -c '.uris[1].preference = 15' tie.jsonl >broken.jsonl
	run -1 enumq --expect broken.jsonl -z before.zone
	assert_line '! broken.jsonl:1: sip:a@example.com: expected at rank 1, got at rank 1-2'
	assert_line '! broken.jsonl:1: sip:b@example.com: expected at rank 2, got at rank 1-2'
}

@test "plain form: NUMBER STATUS [URI ...], comments whole-line and trailing, blank lines; met and changed" {
	cat >plain.txt <<'EOF'
# the routing as provisioned

+441632960001 ok sip:a@example.com sip:b@example.com mailto:c@example.com
	+441632960002   ok  sip:d@example.com   # the main line
+441632960009 nxdomain
EOF
	run -0 --separate-stderr enumq --expect plain.txt -z before.zone
	assert_equal "$output" '3 numbers expected: 3 matched, 0 differed'
	run -1 --separate-stderr enumq --expect plain.txt -z after.zone
	assert_equal "$output" '- +441632960002 ok sip:d@example.com
+ +441632960002 ok sip:d2@example.com
! plain.txt:4: sip:d@example.com: expected at rank 1, not got
! plain.txt:4: sip:d2@example.com: got at rank 1, not expected
3 numbers expected: 2 matched, 1 differed'
}

@test "plain form: a '+ ' line of the text output is an expectation that matches; '#' inside a URI" {
	printf '+441632960007 ok http://example.com/#top\n' >hash.txt
	run -1 --separate-stderr enumq --expect hash.txt -z hash.zone
	assert_line --index 1 '+ +441632960007 ok http://example.com/a%20b#top'
	sed -n 's/^+ //p' <<<"$output" >hash2.txt
	echo '+441632960007 ok http://example.com/a%20b#top # a comment' >>hash2.txt
	run -0 --separate-stderr enumq --expect hash2.txt -z hash.zone
	assert_equal "$output" '2 numbers expected: 2 matched, 0 differed'
}

@test "JSON expectations compare each URI's Enumservices" {
	jq -c '.uris[0].enumservices = ["sip","voice:tel"]' <(sed -n 2p before.jsonl) >es.jsonl
	run -1 enumq --expect es.jsonl -z before.zone
	assert_line '! es.jsonl:1: sip:d@example.com: Enumservices expected sip,voice:tel, got sip'
}

@test "JSON output: one object per differing number (number, match, expected, got, differences), then the summary" {
	run -1 --separate-stderr enumq -j --expect before.jsonl -z after.zone
	assert_equal "$stderr" ''
	json_lines 4 '.[0:3] | map(.match == false and (.expected | has("status") and has("uris")) and (.got | has("status") and has("uris")) and (.differences | type == "array"))| all'
	json_lines 4 '[.[0:3][].number] == ["+441632960002","+441632960003","+441632960005"]'
	json_lines 4 '.[0].differences == ["sip:d@example.com: expected at rank 1, not got","sip:d2@example.com: got at rank 1, not expected"]'
	json_lines 4 '.[0].got.uris == [{"rank":1,"order":100,"preference":10,"enumservices":["sip"],"uri":"sip:d2@example.com"}]'
	json_lines 4 '.[1].got == {"status":"nodata","uris":[]} and .[1].expected.status == "ok"'
	json_lines 4 '.[3] == {"summary":{"numbers":5,"matched":2,"differed":3}}'
	run -0 enumq -j --expect before.jsonl -z before.zone
	json_is '. == {"summary":{"numbers":5,"matched":5,"differed":0}}'
}

@test "shell output: a tab-separated line per differing number, the summary on stderr" {
	run -1 --separate-stderr enumq -o shell --expect before.jsonl -z after.zone
	assert_equal "${#lines[@]}" 3
	assert_equal "${lines[0]}" "$(printf '+441632960002\t2\tok\tok\tsip:d@example.com\tsip:d2@example.com\tsip:d@example.com: expected at rank 1, not got; sip:d2@example.com: got at rank 1, not expected')"
	assert_equal "${lines[2]}" "$(printf '+441632960005\t4\tok\tnxdomain\tsip:f@example.com\t\tstatus: expected ok, got nxdomain; sip:f@example.com: expected at rank 1, not got')"
	assert_equal "$stderr" 'enumq: 5 numbers expected: 2 matched, 3 differed'
}

@test "filters: -s applies to the lookups, so a baseline recorded with -s matches with -s" {
	enumq -j -s email:mailto -z before.zone +441632960001 >mail.jsonl
	run -0 jq -c '[.uris[].uri]' mail.jsonl
	assert_output '["mailto:c@example.com"]'
	run -0 enumq -s email:mailto --expect mail.jsonl -z after.zone
	assert_output '1 number expected: 1 matched, 0 differed'
	run -1 enumq --expect mail.jsonl -z after.zone
	assert_line '! mail.jsonl:1: sip:a@example.com: got at rank 1-2, not expected'
}

@test "trees: -t applies to the lookups" {
	printf '+441632960002 ok sip:d@example.com\n+441632960001 nxdomain\n' >tree.txt
	run -0 enumq -t enum.example --expect tree.txt -z tree.zone
	assert_output '2 numbers expected: 2 matched, 0 differed'
	run -1 enumq --expect tree.txt -z tree.zone
	# e164.arpa.: not in tree.zone, which answers as NSD would (REFUSED)
	assert_line '+ +441632960002 error'
}

@test "malformed lines: 64, naming file:line, nothing looked up" {
	check() {
		printf '+441632960002 ok sip:d@example.com\n%s\n' "$1" >bad.txt
		run -64 --separate-stderr net --expect bad.txt
		assert_equal "$output" ''
		assert_equal "$stderr" "enumq: bad.txt:2: $2"
	}
	check '+441632960001' 'not NUMBER STATUS [URI ...]: no status'
	check '+441632960001 fine sip:a@example.com' 'fine: not a status (ok, nodata, nxdomain, error, invalid)'
	check '+44-1632-ABC ok sip:a@example.com' '+44-1632-ABC: not an E.164 number: unexpected character'
	check '+441632960001 ok' 'status ok without a URI'
	check '+441632960001 nxdomain sip:a@example.com' 'URIs after status nxdomain'
	check '{"number": "+441632960001", "status": "ok"' "not JSON: '}' expected near end of file (column 42)"
	check '{"number": "+441632960001", "status": "ok", "uris": [{"uri": "sip:a"}]} x' 'more after the JSON object (column 73)'
	check '{"severity": "error", "code": "loop"}' 'status: not ok, nodata, nxdomain, error or invalid: not enumq'"'"'s JSON result'
	check '{"number": "+441632960001", "status": "ok", "uris": [{"uri": 1}]}' 'uris[0]: uri: not a string'
	check '{"number": "+441632960001", "status": "ok", "uris": [{"uri": "sip:a", "order": 70000}]}' 'uris[0]: order or preference not an integer 0-65535'
	check '{"number": "+441632960001", "status": "ok", "status": "ok"}' 'not JSON: duplicate object key near '"'"'\"status\"'"'"' (column 52)'
}

@test "unreadable or empty expectations: 64" {
	run -64 --separate-stderr enumq --expect nonexistent -z before.zone
	assert_equal "$stderr" 'enumq: --expect nonexistent: No such file or directory'
	printf '# nothing\n\n' >empty.txt
	run -64 --separate-stderr enumq --expect empty.txt -z before.zone
	assert_equal "$stderr" 'enumq: empty.txt: no expectations'
}

@test "a line too long: 64 with file:line; a -j line of 3000 URIs (over a megabyte) is not too long, and its tie matches reversed" {
	local max
	max=$(limit EXPECT_LINE_MAX)
	{ printf '+441632960002 ok '; head -c "$max" /dev/zero | tr '\0' a; echo; } >long.txt
	run -64 --separate-stderr enumq --expect long.txt -z before.zone
	assert_equal "$stderr" "enumq: long.txt:1: longer than $max bytes"
	for i in $(seq 1 3000); do
		printf '1.0.0.0.6.9.2.3.6.1 NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:u%d@example.com!" .\n' "$i"
	done | zone_write many.zone 4.4.e164.arpa
	enumq -j -z many.zone +441632960001 >many.jsonl
	(($(wc -c <many.jsonl) > 1048576))
	run -0 enumq --expect many.jsonl -z many.zone
	assert_output '1 number expected: 1 matched, 0 differed'
	jq -r '.number + " ok " + ([.uris[].uri] | reverse | join(" "))' many.jsonl >many.txt
	run -0 enumq --expect many.txt -z many.zone
	assert_output '1 number expected: 1 matched, 0 differed'
}

@test "expectations from stdin (--expect -)" {
	run -0 --separate-stderr enumq --expect - -z before.zone <before.jsonl
	assert_equal "$output" '5 numbers expected: 5 matched, 0 differed'
}

@test "man page EXAMPLES: --expect with examples/expected.txt, and a baseline edited, run as shown" {
	cd "$BATS_TEST_DIRNAME/.." || exit 1
	run -0 --separate-stderr enumq --expect examples/expected.txt -z examples/example.zone \
	    -z examples/provider.zone
	assert_equal "$output" '5 numbers expected: 5 matched, 0 differed'
	enumq -j -z examples/example.zone +12155550123 >"$BATS_TEST_TMPDIR/before.jsonl"
	run -1 --separate-stderr bash -c "sed 's/example.net/example.org/' '$BATS_TEST_TMPDIR/before.jsonl' |
	    enumq --expect - -z examples/example.zone"
	assert_equal "$output" '- +12155550123 ok tel:+12155550123;npdi sip:+12155550123@example.org
+ +12155550123 ok tel:+12155550123;npdi sip:+12155550123@example.net
! stdin:1: sip:+12155550123@example.org: expected at rank 2, not got
! stdin:1: sip:+12155550123@example.net: got at rank 2, not expected
1 number expected: 0 matched, 1 differed'
	# the man page shows the same lines
	run -0 grep -cF '! stdin:1: sip:+12155550123@example.org: expected at rank 2, not got' man/enumq.1
}
