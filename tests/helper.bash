# tests/helper.bash -- shared harness for the enumq bats suite.
# Every tests/*.bats file does `load helper`. Provides:
#   zone_write FILE ORIGIN   write a zone (SOA/NS header + records from stdin)
#   nsd_start ZONE...        start a private NSD (use from setup_file);
#                            exports NSD_ADDR, NSD_PORT
#   nsd_stop                 stop it (use from teardown_file)
#   json_is, json_lines      JSON assertions on $output that need a document
#   limit NAME               a limit #defined in src/ (QUERIES_MAX, ...)
#   need_cpus N, need_ipv6   skip (with the reason) on a machine without them
# and puts the enumq under test ($ENUMQ, default ../enumq) first on PATH.

load /usr/lib/bats/bats-support/load
load /usr/lib/bats/bats-assert/load

# --- enumq on PATH --------------------------------------------------------
# A per-run bin dir holds `enumq`: a symlink to the binary under test, or, if
# that is missing, a stub that fails loudly. The stub keeps the check lazy so
# tests that never call enumq (05-harness.bats) run before enumq is built.
ENUMQ=$(realpath -m "${ENUMQ:-$BATS_TEST_DIRNAME/../enumq}")
export ENUMQ
_enumq_bin=${BATS_RUN_TMPDIR:?bats >= 1.4 required}/bin
mkdir -p "$_enumq_bin"
if [[ -x $ENUMQ && ! -d $ENUMQ ]]; then
	ln -sfn "$ENUMQ" "$_enumq_bin/enumq"
else
	rm -f "$_enumq_bin/enumq"
	printf '#!/bin/sh\necho "enumq under test not found: %s (run make, or set ENUMQ)" >&2\nexit 127\n' \
		"$ENUMQ" >"$_enumq_bin/enumq"
	chmod +x "$_enumq_bin/enumq"
fi
case ":$PATH:" in *":$_enumq_bin:"*) ;; *) PATH=$_enumq_bin:$PATH ;; esac
export PATH

