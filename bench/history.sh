#!/bin/sh
# bench/history.sh: a customer's history read at scale.
#
# Usage: bench/history.sh [CUSTOMERS [HISTORY_ROWS [ITERATIONS]]]
#                                      (default: 1000000 10000000 2000)
#
# Creates a throwaway embedded cluster in a temporary REPEATDESK_HOME (db
# init, start, migrate, seed CUSTOMERS: see bench/lib.sh), adds
# HISTORY_ROWS history rows as the admin (bench_history --generate: a
# million rows an INSERT ... SELECT), then reads ITERATIONS random
# customers' histories as the supervisor 'takahashi' over the Unix
# socket: the first page, the full history, the customer and a
# subscription as of a time. Prints one markdown table.
# REPEATDESK_HOME=DIR reuses an existing embedded database (seeded; rows
# are added to it again); KEEP=1 keeps the throwaway one.
#
# Environment: RD_BIN (default ./repeatdesk) and BENCH_HISTORY (default
# ./bench/bench_history): run from the build directory; TMPDIR.
#
# A number to report (DESIGN.md: bench/ is reported, never asserted).
set -eu

customers=${1:-1000000}
rows=${2:-10000000}
iterations=${3:-2000}
bin=${RD_BIN:-./repeatdesk}
bench=${BENCH_HISTORY:-./bench/bench_history}

for f in "$bin" "$bench"; do
	if [ ! -x "$f" ]; then
		echo "bench/history.sh: no program at '$f' (build it, or set RD_BIN / BENCH_HISTORY)" >&2
		exit 2
	fi
done
case $customers$rows$iterations in
*[!0-9]*)
	echo "bench/history.sh: CUSTOMERS, HISTORY_ROWS and ITERATIONS are numbers" >&2
	exit 2
	;;
esac

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_db history "$customers"

sock=$REPEATDESK_HOME/server/run
admin_password=$(sed -n "s/^rd_admin://p" "$REPEATDESK_HOME/admin.pass")
password=$(sed -n 's/^takahashi://p' "$REPEATDESK_HOME/agents.pass")
"$bench" --generate "$rows" --iterations "$iterations" \
	--admin "host=$sock dbname=repeatdesk user=rd_admin password=$admin_password" \
	"host=$sock dbname=repeatdesk user=takahashi password=$password"
