#!/usr/bin/env bats
# 26-zone-store: zone files read by libzscanner into the zone store
# (src/zone_load.c, zone_store.c, zone_answer.c).  What NSD can serve is
# checked against NSD serving the same file (enumq_both: same JSON, same
# status): duplicates collapse (RFC 2181 5), a referral is an error with
# the same message in both modes, CNAME chains and loops, DNAME,
# wildcards blocked by an empty non-terminal, $INCLUDE relative to the
# including file and nested.  What nsd-checkzone refuses, enumq refuses
# too, with one line naming the file and line; a -z file that cannot be
# read is a usage error (64), bad zone data an error (3).
# The zones NSD serves are in tests/data/26-zone-store/ (*.records, and
# inc/ for $INCLUDE); the zones refused sit inline in their tests, beside
# the file:line each refusal names.

# $stderr and $stderr_lines come from run --separate-stderr.
# shellcheck disable=SC2154

bats_require_minimum_version 1.5.0

load helper

DATA=$BATS_TEST_DIRNAME/data/26-zone-store
NAPTR='NAPTR 100 10 "u" "E2U+sip"'
MIX_ZONES=16

setup_file() {
	# the zones live where NSD's zonesdir is: its $INCLUDEs resolve there
	mkdir -p "$BATS_FILE_TMPDIR/nsd" "$BATS_FILE_TMPDIR/inc/sub/deeper"

	zone_write nsd/dup.zone 4.4.dup.test <"$DATA/dup.records"
	zone_write nsd/ref.zone 4.4.ref.test <"$DATA/ref.records"
	zone_write nsd/names.zone 4.4.names.test <"$DATA/names.records"

	# the same records as inc/main.zone and what it includes, in one file
	zone_write nsd/flat.zone 4.4.inc.test <"$DATA/flat.records"
	zone_write inc/main.zone 4.4.inc.test <"$DATA/inc/main.records"
	cp "$DATA/inc/sub/a.inc" "$BATS_FILE_TMPDIR/inc/sub/a.inc"
	cp "$DATA/inc/sub/deeper/b.inc" "$BATS_FILE_TMPDIR/inc/sub/deeper/b.inc"

	# CR LF line ends, as a zone edited elsewhere may have
	zone_write nsd/crlf.zone 4.4.crlf.test <"$DATA/crlf.records"
	sed -i 's/$/\r/' "$BATS_FILE_TMPDIR/nsd/crlf.zone"

	# small random zones of every kind of record, their seeds fixed; NSD
	# serves those nsd-checkzone accepts
	local i mix=()
	for ((i = 1; i <= MIX_ZONES; i++)); do
		"$BATS_TEST_DIRNAME/data/zone-mix.py" "$i" "mix$i.test" |
			zone_write "nsd/mix$i.zone" "4.4.mix$i.test"
		if nsd-checkzone "4.4.mix$i.test" "$BATS_FILE_TMPDIR/nsd/mix$i.zone" \
		    >/dev/null 2>&1; then
			mix+=("nsd/mix$i.zone")
		fi
	done

	nsd_start nsd/dup.zone nsd/ref.zone nsd/names.zone nsd/flat.zone \
	    4.4.crlf.test=nsd/crlf.zone "${mix[@]}"
}

teardown_file() {
	nsd_stop
}

# both ZONE TREE NUMBER STATUS [URI...]: enumq_both over ZONE (under
# $BATS_FILE_TMPDIR) with -t TREE for NUMBER exits STATUS, printing
# these URIs in rank order
both() {
	local zone=$1 tree=$2 number=$3 want=$4 got
	shift 4
	enumq_both "$zone" -- -t "$tree" "$number"
	assert_equal "$status" "$want"
	got=$(jq -r '.uris[].uri' <<<"$output")
	assert_equal "$got" "$(printf '%s\n' "$@")"
}

# bad_zone FILE STATUS MESSAGE: enumq -z FILE fails with STATUS, nothing on
# stdout and exactly the one line "enumq: MESSAGE" on stderr
bad_zone() {
	run --separate-stderr enumq -z "$1" +441632960083
	assert_equal "$status" "$2"
	assert_equal "$output" ""
	assert_equal "${#stderr_lines[@]}" 1
	assert_equal "$stderr" "enumq: $3"
}

# both_refuse FILE MESSAGE: nsd-checkzone refuses FILE, and enumq with
# status 3 and the one line MESSAGE
both_refuse() {
	run nsd-checkzone 4.4.e164.arpa "$1"
	assert_failure
	bad_zone "$1" 3 "$2"
}

