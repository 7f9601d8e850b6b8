#!/usr/bin/env bats
# 16-input-edges: the rough edges a new user hit (issue 11, section 4):
# writes that fail, several -f, the written trunk prefix "(0)", "00" for
# "+", ENUM domain names given as numbers, and huge input lines.
# Lookups answer from a zone file (-z):
#   +44 1632 960001  ok       (sip:one@example.com)
#   +44 1632 960002  ok       (sip:two@example.com)
#   +44 1164 960348  nodata   (a TXT, no NAPTR)
#   +44 1111         nxdomain

# $stderr comes from run --separate-stderr.
# shellcheck disable=SC2154

bats_require_minimum_version 1.5.0

load helper

ONE=+441632960001
TWO=+441632960002
NODATA=+441164960348
NXDOMAIN=+441111

setup_file() {
	zone_write uk.zone 4.4.e164.arpa <<'ZONE'
1.0.0.0.6.9.2.3.6.1 IN NAPTR 10 10 "u" "E2U+sip" "!^.*$!sip:one@example.com!" .
2.0.0.0.6.9.2.3.6.1 IN NAPTR 10 10 "u" "E2U+sip" "!^.*$!sip:two@example.com!" .
8.4.3.0.6.9.4.6.1.1 IN TXT "not in service"
1.0.0.0.6.9.2.3.6.1.i IN NAPTR 10 10 "u" "E2U+sip" "!^.*$!sip:infra@example.com!" .
ZONE
	# a private tree, and an ISN's
	zone_write private.zone e164.example <<'ZONE'
1.0.0.0.6.9.2.3.6.1.4.4 IN NAPTR 10 10 "u" "E2U+sip" "!^(.*)$!sip:\\1@private.example!" .
ZONE
	zone_write isn.zone freenum.org <<'ZONE'
4.3.2.1.256 IN NAPTR 10 10 "u" "E2U+sip" "!^(.*)$!sip:\\1@isn.example!" .
ZONE
}

setup() {
	ZONE=$BATS_FILE_TMPDIR/uk.zone
	PRIVATE=$BATS_FILE_TMPDIR/private.zone
	ISN=$BATS_FILE_TMPDIR/isn.zone
}

# shell_is STATUS EXPECTED ARG...: enumq -o shell -z $ZONE ARG... exits
# STATUS, prints nothing on stderr, and its "number status" columns are
# EXPECTED (one "number status" a line).
shell_is() {
	local want=$1 expected=$2
	shift 2
	run --separate-stderr enumq -o shell -z "$ZONE" "$@"
	assert_equal "$status" "$want"
	assert_equal "$stderr" ''
	assert_equal "$(cut -f 1,2 <<<"$output" | tr '\t' ' ')" "$expected"
}

# --- write errors: 74 everywhere ------------------------------------------

@test "write error: --help, -h, --version and -V into /dev/full exit 74, naming stdout" {
	local opt
	for opt in --help -h --version -V; do
		run --separate-stderr bash -c 'enumq "$1" >/dev/full' sh "$opt"
		assert_equal "$status" 74
		assert_output ''
		assert_equal "$stderr" 'enumq: stdout: write error'
	done
}

@test "write error: --help and -V with stdout closed exit 74, naming stdout" {
	local opt
	for opt in --help -V; do
		run --separate-stderr bash -c 'enumq "$1" >&-' sh "$opt"
		assert_equal "$status" 74
		assert_output ''
		assert_equal "$stderr" 'enumq: stdout: write error'
	done
}

@test "write error: -n and a lookup into /dev/full exit 74, naming stdout" {
	run --separate-stderr bash -c 'enumq -n "$1" >/dev/full' sh "$ONE"
	assert_equal "$status" 74
	assert_output ''
	assert_equal "$stderr" 'enumq: stdout: write error'
	run --separate-stderr bash -c 'enumq -z "$1" "$2" >/dev/full' sh "$ZONE" "$ONE"
	assert_equal "$status" 74
	assert_output ''
	assert_equal "$stderr" 'enumq: stdout: write error'
}

