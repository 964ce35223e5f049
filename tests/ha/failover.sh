#!/bin/bash
# failover.sh: the desk through a failover of its central database, on
# pg_auto_failover (Debian's postgresql-15-auto-failover, pg_autoctl).
#
# Forms a monitor, a primary and a secondary on localhost ports in a
# temporary directory (once per run), migrates and seeds the repeatdesk
# database through the multi-host conninfo the terminals use
#   host=127.0.0.1,127.0.0.1 port=P1,P2 dbname=repeatdesk
#   target_session_attrs=read-write
# and then, while a terminal (the real binary in tmux, in Japanese, an
# agent logged in with its own SCRAM password) waits on an order it
# confirmed, CLI clients place orders and skip deliveries with request
# ids, and the load driver (bench/load, when it is built) runs its agents:
#   1. a planned failover (pg_autoctl perform failover) while the
#      terminal's F5 is in flight (held by a lock, so its outcome is
#      unknown to the terminal);
#   2. an unplanned one: the primary's node is stopped (pg_autoctl stop),
#      the monitor promotes the secondary.
# Checks: the top line says 再接続中… (reconnecting…), the terminal comes
# back by itself on the new primary (pg_is_in_recovery() false where its
# session is), the confirmed order is still on the screen and is saved
# exactly once with what was typed, every CLI request id gave exactly one
# record however many times it was retried, no order or skip is lost or
# doubled, and every record touched has its version moved by exactly its
# number of new history rows. Prints the figures (formation, failover to
# terminal back, CLI time without service, unknown commits resolved).
#
# Exit 77 (skip) when pg_autoctl, PostgreSQL's server programs, tmux or
# the ja_JP.UTF-8 locale are missing. Environment: RD_BIN (default
# ./repeatdesk), RD_LOAD (default ./bench/load), HA_AGENTS (load agents,
# default 20), HA_KEEP=1 keeps the directory and leaves the cluster
# running (its ports are printed).
set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
E2E_LANG=ja
: "${RD_BIN:=$PWD/repeatdesk}"
: "${RD_LOAD:=$(dirname "$RD_BIN")/bench/load}"
: "${HA_AGENTS:=20}"
E2E_TIMEOUT=15
. "$srcdir/tests/e2e/lib.sh"

# --- what must be here -------------------------------------------------------
if ! command -v pg_autoctl >/dev/null 2>&1; then
	e2e_say "# e2e ha_failover: skipped: pg_autoctl is not installed (apt-get install postgresql-15-auto-failover pg-auto-failover-cli)"
	exit 77
fi
e2e_init ha_failover

# pg_autoctl runs the PostgreSQL it was built for
pgmajor=$(pg_autoctl --version 2>/dev/null | sed -n 's/^compiled with PostgreSQL \([0-9]*\).*/\1/p')
PGBIN=/usr/lib/postgresql/${pgmajor:-15}/bin
[ -x "$PGBIN/pg_ctl" ] || e2e_skip "no PostgreSQL ${pgmajor:-15} server programs in $PGBIN (pg_autoctl needs them)"
[ -x "$PGBIN/psql" ] || e2e_skip "no psql in $PGBIN (install postgresql-client)"

as_pg=()
if [ "$(id -u)" -eq 0 ]; then
	id postgres >/dev/null 2>&1 || e2e_skip "running as root and there is no 'postgres' user"
	as_pg=(runuser -u postgres --)
fi

# --- the temporary directory and the clean-up ----------------------------------
HA=$(mktemp -d "${TMPDIR:-/tmp}/rdha.XXXXXX") || e2e_skip "cannot create a temporary directory"
chmod 0755 "$HA"
[ "${#as_pg[@]}" -gt 0 ] && chown postgres: "$HA"
mkdir -p "$HA/work" "$HA/run"
[ "${#as_pg[@]}" -gt 0 ] && chown postgres: "$HA/run"
RUNPIDS=""    # the pg_autoctl run sessions we started (setsid: pid = group)
BGPIDS=""     # our own background clients

ha_log() { printf '# %s %s\n' "$(date -u +%T)" "$*"; }

# ha_pg CMD...: runs CMD as the server's user, its configuration in $HA
ha_pg() {
	"${as_pg[@]}" env LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_CONFIG_HOME="$HA/config" XDG_DATA_HOME="$HA/share" \
		XDG_RUNTIME_DIR="$HA/run" \
		PATH="$PGBIN:$PATH" "$@"
}

