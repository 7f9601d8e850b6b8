#!/usr/bin/env bats
# Number -> domain name (enum-rules.md section 1), with -n: nothing queried.
# The -j tests at the end answer from a zone file (-z), never the network.

bats_require_minimum_version 1.5.0

load helper

# expected outputs too long to read inline
DATA=$BATS_TEST_DIRNAME/data/15-numbers

setup_file() {
	zone_write uk.zone 4.4.e164.arpa <<'ZONE'
3.8.0.0.6.9.2.3.6.1 IN NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .
ZONE
}

setup() {
	ZONE=$BATS_FILE_TMPDIR/uk.zone
}

# name_is INPUT DOMAIN [OPTION...]: enumq -n [OPTION...] INPUT prints
# exactly DOMAIN, nothing on stderr, exit 0.
name_is() {
	local input=$1 domain=$2
	shift 2
	run --separate-stderr enumq -n "$@" -- "$input"
	assert_success
	assert_output "$domain"
	assert_equal "$stderr" ''
}

# invalid INPUT [OPTION...]: enumq -n INPUT exits 4, prints nothing on
# stdout and one line on stderr "enumq: INPUT: why".
invalid() {
	local input=$1
	shift
	run --separate-stderr enumq -n "$@" -- "$input"
	assert_failure 4
	assert_output ''
	assert_stderr_names "$input"
}

