#!/usr/bin/env bats
# Batch feedback on stderr: a progress line when stderr is a terminal
# (issue "enumq at wire speed"), never otherwise, with the total and an
# ETA when the input is regular files (issue 12, section 4), and a last
# line left once done; the -v summary (66-stats.bats has --stats).

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

@test "progress: drawn on a terminal's stderr; a last line left when done" {
	run script -qec "enumq -o shell --rate 4 -S $NSD_ADDR -p $NSD_PORT ${numbers[*]} >/dev/null" /dev/null
	assert_equal "$status" 2
	assert_output --partial $'\r\e[Kenumq: '
	assert_output --partial ' done, '
	assert_output --partial ' failed'
	# numbers as arguments only: the total is known too
	assert_output --partial '/6 done, '
	# the last line: every number, the time taken, ended by a newline
	# (script(1) writes it as CR LF), not erased
	assert_regex "$output" $'\r\e\\[Kenumq: 6/6 done in 0:0[0-9], [0-9]+/s, 0 failed\r?\n?$'
	[[ $output != *$'\r\e[K' ]] || fail "the last line is erased"
}

@test "progress: a regular -f file: its numbers counted, the total and an ETA shown" {
	local f=$BATS_TEST_TMPDIR/nums
	# comments and blank lines are not numbers; the argument is one
	{
		echo '# six numbers and a comment'
		printf '%s\n' "${numbers[@]:1}" ''
	} >"$f"
	run script -qec "enumq -o shell --rate 4 -S $NSD_ADDR -p $NSD_PORT ${numbers[0]} -f $f >/dev/null" /dev/null
	assert_equal "$status" 2
	assert_regex "$output" $'\r\e\\[Kenumq: [1-5]/6 done, [0-9]+/s, [0-9] failed, ETA 0:0[0-9]'
	assert_regex "$output" $'\r\e\\[Kenumq: 6/6 done in 0:0[0-9], [0-9]+/s, 0 failed\r?\n?$'
}

@test "progress: stdin's size is not known: no total, no ETA, the last line still left" {
	run script -qec "printf '%s\\n' ${numbers[*]} | enumq -o shell --rate 4 -S $NSD_ADDR -p $NSD_PORT -f - >/dev/null" /dev/null
	assert_equal "$status" 2
	assert_regex "$output" $'\r\e\\[Kenumq: [1-5] done, [0-9]+/s, 0 failed'
	refute_output --partial ETA
	refute_output --partial '/6'
	assert_regex "$output" $'\r\e\\[Kenumq: 6 done in 0:0[0-9], [0-9]+/s, 0 failed\r?\n?$'
}

@test "progress: an invalid number's message gets a line of its own, the progress line redrawn below" {
	run script -qec "enumq -o shell --rate 2 -S $NSD_ADDR -p $NSD_PORT ${numbers[*]:0:3} bad ${numbers[*]:3:2} >/dev/null" /dev/null
	assert_equal "$status" 4
	# the message starts a line, the progress line erased first
	assert_output --partial $'\r\e[Kenumq: bad: not an E.164 number'
	refute_output --regexp 'failed(, ETA [0-9:]+)?enumq: bad'
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

@test "-v: the trace ends with the summary --stats prints, statuses first" {
	run --separate-stderr enumq -o shell -v -S "$NSD_ADDR" -p "$NSD_PORT" "${numbers[@]}" bad
	local i
	for i in "${!stderr_lines[@]}"; do
		[[ ${stderr_lines[i]} == ";; 7 numbers in "* ]] && break
	done
	assert_regex "${stderr_lines[i]}" ': 1 ok, 0 nodata, 5 nxdomain, 0 error, 1 invalid$'
	assert_regex "${stderr_lines[i + 1]}" '^;; queries: 6 sent '
	assert_regex "${stderr_lines[-1]}" '^;; records discarded: 0$'
}
