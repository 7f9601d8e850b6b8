#!/usr/bin/env bats
# 25-zone-read: large zone files are read in pieces on several cores
# (src/zone_read.c): the first by ldns's zone reader, the others by
# enumq's, which cuts the records as ldns 1.8.3 does and has ldns parse
# each. They must read exactly as ldns reads the file in one piece: the
# same records, TTLs and order, or the same error. The oracle is
# tests/zone_read_check, which reads each file both ways. The files are
# over 1 MB so that they are cut, and each puts a hard case everywhere, so
# that wherever a cut falls it falls on one: $ORIGIN changes, records over
# several lines, no $TTL, RRsets with differing TTLs, a second SOA, blank
# lines and owner-less records, CRLF line ends, and a late syntax error.
# Where enumq's reader handles the case itself, the file must be read in
# pieces, so that a reader that gave every file back to ldns would fail.
# On one CPU every file is read in one piece, by ldns, and a comparison
# proves nothing: those tests skip there (need_cpus 2).

# shellcheck disable=SC2154

bats_require_minimum_version 1.5.0

load helper

CHECK=$BATS_TEST_DIRNAME/zone_read_check

# big_zone FILE AWK-BODY: a zone of 20,000 records; AWK-BODY prints the
# record for i (its owner is the relative name n<i>).
big_zone() {
	awk "BEGIN {
		printf \"\$ORIGIN e164.arpa.\\n\$TTL 600\\n\"
		printf \"@ IN SOA ns.example.net. hostmaster.example.net. 1 3600 600 86400 300\\n\"
		printf \"@ IN NS ns.example.net.\\n\"
		for (i = 0; i < 20000; i++) { $2 }
	}" >"$1"
}

NAPTR='NAPTR 100 10 \"u\" \"E2U+sip\" \"!^.*$!sip:info@example.com!\" .'

# read_same FILE: zone_read and ldns agree (the check prints why not).
# Every file is over 1 MB, four times the smallest that is cut.
read_same() {
	[[ $(stat -c %s "$1") -gt 1048576 ]]
	run "$CHECK" "$1"
	echo "$output"
	assert_success
}

# in_pieces: the file read_same checked was read in pieces
in_pieces() {
	refute_line "pieces 1"
}

@test "zone read: a plain large zone is read in pieces, as ldns reads it whole" {
	need_cpus 2
	big_zone "$BATS_TEST_TMPDIR/z" "printf \"n%d $NAPTR\\n\", i"
	read_same "$BATS_TEST_TMPDIR/z"
	assert_line "records 20002"
	in_pieces
}

@test "zone read: one CPU (taskset) reads in one piece" {
	big_zone "$BATS_TEST_TMPDIR/z" "printf \"n%d $NAPTR\\n\", i"
	run taskset -c 0 "$CHECK" "$BATS_TEST_TMPDIR/z"
	assert_success
	assert_line "pieces 1"
}

@test "zone read: \$ORIGIN changing every 100 records" {
	need_cpus 2
	big_zone "$BATS_TEST_TMPDIR/z" \
	    "if (i % 100 == 0) printf \"\$ORIGIN o%d.e164.arpa.\\n\", i / 100
	     printf \"n%d $NAPTR\\n\", i"
	read_same "$BATS_TEST_TMPDIR/z"
	assert_line "records 20002"
}

@test "zone read: records over several lines, continuations in column 1" {
	need_cpus 2
	big_zone "$BATS_TEST_TMPDIR/z" \
	    "printf \"n%d NAPTR ( 100\\n10 \\\"u\\\"\\n\\\"E2U+sip\\\"\\n\\\"!^.*$!sip:a@example.com!\\\"\\n. )\\n\", i
	     printf \"m%d MX ( 10\\nmail.example.com. )\\n\", i
	     printf \"t%d TXT \\\"x\\\" ( \\\"y\\\"\\n\\\"z\\\" )\\n\", i"
	read_same "$BATS_TEST_TMPDIR/z"
	assert_line "records 60002"
	in_pieces
}