# --- answers, against NSD -----------------------------------------------------

@test "zone store: identical RRs collapse into one, as NSD serves them (RFC 2181 5)" {
	both nsd/dup.zone dup.test +441632960083 0 sip:a@example.com sip:b@example.com
	# the replacements differ only in case: one RR, one hop
	assert_equal "$(jq '.records | length' <<<"$output")" 3
}

@test "zone store: a referral is status error, exit 3, as over the network" {
	both nsd/ref.zone ref.test +441632960083 3
	jq -en --argjson l "$output" '$l.status == "error" and $l.rcode == "NOERROR" and
		$l.error == "no valid answer: referral to 6.1.4.4.ref.test. (ns1.provider.example. ns2.provider.example.)" and
		$l.uris == []' >/dev/null || fail "referral: $output"
	# above the cut: answered
	both nsd/ref.zone ref.test +442079460148 0 sip:a@example.com
	# below the cut, where the zone holds no name: a referral too
	both nsd/ref.zone ref.test +441632960000 3
	run enumq -z "$BATS_FILE_TMPDIR/nsd/ref.zone" -t ref.test +441632960083
	assert_equal "$status" 3
	assert_output --partial 'referral to 6.1.4.4.ref.test. (ns1.provider.example. ns2.provider.example.)'
}

@test "zone store: a CNAME chain is followed within the zone" {
	both nsd/names.zone names.test +441632960083 0 sip:chain@example.com
}

@test "zone store: a CNAME loop is no valid answer" {
	both nsd/names.zone names.test +441632960000 3
}

@test "zone store: a CNAME out of every zone is left to the client" {
	both nsd/names.zone names.test +441632969999 3
	assert_equal "$(jq -r .rcode <<<"$output")" REFUSED
}

@test "zone store: a DNAME synthesizes the name to follow (RFC 6672)" {
	both nsd/names.zone names.test +441632953333 0 sip:dname@example.com
}

@test "zone store: a wildcard answers below its closest encloser (RFC 4592)" {
	both nsd/names.zone names.test +441632975555 0 sip:wild@example.com
}

@test "zone store: an existing name or empty non-terminal blocks the wildcard" {
	# the name exists with a TXT only: nodata
	both nsd/names.zone names.test +441632971111 1
	# below the empty non-terminal 1.1.1.7.9.2.3.6.1: no wildcard there
	both nsd/names.zone names.test +441632971112 2
}

@test "zone store: \$INCLUDE nested, relative to the including file, with an origin" {
	both inc/main.zone inc.test +441632960083 0 sip:top@example.com
	both inc/main.zone inc.test +442079460148 0 sip:nested@example.com
	both inc/main.zone inc.test +441632960000 0 sip:after@example.com
	# a relative -z name from elsewhere: still the including file's directory
	cd "$BATS_FILE_TMPDIR"
	run enumq -1 -z inc/main.zone -t inc.test +442079460148
	assert_success
	assert_output sip:nested@example.com
	cd /
	run enumq -1 -z "$BATS_FILE_TMPDIR/inc/main.zone" -t inc.test +441632960000
	assert_success
	assert_output sip:after@example.com
}

@test "zone store: CR LF line ends are read, as NSD reads them" {
	both nsd/crlf.zone crlf.test +441632960083 0 sip:crlf@example.com sip:two@example.com
}

@test "zone store: small random zones: refused as nsd-checkzone refuses, else answered as NSD" {
	local seed a b c d numbers=() f served=0
	for a in 1 2 3; do for b in 1 2 3; do for c in 1 2 3; do
		numbers+=("+44$a$b$c")
		for d in 1 2 3; do numbers+=("+44$a$b$c$d"); done
	done; done; done
	# (not i: bats's run sets a global i)
	for ((seed = 1; seed <= MIX_ZONES; seed++)); do
		f=$BATS_FILE_TMPDIR/nsd/mix$seed.zone
		if nsd-checkzone "4.4.mix$seed.test" "$f" >/dev/null 2>&1; then
			enumq_both "nsd/mix$seed.zone" -- -t "mix$seed.test" "${numbers[@]}"
			served=$((served + 1))
		else
			run --separate-stderr enumq -z "$f" -t "mix$seed.test" +441
			assert_equal "$status" 3
			assert_equal "${#stderr_lines[@]}" 1
			assert_regex "$stderr" "^enumq: $f:[0-9]+: "
		fi
	done
	# the seeds give zones of both kinds
	((served >= MIX_ZONES / 2 && served < MIX_ZONES))
}

