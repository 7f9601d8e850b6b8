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
ZONE
}

setup() {
	ZONE=$BATS_FILE_TMPDIR/uk.zone
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
