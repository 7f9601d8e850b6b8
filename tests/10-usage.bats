#!/usr/bin/env bats
# Usage, option errors, exit statuses, --quiet and --file.
# Lookups here answer from a zone file (-z); the tests of --port,
# --timeout and --retries ask a silent fake server (tests/fakedns.py) or a
# loopback port with nothing on it:
#   +44 1632 960083  ok       (one "u" NAPTR)
#   +44 116 496 0348 nodata   (a TXT, no NAPTR)
#   +44 1111         nxdomain (below the apex 4.4.e164.arpa, absent)
#   +1 212 555 1212  error    (outside every loaded zone: REFUSED)
#   +44-FOO          invalid

# $stderr comes from run --separate-stderr; exit_is sets $output/$status
# for the test that calls it; the jq programs hold $names.
# shellcheck disable=SC2154,SC2030,SC2031,SC2016

bats_require_minimum_version 1.5.0

load helper

OK=+441632960083
NODATA=+441164960348
NXDOMAIN=+441111
ERROR=+12125551212
INVALID=+44-FOO

setup_file() {
	zone_write uk.zone 4.4.e164.arpa <<'ZONE'
3.8.0.0.6.9.2.3.6.1 IN NAPTR 100 10 "u" "E2U+sip" "!^.*$!sip:info@example.com!" .
8.4.3.0.6.9.4.6.1.1 IN TXT "not in service"
ZONE
}

setup() {
	ZONE=$BATS_FILE_TMPDIR/uk.zone
}

teardown() {
	fakedns_stop
}

