#!/bin/sh
# bench/reports.sh: the supervisors' reports at scale (issue 13).
#
# Usage: bench/reports.sh [CUSTOMERS [ITERATIONS]]   (default: 1350000 20)
#
# Creates a throwaway embedded cluster (db init, start, migrate) and seeds
# CUSTOMERS demo customers, or reuses REPEATDESK_HOME when it holds a
# seeded database (bench/lib.sh). The default scale is issue 13's: the
# demo data of 1,350,000 customers holds about 3,000,000 orders and
# 465,000 subscriptions, and the seed's retention conversations and
# monthly media costs give every report its figures. bench/bench_reports
# runs every view of every report ITERATIONS times as the demo
# supervisor 'takahashi' over the Unix socket.
# Prints one markdown table.
#
# Environment: RD_BIN (default ./repeatdesk) and BENCH_REPORTS (default
# ./bench/bench_reports): run from the build directory; TMPDIR.
#
# A number to report (DESIGN.md: bench/ is reported, never asserted).
set -eu

customers=${1:-1350000}
iterations=${2:-20}
bin=${RD_BIN:-./repeatdesk}
bench=${BENCH_REPORTS:-./bench/bench_reports}
here=$(cd "$(dirname "$0")" && pwd)

for f in "$bin" "$bench"; do
	if [ ! -x "$f" ]; then
		echo "bench/reports.sh: no program at '$f' (build it, or set RD_BIN / BENCH_REPORTS)" >&2
		exit 2
	fi
done
case $customers$iterations in
*[!0-9]*)
	echo "bench/reports.sh: CUSTOMERS and ITERATIONS are numbers" >&2
	exit 2
	;;
esac

# shellcheck source=bench/lib.sh
. "$here/lib.sh"
bench_db reports "$customers"
"$bin" db psql -q -A -t -c \
	"SELECT format('%s customers, %s orders, %s subscriptions, %s retention conversations, %s inquiries',
		(SELECT count(*) FROM rd.customers), (SELECT count(*) FROM rd.orders),
		(SELECT count(*) FROM rd.subscriptions), (SELECT count(*) FROM rd.retention_offers),
		(SELECT count(*) FROM rd.inquiries))" >&2

password=$(sed -n 's/^takahashi://p' "$REPEATDESK_HOME/agents.pass")
PGPASSWORD=$password
export PGPASSWORD
"$bench" --iterations "$iterations" \
	"host=$REPEATDESK_HOME/server/run dbname=repeatdesk user=takahashi"
