#!/usr/bin/env bats
# 60-batch: enumq at wire speed. Many numbers at once (-f, -c/--concurrency,
# --rate) against the scripted fake name server (tests/fakedns.py): results
# in input order whatever order the answers come in, every line answered
# exactly once, early answers for a slow pipe, the rate kept, and a silent
# name delaying nobody but itself. None of these is a benchmark: the bounds
# are only there to tell "concurrent" from "one after the other".

# $stderr comes from run --separate-stderr; FAKEDNS_* from fakedns_start.
# shellcheck disable=SC2154,SC2030,SC2031

bats_require_minimum_version 1.5.0

load helper

# the longer fake-server scripts
DATA=$BATS_TEST_DIRNAME/data/60-batch

teardown() {
	fakedns_stop
}

# numbers FROM COUNT: +4420794600FROM.. one per line (+44 20 7946 0xxx is
# a range set aside for drama).
numbers() {
	local i
	for ((i = $1; i < $1 + $2; i++)); do
		printf '+44207946%04d\n' "$i"
	done
}

# batch_server MAXDELAY: every +44 20 7946 0xxx number answers after a
# random delay of up to MAXDELAY seconds with sip:<AUS>@batch.example;
# xxx % 10 == 7 is NXDOMAIN and xxx % 25 == 13 SERVFAIL
# (tests/data/60-batch/batch-server.py).
batch_server() {
	fakedns_start < <(echo "MAXDELAY = $1" && cat "$DATA/batch-server.py")
}

# The status each number of batch_server must get, as jq computes it.
# shellcheck disable=SC2016 # jq, not shell
EXPECT='def expect:
	if (.input | test("^\\+442079460[0-9]{3}$") | not) then "invalid"
	else (.input[-3:] | tonumber) as $i |
	    if $i % 10 == 7 then "nxdomain"
	    elif $i % 25 == 13 then "error" else "ok" end end;'

# batch_input FILE: 300 numbers with blank lines, comments, invalid lines
# and repeated numbers among them; the lines that count go to FILE.want.
batch_input() {
	{
		echo '# a batch of numbers'
		numbers 0 150
		echo
		echo '+44-abc'
		numbers 100 50 # repeats
		echo '   '
		echo '# half way'
		numbers 150 100
		echo 'not a number'
	} >"$1"
	grep -v -e '^#' -e '^ *$' "$1" >"$1.want"
}

# check_batch WANT: $output (JSON Lines) answers each line of WANT exactly
# once, in order, each with the status and URI its number must get.
check_batch() {
	local got=$BATS_TEST_TMPDIR/got.inputs
	json_lines "$(wc -l <"$1")" "$EXPECT"'
		all(.[]; .status == expect and
		    (if .status == "ok" then .uris[0].uri == "sip:" + .number + "@batch.example"
		     else .uris == [] end))'
	jq -r .input <<<"$output" >"$got"
	diff "$1" "$got" >&2 || fail "inputs out of order or missing"
}

# answered_out_of_order: the server's answers went out in another order
# than its queries came in.
answered_out_of_order() {
	local q a
	q=$(awk -F '\t' '$2 == "q" { print $5 }' "$FAKEDNS_LOG")
	a=$(awk -F '\t' '$2 == "a" { print $5 }' "$FAKEDNS_LOG")
	[[ -n $q && $q != "$a" ]]
}

@test "-c 200, answers out of order (random delays up to 100 ms): 302 lines answered in input order, once each" {
	batch_server 0.1
	batch_input "$BATS_TEST_TMPDIR/in"
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 3 -c 200 -j -f "$BATS_TEST_TMPDIR/in"
	assert_equal "$status" 4 # invalid lines are the worst status
	assert_equal "${#lines[@]}" "$(wc -l <"$BATS_TEST_TMPDIR/in.want")"
	check_batch "$BATS_TEST_TMPDIR/in.want"
	answered_out_of_order || fail "the server answered in order: the test proves nothing"
	# one query per valid line: nothing asked twice, nothing skipped
	assert_equal "$(fakedns_count q '*' '*')" 300
	[[ $stderr == *"+44-abc"* && $stderr == *"not a number"* ]] ||
		fail "no error for the invalid lines: $stderr"
}

@test "-c 1, random delays: 302 lines answered in input order, once each, one query at a time" {
	batch_server 0.004
	batch_input "$BATS_TEST_TMPDIR/in"
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 3 -c 1 -j -f "$BATS_TEST_TMPDIR/in"
	assert_equal "$status" 4
	assert_equal "${#lines[@]}" "$(wc -l <"$BATS_TEST_TMPDIR/in.want")"
	check_batch "$BATS_TEST_TMPDIR/in.want"
	assert_equal "$(fakedns_count q '*' '*')" 300
	# -c 1: each query was answered before the next came in
	run awk -F '\t' '$2 == "q" { if (open) bad++; open = 1 } $2 == "a" { open = 0 }
		END { print bad + 0 }' "$FAKEDNS_LOG"
	assert_output 0
}