# ha_teardown: stops what the test started (each stop bounded), removes
# the directory. e2e_cleanup (lib.sh's, at every exit) calls it.
ha_teardown() {
	local d p n alive
	[ -n "${HA:-}" ] && [ -d "$HA" ] || return 0
	if [ "${HA_KEEP:-0}" = 1 ]; then
		printf '# kept %s (monitor %s, nodes %s %s; pg_autoctl still runs)\n' "$HA" "$PM" "$P1" "$P2"
		return 0
	fi
	for p in $BGPIDS; do kill "$p" 2>/dev/null; done
	for d in n1 n2 mon; do
		[ -d "$HA/$d" ] || continue
		timeout 20 "${as_pg[@]}" env LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_CONFIG_HOME="$HA/config" XDG_DATA_HOME="$HA/share" \
		XDG_RUNTIME_DIR="$HA/run" \
			PATH="$PGBIN:$PATH" pg_autoctl stop --pgdata "$HA/$d" >/dev/null 2>&1
	done
	n=0
	while [ $n -lt 75 ]; do
		alive=0
		for p in $RUNPIDS; do kill -0 "$p" 2>/dev/null && alive=1; done
		[ $alive -eq 0 ] && break
		sleep 0.2
		n=$((n + 1))
	done
	for p in $RUNPIDS; do kill -KILL -- "-$p" 2>/dev/null; done
	# a postmaster left behind (its session was killed): stop it hard
	for d in n1 n2 mon; do
		[ -f "$HA/$d/postmaster.pid" ] &&
			"${as_pg[@]}" "$PGBIN/pg_ctl" -D "$HA/$d" -m immediate -w -t 10 stop >/dev/null 2>&1
	done
	rm -rf "$HA"
	HA=
}
eval "_e2e_cleanup_lib() $(declare -f e2e_cleanup | tail -n +2)"
e2e_cleanup() {
	_e2e_cleanup_lib
	ha_teardown
}