# --- several -f: read in order, as cat reads them ---------------------------

@test "file: several -f are read in the order given, after the arguments" {
	printf '%s\n' "$ONE" "$NODATA" >"$BATS_TEST_TMPDIR/a"
	printf '%s\n' "$NXDOMAIN" >"$BATS_TEST_TMPDIR/b"
	printf '%s\n' "$TWO" >"$BATS_TEST_TMPDIR/c"
	shell_is 2 "$TWO ok
$ONE ok
$NODATA nodata
$NXDOMAIN nxdomain
$TWO ok" -f "$BATS_TEST_TMPDIR/a" -f "$BATS_TEST_TMPDIR/b" "$TWO" \
		--file "$BATS_TEST_TMPDIR/c"
}

@test "file: -f - among other files reads stdin in its place" {
	printf '%s\n' "$ONE" >"$BATS_TEST_TMPDIR/a"
	printf '%s\n' "$NODATA" >"$BATS_TEST_TMPDIR/b"
	run --separate-stderr bash -c 'printf "%s\n" "$1" |
		enumq -o shell -z "$2" -f "$3" -f - -f "$4"' sh \
		"$TWO" "$ZONE" "$BATS_TEST_TMPDIR/a" "$BATS_TEST_TMPDIR/b"
	assert_failure 1
	assert_equal "$stderr" ''
	assert_equal "$(cut -f 1,2 <<<"$output" | tr '\t' ' ')" "$ONE ok
$TWO ok
$NODATA nodata"
}

@test "file: a last line without newline ends with its file, not joined to the next" {
	printf '%s' "$ONE" >"$BATS_TEST_TMPDIR/a"
	printf '%s' "$TWO" >"$BATS_TEST_TMPDIR/b"
	shell_is 0 "$ONE ok
$TWO ok" -f "$BATS_TEST_TMPDIR/a" -f "$BATS_TEST_TMPDIR/b"
}

@test "file: a file given twice is read twice" {
	printf '%s\n' "$ONE" >"$BATS_TEST_TMPDIR/a"
	shell_is 0 "$ONE ok
$ONE ok" -f "$BATS_TEST_TMPDIR/a" -f "$BATS_TEST_TMPDIR/a"
}

@test "file: a second -f that cannot be opened exits 64 before any lookup, naming it" {
	printf '%s\n' "$ONE" >"$BATS_TEST_TMPDIR/a"
	run --separate-stderr enumq -o shell -z "$ZONE" -f "$BATS_TEST_TMPDIR/a" \
		-f "$BATS_TEST_TMPDIR/missing" "$TWO"
	assert_failure 64
	assert_output ''
	assert_equal "$stderr" "enumq: $BATS_TEST_TMPDIR/missing: No such file or directory"
}

@test "file: a -f that fails when read (a directory) is named, the files after it are read, exit 74" {
	printf '%s\n' "$ONE" >"$BATS_TEST_TMPDIR/a"
	printf '%s\n' "$TWO" >"$BATS_TEST_TMPDIR/b"
	run --separate-stderr enumq -o shell -z "$ZONE" -f "$BATS_TEST_TMPDIR/a" \
		-f "$BATS_TEST_TMPDIR" -f "$BATS_TEST_TMPDIR/b"
	assert_failure 74
	assert_equal "$(cut -f 1,2 <<<"$output" | tr '\t' ' ')" "$ONE ok
$TWO ok"
	assert_equal "$stderr" "enumq: $BATS_TEST_TMPDIR: Is a directory"
}

# --- huge input lines: the echo is cut -------------------------------------

# long_line N CHAR: "+44 1632 " and then CHAR up to N bytes in all
long_line() {
	local pad
	printf -v pad "%$(($1 - 9))s" ''
	printf '+44 1632 %s' "${pad// /$2}"
}