@test "UDP queries share sockets: <= 16 in flight on a source port, IDs distinct there, <= 256 a port, fresh ports (RFC 5452 4.5, 9.2)" {
	# each answer waits 20 ms, so -c 64 keeps every socket as full as enumq
	# lets it be; the server (tests/data/60-batch/ports.py) notes, per
	# source port, what is in flight
	fakedns_start "$DATA/ports.py"
	numbers 0 1000 >"$BATS_TEST_TMPDIR/in"
	run -0 --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 5 -c 64 -j -f "$BATS_TEST_TMPDIR/in"
	json_lines 1000 'all(.[]; .status == "ok")'
	local log=$FAKEDNS_DIR/ports.log
	assert_equal "$(awk '$1 == "Q" && $5 == "udp"' "$log" | wc -l)" 1000
	run grep DUP "$log"
	assert_output ""
	run awk '$1 == "Q" { if ($3 > f) f = $3; if ($4 > t) t = $4; p[$2] = 1 }
		END { n = 0; for (k in p) n++; print f, t, n }' "$log"
	read -r most_inflight most_total ports <<<"$output"
	local in_flight uses
	in_flight=$(limit CHANNEL_QUERIES)
	uses=$(limit CHANNEL_USES)
	((most_inflight >= 2)) || fail "no socket carried two queries at once: $output"
	((most_inflight <= in_flight)) || fail "$most_inflight queries in flight on one port"
	((most_total <= uses)) || fail "one port carried $most_total queries"
	# 1000 queries, at most CHANNEL_USES a port
	((ports >= (1000 + uses - 1) / uses)) || fail "only $ports source ports for 1000 queries"
}

@test "-c 200 from stdin, shell output: one line per number, in input order" {
	batch_server 0.1
	numbers 0 300 >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 3 -c 200 -o shell -f - <"$BATS_TEST_TMPDIR/in"
	assert_equal "$status" 3
	assert_equal "${#lines[@]}" 300
	assert_equal "$(cut -f 1 <<<"$output")" "$(<"$BATS_TEST_TMPDIR/in")"
	assert_equal "$(awk -F '\t' 'NF != 7' <<<"$output" | wc -l)" 0
	answered_out_of_order || fail "the server answered in order: the test proves nothing"
}

@test "-c 200, -1 text: one line per number in input order, the bare URI or an empty line" {
	local dir=$BATS_TEST_TMPDIR st=0
	batch_server 0.1
	numbers 0 300 >"$dir/in"
	# (files, not $output: bats drops empty lines from $lines)
	enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" --timeout 3 -c 200 -1 \
		-f "$dir/in" >"$dir/out" || st=$?
	assert_equal "$st" 3
	awk '{ i = substr($0, length($0) - 2) + 0
		print (i % 10 == 7 || i % 25 == 13) ? "" : "sip:" $0 "@batch.example" }' \
		"$dir/in" >"$dir/want"
	assert_equal "$(wc -l <"$dir/out")" 300
	cmp "$dir/want" "$dir/out"
}

# slow_pipe STATUS MORE WANT ENUMQ-ARGS...: enumq -j ARGS -f - fed through a
# fifo: +442079460001 must come back ok while the input is still open,
# then the lines MORE must give the result WANT ("input status"), nothing
# may come after the input is closed, and enumq must exit STATUS.
slow_pipe() {
	local want_st=$1 more=$2 want=$3 st=0 line pid
	local in=$BATS_TEST_TMPDIR/in.fifo out=$BATS_TEST_TMPDIR/out.fifo
	shift 3
	mkfifo "$in" "$out"
	enumq "$@" -j -f - <"$in" >"$out" 2>"$BATS_TEST_TMPDIR/err" 3>&- &
	pid=$!
	exec 5>"$in" 6<"$out"
	echo +442079460001 >&5
	# (the timeout only guards against a hang; the read is the sync)
	read -r -t 10 line <&6 || fail "no result while the input is still open"
	assert_equal "$(jq -r '.input + " " + .status' <<<"$line")" "+442079460001 ok"
	kill -0 "$pid" || fail "enumq is gone though its input is open"
	printf '%s\n' "$more" >&5
	read -r -t 10 line <&6 || fail "no second result while the input is still open"
	assert_equal "$(jq -r '.input + " " + .status' <<<"$line")" "$want"
	# closing the input ends the run; nothing more comes out
	exec 5>&-
	if read -r -t 10 line <&6; then
		fail "unexpected output after the input closed: $line"
	fi
	exec 6<&-
	wait "$pid" || st=$?
	assert_equal "$st" "$want_st"
}

