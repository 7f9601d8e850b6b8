#!/usr/bin/env bats
# 22-ere: the regular expressions of REGEXP fields are POSIX EREs (RFC 3402
# 3.2; IEEE Std 1003.1 XBD 9.4), table-driven from tests/data/22-ere/*.tsv
# (their header says how): one NAPTR a table line, in one zone, each at its
# AUS's domain with PREFERENCE = the line's number over all tables, so that
# a record is found again by its number and preference.  Beside each case
# the table records glibc's verdict and span (the oracle, checked against
# glibc by one test here) and what enumq must make of it.

bats_require_minimum_version 1.5.0

load helper

DATA=$BATS_TEST_DIRNAME/data/22-ere
TABLES=(longest valid undefined invalid)
ZONE=ere.zone
US=$'\037'

# rows: every table line as TABLE PREF AUS ERE REPLACEMENT GLIBC ENUMQ WHY,
# separated by US (0x1f: a tab would swallow an empty ERE in `read`), PREF
# counting the lines of all tables from 1 in the order of TABLES.
rows() {
	local t files=()
	for t in "${TABLES[@]}"; do
		files+=("$DATA/$t.tsv")
	done
	awk -F '\t' -v OFS="$US" '/^#/ || NF == 0 { next }
		{ t = FILENAME; sub(/.*\//, "", t); sub(/\.tsv$/, "", t)
		  print t, ++n, $1, $2, $3, $4, $5, $6 }' "${files[@]}"
}

# domain_of AUS: its domain under e164.arpa, relative to it
domain_of() {
	rev <<<"${1#+}" | sed 's/./&./g; s/\.$//'
}

# zone_str S: S as a zone file's character-string holds it
zone_str() {
	local s=${1//\\/\\\\}
	printf '%s' "${s//\"/\\\"}"
}

setup_file() {
	local table pref aus ere repl rest
	while IFS=$US read -r table pref aus ere repl rest; do
		[[ $ere$repl != *'!'* ]] || {
			echo "22-ere: $table: no '!' in ERE or REPLACEMENT: $ere" >&2
			return 1
		}
		printf '%s NAPTR 10 %s "u" "E2U+sip" "%s" .\n' \
			"$(domain_of "$aus")" "$pref" "$(zone_str "!$ere!$repl!")"
	done < <(rows) >"$BATS_FILE_TMPDIR/records"
	# bytes no table holds: a NUL, a byte above 0x7f (RFC 3403 4.1: any
	# byte), then a usable rule
	cat >>"$BATS_FILE_TMPDIR/records" <<-'EOF'
	3.0.0.0.6.9.4.6.1.1.4.4 NAPTR 10 1 "u" "E2U+sip" "!^\\+44\000!sip:nul@b!" .
	3.0.0.0.6.9.4.6.1.1.4.4 NAPTR 10 2 "u" "E2U+sip" "!^\\+44\255!sip:high@b!" .
	3.0.0.0.6.9.4.6.1.1.4.4 NAPTR 10 3 "u" "E2U+sip" "!^\\+44!sip:ok@b!" .
	EOF
	zone_write "$ZONE" e164.arpa <"$BATS_FILE_TMPDIR/records"
	nsd_start "$ZONE"
}

teardown_file() {
	nsd_stop
}

# table_aus TABLE: the AUSes of a table, each once
table_aus() {
	rows | awk -F "$US" -v t="$1" '$1 == t && !seen[$3]++ { print $3 }'
}

# check_table TABLE: enumq (JSON, zone file) gives each line's ENUMQ for
# its record, and the table agrees with itself: where ENUMQ is not
# regexp-undefined, glibc's invalid is bad-regexp, nomatch is no-match
# and a match is a URI (RFC 3402 3.2: the ERE is POSIX's, as glibc reads
# it).  Fails listing every line that does not hold.
check_table() {
	local t=$1 table pref aus ere repl glibc expect why got g bad=() auses
	mapfile -t auses < <(table_aus "$t")
	run --separate-stderr enumq -j -z "$BATS_FILE_TMPDIR/$ZONE" "${auses[@]}"
	[[ -n $output ]] || fail "enumq printed nothing (exit $status): $stderr"
	got=$(jq -r '.number as $n | .records[] |
		"\($n)\u001f\(.preference)\u001f\(.reason // .result)"' <<<"$output") ||
		fail "enumq printed no valid JSON: $output"
	while IFS=$US read -r table pref aus ere repl glibc expect why; do
		[[ $table == "$t" ]] || continue
		g=$(awk -F "$US" -v a="$aus" -v p="$pref" \
			'$1 == a && $2 == p { print $3 }' <<<"$got")
		[[ $g == "$expect" ]] ||
			bad+=("$aus !$ere!$repl!: enumq makes '${g:-nothing}', the table says '$expect'")
		case $expect in
		regexp-undefined) ;;
		bad-regexp) [[ $glibc == invalid ]] ||
			bad+=("!$ere!: bad-regexp, but glibc: $glibc") ;;
		no-match) [[ $glibc == nomatch ]] ||
			bad+=("!$ere!: no-match, but glibc: $glibc") ;;
		*) [[ $glibc == match* ]] ||
			bad+=("!$ere!: a URI, but glibc: $glibc") ;;
		esac
	done < <(rows)
	((${#bad[@]} == 0)) || fail "$(printf '%s\n' "${bad[@]}")"
}

# check_why TABLE: the text format's records (-v) end each refused
# line's record with "(REASON: WHY)", escaped as the text format escapes.
check_why() {
	local t=$1 table pref aus ere repl glibc expect why want line bad=() auses
	mapfile -t auses < <(table_aus "$t")
	run --separate-stderr enumq -v -z "$BATS_FILE_TMPDIR/$ZONE" "${auses[@]}"
	[[ -n $output ]] || fail "enumq printed nothing (exit $status): $stderr"
	while IFS=$US read -r table pref aus ere repl glibc expect why; do
		[[ $table == "$t" && -n $why ]] || continue
		want="($expect: $(zone_str "$why"))"
		line=$(grep -F " NAPTR 10 $pref \"u\" " <<<"$output" |
			grep -F "$(domain_of "$aus")")
		[[ $line == *" $want" ]] ||
			bad+=("!$ere!: want '... $want', got '$line'")
	done < <(rows)
	((${#bad[@]} == 0)) || fail "$(printf '%s\n' "${bad[@]}")"
}

@test "RFC 3402 3.2, POSIX XBD 9.1: the match is the longest of the leftmost; the groups within it PCRE2's (longest.tsv)" {
	check_table longest
}

@test "RFC 3402 3.2, POSIX XBD 9.1: !\\+(1|12)!sip:\\1@b! turns +12155550123 into sip:12@b (issue 11)" {
	run -0 --separate-stderr enumq -1 -z "$BATS_FILE_TMPDIR/$ZONE" +12155550123
	assert_output 'sip:12@b'
	run -0 --separate-stderr enumq -j -z "$BATS_FILE_TMPDIR/$ZONE" +12155550123
	json_is '(.records[] | select(.preference == 1) | .regexp) ==
		"!\\+(1|12)!sip:\\1@b!" and .uris[0].uri == "sip:12@b"
		and .uris[0].preference == 1'
}

@test "RFC 3402 3.2, POSIX XBD 9.4: EREs POSIX defines are read as POSIX reads them, where PCRE2 alone refused or misread them (valid.tsv)" {
	check_table valid
}

@test "RFC 3402 3.2, POSIX XBD 9.4: constructs POSIX leaves undefined are discarded as regexp-undefined (undefined.tsv)" {
	check_table undefined
}

@test "RFC 3402 3.2, POSIX XBD 9.4: each undefined construct is named in the text format (undefined.tsv)" {
	check_why undefined
}

@test "RFC 3402 3.2, POSIX XBD 9.4: expressions that are not EREs are discarded as bad-regexp, saying why (invalid.tsv)" {
	check_table invalid
	check_why invalid
}

@test "RFC 3402 3.2, POSIX XBD 9.4: the -v trace names the undefined construct too" {
	run -1 --separate-stderr enumq -v -z "$BATS_FILE_TMPDIR/$ZONE" +441164960001
	# stdout's record line says what '\d' is
	assert_output --partial "\"!^\\\\+44\\\\d!sip:x@b!\" . (regexp-undefined: '\\\\d': a backslash before an ordinary character)"
	# and the trace, where stdout shows no records (shell)
	run -1 --separate-stderr enumq -o shell -v -z "$BATS_FILE_TMPDIR/$ZONE" +441164960001
	grep -qF ";; +441164960001: 1.0.0.0.6.9.4.6.1.1.4.4.e164.arpa. NAPTR 10 " <<<"$stderr" ||
		fail "no trace line: $stderr"
	grep -F "(regexp-undefined: '\\\\d': a backslash before an ordinary character)" <<<"$stderr" |
		grep -qF '"!^\\+44\\d!sip:x@b!"' || fail "the trace does not name '\\d': $stderr"
	# JSON: the stable code alone
	run -1 --separate-stderr enumq -j -z "$BATS_FILE_TMPDIR/$ZONE" +441164960001
	json_is '[.records[].reason] | unique == ["regexp-undefined"]'
}

@test "RFC 3402 3.2, POSIX XBD 9.4: a NUL byte or a byte above 0x7f in the ERE is regexp-undefined; the next rule serves" {
	run -0 --separate-stderr enumq -j -z "$BATS_FILE_TMPDIR/$ZONE" +441164960003
	json_is '[.records[] | [.preference, .reason]] ==
		[[1, "regexp-undefined"], [2, "regexp-undefined"], [3, null]]
		and [.uris[].uri] == ["sip:ok@b"]'
	run -0 --separate-stderr enumq -v -z "$BATS_FILE_TMPDIR/$ZONE" +441164960003
	assert_output --partial '(regexp-undefined: a NUL byte: no regular expression holds one)'
	assert_output --partial "(regexp-undefined: byte \\\\xff: above 0x7f, a character only in some locale's encoding)"
}

@test "RFC 3402 3.2: every table's records give the same answers over the network from NSD as from the zone file" {
	local auses
	mapfile -t auses < <(rows | awk -F "$US" '!seen[$3]++ { print $3 }')
	enumq_both "$ZONE" -- "${auses[@]}" +441164960003
	[[ $(wc -l <<<"$output") -eq $((${#auses[@]} + 1)) ]] ||
		fail "want $((${#auses[@]} + 1)) JSON lines: $output"
}

@test "oracle: the GLIBC column is glibc's verdict (regcomp/regexec, REG_EXTENDED) on each line" {
	local bin=$BATS_FILE_TMPDIR/glibc-verdict table pref aus ere repl glibc rest g bad=()
	cc -o "$bin" "$DATA/glibc-verdict.c" || skip "no C compiler"
	while IFS=$US read -r table pref aus ere repl glibc rest; do
		g=$("$bin" "$ere" "$aus")
		[[ $g == "$glibc" ]] ||
			bad+=("$table: '$ere' on $aus: glibc says '$g', the table '$glibc'")
	done < <(rows)
	((${#bad[@]} == 0)) || fail "$(printf '%s\n' "${bad[@]}")"
}