# assert_one_line_error STRING...: stderr is exactly one line, and it
# holds every STRING (fixed strings).
assert_one_line_error() {
	local s
	((${#stderr_lines[@]} == 1)) ||
		fail "expected one line on stderr, got ${#stderr_lines[@]}:"$'\n'"$stderr"
	for s in "$@"; do
		[[ $stderr == *"$s"* ]] || fail "stderr does not name '$s': $stderr"
	done
}

# usage_error VALUE ARGS...: enumq ARGS exits 64, prints nothing on
# stdout and one line on stderr that names VALUE.
usage_error() {
	local value=$1
	shift
	run --separate-stderr enumq "$@"
	assert_failure 64
	assert_output ''
	assert_one_line_error "$value"
}

# The long options of the CLI contract.
LONG_OPTIONS=(first file help infrastructure json name output port quiet
	resolv-conf retries server service tcp timeout tree verbose version
	zone-file)

# --- help and version --------------------------------------------------

@test "usage: --help prints the usage on stdout and exits 0" {
	run --separate-stderr enumq --help
	assert_success
	assert_line --index 0 --partial 'usage: enumq'
	assert_equal "$stderr" ''
}

@test "usage: -h prints the same as --help" {
	run --separate-stderr enumq --help
	assert_success
	assert_line --index 0 --partial 'usage: enumq'
	local long=$output
	run --separate-stderr enumq -h
	assert_success
	assert_output "$long"
	assert_equal "$stderr" ''
}

@test "usage: --help mentions every long option" {
	run enumq --help
	assert_success
	local o
	for o in "${LONG_OPTIONS[@]}"; do
		[[ $output == *"--$o"* ]] || fail "--help does not mention --$o"
	done
}

@test "usage: -V and --version name enumq, ldns and PCRE2 versions" {
	local ldns pcre
	ldns=$(pkg-config --modversion ldns)
	pcre=$(pkg-config --modversion libpcre2-8)
	for opt in -V --version; do
		run --separate-stderr enumq "$opt"
		assert_success
		assert_equal "${#lines[@]}" 1
		assert_output --regexp '^enumq [0-9]+\.[0-9]+(\.[0-9]+)? '
		assert_output --partial "ldns $ldns"
		assert_output --partial "PCRE2 $pcre"
		assert_equal "$stderr" ''
	done
}

# --- usage errors: 64 ----------------------------------------------------

@test "usage: no arguments prints the usage on stderr and exits 64" {
	run --separate-stderr enumq
	assert_failure 64
	assert_output ''
	[[ $stderr == usage:* ]] || fail "stderr is not the usage: $stderr"
}

@test "usage: only options, no number and no -f, exits 64" {
	run --separate-stderr enumq -n -I
	assert_failure 64
	assert_output ''
	[[ $stderr == *usage:* ]] || fail "stderr is not the usage: $stderr"
}

@test "usage: an unknown long option exits 64 naming it" {
	run --separate-stderr enumq --bogus "$OK"
	assert_failure 64
	assert_output ''
	[[ $stderr == *--bogus* ]] || fail "stderr does not name --bogus: $stderr"
}

@test "usage: an unknown short option exits 64 naming it" {
	run --separate-stderr enumq -x "$OK"
	assert_failure 64
	assert_output ''
	# the first line, not the usage text after it, names the option
	[[ ${stderr_lines[0]} == *"'x'"* || ${stderr_lines[0]} == *-x* ]] ||
		fail "stderr does not name -x: $stderr"
}

@test "usage: an option missing its argument exits 64" {
	run --separate-stderr enumq -n --port
	assert_failure 64
	assert_output ''
	[[ ${stderr_lines[0]} == *port* ]] ||
		fail "stderr does not name --port: $stderr"
}

@test "usage: --port 0 exits 64 naming the value" {
	usage_error 'port 0' -n --port 0 "$OK"
}

@test "usage: --port 70000 exits 64 naming the value" {
	usage_error 'port 70000' -n --port 70000 "$OK"
}

@test "usage: --port abc exits 64 naming the value" {
	usage_error 'port abc' -n --port abc "$OK"
}

@test "usage: -p 53x (trailing garbage) exits 64 naming the value" {
	usage_error '53x' -n -p 53x "$OK"
}

@test "usage: --port 1 and 65535 are accepted" {
	# the query goes to that port (over TCP, refused at once unless
	# something listens there; either way an error naming the port)
	local port
	for port in 1 65535; do
		run -3 --separate-stderr enumq -j -T --timeout 0.5 --retries 0 \
			-S 127.0.0.1 --port "$port" "$OK"
		json_is --arg srv "127.0.0.1#$port" '.server == $srv and
			.status == "error" and .rcode == null'
	done
}

@test "usage: --timeout -1 exits 64 naming the value" {
	usage_error 'timeout -1' -n --timeout -1 "$OK"
}

@test "usage: --timeout x exits 64 naming the value" {
	usage_error 'timeout x' -n --timeout x "$OK"
}

@test "usage: --timeout 0 exits 64 naming the value" {
	usage_error 'timeout 0' -n --timeout 0 "$OK"
}

# silent_server: a fake server that never answers; exports FAKEDNS_PORT.
silent_server() {
	fakedns_start <<<'RULES = {"default": {"drop": True}}'
}

@test "usage: --timeout accepts fractions of a second" {
	# a silent server: one try of 0.5 s, not 0 and not 1
	silent_server
	run -3 --separate-stderr enumq -j --timeout 0.5 --retries 0 \
		-S 127.0.0.1 -p "$FAKEDNS_PORT" "$OK"
	json_is '.status == "error" and .rcode == null and
		.elapsed_ms >= 490 and .elapsed_ms < 950'
	assert_equal "$(fakedns_count q udp '*')" 1
}

@test "usage: --retries 11 exits 64 naming the value" {
	usage_error 'retries 11' -n --retries 11 "$OK"
}

@test "usage: --retries -1 exits 64 naming the value" {
	usage_error 'retries -1' -n --retries -1 "$OK"
}

@test "usage: --retries 0 and 10 are accepted" {
	# a silent server sees 1 try, then 1 + 10
	silent_server
	run -3 --separate-stderr enumq -j --timeout 0.1 --retries 0 \
		-S 127.0.0.1 -p "$FAKEDNS_PORT" "$OK"
	json_is '.status == "error" and .rcode == null'
	assert_equal "$(fakedns_count q udp '*')" 1
	run -3 --separate-stderr enumq -j --timeout 0.1 --retries 10 \
		-S 127.0.0.1 -p "$FAKEDNS_PORT" "$OK"
	json_is '.status == "error" and .rcode == null and .elapsed_ms >= 1000'
	assert_equal "$(fakedns_count q udp '*')" 12
}

@test "usage: --output xml exits 64 naming the value" {
	usage_error 'xml' -z "$ZONE" --output xml "$OK"
}

@test "usage: -o xml exits 64 naming the value" {
	usage_error 'xml' -z "$ZONE" -o xml "$OK"
}

@test "usage: --service 'bad spec!' exits 64 naming the value" {
	usage_error 'bad spec!' -n --service 'bad spec!' "$OK"
}

@test "usage: --tree a..b exits 64 naming the value" {
	usage_error 'a..b' -n --tree a..b "$OK"
}

@test "usage: --tree '' exits 64" {
	run --separate-stderr enumq -n --tree '' "$OK"
	assert_failure 64
	assert_output ''
	assert_one_line_error tree
}

# --- the limits of the options (man enumq, CAVEATS) -------------------------

@test "usage: --tree is taken TREES_MAX (8) times, once more exits 64" {
	local max i trees=()
	max=$(limit TREES_MAX)
	for ((i = 1; i <= max; i++)); do
		trees+=(-t "t$i.example")
	done
	# -n prints the name under every tree, the last one included
	run --separate-stderr enumq -n "${trees[@]}" "$OK"
	assert_success
	assert_equal "${#lines[@]}" "$max"
	assert_line --index "$((max - 1))" "3.8.0.0.6.9.2.3.6.1.4.4.t$max.example."
	usage_error tree -n "${trees[@]}" -t one-more.example "$OK"
}

@test "usage: --service is taken SERVICES_MAX (16) times, once more exits 64" {
	local max i services=()
	max=$(limit SERVICES_MAX)
	for ((i = 1; i < max; i++)); do
		services+=(-s "x-none$i")
	done
	# the last one given, sip, still selects the record
	run --separate-stderr enumq -1 -z "$ZONE" "${services[@]}" -s sip "$OK"
	assert_success
	assert_output 'sip:info@example.com'
	usage_error service -z "$ZONE" "${services[@]}" -s sip -s im "$OK"
}

@test "usage: --concurrency CONCURRENCY_MAX (4096) is taken, once more exits 64" {
	local max
	max=$(limit CONCURRENCY_MAX)
	usage_error "concurrency $((max + 1))" -n -c "$((max + 1))" "$OK"
	usage_error "concurrency 0" -n -c 0 "$OK"
	# 20 numbers, each answered after 0.3 s: all 20 in flight at once
	fakedns_start <<'EOF'
RULES = {"default": {"delay": 0.3, "an": [
    naptr("@", 10, 10, "u", "E2U+sip", "!^.*$!sip:c@example.com!")]}}
EOF
	local i
	for ((i = 10; i < 30; i++)); do
		echo "+4416329600$i"
	done >"$BATS_TEST_TMPDIR/numbers"
	run -0 --separate-stderr enumq -j -c "$max" -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		-f "$BATS_TEST_TMPDIR/numbers"
	json_lines 20 'all(.[]; .status == "ok")'
	run awk -F '\t' '$2 == "q" && !a { q++ } $2 == "a" { a = 1 } END { print q }' "$FAKEDNS_LOG"
	assert_output 20
}

@test "usage: -f of a missing file exits 64 naming the file" {
	usage_error "$BATS_TEST_TMPDIR/missing-file" -n -f "$BATS_TEST_TMPDIR/missing-file"
}

@test "usage: -f of an unreadable input (a directory) fails, naming it" {
	run --separate-stderr enumq -n -f "$BATS_TEST_TMPDIR"
	((status != 0)) || fail "enumq -f DIRECTORY exited 0; stderr: $stderr"
	assert_output ''
	[[ $stderr == *"$BATS_TEST_TMPDIR"* ]] ||
		fail "stderr does not name the file: $stderr"
}

@test "usage: a lone @ (no server named) exits 64" {
	run --separate-stderr enumq -n @ "$OK"
	assert_failure 64
	assert_output ''
	assert_one_line_error '@'
}

# --- conflicting options: 64, naming both ---------------------------------

@test "usage: -z with -S exits 64 naming both" {
	usage_error '-z' -z "$ZONE" -S 127.0.0.1 "$OK"
	assert_one_line_error '-z' '-S'
}

@test "usage: -z with @server exits 64 naming both" {
	run --separate-stderr enumq -z "$ZONE" @127.0.0.1 "$OK"
	assert_failure 64
	assert_output ''
	assert_one_line_error '-z'
	# @ADDR is the same as -S ADDR: either spelling names it
	[[ $stderr == *-S* || $stderr == *@* ]] ||
		fail "stderr does not name the server: $stderr"
}

@test "usage: -z with -p exits 64 naming both" {
	usage_error '-z' -z "$ZONE" -p 5353 "$OK"
	assert_one_line_error '-z' '-p'
}

@test "usage: -z with -T exits 64 naming both" {
	usage_error '-z' -z "$ZONE" -T "$OK"
	assert_one_line_error '-z' '-T'
}

@test "usage: -q with -v exits 64 naming both, in either order" {
	usage_error '-q' -z "$ZONE" -q -v "$OK"
	assert_one_line_error '-q' '-v'
	usage_error '-q' -z "$ZONE" -v -q "$OK"
	assert_one_line_error '-q' '-v'
}

@test "usage: -n with -o exits 64 naming both" {
	usage_error '-n' -n -o json "$OK"
	assert_one_line_error '-n' '-o'
	usage_error '-n' -n -o text "$OK"
	assert_one_line_error '-n' '-o'
}

@test "usage: -n with -j exits 64 naming both" {
	run --separate-stderr enumq -n -j "$OK"
	assert_failure 64
	assert_output ''
	assert_one_line_error '-n'
	# -j is -o json: either spelling names it
	[[ $stderr == *-j* || $stderr == *-o* ]] ||
		fail "stderr does not name -j: $stderr"
}

# --- exit statuses --------------------------------------------------------

# exit_is STATUS NUMBER...: enumq -o shell -z $ZONE NUMBER... exits STATUS
# and prints one line per number, in order, with the status it must get
# (the names OK ... INVALID); stderr has one line per invalid number.
exit_is() {
	local want=$1 n v expect=() invalid=0
	shift
	run --separate-stderr enumq -o shell -z "$ZONE" "$@"
	assert_equal "$status" "$want"
	for n in "$@"; do
		for v in OK NODATA NXDOMAIN ERROR INVALID; do
			[[ $n == "${!v}" ]] && expect+=("$n	${v,,}")
		done
		[[ $n != "$INVALID" ]] || invalid=$((invalid + 1))
	done
	assert_equal "$(cut -f 1,2 <<<"$output")" "$(printf '%s\n' "${expect[@]}")"
	assert_equal "${#stderr_lines[@]}" "$invalid"
}

@test "exit: each status has its own code (ok 0 .. invalid 4)" {
	exit_is 0 "$OK"
	exit_is 1 "$NODATA"
	exit_is 2 "$NXDOMAIN"
	exit_is 3 "$ERROR"
	exit_is 4 "$INVALID"
	# and in the default text format
	run --separate-stderr enumq -z "$ZONE" "$OK"
	assert_success
	assert_line --index 0 --partial "$OK (3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.): ok"
	run --separate-stderr enumq -z "$ZONE" "$NXDOMAIN"
	assert_failure 2
	assert_output --partial "$NXDOMAIN (1.1.1.1.4.4.e164.arpa.): nxdomain"
}

@test "exit: ok + invalid exits 4, in either order" {
	exit_is 4 "$OK" "$INVALID"
	exit_is 4 "$INVALID" "$OK"
}

@test "exit: ok + nodata exits 1" {
	exit_is 1 "$NODATA" "$OK"
	exit_is 1 "$OK" "$NODATA"
}

@test "exit: nxdomain + ok + nodata exits 2" {
	exit_is 2 "$NXDOMAIN" "$OK" "$NODATA"
}

@test "exit: error + nxdomain + ok exits 3" {
	exit_is 3 "$ERROR" "$NXDOMAIN" "$OK"
}

@test "exit: the largest status also holds for numbers read with -f" {
	printf '%s\n' "$OK" "$INVALID" "$NODATA" >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -o shell -z "$ZONE" -f "$BATS_TEST_TMPDIR/numbers"
	assert_failure 4
	assert_equal "$(cut -f 1,2 <<<"$output")" "$OK	ok
$INVALID	invalid
$NODATA	nodata"
}

@test "exit: an invalid number does not stop the ones after it" {
	run --separate-stderr enumq -j -z "$ZONE" "$INVALID" "$OK"
	assert_failure 4
	json_lines 2 '[.[].status] == ["invalid", "ok"]'
}

# --- --quiet --------------------------------------------------------------

@test "quiet: -q prints nothing on stdout, exit 0 for ok" {
	run --separate-stderr enumq -q -z "$ZONE" "$OK"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	# the same lookup without -q prints its URI: -q is what kept it quiet
	run --separate-stderr enumq -1 -z "$ZONE" "$OK"
	assert_success
	assert_output 'sip:info@example.com'
}

@test "quiet: -q keeps the largest status (nxdomain + nodata -> 2)" {
	run --separate-stderr enumq -q -z "$ZONE" "$OK" "$NXDOMAIN" "$NODATA"
	assert_failure 2
	assert_output ''
}

@test "quiet: -q with -j and an invalid number prints nothing on stdout, exit 4" {
	run --separate-stderr enumq -q -j -z "$ZONE" "$OK" "$INVALID"
	assert_failure 4
	assert_output ''
}

@test "quiet: -q with -o shell prints nothing on stdout" {
	run --separate-stderr enumq -q -o shell -z "$ZONE" "$OK" "$ERROR"
	assert_failure 3
	assert_output ''
}

@test "quiet: -q with -n prints no names, keeps the status" {
	run --separate-stderr enumq -q -n "$OK"
	assert_success
	assert_output ''
	run --separate-stderr enumq -q -n "$OK" "$INVALID"
	assert_failure 4
	assert_output ''
}

# --- --file ---------------------------------------------------------------

# A number file with comments, blank and blank-looking lines, a CRLF line
# and no newline at the end.
write_numbers() {
	printf '# numbers for enumq\n\n%s\n   \n\t\n#%s\n%s\r\n\n%s\n# the end\n%s' \
		"$NODATA" "$OK" "$NXDOMAIN" "$INVALID" "$OK" >"$1"
}

@test "file: -f skips blank and '#' lines, one shell line per number, in order" {
	write_numbers "$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -o shell -z "$ZONE" -f "$BATS_TEST_TMPDIR/numbers"
	assert_failure 4
	assert_equal "${#lines[@]}" 4
	assert_equal "$(cut -f1,2 <<<"$output" | paste -sd ' ')" \
		"$NODATA	nodata $NXDOMAIN	nxdomain $INVALID	invalid $OK	ok"
}

@test "file: -f - reads stdin, one JSON object per number, in order" {
	write_numbers "$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -j -z "$ZONE" -f - <"$BATS_TEST_TMPDIR/numbers"
	assert_failure 4
	assert_equal "${#lines[@]}" 4
	assert_equal "$(jq -r '.input + " " + .status' <<<"$output" | paste -sd ,)" \
		"$NODATA nodata,$NXDOMAIN nxdomain,$INVALID invalid,$OK ok"
}

@test "file: numbers from the arguments come before those from -f" {
	printf '%s\n' "$NODATA" "$NXDOMAIN" >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -j -z "$ZONE" -f "$BATS_TEST_TMPDIR/numbers" "$OK" "$ERROR"
	assert_failure 3
	assert_equal "$(jq -r .input <<<"$output" | paste -sd ' ')" \
		"$OK $ERROR $NODATA $NXDOMAIN"
}

@test "file: numbers from the arguments come before those from -f - (stdin)" {
	run --separate-stderr enumq -j -z "$ZONE" -f - "$NXDOMAIN" <<<"$OK"
	assert_failure 2
	assert_equal "$(jq -r .input <<<"$output" | paste -sd ' ')" "$NXDOMAIN $OK"
}

@test "file: -f with -n skips the same lines and prints one name per number" {
	write_numbers "$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -n -f "$BATS_TEST_TMPDIR/numbers"
	assert_failure 4
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 8.4.3.0.6.9.4.6.1.1.4.4.e164.arpa.
	assert_line --index 1 1.1.1.1.4.4.e164.arpa.
	assert_line --index 2 3.8.0.0.6.9.2.3.6.1.4.4.e164.arpa.
	assert_one_line_error "$INVALID"
}

@test "file: a file of only comments and blank lines gives no output, exit 0" {
	printf '# nothing\n\n  \n#+441632960083\n' >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -j -z "$ZONE" -f "$BATS_TEST_TMPDIR/numbers"
	assert_success
	assert_output ''
	assert_equal "$stderr" ''
	# the file is read: with the number's '#' taken off, it is looked up
	printf '# nothing\n\n  \n+441632960083\n' >"$BATS_TEST_TMPDIR/numbers"
	run --separate-stderr enumq -j -z "$ZONE" -f "$BATS_TEST_TMPDIR/numbers"
	assert_success
	json_is '.input == "+441632960083" and .status == "ok"'
}