@test "a slow pipe gets early answers: each result comes out before stdin is closed" {
	batch_server 0
	slow_pipe 0 $'# a comment, then another number\n+442079460002' \
		"+442079460002 ok" -S 127.0.0.1 -p "$FAKEDNS_PORT" --timeout 3
	assert_equal "$(fakedns_count q '*' '*')" 2
}

@test "--rate 50, 30 numbers: queries spread over >= 29/50 s, never a burst" {
	batch_server 0
	numbers 0 30 >"$BATS_TEST_TMPDIR/in"
	local n=30
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 3 --rate 50 -j -f "$BATS_TEST_TMPDIR/in"
	# +44 20 7946 0000-0029: 0007, 0017, 0027 nxdomain, 0013 SERVFAIL
	assert_equal "$status" 3
	json_lines "$n" "$EXPECT"'all(.[]; .status == expect) and
		(map(.elapsed_ms) | max < 5000)'
	assert_equal "$(fakedns_count q '*' '*')" "$n"
	# the server's clock: first to last query, and every 11 in a row
	run awk -F '\t' -v n="$n" '$2 == "q" { t[k++] = $1 }
		END {
			if (t[k - 1] - t[0] < (n - 1) / 50 * 0.9)
				printf "span %.3f s\n", t[k - 1] - t[0]
			for (i = 10; i < k; i++)
				if (t[i] - t[i - 10] < 10 / 50 * 0.8)
					printf "burst: 11 queries in %.3f s\n", t[i] - t[i - 10]
		}' "$FAKEDNS_LOG"
	assert_output ''
	# and not absurdly slow either (a rate of 50, not 1, a second): the
	# elapsed_ms < 5000 above
}

@test "--rate 50 with -c 1 and with -T: the rate holds for every transport" {
	batch_server 0
	numbers 40 12 | grep -v '7$' >"$BATS_TEST_TMPDIR/in"
	local n t0 t1
	n=$(wc -l <"$BATS_TEST_TMPDIR/in")
	t0=$(date +%s%N)
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 3 --rate 50 -T -j -f "$BATS_TEST_TMPDIR/in"
	t1=$(date +%s%N)
	assert_equal "$status" 0
	assert_equal "${#lines[@]}" "$n"
	(((t1 - t0) / 1000000 >= (n - 1) * 1000 * 9 / (50 * 10))) ||
		fail "$n TCP queries at --rate 50 took only $(((t1 - t0) / 1000000)) ms"
	t0=$(date +%s%N)
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 3 --rate 50 -c 1 -j -f "$BATS_TEST_TMPDIR/in"
	t1=$(date +%s%N)
	assert_equal "$status" 0
	(((t1 - t0) / 1000000 >= (n - 1) * 1000 * 9 / (50 * 10))) ||
		fail "$n queries at --rate 50 -c 1 took only $(((t1 - t0) / 1000000)) ms"
}

@test "silent names time out on their own: the others answer promptly, the run takes ~one timeout x tries" {
	# every 4th number is never answered
	fakedns_start <<'EOF'
GOOD = [naptr("@", 100, 10, "u", "E2U+sip", r"!^(.*)$!sip:\1@batch.example!")]
def behave(q):
    i = int("".join(reversed(q.name.split(".")[:3])))
    return {"drop": True} if i % 4 == 0 else {"an": GOOD}
EOF
	numbers 200 40 >"$BATS_TEST_TMPDIR/in"
	local t0 t1
	t0=$(date +%s%N)
	run --separate-stderr enumq -S 127.0.0.1 -p "$FAKEDNS_PORT" \
		--timeout 0.5 --retries 1 -j -f "$BATS_TEST_TMPDIR/in"
	t1=$(date +%s%N)
	assert_equal "$status" 3
	assert_equal "$(jq -r .input <<<"$output")" "$(<"$BATS_TEST_TMPDIR/in")"
	# the silent ten: error after their own two tries, ~1 s; the other
	# thirty: answered at once, not held up by the silent ones
	json_lines 40 '
		([.[] | select((.input[-3:] | tonumber) % 4 == 0)] |
		 length == 10 and all(.[]; .status == "error" and
		     .elapsed_ms >= 950 and .elapsed_ms < 1500)) and
		([.[] | select((.input[-3:] | tonumber) % 4 != 0)] |
		 length == 30 and all(.[]; .status == "ok" and .elapsed_ms < 400))'
	# all at once: about one timeout x tries (1 s), not ten of them
	(((t1 - t0) / 1000000 < 2500)) ||
		fail "the run took $(((t1 - t0) / 1000000)) ms"
	assert_equal "$(fakedns_count q udp '*')" 50 # 30 + 10 x 2 tries
}

