#!/usr/bin/env bats
# Batch feedback on stderr: a progress line when stderr is a terminal
# (issue "enumq at wire speed"), never otherwise; the -v summary.

load helper
bats_require_minimum_version 1.5.0

setup_file() {
	zone_write uk.zone 3.6.1.4.4.e164.arpa <<'ZONE'
3.8.0.0.6.9.2 NAPTR 100 50 "u" "E2U+sip" "!^(\\+441632960083)$!sip:\\1@example.com!" .
ZONE
	nsd_start uk.zone
}

teardown_file() {
	nsd_stop
}

# Six numbers at 4 queries a second: the run lasts over a second, long
# enough for one redraw, whatever the machine's speed.
numbers=(+441632960083 +441632960084 +441632960085 +441632960086 +441632960087 +441632960088)

@test "progress: drawn on a terminal's stderr, then erased" {
	run script -qec "enumq -o shell --rate 4 -S $NSD_ADDR -p $NSD_PORT ${numbers[*]} >/dev/null" /dev/null
	assert_equal "$status" 2
	assert_output --partial $'\r\e[Kenumq: '
	assert_output --partial ' done, '
	assert_output --partial ' failed'
	[[ $output == *$'\r\e[K' ]] || fail "the progress line is not erased at the end"
}

@test "progress: never when stderr is not a terminal, nor with -q" {
	run --separate-stderr enumq -o shell --rate 4 -S "$NSD_ADDR" -p "$NSD_PORT" "${numbers[@]}"
	# the lookups ran: one ok, five nxdomain, exit 2, a line each
	assert_equal "$status" 2
	assert_equal "$(cut -f 1,2 <<<"$output")" "+441632960083	ok
+441632960084	nxdomain
+441632960085	nxdomain
+441632960086	nxdomain
+441632960087	nxdomain
+441632960088	nxdomain"
	assert_equal "$stderr" ""
	# -q on a terminal: nothing at all, the status kept (script -e)
	run script -qec "enumq -q --rate 4 -S $NSD_ADDR -p $NSD_PORT ${numbers[*]}" /dev/null
	assert_equal "$status" 2
	assert_output ""
}

@test "-v: a summary of statuses at the end of the trace" {
	run --separate-stderr enumq -o shell -v -S "$NSD_ADDR" -p "$NSD_PORT" "${numbers[@]}" bad
	assert_equal "${stderr_lines[-1]%% in *}" ";; 7 numbers"
	assert_regex "${stderr_lines[-1]}" ': 1 ok, 0 nodata, 5 nxdomain, 0 error, 1 invalid$'
}