@test "huge line: a 38 KB line is named by its first INPUT_ECHO_MAX bytes, '...' and its size" {
	local echo line
	echo=$(limit INPUT_ECHO_MAX)
	line=$(long_line 38000 x)
	printf '%s\n%s\n' "$line" "$ONE" >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -o shell -z "$ZONE" -f "$BATS_TEST_TMPDIR/numbers"
	assert_failure 4
	assert_equal "$stderr" "enumq: ${line:0:echo}... (38000 bytes): not an E.164 number: too long"
	assert_equal "${#lines[@]}" 2
	assert_line --index 1 "$ONE	ok	1	10	10	sip	sip:one@example.com"
}

@test "huge line: lines longer than the read buffer keep their exact size, a huge comment is skipped" {
	local echo a b
	echo=$(limit INPUT_ECHO_MAX)
	a=$(long_line 200000 z)
	b=$(long_line 70000 w)
	{
		long_line 150000 c | sed 's/^/#/'
		printf '\n%s\r\n%s\n%s' "$a" "$ONE" "$b"
	} >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -n -f "$BATS_TEST_TMPDIR/numbers"
	assert_failure 4
	assert_output 1.0.0.0.6.9.2.3.6.1.4.4.e164.arpa.
	assert_equal "$stderr" "enumq: ${a:0:echo}... (200000 bytes): not an E.164 number: too long
enumq: ${b:0:echo}... (70000 bytes): not an E.164 number: too long"
}

@test "huge line: an argument is cut the same way, in the text header too; JSON keeps the input whole" {
	local echo line
	echo=$(limit INPUT_ECHO_MAX)
	line=$(long_line 38000 x)
	run --separate-stderr enumq -z "$ZONE" "$line"
	assert_failure 4
	assert_output "${line:0:echo}... (38000 bytes): invalid: not an E.164 number: too long"
	assert_equal "$stderr" "enumq: ${line:0:echo}... (38000 bytes): not an E.164 number: too long"
	run --separate-stderr enumq -j -z "$ZONE" "$line"
	assert_failure 4
	json_is --arg in "$line" '.input == $in and .status == "invalid"'
	assert_equal "$stderr" "enumq: ${line:0:echo}... (38000 bytes): not an E.164 number: too long"
}

@test "huge line: an input of E164_INPUT_MAX bytes is named whole, escaped" {
	local max line
	max=$(limit E164_INPUT_MAX)
	line=$(long_line "$max" '"')
	run --separate-stderr enumq -n "$line"
	assert_failure 4
	assert_output ''
	assert_equal "$stderr" "enumq: ${line//\"/\\\"}: not an E.164 number: unexpected character"
}

# --- the written trunk prefix "(0)" ------------------------------------------

@test "trunk prefix: '+44 (0)1632 960001' drops the (0) after the country code and says so (RFC 6116 3.1)" {
	run --separate-stderr enumq -n '+44 (0)1632 960001'
	assert_success
	assert_output 1.0.0.0.6.9.2.3.6.1.4.4.e164.arpa.
	assert_equal "$stderr" 'enumq: +44 (0)1632 960001: read as +441632960001, the trunk prefix (0) dropped'
}

@test "trunk prefix: every written form with (0) is looked up as the E.164 number, one note each" {
	run --separate-stderr enumq -o shell -z "$ZONE" '+44(0)1632 960001' \
		'44 (0)1632-960001' 'tel:+44-(0)1632-960002;ext=1' "$TWO"
	assert_success
	assert_equal "$(cut -f 1,2,7 <<<"$output" | tr '\t' ' ')" "$ONE ok sip:one@example.com
$ONE ok sip:one@example.com
$TWO ok sip:two@example.com
$TWO ok sip:two@example.com"
	assert_equal "$stderr" 'enumq: +44(0)1632 960001: read as +441632960001, the trunk prefix (0) dropped
enumq: 44 (0)1632-960001: read as +441632960001, the trunk prefix (0) dropped
enumq: tel:+44-(0)1632-960002;ext=1: read as +441632960002, the trunk prefix (0) dropped'
}