@test "zone read: cuts inside parentheses or after an escaped newline are noticed" {
	need_cpus 2
	# every line that could start a piece is inside a record, so every
	# cut must be refused and the file read in one piece
	big_zone "$BATS_TEST_TMPDIR/z" \
	    "if (i == 0) printf \"n TXT a\\n\"
	     printf \"\\tTXT (\\nx%d-a-string-long-enough-to-make-a-megabyte\\ny )\\n\", i"
	read_same "$BATS_TEST_TMPDIR/z"
	assert_line "records 20003"
	assert_line "pieces 1"
	big_zone "$BATS_TEST_TMPDIR/z" \
	    "if (i == 0) printf \"n TXT a\\n\"
	     printf \"\\tTXT a\\\\\\nx%d-a-string-long-enough-to-make-a-megabyte\\n\", i"
	read_same "$BATS_TEST_TMPDIR/z"
	assert_line "records 20003"
	assert_line "pieces 1"
}

@test "zone read: no \$TTL, explicit TTLs that later records inherit" {
	need_cpus 2
	big_zone "$BATS_TEST_TMPDIR/z.in" \
	    "if (i % 3 == 0) printf \"n%d %d $NAPTR\\n\", i, 100 + i
	     else printf \"n%d $NAPTR\\n\", i"
	grep -v '^\$TTL' "$BATS_TEST_TMPDIR/z.in" >"$BATS_TEST_TMPDIR/z"
	read_same "$BATS_TEST_TMPDIR/z"
}

@test "zone read: RRsets whose first record sets the TTL of the rest" {
	need_cpus 2
	big_zone "$BATS_TEST_TMPDIR/z" \
	    "printf \"n%d %d $NAPTR\\n\", int(i / 2), 100 + i % 7
	     printf \"n%d NAPTR 100 20 \\\"u\\\" \\\"E2U+sip\\\" \\\"!^.*$!sip:b@example.com!\\\" .\\n\", int(i / 2)"
	read_same "$BATS_TEST_TMPDIR/z"
	in_pieces
}

@test "zone read: blank lines, comments and owner-less records" {
	need_cpus 2
	big_zone "$BATS_TEST_TMPDIR/z" \
	    "printf \"; record %d\\n\\nn%d $NAPTR\\n   $NAPTR ; same owner\\n\\t300 TXT x%d\\n\", i, i, i"
	read_same "$BATS_TEST_TMPDIR/z"
	assert_line "records 60002"
	in_pieces
}

@test "zone read: a second SOA half way is dropped as ldns drops it" {
	need_cpus 2
	big_zone "$BATS_TEST_TMPDIR/z" \
	    "if (i == 12000) printf \"@ IN SOA ns2.example.net. h.example.net. 2 1 1 1 1\\n\"
	     printf \"n%d $NAPTR\\n\", i"
	read_same "$BATS_TEST_TMPDIR/z"
	assert_line "records 20002"
}

@test "zone read: CRLF line ends" {
	need_cpus 2
	big_zone "$BATS_TEST_TMPDIR/z.in" "printf \"n%d $NAPTR\\n\", i"
	sed 's/$/\r/' "$BATS_TEST_TMPDIR/z.in" >"$BATS_TEST_TMPDIR/z"
	read_same "$BATS_TEST_TMPDIR/z"
	in_pieces
}

@test "zone read: escapes and a backslash before the line end" {
	need_cpus 2
	big_zone "$BATS_TEST_TMPDIR/z" \
	    "printf \"t%d TXT \\\"a\\\\\\\"b\\\\\\\\c\\\\010\\\" d\\\\\\n e \\\"and-more-text-for-a-megabyte\\\"\\n\", i"
	read_same "$BATS_TEST_TMPDIR/z"
	in_pieces
}

@test "zone read: a syntax error late in the file names the same line" {
	need_cpus 2
	big_zone "$BATS_TEST_TMPDIR/z" \
	    "if (i == 17000) printf \"n%d NAPTR 100 nonsense\\n\", i
	     printf \"n%d $NAPTR\\n\", i"
	# ldns 1.8.3 leaks the records it read before an error (its error
	# path frees the zone shallowly): not ours to report under ASan
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		read_same "$BATS_TEST_TMPDIR/z"
	assert_line --partial "error $BATS_TEST_TMPDIR/z:"
}