# ha_die MESSAGE: a step of the set-up failed: say so (with the logs'
# tails) and end the test as failed.
ha_die() {
	e2e_fail "$*"
	for f in "$HA"/*.log; do
		# seed.log holds the agents' passwords: never printed
		[ -f "$f" ] && [ "$(basename "$f")" != seed.log ] || continue
		printf -- '--- %s ---\n' "$(basename "$f")"
		tail -n 15 "$f"
	done
	e2e_finish
}

# ha_wait SECONDS WHAT CMD...: polls CMD every 0.2 s; false (and says what
# did not come) after SECONDS.
ha_wait() {
	local secs=$1 what=$2 n
	shift 2
	n=$((secs * 5))
	while [ $n -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
		n=$((n - 1))
	done
	ha_log "waited ${secs}s for: $what"
	return 1
}

now_ms() { date +%s%3N; }

# --- ports ----------------------------------------------------------------------
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
base=$((20000 + ($$ * 7) % 30000))
tries=0
while ! { port_free "$base" && port_free $((base + 1)) && port_free $((base + 2)); }; do
	base=$((base + 3))
	tries=$((tries + 1))
	[ $tries -gt 50 ] && ha_die "no three free ports found"
done
PM=$base P1=$((base + 1)) P2=$((base + 2))
PORTS="$P1,$P2"
DB=repeatdesk
CONNINFO="host=127.0.0.1,127.0.0.1 port=$PORTS dbname=$DB target_session_attrs=read-write"
ADMIN="$CONNINFO user=postgres"

# psql as the superuser on one port (trusted from 127.0.0.1 only)
PSQL=$PGBIN/psql   # not Debian's wrapper: a perl start per query is slow
pq() { # PORT DB SQL
	PGCONNECT_TIMEOUT=3 "$PSQL" -X -q -At -h 127.0.0.1 -p "$1" -U postgres -d "$2" -c "$3"
}
mon() { pq "$PM" pg_auto_failover "$1"; }
# sql SQL: on the primary, whichever it is now
sql() { PGCONNECT_TIMEOUT=3 "$PSQL" -X -q -At -d "$ADMIN" -c "$1"; }

# --- the cluster ------------------------------------------------------------------
# pg_autoctl run NODE in the background, in a session of its own
ha_run() {
	setsid "${as_pg[@]}" env LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_CONFIG_HOME="$HA/config" XDG_DATA_HOME="$HA/share" \
		XDG_RUNTIME_DIR="$HA/run" \
		PATH="$PGBIN:$PATH" pg_autoctl run --pgdata "$HA/$1" >>"$HA/$1.log" 2>&1 &
	RUNPIDS="$RUNPIDS $!"
}

# state NODE: "reported/assigned" of that node on the monitor
state() {
	mon "select reportedstate || '/' || goalstate from pgautofailover.node where nodename = '$1'"
}
is_state() { [ "$(state "$1")" = "$2" ]; }
formed() { is_state "$1" primary/primary && is_state "$2" secondary/secondary; }

t_form=$(now_ms)
ha_log "forming the cluster: monitor :$PM, node1 :$P1, node2 :$P2 in $HA"
ha_pg pg_autoctl create monitor --pgdata "$HA/mon" --pgport "$PM" --hostname 127.0.0.1 \
	--listen 127.0.0.1 --auth trust --no-ssl >"$HA/mon-create.log" 2>&1 || ha_die "pg_autoctl create monitor"
ha_run mon
ha_wait 30 "the monitor" mon "select 1" || ha_die "the monitor did not start"
# a stopped primary is noticed in seconds, not in the 20 s + 30 s of the
# defaults (what a desk would want too: see the README's Failover)
for g in health_check_period=1000 health_check_timeout=1000 health_check_max_retries=1 \
	health_check_retry_delay=500 node_considered_unhealthy_timeout=3000 primary_demote_timeout=3000; do
	mon "ALTER SYSTEM SET pgautofailover.${g%%=*} = ${g#*=}" >/dev/null ||
		ha_die "cannot set pgautofailover.${g%%=*} on the monitor"
done
mon "SELECT pg_reload_conf()" >/dev/null || ha_die "cannot reload the monitor's configuration"
MONURI="postgres://autoctl_node@127.0.0.1:$PM/pg_auto_failover?sslmode=disable"

create_node() { # NAME PORT
	ha_pg pg_autoctl create postgres --pgdata "$HA/$1" --pgport "$2" --hostname 127.0.0.1 \
		--listen 127.0.0.1 --name "$1" --monitor "$MONURI" --auth trust --no-ssl --dbname "$DB" \
		>"$HA/$1-create.log" 2>&1
}
create_node n1 "$P1" || ha_die "pg_autoctl create postgres (node1)"
# Agents log in with their own SCRAM password, as at a desk; the
# superuser (migrations, the test's checks) and pg_auto_failover's own
# roles stay trusted on 127.0.0.1. The secondary copies this file with
# its base backup.
sed -i 's|^host[ \t]*all[ \t]*all[ \t]*127.0.0.1/32[ \t]*trust.*$|host all postgres,pgautofailover_monitor,pgautofailover_replicator 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256|' \
	"$HA/n1/pg_hba.conf" || ha_die "cannot edit pg_hba.conf"
grep -q 'scram-sha-256' "$HA/n1/pg_hba.conf" || ha_die "pg_hba.conf has no line for 127.0.0.1 to change"
ha_run n1
ha_wait 30 "node1 single" is_state n1 single/single || ha_die "node1 did not become the single primary"
pq "$P1" postgres "SELECT pg_reload_conf()" >/dev/null
# the standby's base backup waits for a checkpoint: ask for it, or it
# waits for a spread one (about 100 s)
create_node n2 "$P2" &
cpid=$!
n=0
while kill -0 "$cpid" 2>/dev/null && [ $n -lt 300 ]; do
	pq "$P1" postgres "CHECKPOINT" >/dev/null 2>&1
	sleep 0.5
	n=$((n + 1))
done
wait "$cpid" || ha_die "pg_autoctl create postgres (node2)"
ha_run n2
ha_wait 60 "node1 primary, node2 secondary" formed n1 n2 || ha_die "the cluster did not form"
form_s=$(( ($(now_ms) - t_form) ))
ha_log "cluster formed in $((form_s / 1000)).$(( (form_s % 1000) / 100 )) s"
e2e_pass "monitor, primary and secondary formed"

# --- the desk's database ---------------------------------------------------------------
LC_ALL=C.UTF-8 "$RD_BIN" --db "$ADMIN" db migrate >"$HA/migrate.log" 2>&1 || ha_die "repeatdesk db migrate"
LC_ALL=C.UTF-8 LANGUAGE=en "$RD_BIN" --lang en --db "$ADMIN" db seed --customers 200 --seed 1 --subscription-rate 50 \
	>"$HA/seed.log" 2>&1 || ha_die "repeatdesk db seed"
# seed prints the demo agents' generated passwords once (central database)
PGPASSFILE=$HA/work/pgpass
export PGPASSFILE
awk '$1 == "demo" && $2 == "agent" && $(NF-1) == "password" { printf "127.0.0.1:*:*:%s:%s\n", $3, $NF }' \
	"$HA/seed.log" >"$PGPASSFILE"
chmod 600 "$PGPASSFILE"
grep -q '^127.0.0.1:\*:\*:suzuki:' "$PGPASSFILE" || ha_die "db seed printed no password for suzuki"
"$RD_BIN" --db "$CONNINFO" --as suzuki order list --customer C0000001 --format json \
	>"$HA/work/login.out" 2>&1 || ha_die "suzuki cannot log in with its password: $(head -c 300 "$HA/work/login.out")"
e2e_pass "migrated and seeded through the multi-host conninfo; agents log in with their SCRAM passwords"
# no agent logs in without its password
if PGPASSFILE=/dev/null "$RD_BIN" --db "$CONNINFO" --as suzuki order list --customer C0000001 \
	</dev/null >/dev/null 2>&1; then
	e2e_fail "suzuki logged in without a password"
else
	e2e_pass "an agent without its password is refused"
fi

# the primary now: the port whose server is not in recovery
primary_port() {
	local p
	for p in $P1 $P2; do
		[ "$(pq "$p" postgres "SELECT pg_is_in_recovery()" 2>/dev/null)" = f ] && { echo "$p"; return 0; }
	done
	return 1
}
node_of_port() { if [ "$1" = "$P1" ]; then echo n1; else echo n2; fi; }

# --- the load driver (when built) ------------------------------------------------------
load_pid="" HAVE_LOAD=0 LOADS=""
if [ -x "$RD_LOAD" ]; then
	printf 'ha-load-%s\n' "$$" >"$HA/work/load.pass"
	chmod 600 "$HA/work/load.pass"
	for i in $(seq 1 "$HA_AGENTS"); do
		"$RD_BIN" --db "$ADMIN" agent add "$(printf 'load%03d' "$i")" --name "Load $i" --role agent \
			--password-file "$HA/work/load.pass" >/dev/null 2>"$HA/agent.log" ||
			ha_die "agent add for the load driver"
	done
	ha_log "load driver: $RD_LOAD, $HA_AGENTS agents"
	HAVE_LOAD=1
else
	ha_log "no load driver at $RD_LOAD (bench/load not built yet): the terminal and CLI parts run alone"
fi

# --- the CLI clients: orders and skips with request ids, retried on exit 3 ------
# Each request: the same request id until it succeeds (or is refused, exit
# 1); the outcome of every try is logged as
#   KIND KEY REQUEST_ID TRIES FINAL_EXIT REPLAYED FIRST_FAIL_MS LAST_OK_MS
uuid() { cat /proc/sys/kernel/random/uuid; }
cli_worker() { # NAME KIND STOPFILE
	local name=$1 kind=$2 stop=$3 i=0 u key tries rc rep t0 tfail
	local codes=(C0000011 C0000012 C0000013 C0000014 C0000015)
	local subs=($SKIP_SUBS)
	while [ ! -e "$stop" ]; do
		i=$((i + 1))
		u=$(uuid)
		tries=0
		tfail=0
		while :; do
			tries=$((tries + 1))
			t0=$(now_ms)
			if [ "$kind" = order ]; then
				key=${codes[$((i % ${#codes[@]}))]}
				"$RD_BIN" --db "$CONNINFO" --as sato order create --customer "$key" \
					--item P001:1 --payment cod --request-id "$u" --format json \
					</dev/null >"$HA/work/$name.out" 2>"$HA/work/$name.err"
			else
				key=${subs[$((i % ${#subs[@]}))]}
				"$RD_BIN" --db "$CONNINFO" --as suzuki subscription skip "$key" \
					--reason "HA試験" --request-id "$u" --format json \
					</dev/null >"$HA/work/$name.out" 2>"$HA/work/$name.err"
			fi
			rc=$?
			[ $rc -ne 3 ] && break
			[ $tfail -eq 0 ] && tfail=$t0
			cat "$HA/work/$name.err" >>"$HA/work/$name.errors"
			# past a bound the request is given up (and reported)
			[ $tries -ge 300 ] && break
			sleep 0.2
		done
		rep=-
		if [ $rc -eq 0 ]; then
			if [ "$kind" = order ]; then
				rep=$(jq -r '.replayed' "$HA/work/$name.out" 2>/dev/null)
			else
				rep=$(jq -r '.result.replayed' "$HA/work/$name.out" 2>/dev/null)
			fi
		elif [ $rc -ne 3 ]; then
			printf '%s %s: %s\n' "$kind" "$u" "$(head -c 300 "$HA/work/$name.err")" >>"$HA/work/$name.refused"
		fi
		echo "$kind $key $u $tries $rc ${rep:-?} $tfail $(now_ms)" >>"$HA/work/$name.log"
		sleep 0.1
	done
}

# subscriptions for the CLI skips and their versions before: the change
# of each one's version must equal its new history rows
SKIP_SUBS=$(sql "SELECT string_agg(id::text, ' ' ORDER BY id) FROM (SELECT id FROM rd.subscriptions
	WHERE status = 'active' AND next_date IS NOT NULL
	AND customer_id <> (SELECT id FROM rd.customers WHERE code = 'C0000003') ORDER BY id LIMIT 40) s")
[ -n "$SKIP_SUBS" ] || ha_die "no active subscription to skip"
sql "CREATE TABLE public.ha_before AS SELECT s.id, s.version,
	(SELECT count(*) FROM rd.history h WHERE h.table_name = 'subscriptions' AND h.row_key = s.id::text) AS hist
	FROM rd.subscriptions s" >/dev/null || ha_die "cannot note the versions before"

# --- the terminal: an order confirmed, its F5 in flight at the failover --------
code=C0000003
cid=$(sql "SELECT id FROM rd.customers WHERE code = '$code'")
note="HA試験メモ$$"

e2e_term_start e2e PGPASSFILE="$PGPASSFILE" "$RD_BIN" --db "$CONNINFO" --as suzuki
e2e_wait_line 1 "DB ok" 20 || ha_die "the terminal did not start"
e2e_send F2
e2e_type "$code"
e2e_wait_for ">$code " || ha_die "lookup of $code"
e2e_send Enter
e2e_wait_line 1 "$code" || ha_die "the card of $code"
e2e_send F11
e2e_wait_for "様の新規注文" || ha_die "the order entry"
e2e_type "P029"
e2e_send Enter
e2e_wait_for "青汁お試しセット" || ha_die "the product line"
# to Payment (10 fields on), cash on delivery; then Notes (4 more)
for k in 1 2 3 4 5 6 7 8 9 10; do e2e_send Tab; done
e2e_send C-u
e2e_type "cc"
e2e_wait_for "代引" || ha_die "cash on delivery"
for k in 1 2 3 4; do e2e_send Tab; done
e2e_type "$note"
e2e_wait_for "$note" || ha_die "the note typed"
e2e_send F5
e2e_wait_for "注文確認" || ha_die "the confirmation"
e2e_pass "the terminal shows the confirmed order, not saved yet"

# --- the clients start ------------------------------------------------------------------
stop=$HA/work/stop
cli_worker cli-order order "$stop" &
BGPIDS="$BGPIDS $!"
cli_worker cli-skip skip "$stop" &
BGPIDS="$BGPIDS $!"
# load_start NAME SECONDS: the load driver in the background, one run per
# failover (it checks its invariants when its time is up)
load_start() {
	[ "$HAVE_LOAD" = 1 ] || return 0
	"$RD_LOAD" --agents "$HA_AGENTS" --duration "$2" --think-ms 500 --conninfo "$CONNINFO" \
		--password-file "$HA/work/load.pass" --login-format 'load%03d' --seed 1 \
		--admin-conninfo "$ADMIN" --format json >"$HA/work/$1.json" 2>"$HA/$1.log" &
	load_pid=$!
	LOADS="$LOADS $1"
}
# load_finish NAME: waits for the run, checks its verdict
load_finish() {
	[ -n "$load_pid" ] || return 0
	wait "$load_pid"
	load_rc=$?
	load_pid=
	if [ "$load_rc" -eq 0 ] && [ "$(jq -r '.pass' "$HA/work/$1.json" 2>/dev/null)" = true ]; then
		e2e_pass "load driver ($1): invariants hold through the failover"
	else
		e2e_fail "load driver ($1, exit $load_rc): $(jq -c '[.invariants[] | select(.pass | not)]' "$HA/work/$1.json" 2>/dev/null || tail -n 5 "$HA/$1.log")"
	fi
}
load_start load1 40
sleep 3

# --- failover 1: planned, the terminal's F5 in flight ----------------------------------
old=$(primary_port) || ha_die "no primary before the failover"
# a session holds the customer's row (FOR UPDATE: a new order's foreign
# key waits for it), so the terminal's submit waits in the server; the
# other clients' orders, for other customers, go on
PGAPPNAME=ha_lock PGCONNECT_TIMEOUT=3 "$PSQL" -X -q -h 127.0.0.1 -p "$old" -U postgres -d "$DB" \
	-c "BEGIN; SELECT 1 FROM rd.customers WHERE id = $cid FOR UPDATE; SELECT pg_sleep(60);" \
	>/dev/null 2>&1 &
lock_pid=$!
BGPIDS="$BGPIDS $lock_pid"
lock_taken() {
	[ "$(pq "$old" postgres "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'ha_lock' AND wait_event = 'PgSleep'")" -ge 1 ]
}
submit_waits() {
	[ "$(pq "$old" postgres "SELECT count(*) FROM pg_stat_activity WHERE usename = 'suzuki' AND wait_event_type = 'Lock'")" -ge 1 ]
}
ha_wait 30 "the lock" lock_taken ||
	ha_die "the lock on the customer was not taken"
e2e_send F5
ha_wait 30 "the terminal's submit waiting" submit_waits ||
	ha_die "the terminal's submit did not reach the server"
ha_log "failover 1 (pg_autoctl perform failover), primary was :$old"
t_fail=$(now_ms)
ha_pg pg_autoctl perform failover --pgdata "$HA/mon" --wait 60 >"$HA/failover1.log" 2>&1 &
fo_pid=$!
BGPIDS="$BGPIDS $fo_pid"
if e2e_wait_line 1 "再接続中…" 30; then
	e2e_pass "the top line says 再接続中…"
fi
t_down=$(now_ms)
if e2e_wait_line 1 "DB ok" 60; then
	t_back=$(now_ms)
	e2e_pass "the terminal reconnects by itself"
else
	t_back=0
fi
# perform failover waits (60 s) for the old primary to be a secondary
# again too: slow on a busy machine, and not what is checked here
wait "$fo_pid" || ha_log "pg_autoctl perform failover did not see the end of it: $(tail -n 1 "$HA/failover1.log")"
kill "$lock_pid" 2>/dev/null
new=$(primary_port)
if [ -n "$new" ] && [ "$new" != "$old" ]; then
	e2e_pass "the primary moved from :$old to :$new"
else
	e2e_fail "the primary did not move (was :$old, now :${new:-none})"
fi
# where the terminal is: its session on the new primary, none on the old
if [ -n "$new" ] && [ "$(pq "$new" postgres "SELECT count(*) FROM pg_stat_activity WHERE usename = 'suzuki' AND application_name NOT LIKE 'pg_%'")" -ge 1 ] &&
   [ "$(pq "$new" postgres "SELECT pg_is_in_recovery()")" = f ]; then
	e2e_pass "the terminal's session is on the new primary (pg_is_in_recovery() false there)"
else
	e2e_fail "the terminal has no session on a primary"
fi
[ "$(pq "$old" postgres "SELECT count(*) FROM pg_stat_activity WHERE usename = 'suzuki'" 2>/dev/null || echo 0)" = 0 ] &&
	e2e_pass "no terminal session left on the old primary"

# the order: still on the screen, or found by its request id (if the
# submit went through before the line dropped), never saved twice
if e2e_screen | grep -qF "注文確認"; then
	e2e_pass "the confirmation (the input) is still there after the reconnect"
	e2e_send F5
fi
if e2e_wait_for "$(e2e_msg 'Saved: order %s, %s.' | sed 's/%s.*//')" 15; then
	e2e_pass "F5 again saves the order (its request id looked up first)"
fi
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.orders o WHERE customer_id = $cid AND EXISTS (SELECT 1 FROM rd.history h
		WHERE h.table_name = 'orders' AND h.row_key = o.id::text AND h.op = 'INSERT' AND h.actor = 'suzuki')")" \
	1 "exactly one order from the terminal, none lost, none twice"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.orders WHERE customer_id = $cid AND notes = '$note'")" \
	1 "the order carries what was typed before the failover"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.orders o WHERE customer_id = $cid AND notes = '$note' AND version <> (SELECT count(*) FROM rd.history h WHERE h.table_name = 'orders' AND h.row_key = o.id::text)")" \
	0 "the terminal's orders: version = history rows"

# --- failover 2: unplanned, the primary's node stops ------------------------------------
ha_log "waiting for the old primary to rejoin as a secondary"
ha_wait 60 "the old primary back as a secondary" formed "$(node_of_port "$new")" "$(node_of_port "$old")" ||
	e2e_fail "the old primary did not come back as a secondary: $(state n1) $(state n2)"
old2=$new
ha_log "rejoined: $(state n1) $(state n2)"
load_finish load1
load_start load2 30
sleep 3
# the terminal's customer gets one subscription of its own, its next
# delivery 40 days ahead (well before the cut-off): made now, after the
# load driver has chosen the subscriptions it works on
tsub=$(sql "UPDATE rd.subscriptions SET status = 'cancelled', next_date = NULL, paused_until = NULL,
		cancelled_on = current_date
	WHERE customer_id = (SELECT id FROM rd.customers WHERE code = 'C0000003') AND status <> 'cancelled';
	WITH d AS (SELECT (now() AT TIME ZONE 'Asia/Tokyo')::date + 40 AS day),
	s AS (INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date, delivery_count, started_on)
		SELECT c.id, '1m:' || least(extract(day FROM d.day)::int, 28), 'cod',
		       d.day - greatest(extract(day FROM d.day)::int - 28, 0), 3, d.day - 120
		  FROM d, rd.customers c WHERE c.code = 'C0000003' RETURNING id)
	INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)
	SELECT s.id, p.sku, 2, p.subscription_price FROM s, rd.products p
	 WHERE p.sku = (SELECT min(sku) FROM rd.products WHERE active AND subscription_price IS NOT NULL)
	RETURNING subscription_id" | tail -n 1)
