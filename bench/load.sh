#!/bin/bash
# bench/load.sh: the load driver's figures: 50 and 200 agents, each on its
# own connection as its own login, directly and through PgBouncer in
# transaction pooling, with the invariants checked after every run.
#
# Usage: bench/load.sh [DURATION [CUSTOMERS [THINK_MS]]]   (default 60 2000 2000)
#        RD_LOAD_CONFIGS="direct:50 direct:200 pooled:50 pooled:200"
#
# Runs inside a throwaway cluster (tests/lib/pgtmp.sh: migrated, fsync
# off, Unix socket only): raises max_connections to 450 (PostgreSQL's
# default of 100 cannot hold 200 direct agents, nor their LISTEN
# connections when those are separate, plus the admin), seeds CUSTOMERS demo customers
# (repeatdesk db seed), creates the agent logins load001..load200 with
# `repeatdesk agent add` (role agent, one password), then runs
# bench/load for each configuration:
#
#   direct:N   N agents on the server's socket (work and LISTEN on one
#              connection each)
#   direct-nolisten:N  as direct, with no LISTEN at all: what live
#              updates cost, by difference (the views are not checked)
#   pooled:N   N agents through tests/lib/pgbouncer.sh: work through the
#              transaction pool, LISTEN through the session pool
#              (${db}_listen), each on its own login (one pool per login)
#   pooled-max:N  as pooled, with RD_POOL_MAX_DB (default 40) capping the
#              server connections of the transaction pool's database
#   pooled-txlisten:N as pooled, without a LISTEN connection: LISTEN goes
#              through the transaction pool, where PgBouncer drops the
#              notifications, and the views do not converge (check 7 FAILs:
#              what a terminal's top line calls "live updates off")
#   pooled-idle:N as pooled, with server_idle_timeout RD_LOAD_IDLE seconds
#              (default 1) instead of tests/lib/pgbouncer.sh's 10
#
# For the pooled runs it samples SHOW POOLS every second and prints the
# peak of server connections per database (sv_active + sv_idle + sv_used
# + sv_tested + sv_login) and of clients waiting. The driver itself
# samples pg_stat_activity (client backends of the database). Prints the
# driver's table and a summary table; JSON of each run is kept in
# $RD_LOAD_OUT (default: a temporary directory, printed).
#
# Prepared statements (db_params.prepare, issue 15): RD_LOAD_PREPARE =
# auto (default), on or off for every run, as [database] prepare does for a
# terminal. auto prepares in the direct modes and not in pooled, pooled-max
# and pooled-idle (a listen connection is set: the transaction-pool sign);
# pooled-txlisten has none, so auto prepares through the transaction pool,
# as a terminal whose DBA set neither listen nor prepare would: the safety
# net of store/db.c turns it off at the first statement a server connection
# does not know. RD_LOAD_PREPARE=off direct:50 against the default
# measures what preparing brings.
#
# Environment: RD_LOAD_ARGS (more words for bench/load), RD_BIN (default ./repeatdesk), RD_LOAD (default
# ./bench/load): run from the build directory. RD_POOL_SIZE, RD_POOL_IDLE
# as tests/lib/pgbouncer.sh reads them. Numbers are reported, never
# asserted; the invariants are (exit 1 when one fails).
set -u

srcdir=$(cd "$(dirname "$0")/.." && pwd)
bin=${RD_BIN:-./repeatdesk}
load=${RD_LOAD:-./bench/load}

if [ -z "${RD_LOAD_INNER:-}" ]; then
	for f in "$bin" "$load"; do
		if [ ! -x "$f" ]; then
			echo "bench/load.sh: no program at '$f' (build it, or set RD_BIN / RD_LOAD)" >&2
			exit 2
		fi
	done
	case ${1:-60}${2:-2000}${3:-2000} in
	*[!0-9]*)
		echo "bench/load.sh: DURATION, CUSTOMERS and THINK_MS are numbers" >&2
		exit 2
		;;
	esac
	bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
	load=$(cd "$(dirname "$load")" && pwd)/$(basename "$load")
	RD_LOAD_INNER=1 RD_BIN=$bin RD_LOAD=$load exec "$srcdir/tests/lib/pgtmp.sh" "$0" "$@"