@test "trunk prefix: JSON keeps the input as given, the number without the 0; -q still says so" {
	run --separate-stderr enumq -j -z "$ZONE" '+44 (0)1632 960001'
	assert_success
	json_is --arg one "$ONE" '.input == "+44 (0)1632 960001" and .number == $one
		and .status == "ok" and .uris[0].uri == "sip:one@example.com"'
	assert_equal "$stderr" 'enumq: +44 (0)1632 960001: read as +441632960001, the trunk prefix (0) dropped'
	run --separate-stderr enumq -q -z "$ZONE" '+44 (0)1632 960001'
	assert_success
	assert_output ''
	assert_equal "$stderr" 'enumq: +44 (0)1632 960001: read as +441632960001, the trunk prefix (0) dropped'
}

@test "trunk prefix: a (0) anywhere but right after the country code is refused, never kept as a digit" {
	local input
	for input in '+4416 (0)32 960001' '+(0)44 1632 960001' '+44 (0)1632 (0)960001' \
		'+353 1 (0)234 5678'; do
		run --separate-stderr enumq -n "$input"
		assert_failure 4
		assert_output ''
		assert_equal "$stderr" "enumq: $input: not an E.164 number: a trunk prefix (0) belongs right after the country code"
	done
	# right after a one- or three-digit country code it is dropped
	run --separate-stderr enumq -n '+7 (0)495 123 4567' '+353 (0)1 234 5678'
	assert_success
	assert_output '7.6.5.4.3.2.1.5.9.4.7.e164.arpa.
8.7.6.5.4.3.2.1.3.5.3.e164.arpa.'
	assert_equal "${#stderr_lines[@]}" 2
}

# --- "00" for "+" -------------------------------------------------------------

@test "00 prefix: 00441632960001 is refused with a hint to write + (RFC 6116 3.1: full E.164 numbers only)" {
	run --separate-stderr enumq -o shell -z "$ZONE" 00441632960001
	assert_failure 4
	assert_output "00441632960001	invalid					"
	assert_equal "$stderr" 'enumq: 00441632960001: not an E.164 number: 00 is the international call prefix; write +441632960001'
}

@test "00 prefix: with '+', spaces, (0) or 16 digits in all the hint is the number meant; JSON has it as the error" {
	local input want
	for input in '+0044 1632 960001' '0044 (0)1632 960001' '0044 1632 9600 0123'; do
		want=+441632960001
		[[ $input != *0123 ]] || want=+44163296000123
		run --separate-stderr enumq -j -z "$ZONE" "$input"
		assert_failure 4
		json_is --arg in "$input" --arg e "not an E.164 number: 00 is the international call prefix; write $want" \
			'.input == $in and .status == "invalid" and .number == null and .error == $e'
		assert_equal "$stderr" "enumq: $input: not an E.164 number: 00 is the international call prefix; write $want"
	done
}

@test "00 prefix: without a number after it, the hint names no number; a single 0 is a country code 0" {
	local input
	for input in 00 '00 0441' '00 1234 5678 9012 3456'; do
		run --separate-stderr enumq -n "$input"
		assert_failure 4
		assert_output ''
		assert_equal "$stderr" "enumq: $input: not an E.164 number: 00 is the international call prefix; write + in its place"
	done
	run --separate-stderr enumq -n 0441632960001
	assert_failure 4
	assert_output ''
	assert_equal "$stderr" 'enumq: 0441632960001: not an E.164 number: country codes do not begin with 0'
}

# --- ENUM domain names given as the number ------------------------------------

@test "domain name: 3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa. is read back as +441632960083 (RFC 6116 3.2)" {
	run --separate-stderr enumq -n 3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa. \
		1.0.0.0.6.9.2.3.6.1.4.4.E164.ARPA '  2.0.0.0.6.9.2.3.6.1.4.4.e164.arpa  '
	assert_success
	assert_output '3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.
1.0.0.0.6.9.2.3.6.1.4.4.E164.ARPA.
2.0.0.0.6.9.2.3.6.1.4.4.e164.arpa.'
	assert_equal "$stderr" ''
	run --separate-stderr enumq -j -z "$ZONE" 1.0.0.0.6.9.2.3.6.1.4.4.e164.arpa.
	assert_success
	json_is --arg one "$ONE" '.input == "1.0.0.0.6.9.2.3.6.1.4.4.e164.arpa." and
		.number == $one and .tree == "e164.arpa." and
		.domain == "1.0.0.0.6.9.2.3.6.1.4.4.e164.arpa." and .status == "ok" and
		[.uris[].uri] == ["sip:one@example.com"]'
	assert_equal "$stderr" ''
}

