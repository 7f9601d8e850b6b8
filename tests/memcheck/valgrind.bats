#!/usr/bin/env bats
# make memcheck: valgrind over a representative set of lookups (network,
# zone file, batch, hostile records): no invalid access, nothing definitely
# or indirectly lost.  Not part of make check: valgrind cannot run the
# sanitizer build, and it is slow.

load ../helper

setup_file() {
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

# memcheck ARGS...: run enumq under valgrind; fail on any error or leak.
memcheck() {
	run valgrind --quiet --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	    "$ENUMQ" "$@"
	[[ $status -ne 99 ]] || fail "valgrind found errors: $output"
}

@test "valgrind: network lookups, every format, -v" {
	for fmt in text json shell; do
		memcheck -v -o "$fmt" -S "$NSD_ADDR" -p "$NSD_PORT" \
		    +441632960083 +441632960082 +441632960081 +441632960080
	done
}

@test "valgrind: zone-file lookups" {
	memcheck -v -j -z "$BATS_FILE_TMPDIR/uk.zone" +441632960083 +441632960082 +441632960081 +441632960080
}

@test "valgrind: batch over the network and from the zone, with filters and trees" {
	memcheck -j -c 32 -s sip -t 3.6.1.4.4.e164.arpa -t e164.arpa -S "$NSD_ADDR" -p "$NSD_PORT" -f "$BATS_FILE_TMPDIR/numbers"
	memcheck -o shell -z "$BATS_FILE_TMPDIR/uk.zone" -f - <"$BATS_FILE_TMPDIR/numbers"
}

@test "valgrind: timeouts and refused connections" {
	memcheck -j --timeout 0.2 --retries 1 -S 127.0.0.1 -p 9 +441632960083
	memcheck -n -I +441632960083 '1234*256' bad
}