[ -n "$tsub" ] || ha_die "cannot make the terminal's subscription"
e2e_assert_eq "$(sql "SELECT version || ' ' || (SELECT count(*) FROM rd.history h WHERE h.table_name = 'subscriptions' AND h.row_key = s.id::text) FROM rd.subscriptions s WHERE id = $tsub")" \
	"1 1" "the terminal's subscription: version 1, one history row"
# the terminal: the subscription list (Ctrl-T), 7 = skip, a reason, F5 the
# preview; its confirmation is held in the server by a lock on the row
e2e_send C-t
e2e_wait_for "$(e2e_msg "Options: 2=Change 4=Cancel 5=Show 7=Skip 8=Pause (Space clears)." |
	sed 's/ *[(（].*//')" || ha_die "the subscription list"
e2e_type 7
e2e_send Enter
e2e_wait_for "$(e2e_msg "Skip a delivery")" || ha_die "the skip form"
e2e_send Tab Tab Space
e2e_send F5
e2e_wait_for "$(e2e_msg "Preview")" || ha_die "the skip's preview"
e2e_pass "the terminal shows the skip's preview, not confirmed yet"
PGAPPNAME=ha_lock PGCONNECT_TIMEOUT=3 "$PSQL" -X -q -h 127.0.0.1 -p "$old2" -U postgres -d "$DB" \
	-c "BEGIN; SELECT 1 FROM rd.subscriptions WHERE id = $tsub FOR UPDATE; SELECT pg_sleep(60);" \
	>/dev/null 2>&1 &