fi

duration=${1:-60}
customers=${2:-2000}
think=${3:-2000}
configs=${RD_LOAD_CONFIGS:-direct:50 direct:200 pooled:50 pooled:200}
out=${RD_LOAD_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/rd-load.XXXXXX")}
mkdir -p "$out" && chmod 755 "$out" # pgbouncer runs as postgres in it
max_agents=0
for c in $configs; do
	n=${c#*:}
	[ "$n" -gt "$max_agents" ] && max_agents=$n
done

# shellcheck source=tests/lib/pgbouncer.sh
. "$srcdir/tests/lib/pgbouncer.sh"
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)

# 200 direct agents (one connection each; two with a LISTEN connection of
# their own), the sampler and the admin: more than PostgreSQL's default
# max_connections of 100
psql -X -q -c "ALTER SYSTEM SET max_connections = 450" || exit 99
"${as_pg[@]}" pg_ctl -D "$PGHOST/data" -w -t 60 restart -m fast >/dev/null || exit 99
echo "max_connections: $(psql -X -At -c 'SHOW max_connections')" >&2

echo "seeding $customers customers" >&2
"$bin" db seed --customers "$customers" --seed 1 >"$out/seed.log" 2>&1 ||
	{ cat "$out/seed.log" >&2; exit 99; }

pwfile=$out/agents.pass
printf 'load-%s-pass\n' "$$" >"$pwfile"
chmod 600 "$pwfile"
echo "creating $max_agents agent logins" >&2
for i in $(seq 1 "$max_agents"); do
	login=$(printf 'load%03d' "$i")
	"$bin" agent add "$login" --name "Load $i" --role agent --password-file "$pwfile" \
		>/dev/null 2>"$out/agent.err" || { cat "$out/agent.err" >&2; exit 99; }
done
psql -X -q -c "ANALYZE" >/dev/null

admin="host=$PGHOST port=$PGPORT dbname=$PGDATABASE user=$RD_TEST_ADMIN"
direct="host=$PGHOST port=$PGPORT dbname=$PGDATABASE"
st=0
summary=$out/summary.txt
: >"$summary"

pool_peaks() { # FILE: SHOW POOLS samples (with their header line),
	# blank-line separated: per database the peak of its server
	# connections summed over its pools (one per login) and of clients
	# waiting
	awk 'BEGIN { RS = ""; FS = "\n" }
	{
		delete sum; delete wait
		split($1, h, "|")
		for (j in h) col[h[j]] = j
		for (i = 2; i <= NF; i++) {
			split($i, f, "|")
			if (f[col["database"]] == "pgbouncer") continue
			d = f[col["database"]]
			sum[d] += f[col["sv_active"]] + f[col["sv_idle"]] + f[col["sv_used"]] \
				+ f[col["sv_tested"]] + f[col["sv_login"]]
			wait[d] += f[col["cl_waiting"]]
		}
		for (d in sum) {
			if (sum[d] > peak[d]) peak[d] = sum[d]
			if (wait[d] > wpeak[d]) wpeak[d] = wait[d]
		}
	}
	END { for (d in peak) printf "%s:%d:%d ", d, peak[d], wpeak[d] }' "$1"
}

for c in $configs; do
	mode=${c%%:*}
	n=${c#*:}
	echo "=== $mode, $n agents, ${duration}s, think ${think} ms ===" >&2
	args=(--agents "$n" --duration "$duration" --think-ms "$think"
		--password-file "$pwfile" --admin-conninfo "$admin" --format json
		--prepare "${RD_LOAD_PREPARE:-auto}")
	sampler=
	case $mode in
	direct)
		args+=(--conninfo "$direct")
		;;
	direct-nolisten)
		args+=(--conninfo "$direct" --no-listen)
		;;
	pooled | pooled-max | pooled-idle | pooled-txlisten)
		pdir=$out/pgbouncer-$mode-$n
		mkdir -p "$pdir"
		case $mode in
		pooled-max) RD_POOL_MAX_DB=${RD_POOL_MAX_DB:-40} pgbouncer_start "$pdir" 6432 || exit 99 ;;
		pooled-idle) RD_POOL_IDLE=${RD_LOAD_IDLE:-1} pgbouncer_start "$pdir" 6432 || exit 99 ;;
		*) pgbouncer_start "$pdir" 6432 || exit 99 ;;
		esac
		# the session pool's database needs a bigger pool than the
		# transaction pool's: one server connection per listening
		# terminal, whatever the pool size (a LISTEN holds it)
		args+=(--conninfo "$RD_POOL_CONNINFO")
		[ "$mode" = pooled-txlisten ] || args+=(--listen-conninfo "$RD_POOL_LISTEN_CONNINFO")
		(
			while :; do
				psql -X -q -A -F '|' -P footer=off -h "$RD_POOL_HOST" -p "$RD_POOL_PORT" \
					-U "$RD_TEST_ADMIN" pgbouncer -c 'SHOW POOLS' 2>/dev/null
				echo
				sleep 1
			done
		) >"$pdir/pools.txt" &
		sampler=$!
		;;
	*)
		echo "bench/load.sh: unknown configuration $c" >&2
		exit 2
		;;
	esac
	# shellcheck disable=SC2086 # extra words for bench/load
	"$load" "${args[@]}" ${RD_LOAD_ARGS:-} >"$out/$mode-$n.json" 2>"$out/$mode-$n.err"
	rc=$?
	[ "$rc" -ne 0 ] && st=1
	pools=
	if [ -n "$sampler" ]; then
		kill "$sampler" 2>/dev/null
		wait "$sampler" 2>/dev/null
		pools=$(pool_peaks "$pdir/pools.txt")
		pgbouncer_stop
	fi
	load1=$(cut -d' ' -f1-3 /proc/loadavg)
	cat "$out/$mode-$n.err" >&2
	jq -r --arg mode "$mode" --arg pools "$pools" --arg load "$load1" '
		"| \($mode)\(if (.prepare // "auto") == "auto" then "" else " prepare=\(.prepare)" end) | \(.agents) | \(.ops_per_s) | " +
		([.kinds[] | select(.kind == "lookup" or .kind == "card" or .kind == "order"
			or .kind == "skip" or .kind == "note")
		  | "\(.p50_ms)/\(.p95_ms)/\(.p99_ms)"] | join(" | ")) +
		" | \([.kinds[] | .conflict] | add)/\([.kinds[] | .refused] | add)/\([.kinds[] | .failed] | add)" +
		" | \(.notifications.received) | \(.server_backends_peak) | \($pools) | " +
		(if .pass then "PASS" else "FAIL" end) + " | \($load) |"' \
		"$out/$mode-$n.json" >>"$summary"
	jq -r '.invariants[] | "  \(if .pass then "PASS" else "FAIL" end)  \(.name) (\(.detail))"' \
		"$out/$mode-$n.json" >&2
done

echo
echo "Load: $customers customers, ${duration} s per run, think ${think} ms (randomized 0.5x-1.5x)"
echo "latency ms as p50/p95/p99; errors = conflicts/refusals/failures;"
echo "pools = database:server connections peak:clients waiting peak (SHOW POOLS)"
echo
echo "| mode | agents | ops/s | lookup | card | order | skip | note | errors | notifications | backends peak | pools | invariants | load avg |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
cat "$summary"
echo
echo "JSON of each run: $out" >&2
exit $st