# assert_stderr_names TEXT: stderr is one line beginning "enumq: TEXT: ".
assert_stderr_names() {
	((${#stderr_lines[@]} == 1)) ||
		fail "expected one line on stderr, got ${#stderr_lines[@]}:"$'\n'"$stderr"
	[[ $stderr == "enumq: $1: "?* ]] ||
		fail "stderr does not name the input '$1': $stderr"
}

# refute_control_bytes FILE: FILE holds no control byte but newlines.
refute_control_bytes() {
	if LC_ALL=C grep -aqP '[\x00-\x09\x0b-\x1f\x7f]' "$1"; then
		fail "control byte in $1: $(od -c "$1")"
	fi
}

# --- section 1: test vectors ---------------------------------------------

@test "numbers: RFC 3403 6.2 vector +1-770-555-1212" {
	name_is +1-770-555-1212 2.1.2.1.5.5.5.0.7.7.1.e164.arpa.
}

@test "numbers: RFC 2916 3.2 vector +46-8-9761234" {
	name_is +46-8-9761234 4.3.2.1.6.7.9.8.6.4.e164.arpa.
}

# --- section 1: written forms ----------------------------------------------

@test "numbers: dashes +1-215-555-0123" {
	name_is +1-215-555-0123 3.2.1.0.5.5.5.5.1.2.1.e164.arpa.
}

@test "numbers: spaces '+44 20 7946 0148'" {
	name_is '+44 20 7946 0148' 8.4.1.0.6.4.9.7.0.2.4.4.e164.arpa.
}

@test "numbers: parentheses and dots '+1 (770) 555.1212'" {
	name_is '+1 (770) 555.1212' 2.1.2.1.5.5.5.0.7.7.1.e164.arpa.
}

@test "numbers: tel: URI tel:+44-116-496-0348" {
	name_is tel:+44-116-496-0348 8.4.3.0.6.9.4.6.1.1.4.4.e164.arpa.
}

@test "numbers: tel: URI parameters after ';' are ignored" {
	name_is 'tel:+44-116-496-0348;ext=1234' 8.4.3.0.6.9.4.6.1.1.4.4.e164.arpa.
	name_is 'tel:+1-201-555-0123;ext=1234;isub=5' 3.2.1.0.5.5.5.1.0.2.1.e164.arpa.
}

@test "numbers: tel: scheme is case-insensitive (RFC 3966)" {
	name_is TEL:+44-116-496-0348 8.4.3.0.6.9.4.6.1.1.4.4.e164.arpa.
}

@test "numbers: digits without '+' are taken as the full E.164 number" {
	name_is 441164960348 8.4.3.0.6.9.4.6.1.1.4.4.e164.arpa.
	name_is 4689761234 4.3.2.1.6.7.9.8.6.4.e164.arpa.
}

@test "numbers: all written forms of one number give one domain" {
	run --separate-stderr enumq -n +441164960348 '+44 116 496 0348' \
		+44-116-496-0348 '+44 (116) 496.0348' tel:+44-116-496-0348 \
		'tel:+44-116-496-0348;ext=9' 441164960348
	assert_success
	assert_equal "${#lines[@]}" 7
	assert_equal "$(sort -u <<<"$output")" 8.4.3.0.6.9.4.6.1.1.4.4.e164.arpa.
}

@test "numbers: a 15-digit number is valid (RFC 3939 3.2)" {
	name_is +123456789012345 5.4.3.2.1.0.9.8.7.6.5.4.3.2.1.e164.arpa.
}

@test "numbers: E164_MAX_DIGITS (15) digits are valid, one more is not; so are E164_INPUT_MAX (256) bytes written, one more is not" {
	local max digits domain i pad
	max=$(limit E164_MAX_DIGITS)
	# 4 then 1 2 3 ... 9 0 1 ...: max digits, and the name they make
	digits=4
	for ((i = 1; i < max; i++)); do
		digits+=$((i % 10))
	done
	domain=$(rev <<<"$digits" | sed 's/./&./g')e164.arpa.
	name_is "+$digits" "$domain"
	invalid "+${digits}5"
	# the longest input: +4, spaces, the other digits
	max=$(limit E164_INPUT_MAX)
	pad=$(printf "%$((max - ${#digits} - 1))s" '')
	name_is "+4$pad${digits:1}" "$domain"
	# one byte more is invalid, and named by its start and its size
	# (16-input-edges.bats)
	local long="+4 $pad${digits:1}" echo
	echo=$(limit INPUT_ECHO_MAX)
	run --separate-stderr enumq -n -- "$long"
	assert_failure 4
	assert_output ''
	assert_equal "$stderr" "enumq: ${long:0:echo}... ($((max + 1)) bytes): not an E.164 number: too long"
}

@test "numbers: several numbers give one name each, in order" {
	run --separate-stderr enumq -n +1-770-555-1212 +46-8-9761234
	assert_success
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 2.1.2.1.5.5.5.0.7.7.1.e164.arpa.
	assert_line --index 1 4.3.2.1.6.7.9.8.6.4.e164.arpa.
}

# --- -t: other trees ------------------------------------------------------

@test "numbers: -t e164.org (no trailing dot) puts the name under it" {
	name_is +46-8-9761234 4.3.2.1.6.7.9.8.6.4.e164.org. -t e164.org
}

@test "numbers: -t e164.org. (trailing dot) gives the same name" {
	name_is +46-8-9761234 4.3.2.1.6.7.9.8.6.4.e164.org. -t e164.org.
}

@test "numbers: several -t give one name per tree, in the order given" {
	run --separate-stderr enumq -n -t nrenum.net -t e164.org. -t e164.arpa \
		+46-8-9761234 +1-770-555-1212
	assert_success
	assert_equal "${#lines[@]}" 6
	assert_line --index 0 4.3.2.1.6.7.9.8.6.4.nrenum.net.
	assert_line --index 1 4.3.2.1.6.7.9.8.6.4.e164.org.
	assert_line --index 2 4.3.2.1.6.7.9.8.6.4.e164.arpa.
	assert_line --index 3 2.1.2.1.5.5.5.0.7.7.1.nrenum.net.
	assert_line --index 4 2.1.2.1.5.5.5.0.7.7.1.e164.org.
	assert_line --index 5 2.1.2.1.5.5.5.0.7.7.1.e164.arpa.
}

# --- -I: infrastructure ENUM (RFC 5527 4-5) -------------------------------

@test "numbers: -I '+44 2079460123' puts 'i' after the country code 44" {
	name_is '+44 2079460123' 3.2.1.0.6.4.9.7.0.2.i.4.4.e164.arpa. -I
}

@test "numbers: -I one-digit country codes 1 and 7" {
	name_is +1-770-555-1212 2.1.2.1.5.5.5.0.7.7.i.1.e164.arpa. -I
	name_is +7-495-123-4567 7.6.5.4.3.2.1.5.9.4.i.7.e164.arpa. -I
}

@test "numbers: -I three-digit country code 358" {
	name_is +358-9-1234567 7.6.5.4.3.2.1.9.i.8.5.3.e164.arpa. -I
}

@test "numbers: -I two-digit country codes 20, 27, 36, 98" {
	name_is +20-2-12345678 8.7.6.5.4.3.2.1.2.i.0.2.e164.arpa. -I
	name_is +27-21-1234567 7.6.5.4.3.2.1.1.2.i.7.2.e164.arpa. -I
	name_is +36-1-1234567 7.6.5.4.3.2.1.1.i.6.3.e164.arpa. -I
	name_is +98-21-12345678 8.7.6.5.4.3.2.1.1.2.i.8.9.e164.arpa. -I
}

@test "numbers: -I three-digit codes next to two-digit ones (21x, 35x, 42x, 50x)" {
	name_is +213-21-123456 6.5.4.3.2.1.1.2.i.3.1.2.e164.arpa. -I
	name_is +351-21-1234567 7.6.5.4.3.2.1.1.2.i.1.5.3.e164.arpa. -I
	name_is +420-2-12345678 8.7.6.5.4.3.2.1.2.i.0.2.4.e164.arpa. -I
	name_is +502-2-1234567 7.6.5.4.3.2.1.2.i.2.0.5.e164.arpa. -I
}

@test "numbers: -I with -t puts the 'i' name under the other tree" {
	name_is '+44 2079460123' 3.2.1.0.6.4.9.7.0.2.i.4.4.e164.org. -I -t e164.org
}

# --- ISN -----------------------------------------------------------------

@test "numbers: ISN 1234*256 -> 4.3.2.1.256.freenum.org." {
	name_is '1234*256' 4.3.2.1.256.freenum.org.
}

@test "numbers: ISN keeps the ITAD whole (1234*4321)" {
	name_is '1234*4321' 4.3.2.1.4321.freenum.org.
}

# --- invalid inputs: exit 4, one stderr line naming the input -------------

@test "numbers: invalid: letters +1-800-FLOWERS" {
	invalid +1-800-FLOWERS
}

@test "numbers: invalid: 16 digits" {
	invalid +1234567890123456
	invalid 1234567890123456
	invalid '+1 234 567 890 123 456'
}

@test "numbers: invalid: the empty string" {
	invalid ''
}

@test "numbers: invalid: only separators" {
	invalid ' - ( ) . '
}

@test "numbers: invalid: a country code beginning with 0 (+044...)" {
	invalid +0441164960348
	invalid 0441164960348
}

@test "numbers: invalid: ++44..." {
	invalid ++441164960348
}

@test "numbers: invalid: a '+' inside the number" {
	invalid +44+1164960348
}

@test "numbers: invalid: a lone +" {
	invalid +
}

@test "numbers: invalid: a tel: URI without '+' (a local number)" {
	invalid tel:1164960348
	invalid 'tel:1164960348;phone-context=+44'
}

@test "numbers: invalid: a tel: URI with nothing after 'tel:'" {
	invalid tel:
}

@test "numbers: invalid: ISN without digits on one side of '*'" {
	invalid '*256'
	invalid '1234*'
	invalid '12a4*256'
}

@test "numbers: invalid: a control byte (via -f) is named, escaped, on one line" {
	printf '+44\00120 7946 0148\n' >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -n -f "$BATS_TEST_TMPDIR/numbers"
	assert_failure 4
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	[[ $stderr == 'enumq: +44'*'20 7946 0148: '?* ]] ||
		fail "stderr does not name the input: $stderr"
	enumq -n -f "$BATS_TEST_TMPDIR/numbers" 2>"$BATS_TEST_TMPDIR/stderr" || true
	refute_control_bytes "$BATS_TEST_TMPDIR/stderr"
}

@test "numbers: invalid: an ESC sequence (via -f) never reaches the terminal" {
	printf '+44\033[31m2079460148\n' >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -n -f "$BATS_TEST_TMPDIR/numbers"
	assert_failure 4
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	enumq -n -f "$BATS_TEST_TMPDIR/numbers" 2>"$BATS_TEST_TMPDIR/stderr" || true
	refute_control_bytes "$BATS_TEST_TMPDIR/stderr"
}

@test "numbers: invalid: a NUL byte (via -f) is named with what follows it" {
	printf '+4420\0007946 0148\n' >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -n -f "$BATS_TEST_TMPDIR/numbers"
	assert_failure 4
	assert_output ''
	assert_equal "${#stderr_lines[@]}" 1
	# the whole line, not just the part before the NUL
	[[ $stderr == 'enumq: +4420'*'7946 0148: '?* ]] ||
		fail "stderr does not name the whole input: $stderr"
	enumq -n -f "$BATS_TEST_TMPDIR/numbers" 2>"$BATS_TEST_TMPDIR/stderr" || true
	refute_control_bytes "$BATS_TEST_TMPDIR/stderr"
}

@test "numbers: invalid numbers do not stop the valid ones after them" {
	run --separate-stderr enumq -n +1-800-FLOWERS +46-8-9761234 '' +1-770-555-1212
	assert_failure 4
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 4.3.2.1.6.7.9.8.6.4.e164.arpa.
	assert_line --index 1 2.1.2.1.5.5.5.0.7.7.1.e164.arpa.
	assert_equal "${#stderr_lines[@]}" 2
	[[ ${stderr_lines[0]} == 'enumq: +1-800-FLOWERS: '?* ]] ||
		fail "first error does not name +1-800-FLOWERS: $stderr"
}

# --- invalid inputs in JSON mode -----------------------------------------

@test "numbers: -j: each invalid input is one object, status invalid, number null" {
	run --separate-stderr enumq -j -z "$ZONE" +1-800-FLOWERS +1234567890123456 \
		'' +0441164960348 ++441164960348 + tel:1164960348
	assert_failure 4
	assert_equal "${#lines[@]}" 7
	run jq -c '[.input, .status, .number]' <<<"$output"
	assert_success
	assert_output "$(<"$DATA/invalid-json.txt")"
	assert_equal "${#stderr_lines[@]}" 7
}

@test "numbers: -j: an invalid input between valid ones keeps its place" {
	run --separate-stderr enumq -j -z "$ZONE" +441632960083 +44-FOO +441632960083
	assert_failure 4
	run jq -c '[.input, .status, .number]' <<<"$output"
	assert_output '["+441632960083","ok","+441632960083"]
["+44-FOO","invalid",null]
["+441632960083","ok","+441632960083"]'
}

@test "numbers: -j: a control byte (via -f) stays in the input, JSON-escaped" {
	printf '+44\00120\n' >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -j -z "$ZONE" -f "$BATS_TEST_TMPDIR/numbers"
	assert_failure 4
	assert_equal "${#lines[@]}" 1
	run jq -c '[(.input | @json), .status, .number]' <<<"$output"
	assert_success
	assert_output '["\"+44\\u000120\"","invalid",null]'
}

@test "numbers: -j: a NUL byte (via -f) keeps the whole input" {
	printf '+4420\0007946\n' >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -j -z "$ZONE" -f "$BATS_TEST_TMPDIR/numbers"
	assert_failure 4
	assert_equal "${#lines[@]}" 1
	run jq -c '[(.input | @json), .status, .number]' <<<"$output"
	assert_success
	assert_output '["\"+4420\\u00007946\"","invalid",null]'
}

@test "numbers: -j: stderr names the whole input when it holds a NUL" {
	printf '+4420\0007946\n' >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -j -z "$ZONE" -f "$BATS_TEST_TMPDIR/numbers"
	assert_failure 4
	assert_equal "${#stderr_lines[@]}" 1
	[[ $stderr == 'enumq: +4420'*'7946: '?* ]] ||
		fail "stderr does not name the whole input: $stderr"
}
