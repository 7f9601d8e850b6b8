# tests/nsd.bash -- a private NSD on loopback, for the test suite
# (helper.bash's nsd_start) and the benchmark (bench/run).  Plain bash,
# no bats: each function returns a status and leaves the telling to its
# caller.
#   _alive SID                  true while a process of session SID runs
#   _free_port [ADDR]           a port free for UDP and TCP on ADDR now
#   nsd_conf DIR ADDR PORT NAME FILE [NAME FILE]...
#                               write DIR/nsd.conf serving those zones;
#                               with NSD_CONTROL set (a socket path),
#                               nsd-control -c DIR/nsd.conf works on it
#   nsd_launch DIR [PREFIX...]  start NSD on DIR/nsd.conf in the background,
#                               in a session of its own (PREFIX: a command
#                               such as `taskset -c 0` to run it under);
#                               sets NSD_PID, writes DIR/leader.pid
#   _nsd_wait PID ADDR PORT ZONE...   wait (<= ~10 s) until it serves them
#   nsd_retryable DIR           does its log say another try may work?
#   nsd_kill PID                stop it and every process of its session
# Everything NSD writes lives in DIR, so it runs as root without touching
# /etc or /var.

# True while any process of session SID runs. Zombies count as exited: an
# unreaped NSD is still our child (kill -0 would say "alive"), and NSD's
# server child is reparented to init, which may reap it late.
# shellcheck disable=SC2009 # pgrep cannot tell zombies apart
_alive() { ps -o stat= -s "$1" | grep -qv '^Z'; }

# _free_port [ADDR]: print a port free on ADDR (default 127.0.0.1; ::1
# works too) for both UDP and TCP right now.
_free_port() {
	/usr/bin/python3 - "${1:-127.0.0.1}" <<'PY'
import socket, sys
addr = sys.argv[1]
fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
for _ in range(100):
    u = socket.socket(fam, socket.SOCK_DGRAM)
    u.bind((addr, 0))
    port = u.getsockname()[1]
    t = socket.socket(fam, socket.SOCK_STREAM)
    try:
        t.bind((addr, port))
    except OSError:
        continue
    print(port)
    break
PY
}

# nsd_conf DIR ADDR PORT NAME FILE [NAME FILE]...
nsd_conf() {
	local dir=$1 addr=$2 port=$3
	shift 3
	{
		printf 'server:\n'
		printf '  ip-address: %s\n  port: %s\n' "$addr" "$port"
		if [[ $addr == *:* ]]; then
			printf '  do-ip4: no\n'
		else
			printf '  do-ip6: no\n'
		fi
		printf '  reuseport: no\n  server-count: 1\n  verbosity: 0\n'
		# no response rate limiting: batches send many queries at once
		printf '  rrl-ratelimit: 0\n  rrl-whitelist-ratelimit: 0\n'
		printf '  username: ""\n  chroot: ""\n  zonesdir: "%s"\n  database: ""\n' "$dir"
		printf '  pidfile: "%s/nsd.pid"\n  xfrdfile: "%s/xfrd.state"\n' "$dir" "$dir"
		printf '  xfrdir: "%s"\n  zonelistfile: "%s/zone.list"\n' "$dir" "$dir"
		printf '  cookie-secret-file: "%s/cookiesecrets.txt"\n' "$dir"
		printf '  logfile: "%s/nsd.log"\n' "$dir"
		if [[ -n ${NSD_CONTROL-} ]]; then
			printf 'remote-control:\n  control-enable: yes\n  control-interface: "%s"\n' \
				"$NSD_CONTROL"
		else
			printf 'remote-control:\n  control-enable: no\n'
		fi
		while (($# >= 2)); do
			printf 'zone:\n  name: "%s"\n  zonefile: "%s"\n' "$1" "$2"
			shift 2
		done
	} >"$dir/nsd.conf"
}

# nsd_launch DIR [PREFIX...]
nsd_launch() {
	local dir=$1
	shift
	rm -f "$dir/nsd.log"
	# -d: stay in the foreground so $! is NSD's first process. setsid (no
	# fork: we are not a group leader) gives NSD its own session, so
	# nsd_kill finds its whole tree: xfrd <- main <- server. Close fd 3,
	# or bats waits for this background job before finishing the file.
	setsid "$@" /usr/sbin/nsd -d -c "$dir/nsd.conf" </dev/null \
		>"$dir/nsd.stderr" 2>&1 3>&- &
	NSD_PID=$!
	echo "$NSD_PID" >"$dir/leader.pid"
}

# _nsd_wait PID ADDR PORT ZONE...: poll (<= ~10 s) until NSD (session PID)
# serves every ZONE's SOA on ADDR#PORT; fails at once if NSD exits.
_nsd_wait() {
	local pid=$1 addr=$2 port=$3 end=$((SECONDS + 10)) z ok
	shift 3
	while ((SECONDS < end)); do
		_alive "$pid" || return 1
		ok=1
		for z in "$@"; do
			# (match the answer: dig prints its errors on stdout too)
			dig +noall +answer +time=1 +tries=1 -p "$port" @"$addr" SOA "$z" 2>&1 |
				grep -qP '\tSOA\t' || { ok=0; break; }
		done
		((ok)) && return 0
		sleep 0.1
	done
	return 1
}

# nsd_retryable DIR: NSD did not come up; may another try work?  A port
# taken since _free_port, or (seen twice in CI, cause unknown) its xfrd
# gone at once and the rest shutting down ("signal received") may; up but
# not answering does not.  Read before nsd_kill's TERM shows in the log.
nsd_retryable() {
	grep -qis 'address already in use\|signal received' "$1/nsd.log"
}

# nsd_kill PID: TERM NSD's leader (xfrd; it stops the rest), wait until
# every process of its session has exited, KILL them after ~10 s.
nsd_kill() {
	local pid=$1 i
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		_alive "$pid" || break
		sleep 0.1
	done
	pkill -KILL -s "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	for ((i = 0; i < 50; i++)); do # the killed may take a moment to go
		_alive "$pid" || break
		sleep 0.1
	done
	return 0
}