@test "zone read: enumq -v says how the zone was read; answers as from one piece" {
	need_cpus 2
	big_zone "$BATS_TEST_TMPDIR/z" \
	    "num = sprintf(\"44207946%06d\", i); rel = \"\"
	     for (j = length(num); j >= 1; j--) rel = rel substr(num, j, 1) (j > 1 ? \".\" : \"\")
	     printf \"%s $NAPTR\\n\", rel"
	local numbers=(+44207946000000 +44207946009999 +44207946019999 +44207946020000)
	run -2 --separate-stderr "$ENUMQ" -v -z "$BATS_TEST_TMPDIR/z" "${numbers[@]}"
	assert_regex "$stderr" "zone file $BATS_TEST_TMPDIR/z: 20002 records read in [0-9]+ pieces?, "
	local pieces
	pieces=$(sed -E 's/ in [0-9]+ ms$//' <<<"$output")
	run -2 --separate-stderr taskset -c 0 "$ENUMQ" -v -z "$BATS_TEST_TMPDIR/z" "${numbers[@]}"
	assert_regex "$stderr" "zone file $BATS_TEST_TMPDIR/z: 20002 records read in 1 piece, "
	assert_equal "$(sed -E 's/ in [0-9]+ ms$//' <<<"$output")" "$pieces"
	assert_line --index 0 --partial "+44207946000000 (0.0.0.0.0.0.6.4.9.7.0.2.4.4.e164.arpa.): ok,"
}

@test "zone index on several threads: split owners, wildcard, DNAME, CNAME and empty non-terminals answer as from one (RFC 4592, RFC 6672)" {
	need_cpus 2
	# a table a CPU, each indexing a run of the file; the special records
	# sit in both halves, so that one name's records are in two tables
	big_zone "$BATS_TEST_TMPDIR/z" \
	    "printf \"f%d $NAPTR\\n\", i
	     if (i == 50) printf \"5.4.3.2.1.7.7.7.1.4.4 NAPTR 10 10 \\\"u\\\" \\\"E2U+sip\\\" \\\"!^.*\$!sip:dname@example.com!\\\" .\\n\"
	     if (i == 100) printf \"0.0.0.0.0.0.4.9.7.1.4.4 NAPTR 10 10 \\\"u\\\" \\\"E2U+sip\\\" \\\"!^.*\$!sip:first@example.com!\\\" .\\n\"
	     if (i == 200) printf \"6.6.6.6.1.4.4 CNAME 1.1.1.1.5.5.5.1.4.4.e164.arpa.\\n\"
	     if (i == 15000) printf \"*.9.9.9.1.4.4 NAPTR 10 10 \\\"u\\\" \\\"E2U+sip\\\" \\\"!^.*\$!sip:wild@example.com!\\\" .\\n\"
	     if (i == 16000) printf \"8.8.8.1.4.4 DNAME 7.7.7.1.4.4.e164.arpa.\\n\"
	     if (i == 19000) printf \"0.0.0.0.0.0.4.9.7.1.4.4 NAPTR 10 20 \\\"u\\\" \\\"E2U+sip\\\" \\\"!^.*\$!sip:second@example.com!\\\" .\\n\"
	     if (i == 19500) printf \"1.1.1.1.5.5.5.1.4.4 NAPTR 10 10 \\\"u\\\" \\\"E2U+sip\\\" \\\"!^.*\$!sip:cname@example.com!\\\" .\\n\"
	     if (i == 19900) printf \"1.2.3.4.5.2.2.2.1.4.4 NAPTR 10 10 \\\"u\\\" \\\"E2U+sip\\\" \\\"!^.*\$!sip:deep@example.com!\\\" .\\n\""
	local numbers=(+441794000000 +44199912345 +44188812345 +4416666 +44122254 +44122259)
	run -2 "$ENUMQ" -j -z "$BATS_TEST_TMPDIR/z" "${numbers[@]}"
	local many=$output
	run -2 taskset -c 0 "$ENUMQ" -j -z "$BATS_TEST_TMPDIR/z" "${numbers[@]}"
	assert_equal "$(jq -c 'del(.elapsed_ms)' <<<"$many")" "$(jq -c 'del(.elapsed_ms)' <<<"$output")"
	run jq -r '[.status, (.uris | map(.uri) | join(" "))] | join(" ")' <<<"$many"
	assert_output "ok sip:first@example.com sip:second@example.com
ok sip:wild@example.com
ok sip:dname@example.com
ok sip:cname@example.com
nodata 
nxdomain "
}