# Relative file names used by zone_write/nsd_start live in $BATS_FILE_TMPDIR.
_tmp_path() { [[ $1 == /* ]] && echo "$1" || echo "$BATS_FILE_TMPDIR/$1"; }

# zone_write FILE ORIGIN <<'EOF' ... EOF
# Writes $ORIGIN/$TTL, an SOA, "@ NS ns" and "ns A 127.0.0.1" for ORIGIN
# (made absolute), then stdin verbatim (names relative to ORIGIN). The
# $ORIGIN line is what nsd_start uses to name the zone.
zone_write() {
	local file origin=${2%.}.
	file=$(_tmp_path "$1")
	{
		# shellcheck disable=SC2016 # literal $ORIGIN/$TTL directives
		printf '$ORIGIN %s\n$TTL 300\n' "$origin"
		printf '@ IN SOA ns.%s hostmaster.%s 1 3600 600 86400 300\n' "$origin" "$origin"
		printf '@ IN NS ns\nns IN A 127.0.0.1\n'
		cat
	} >"$file"
}

# _alive, _free_port, _nsd_wait and the rest of NSD's start and stop, shared
# with bench/run
# shellcheck source=tests/nsd.bash
. "${BASH_SOURCE[0]%/*}/nsd.bash"

# nsd_start ZONE...   each ZONE is FILE (zone name taken from the file's
# first "$ORIGIN" line, as zone_write writes it) or NAME=FILE.
# Everything (conf, pid, state, log) lives in $BATS_FILE_TMPDIR/nsd, so it
# runs as root without touching /etc or /var. Retries on a port collision.
nsd_start() {
	local dir=$BATS_FILE_TMPDIR/nsd arg name file zones=() files=() conf try i retry
	(($#)) || { fail 'nsd_start: no zone given'; return 1; }
	mkdir -p "$dir"
	for arg in "$@"; do
		if [[ $arg == *=* ]]; then
			name=${arg%%=*} file=$(_tmp_path "${arg#*=}")
		else
			file=$(_tmp_path "$arg")
			name=$(awk '$1 == "$ORIGIN" { print $2; exit }' "$file")
			[[ -n $name ]] || { fail "nsd_start: no \$ORIGIN line in $file (use NAME=FILE)"; return 1; }
		fi
		# nsd just logs and skips a broken zone; fail here with the reason.
		nsd-checkzone "$name" "$file" >&2 || { fail "nsd_start: nsd-checkzone rejected $file"; return 1; }
		zones+=("$name") files+=("$file")
	done
	for ((try = 0; try < 5; try++)); do
		NSD_ADDR=127.0.0.1
		NSD_PORT=$(_free_port "$NSD_ADDR")
		[[ -n $NSD_PORT ]] || { fail "nsd_start: no free port"; return 1; }
		conf=()
		for i in "${!zones[@]}"; do
			conf+=("${zones[i]}" "${files[i]}")
		done
		nsd_conf "$dir" "$NSD_ADDR" "$NSD_PORT" "${conf[@]}"
		nsd_launch "$dir"
		if _nsd_wait "$NSD_PID" "$NSD_ADDR" "$NSD_PORT" "${zones[@]}"; then
			export NSD_ADDR NSD_PORT
			return 0
		fi
		retry=0
		nsd_retryable "$dir" && retry=1
		cat "$dir/nsd.stderr" "$dir/nsd.log" >>"$dir/nsd.tries" 2>/dev/null
		nsd_stop # and reap; bats runs setup_file under set -e
		((retry)) || break
	done
	fail "nsd_start: NSD did not answer on $NSD_ADDR port $NSD_PORT; every try's output:
$(cat "$dir/nsd.tries" 2>/dev/null)"
}

# nsd_stop: stop the NSD of nsd_start (nsd_kill); no-op if not running.
nsd_stop() {
	local pidfile=$BATS_FILE_TMPDIR/nsd/leader.pid
	[[ -f $pidfile ]] || return 0
	nsd_kill "$(<"$pidfile")"
	rm -f "$pidfile"
	return 0
}

# enumq_both ZONEFILE... -- ARG...
# Runs `enumq -S $NSD_ADDR -p $NSD_PORT ARG... -j` (the NSD of nsd_start)
# and `enumq -z ZONEFILE... ARG... -j` (relative ZONEFILEs as for
# zone_write), and fails unless both exit with the same status and print
# the same JSON Lines (at least one line, each one JSON value) once what
# must differ (server, the server of each of servers, elapsed_ms) is
# deleted. Leaves the network run like bats `run --separate-stderr` does:
# $output/$lines (stdout), $stderr/$stderr_lines and $status.
enumq_both() {
	local zargs=() nout nerr nst zout zerr zst ncmp zcmp
	while (($#)) && [[ $1 != -- ]]; do
		zargs+=(-z "$(_tmp_path "$1")")
		shift
	done
	if [[ ${1-} != -- || ${#zargs[@]} -eq 0 ]]; then
		fail 'usage: enumq_both ZONEFILE... -- ARG...'
		return 1
	fi
	shift
	if [[ -z ${NSD_PORT-} ]]; then
		fail 'enumq_both: no NSD running (nsd_start in setup_file)'
		return 1
	fi
	nerr=$BATS_TEST_TMPDIR/enumq_both.net.err
	zerr=$BATS_TEST_TMPDIR/enumq_both.zone.err
	nout=$(enumq -S "$NSD_ADDR" -p "$NSD_PORT" "$@" -j 2>"$nerr") && nst=0 || nst=$?
	zout=$(enumq "${zargs[@]}" "$@" -j 2>"$zerr") && zst=0 || zst=$?
	# each line one JSON value, and at least one line (jq takes no input
	# as fine)
	if [[ -z $nout ]] || ! ncmp=$(jq -Rnc 'inputs | fromjson | del(.server, .servers[].server, .elapsed_ms)' <<<"$nout"); then
		fail "enumq_both: network run printed no valid JSON (exit $nst): $nout $(<"$nerr")"
		return 1
	fi
	if [[ -z $zout ]] || ! zcmp=$(jq -Rnc 'inputs | fromjson | del(.server, .servers[].server, .elapsed_ms)' <<<"$zout"); then
		fail "enumq_both: zone-file run printed no valid JSON (exit $zst): $zout $(<"$zerr")"
		return 1
	fi
	if [[ $ncmp != "$zcmp" || $nst != "$zst" ]]; then
		fail "enumq_both: network and zone-file runs differ for: $*
network (exit $nst):
$ncmp
zone file (exit $zst):
$zcmp"
		return 1
	fi
	# shellcheck disable=SC2034 # set for the caller, as bats run does
	{
		output=$nout status=$nst stderr=$(<"$nerr")
		lines=() stderr_lines=()
		[[ -z $output ]] || mapfile -t lines <<<"$output"
		[[ -z $stderr ]] || mapfile -t stderr_lines <<<"$stderr"
	}
	return 0
}

# fake DNS server
# fakedns_start [SCRIPT]   start tests/fakedns.py on a free 127.0.0.1 port
#                          (UDP and TCP) with SCRIPT (a file, relative names
#                          as for zone_write; stdin when none is given).
#                          Exports FAKEDNS_PORT, FAKEDNS_LOG (its query log)
#                          and FAKEDNS_DIR. Readiness: the server prints its
#                          port through a FIFO once both sockets are bound.
# fakedns_stop             stop it (no-op if not running)
# fakedns_count EV TRANSPORT NAME   how many log lines have event EV (q, a,
#                          d), TRANSPORT (udp, tcp, or "*") and NAME (or "*")
fakedns_start() {
	local dir=${BATS_TEST_TMPDIR:-$BATS_FILE_TMPDIR}/fakedns fifo
	mkdir -p "$dir"
	if (($#)); then
		cp "$(_tmp_path "$1")" "$dir/script.py"
	else
		cat >"$dir/script.py"
	fi
	fifo=$dir/ready.fifo
	rm -f "$fifo" "$dir/log"
	: >"$dir/log"
	mkfifo "$fifo"
	/usr/bin/python3 "$BATS_TEST_DIRNAME/fakedns.py" "$dir/script.py" \
		"$dir/log" 120 </dev/null >"$fifo" 2>"$dir/stderr" 3>&- &
	echo $! >"$dir/pid"
	FAKEDNS_PORT=
	read -r FAKEDNS_PORT <"$fifo" || true
	rm -f "$fifo"
	if [[ ! $FAKEDNS_PORT =~ ^[0-9]+$ ]]; then
		fail "fakedns did not start: $(<"$dir/stderr")"
		return 1
	fi
	FAKEDNS_LOG=$dir/log FAKEDNS_DIR=$dir
	export FAKEDNS_PORT FAKEDNS_LOG FAKEDNS_DIR
}

fakedns_stop() {
	local pid
	[[ -n ${FAKEDNS_DIR-} && -f $FAKEDNS_DIR/pid ]] || return 0
	pid=$(<"$FAKEDNS_DIR/pid")
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$FAKEDNS_DIR/pid"
	return 0
}

fakedns_count() {
	awk -F '\t' -v ev="$1" -v tr="$2" -v name="${3,,}" '
		$2 == ev && (tr == "*" || $3 == tr) &&
		    (name == "*" || $5 == name) { n++ }
		END { print n + 0 }' "$FAKEDNS_LOG"
}

# --- JSON assertions ---------------------------------------------------------
# jq 1.6 (Debian 12) exits 0 for `jq -e FILTER` on empty input, so a bare
# `jq -e ... <<<"$output"` passes when enumq prints nothing. These need the
# documents: $output must be exactly the JSON lines asked for, each line one
# JSON value, and FILTER must give exactly one result, true. Leading
# arguments go to jq (--arg NAME VALUE, --slurpfile NAME FILE, ...).
#
# json_is [JQ-OPTION...] FILTER     $output is one line, one JSON value, and
#                                   FILTER on it is true
# json_lines N [JQ-OPTION...] FILTER
#                                   $output is N lines (JSON Lines), one JSON
#                                   value each, and FILTER on the array of
#                                   them is true
json_is() {
	_json_check 1 '.[0] | ' "$@"
}

json_lines() {
	local n=$1
	shift
	_json_check "$n" '' "$@"
}

_json_check() {
	local want=$1 prefix=$2 got err shown
	shift 2
	(($#)) || { fail 'json_is/json_lines: no FILTER given'; return 1; }
	local filter=${*: -1} opts=("${@:1:$#-1}")
	got=0
	[[ -z $output ]] || got=$(grep -c '' <<<"$output")
	# (the first 20 lines of a long output are enough to see why)
	shown=$(head -n 20 <<<"$output")
	((got <= 20)) || shown+=$'\n'"... ($got lines)"
	if ((got != want)); then
		fail "expected $want JSON line(s) on stdout, got $got:
$shown"
		return 1
	fi
	# -R with fromjson: each line must hold exactly one JSON value
	if ! err=$(jq -Rne "${opts[@]}" \
		"[inputs | fromjson] | length == $want and ([$prefix($filter)] == [true])" \
		<<<"$output" 2>&1 >/dev/null); then
		fail "JSON does not satisfy: $filter
${err:+jq: $err
}$shown"
		return 1
	fi
}

# --- limits ------------------------------------------------------------------
# limit NAME: the value of "#define NAME VALUE" in src/*.h or src/*.c
# (whichever file holds it, so that it survives a move between headers),
# so that a test names a documented limit instead of retyping it. Fails
# unless exactly one numeric value is found.
_helper_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
limit() {
	local v
	v=$(awk -v name="$1" '$1 == "#define" && $2 == name { print $3 }' \
		"$_helper_dir"/../src/*.h "$_helper_dir"/../src/*.c | sort -u)
	if [[ ! $v =~ ^[0-9]+$ ]]; then
		echo "limit: no single numeric '#define $1' in src/ (got '${v//$'\n'/ }')" >&2
		return 1
	fi
	echo "$v"
}

# --- what the machine has ----------------------------------------------------
# need_cpus N: skip the test unless N CPUs are usable (as enumq counts them:
# the affinity mask, which nproc reads).
need_cpus() {
	local have
	have=$(nproc)
	((have >= $1)) || skip "needs $1 CPUs, this machine has $have"
}

# have_ipv6: ::1 is configured on lo. need_ipv6: skip the test unless it is.
have_ipv6() {
	ip -6 addr show dev lo 2>/dev/null | grep -q 'inet6 ::1/128'
}

need_ipv6() {
	have_ipv6 || skip "needs ::1 on lo, which this machine lacks"
}