lock_pid=$!
BGPIDS="$BGPIDS $lock_pid"
row_locked() {
	[ "$(pq "$old2" postgres "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'ha_lock' AND wait_event = 'PgSleep'")" -ge 1 ]
}
ha_wait 30 "the row lock" row_locked || ha_die "the lock on the subscription was not taken"
old=$old2
e2e_send y
ha_wait 30 "the terminal's skip waiting" submit_waits || ha_die "the terminal's skip did not reach the server"
ha_log "failover 2 (pg_autoctl stop of the primary :$old2)"
t_fail2=$(now_ms)
ha_pg pg_autoctl stop --pgdata "$HA/$(node_of_port "$old2")" >"$HA/stop2.log" 2>&1 ||
	e2e_fail "pg_autoctl stop: $(tail -n 3 "$HA/stop2.log")"
e2e_wait_line 1 "再接続中…" 30 && e2e_pass "the top line says 再接続中… (primary stopped)"
e2e_wait_for "$(e2e_msg "No answer from the database: press F5 again once DB ok (it is applied once)." | cut -c1-12)" &&
	e2e_pass "the skip in flight: no answer, F5 again once DB ok"
if e2e_wait_line 1 "DB ok" 90; then
	t_back2=$(now_ms)
	e2e_pass "the terminal comes back after the primary stopped"