# --- zones refused at load, as nsd-checkzone refuses them ---------------------

@test "zone store: a CNAME and other data at one name is refused with file:line" {
	zone_write z 4.4.e164.arpa <<ZONE
3.8.0.0.6.9.2.3.6.1 CNAME x
3.8.0.0.6.9.2.3.6.1 $NAPTR "!^.*\$!sip:a@example.com!" .
ZONE
	f=$BATS_FILE_TMPDIR/z
	both_refuse "$f" "$f:7: 3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.: a CNAME record and other data at one name"
	zone_write z 4.4.e164.arpa <<ZONE
3.8.0.0.6.9.2.3.6.1 CNAME x
3.8.0.0.6.9.2.3.6.1 CNAME y
ZONE
	both_refuse "$f" "$f:7: 3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.: more than one CNAME record at one name"
	# a record over several lines is where it starts
	zone_write z 4.4.e164.arpa <<ZONE
3.8.0.0.6.9.2.3.6.1 NAPTR ( 100 10 "u" "E2U+sip"
    "!^.*\$!sip:a@example.com!" . )

; the CNAME
3.8.0.0.6.9.2.3.6.1 CNAME (
    x )
ZONE
	both_refuse "$f" "$f:10: 3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.: a CNAME record and other data at one name"
	# the same CNAME twice is one RR: loaded
	zone_write z 4.4.e164.arpa <<ZONE
3.8.0.0.6.9.2.3.6.1 CNAME x
3.8.0.0.6.9.2.3.6.1 CNAME X
x $NAPTR "!^.*\$!sip:a@example.com!" .
ZONE
	run enumq -1 -z "$f" +441632960083
	assert_success
	assert_output sip:a@example.com
}

@test "zone store: a name below a DNAME is refused with file:line (RFC 6672 2.3)" {
	zone_write z 4.4.e164.arpa <<ZONE
2 DNAME 3.4.4.e164.arpa.
1.2 $NAPTR "!^.*\$!sip:a@example.com!" .
ZONE
	f=$BATS_FILE_TMPDIR/z
	both_refuse "$f" "$f:7: 1.2.4.4.e164.arpa.: below a DNAME record, where no name may be (RFC 6672 2.3)"
	zone_write z 4.4.e164.arpa <<ZONE
1.1.2 $NAPTR "!^.*\$!sip:a@example.com!" .
2 DNAME 3.4.4.e164.arpa.
ZONE
	both_refuse "$f" "$f:7: 2.4.4.e164.arpa.: a DNAME record above other names, where none may be (RFC 6672 2.3)"
}

@test "zone store: records outside the zone are refused with file:line" {
	zone_write z 4.4.e164.arpa <<ZONE
3.8.0.0.6.9.2.3.6.1 $NAPTR "!^.*\$!sip:a@example.com!" .
x.example. $NAPTR "!^.*\$!sip:a@example.com!" .
ZONE
	f=$BATS_FILE_TMPDIR/z
	both_refuse "$f" "$f:7: x.example. is outside the zone 4.4.e164.arpa."
}

@test "zone store: no SOA, an SOA not first, a second SOA are refused" {
	f=$BATS_FILE_TMPDIR/z
	printf '$ORIGIN 4.4.e164.arpa.\n3.8 %s "" .\n' "$NAPTR" >"$f"
	bad_zone "$f" 3 "$f:2: the zone's SOA record must come first: its owner is the apex"
	zone_write z 4.4.e164.arpa <<'ZONE'
@ SOA ns hostmaster 2 3600 600 86400 300
ZONE
	both_refuse "$f" "$f:6: a second SOA record (the zone's is at $f:3)"
	printf '; nothing but a comment\n' >"$f"
	bad_zone "$f" 3 "$f: no SOA record"
}

@test "zone store: without \$ORIGIN, the SOA's absolute owner is the apex" {
	f=$BATS_FILE_TMPDIR/z
	{
		printf '4.4.e164.arpa. 300 IN SOA ns.example. hm.example. 1 3600 600 86400 300\n'
		printf '3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa. 300 %s "!^.*$!sip:a@example.com!" .\n' "$NAPTR"
	} >"$f"
	run enumq -1 -z "$f" +441632960083
	assert_success
	assert_output sip:a@example.com
}

@test "zone store: \$GENERATE is refused by name, with file:line" {
	zone_write z 4.4.e164.arpa <<ZONE
\$GENERATE 0-9 \$.3.8.0.0.6.9.2.3.6.1 $NAPTR "!^.*\$!sip:a@example.com!" .
ZONE
	f=$BATS_FILE_TMPDIR/z
	both_refuse "$f" "$f:6: \$GENERATE is a BIND extension that enumq, NSD and Knot do not read: write out its records"
}