# zone_batch FILE: a zone for +44 20 7946 0xxx where xxx % 10 == 7 is
# missing (NXDOMAIN) and xxx % 10 == 3 has only an unusable NAPTR.
zone_batch() {
	awk 'BEGIN {
		printf "$ORIGIN 0.6.4.9.7.0.2.4.4.e164.arpa.\n$TTL 60\n"
		printf "@ SOA ns.example. h.example. 1 1 1 1 1\n"
		for (i = 0; i < 1000; i++) {
			if (i % 10 == 7) continue
			o = sprintf("%d.%d.%d", i % 10, int(i / 10) % 10, int(i / 100))
			if (i % 10 == 3) printf "%s NAPTR 1 1 \"u\" \"E2U+sip\" \"bad\" .\n", o
			else printf "%s NAPTR 100 10 \"u\" \"E2U+sip\" \"!^(.*)$!sip:\\\\1@zone.example!\" .\n", o
		}
	}' >"$1"
}

@test "zone-file batch on every CPU: results, warnings and exit code as on one" {
	# on one CPU both runs are the same run: nothing to compare
	need_cpus 2
	zone_batch "$BATS_TEST_TMPDIR/z"
	# with a bad number every 50 lines, so stderr has its order to keep
	numbers 0 1000 | awk '{ print } NR % 50 == 0 { print "+44 bad " NR }' \
		>"$BATS_TEST_TMPDIR/in"
	local fmt
	for fmt in json text shell; do
		run -4 --separate-stderr enumq -o "$fmt" -z "$BATS_TEST_TMPDIR/z" \
			-f "$BATS_TEST_TMPDIR/in"
		local out=$output err=$stderr
		run -4 --separate-stderr taskset -c 0 "$ENUMQ" -o "$fmt" \
			-z "$BATS_TEST_TMPDIR/z" -f "$BATS_TEST_TMPDIR/in"
		# elapsed times differ; all the rest must not
		assert_equal "$(sed -E 's/"elapsed_ms":[0-9.]+//; s/ in [0-9]+ ms$//; s/^elapsed_ms=.*//' <<<"$out")" \
			"$(sed -E 's/"elapsed_ms":[0-9.]+//; s/ in [0-9]+ ms$//; s/^elapsed_ms=.*//' <<<"$output")"
		assert_equal "$err" "$stderr"
	done
	# the 20 bad numbers, and in the shell format each of the 100 numbers
	# with a discarded record (its bad regexp)
	[[ $(grep -c . <<<"$stderr") -eq 120 &&
		$(grep -c ': not an E.164 number' <<<"$stderr") -eq 20 &&
		$(grep -c ': 1 record discarded (-v shows why)$' <<<"$stderr") -eq 100 ]]
	run -4 --separate-stderr enumq -j -z "$BATS_TEST_TMPDIR/z" -f "$BATS_TEST_TMPDIR/in"
	assert_equal "$(jq -r .input <<<"$output" | grep -v bad)" "$(numbers 0 1000)"
	assert_equal "$(jq -r 'select(.input | endswith("7")) | .status' <<<"$output" | sort -u)" nxdomain
	assert_equal "$(jq -r 'select(.input | endswith("3")) | .status' <<<"$output" | sort -u)" nodata
	assert_equal "$(jq -r 'select(.input | endswith("1")) | .uris[0].uri' <<<"$output" | head -1)" \
		"sip:+442079460001@zone.example"
}

# full_stdout [CMD...]: [CMD...] enumq -j over zone_batch with stdout on
# /dev/full must exit 74 with one error line.
full_stdout() {
	zone_batch "$BATS_TEST_TMPDIR/z"
	numbers 0 1000 >"$BATS_TEST_TMPDIR/in"
	run bash -c '"$@" 2>&1 >/dev/full' sh "$@" "$ENUMQ" -j \
		-z "$BATS_TEST_TMPDIR/z" -f "$BATS_TEST_TMPDIR/in"
	assert_equal "$status" 74
	assert_output "enumq: stdout: write error"
}

@test "stdout fails (/dev/full): exit 74 and one error line, zone batch on one CPU" {
	full_stdout taskset -c 0
}

@test "stdout fails (/dev/full): exit 74 and one error line, zone batch on every CPU" {
	need_cpus 2
	full_stdout
}

@test "zone-file batch: a slow pipe gets each result before stdin is closed" {
	zone_batch "$BATS_TEST_TMPDIR/z"
	slow_pipe 2 +442079460007 "+442079460007 nxdomain" -z "$BATS_TEST_TMPDIR/z"
}