else
	t_back2=0
fi
new2=$(primary_port)
[ -n "$new2" ] && [ "$new2" != "$old2" ] && e2e_pass "the secondary :$new2 was promoted"
e2e_assert_screen_has "$(e2e_msg "Preview")" "the skip's preview is still there after the reconnect"
e2e_send F5
if e2e_wait_for "完了：" 15; then
	e2e_pass "F5 again applies the skip (its request id: applied once)"
fi
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $tsub")" \
	1 "the terminal's skip: exactly one skipped delivery"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.subscription_requests WHERE subscription_id = $tsub")" \
	1 "the terminal's skip: exactly one request"

# the clients run on a little, then stop
sleep 3
ha_log "stopping the clients"
touch "$stop"
for p in $BGPIDS; do
	[ "$p" = "$lock_pid" ] || [ "$p" = "$fo_pid" ] || wait "$p" 2>/dev/null
done
load_finish load2

ha_log "clients stopped; checking"
# --- the CLI requests: one record per request id, resolved however retried ------
cat "$HA"/work/cli-*.log >"$HA/work/requests" 2>/dev/null
nreq=$(wc -l <"$HA/work/requests")
[ "$nreq" -gt 0 ] || e2e_fail "the CLI clients made no request"
bad=0 unknown=0 gaveup=0 retried=0 refused=0 outage=0 ok=0
# one query for them all: each request with its number of records
{
	echo "CREATE TEMP TABLE r (kind text, key text, u uuid, tries int, rc int, rep text, tfail bigint, tok bigint);"
	echo "COPY r FROM STDIN WITH (DELIMITER ' ');"
	cat "$HA/work/requests"
	echo '\.'
	echo "SELECT kind, u, tries, rc, rep, tfail, tok,
		CASE kind WHEN 'order' THEN (SELECT count(*) FROM rd.orders o WHERE o.request_id = r.u)
		ELSE (SELECT count(*) FROM rd.subscription_requests q WHERE q.request_id = r.u) END FROM r;"
} | "$PSQL" -X -q -At -F ' ' -d "$ADMIN" -f - >"$HA/work/requests.counted" 2>"$HA/work/requests.err" ||
	e2e_fail "cannot count the CLI's records: $(head -c 300 "$HA/work/requests.err")"