@test "zone store: ORDER or PREFERENCE over 65535 is refused (RFC 3403 4.1)" {
	f=$BATS_FILE_TMPDIR/z
	zone_write z 4.4.e164.arpa <<'ZONE'
3.8.0.0.6.9.2.3.6.1 NAPTR 65536 10 "u" "E2U+sip" "!^.*$!sip:a@example.com!" .
ZONE
	bad_zone "$f" 3 "$f:6: NAPTR ORDER or PREFERENCE over 65535 (RFC 3403 4.1: 16 bits)"
	zone_write z 4.4.e164.arpa <<'ZONE'
3.8.0.0.6.9.2.3.6.1 NAPTR 100 65536 "u" "E2U+sip" "!^.*$!sip:a@example.com!" .
ZONE
	bad_zone "$f" 3 "$f:6: NAPTR ORDER or PREFERENCE over 65535 (RFC 3403 4.1: 16 bits)"
	zone_write z 4.4.e164.arpa <<'ZONE'
3.8.0.0.6.9.2.3.6.1 NAPTR 65535 65535 "u" "E2U+sip" "!^.*$!sip:a@example.com!" .
ZONE
	run enumq -j -z "$f" +441632960083
	assert_success
	assert_equal "$(jq -c '[.uris[0].order, .uris[0].preference]' <<<"$output")" "[65535,65535]"
}

@test "zone store: errors in an included file name it and its line" {
	d=$BATS_FILE_TMPDIR/incerr
	mkdir -p "$d/sub"
	zone_write incerr/main.zone 4.4.e164.arpa <<'ZONE'
$INCLUDE sub/bad.inc
ZONE
	printf '; one\n3.8 NAPTR 1 1 "u" "E2U+sip" "" .\n3.8 CNAME x\n' >"$d/sub/bad.inc"
	bad_zone "$d/main.zone" 3 "$d/sub/bad.inc:3: 3.8.4.4.e164.arpa.: a CNAME record and other data at one name"
	zone_write incerr/main.zone 4.4.e164.arpa <<'ZONE'
$INCLUDE sub/missing.inc
ZONE
	bad_zone "$d/main.zone" 3 "$d/main.zone:6: \$INCLUDE $d/sub/missing.inc: No such file or directory"
	# a file that includes itself: stopped, not a stack overflow
	zone_write incerr/main.zone 4.4.e164.arpa <<'ZONE'
$INCLUDE sub/loop.inc
ZONE
	printf '$INCLUDE loop.inc\n' >"$d/sub/loop.inc"
	bad_zone "$d/main.zone" 3 "$d/sub/loop.inc:1: \$INCLUDE $d/sub/loop.inc: nested over 16 deep (does it include itself?)"
}

@test "zone store: the same zone twice is refused" {
	run --separate-stderr enumq -z "$BATS_FILE_TMPDIR/nsd/ref.zone" \
	    -z "$BATS_FILE_TMPDIR/nsd/ref.zone" +441632960083
	assert_equal "$status" 3
	assert_equal "$stderr" "enumq: $BATS_FILE_TMPDIR/nsd/ref.zone: the zone 4.4.ref.test. is in $BATS_FILE_TMPDIR/nsd/ref.zone already"
}

# --- files that are no zone file ------------------------------------------------

@test "zone store: -z of a directory or a missing file: one line, usage status 64" {
	bad_zone "$BATS_FILE_TMPDIR" 64 "$BATS_FILE_TMPDIR: Is a directory"
	bad_zone "$BATS_FILE_TMPDIR/none" 64 "$BATS_FILE_TMPDIR/none: No such file or directory"
	bad_zone /dev/zero 64 "/dev/zero: a device, not a zone file"
}

@test "zone store: -z of an empty file or binary junk: one line, status 3" {
	f=$BATS_FILE_TMPDIR/empty
	: >"$f"
	bad_zone "$f" 3 "$f: no SOA record"
	f=$BATS_FILE_TMPDIR/junk
	{ printf 'ELF\0'; head -c 4096 /dev/urandom; } >"$f"
	bad_zone "$f" 3 "$f: binary data, not a zone file"
	f=$BATS_FILE_TMPDIR/ascii-junk
	printf '\x01\x02garbage (((\n' >"$f"
	run --separate-stderr timeout 10 enumq -z "$f" +441632960083
	assert_equal "$status" 3
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "$stderr" "^enumq: $f:1: "
}