@test "domain name: the lookup uses the name's tree, not -t" {
	run --separate-stderr enumq -j -z "$ZONE" -z "$PRIVATE" -t e164.arpa -t nowhere.example \
		1.0.0.0.6.9.2.3.6.1.4.4.e164.example.
	assert_success
	json_is --arg one "$ONE" '.number == $one and .tree == "e164.example." and
		[.trees[].tree] == ["e164.example."] and
		[.uris[].uri] == ["sip:+441632960001@private.example"]'
	assert_equal "$stderr" ''
	run --separate-stderr enumq -n -t e164.arpa 1.0.0.0.6.9.2.3.6.1.4.4.e164.example
	assert_success
	assert_output 1.0.0.0.6.9.2.3.6.1.4.4.e164.example.
	assert_equal "$stderr" ''
}

@test "domain name: an infrastructure ENUM name keeps its label i, with or without -I (RFC 5527 4)" {
	local opt
	for opt in -j '-I -j'; do
		# shellcheck disable=SC2086 # one or two options
		run --separate-stderr enumq $opt -z "$ZONE" 1.0.0.0.6.9.2.3.6.1.i.4.4.e164.arpa.
		assert_success
		json_is --arg one "$ONE" '.number == $one and
			.domain == "1.0.0.0.6.9.2.3.6.1.i.4.4.e164.arpa." and
			[.uris[].uri] == ["sip:infra@example.com"]'
		assert_equal "$stderr" ''
	done
	run --separate-stderr enumq -n 1.0.0.0.6.9.2.3.6.1.i.4.4.e164.arpa
	assert_success
	assert_output 1.0.0.0.6.9.2.3.6.1.i.4.4.e164.arpa.
	assert_equal "$stderr" ''
}

@test "domain name: an ISN's name is read back as its ISN, the ITAD whole" {
	run --separate-stderr enumq -j -z "$ISN" 4.3.2.1.256.freenum.org.
	assert_success
	json_is '.number == "1234*256" and .tree == "freenum.org." and
		.domain == "4.3.2.1.256.freenum.org." and
		[.uris[].uri] == ["sip:1234*256@isn.example"]'
	assert_equal "$stderr" ''
}

@test "domain name: names that name no number are invalid, each with its reason; what is no name is a written number" {
	local -A why=(
		[3.8.0.0.6.9.2.3.6.i.1.4.4.e164.arpa]='not an ENUM domain name: the label "i" is not right after the country code (RFC 5527 4)'
		[3.8.i.e164.arpa.]='not an ENUM domain name: the label "i" is not right after the country code (RFC 5527 4)'
		[1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.e164.arpa.]='not an E.164 number: more than 15 digits'
		[4.4.0.e164.arpa.]='not an E.164 number: country codes do not begin with 0'
		# not domain names: an empty label, an underscore, no tree, a
		# tree of one label, a tree ending in digits
		[4.4.e164..arpa]='not an E.164 number: unexpected character'
		[4.4.e_164.arpa]='not an E.164 number: unexpected character'
		[4.4.i]='not an E.164 number: unexpected character'
		[1.800.FLOWERS]='not an E.164 number: unexpected character'
		[4.4.e164.arpa.123]='not an E.164 number: unexpected character'
	)
	local name
	for name in "${!why[@]}"; do
		run --separate-stderr enumq -n "$name"
		assert_failure 4
		assert_output ''
		assert_equal "$stderr" "enumq: $name: ${why[$name]}"
	done
}