while read -r kind u tries rc rep tfail tok n; do
	case $rc in
	0) ok=$((ok + 1)); [ "$n" = 1 ] || { bad=$((bad + 1)); printf 'not ok - %s %s: %s records\n' "$kind" "$u" "$n"; } ;;
	3) gaveup=$((gaveup + 1)); [ "$n" -le 1 ] || bad=$((bad + 1)) ;;
	1) refused=$((refused + 1)); [ "$n" = 0 ] || { bad=$((bad + 1)); printf 'not ok - refused %s %s has %s records\n' "$kind" "$u" "$n"; } ;;
	*) bad=$((bad + 1)); printf 'not ok - %s %s: exit %s\n' "$kind" "$u" "$rc" ;;
	esac
	[ "$tries" -gt 1 ] && retried=$((retried + 1))
	[ "$rep" = true ] && unknown=$((unknown + 1))
	if [ "$tfail" -gt 0 ]; then
		d=$((tok - tfail))
		[ "$d" -gt "$outage" ] && outage=$d
	fi
done <"$HA/work/requests.counted"
[ "$(wc -l <"$HA/work/requests.counted")" = "$nreq" ] || e2e_fail "the CLI's requests were not all counted"
e2e_assert_eq "$bad" 0 "CLI: every request id gave exactly one record ($ok done, $retried retried after exit 3)"
e2e_assert_eq "$gaveup" 0 "CLI: no request given up"
# a business rule may refuse a skip (the load driver skips the same
# subscriptions): exit 1, nothing written, checked above
[ "$refused" -eq 0 ] || ha_log "CLI: $refused refused by a rule (exit 1), e.g. $(head -n 1 "$HA"/work/*.refused | grep -v '^==' | head -n 1)"
[ "$retried" -gt 0 ] && e2e_pass "CLI: requests were retried through the failovers"
if grep -qh "login refused" "$HA"/work/*.errors 2>/dev/null; then
	e2e_fail "CLI: a failover was reported as a login refusal: $(grep -h 'login refused' "$HA"/work/*.errors | head -n 1)"
else
	e2e_pass "CLI: no failover reported as a login refusal"
fi
e2e_assert_eq "$(sql "SELECT count(*) FROM (SELECT request_id FROM rd.orders WHERE request_id IS NOT NULL GROUP BY request_id HAVING count(*) > 1) d")" \
	0 "no request id made two orders"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.orders o WHERE o.created_at > now() - interval '1 hour' AND o.version <> (SELECT count(*) FROM rd.history h WHERE h.table_name = 'orders' AND h.row_key = o.id::text)")" \
	0 "every order made during the run: version = its history rows"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.subscriptions s JOIN public.ha_before b USING (id)
	WHERE s.version - b.version <> (SELECT count(*) FROM rd.history h WHERE h.table_name = 'subscriptions' AND h.row_key = s.id::text) - b.hist")" \
	0 "every subscription: versions moved = history rows added"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.subscription_requests r WHERE r.request_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM rd.history h WHERE h.request_id = r.request_id::text)")" \
	0 "every skip applied has its history rows (by request id)"

# --- figures ---------------------------------------------------------------------------------
ha_log "figures:"
printf '#   cluster formed (monitor, primary, secondary): %s ms\n' "$form_s"
# promoted_ms NODE SINCE_MS: when the monitor saw NODE reach wait_primary
# (writable) after SINCE_MS, in ms since the epoch
promoted_ms() {
	mon "SELECT (extract(epoch FROM min(eventtime)) * 1000)::bigint FROM pgautofailover.event
		WHERE nodename = '$1' AND reportedstate IN ('wait_primary', 'primary')
		  AND eventtime >= to_timestamp($2 / 1000.0)"
}
p1=$(promoted_ms "$(node_of_port "$new")" "$t_fail")
p2=$(promoted_ms "$(node_of_port "${new2:-$P1}")" "$t_fail2")
[ -n "$p1" ] && printf '#   planned failover: new primary writable %s ms after pg_autoctl perform failover\n' "$((p1 - t_fail))"
[ -n "$p2" ] && printf '#   primary stopped: new primary writable %s ms after pg_autoctl stop\n' "$((p2 - t_fail2))"
[ "$t_back" -gt 0 ] && printf '#   planned failover: terminal back on the new primary %s ms after pg_autoctl perform failover\n' "$((t_back - t_fail))"
[ "$t_back2" -gt 0 ] && printf '#   primary stopped: terminal back on the new primary %s ms after pg_autoctl stop\n' "$((t_back2 - t_fail2))"
printf '#   CLI: %s requests (%s orders, %s skips), %s retried on exit 3, %s unknown commits resolved by request id (replayed), longest wait %s ms\n' \
	"$nreq" "$(grep -c '^order ' "$HA/work/requests")" "$(grep -c '^skip ' "$HA/work/requests")" \
	"$retried" "$unknown" "$outage"
for l in $LOADS; do
	jq -r --arg l "$l" '"#   \($l): \(.agents // "?") agents, reconnects \(.reconnects), without service \(.without_service_ms.total) ms in all, \(.without_service_ms.max_agent) ms the longest agent; unknown writes resolved by request id: \(.resolved.committed) committed, \(.resolved.not_committed) not; orders acknowledged \(.orders_acknowledged)"' \
		"$HA/work/$l.json" 2>/dev/null || printf '#   %s: no JSON (%s)\n' "$l" "$(tail -n 2 "$HA/$l.log")"
done
e2e_finish
