#!/usr/bin/env bash
# lookup.sh: the customer lookup benchmark (issue 3) at scale.
#
#   bench/lookup.sh [--customers N] [--home DIR] [--iterations N] [--seconds S]
#
# Makes (or reuses) an embedded database in DIR (default
# /tmp/rd-bench-lookup) with N seeded customers (default 1,000,000; the
# seed takes a few minutes), then runs bench/bench_lookup against it as
# the demo operator sato: p50/p99 of each lookup through store/, the same
# SQL under pgbench (-n -c 1 -T S), and their ratio, as one markdown table
# on stdout. Run it from the build directory (it needs ./repeatdesk and
# ./bench/bench_lookup: `make bench/bench_lookup`) on a quiet machine:
# other work on the same cores shows in the p99.
#
# An existing DIR with a different number of customers is reused as it is
# (delete it to reseed). Nothing here is a pass/fail test.
set -eu

customers=1000000
home=/tmp/rd-bench-lookup
iterations=1000
seconds=10

while [ $# -gt 0 ]; do
	case $1 in
	--customers) customers=$2; shift 2 ;;
	--home) home=$2; shift 2 ;;
	--iterations) iterations=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
	*) echo "lookup.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

bin=${RD_BIN:-$PWD/repeatdesk}
bench=${RD_BENCH:-$PWD/bench/bench_lookup}
[ -x "$bin" ] || { echo "lookup.sh: no repeatdesk at $bin (run from the build directory)" >&2; exit 2; }
[ -x "$bench" ] || { echo "lookup.sh: no $bench (make bench/bench_lookup)" >&2; exit 2; }
command -v pgbench >/dev/null 2>&1 ||
	echo "lookup.sh: pgbench not found: the pgbench columns stay empty" >&2

export REPEATDESK_HOME=$home
if [ ! -f "$home/agents.pass" ]; then
	echo "lookup.sh: creating the database in $home" >&2
	"$bin" db init >&2
	start=$(date +%s)
	"$bin" db seed --customers "$customers" --seed 1 >&2
	echo "lookup.sh: seeded $customers customers in $(( $(date +%s) - start )) s" >&2
else
	"$bin" db start >/dev/null 2>&1 || true
	"$bin" db migrate >&2
fi
"$bin" db psql -q -c "ANALYZE" >/dev/null

password=$(sed -n 's/^sato://p' "$home/agents.pass")
[ -n "$password" ] || { echo "lookup.sh: no password for sato in $home/agents.pass" >&2; exit 1; }
export PGPASSWORD=$password
args=(--iterations "$iterations" --seconds "$seconds")
command -v pgbench >/dev/null 2>&1 || args+=(--no-pgbench)
exec "$bench" "${args[@]}" "host=$home/server/run dbname=repeatdesk user=sato"
