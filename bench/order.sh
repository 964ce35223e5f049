#!/bin/sh
# bench/order.sh: a full order submit at scale, with the pgbench ratio.
#
# Usage: bench/order.sh [CUSTOMERS [ITERATIONS [SECONDS]]]
#                                           (default: 1000000 2000 20)
#
# Creates a throwaway embedded cluster in a temporary REPEATDESK_HOME (db
# init, start, migrate: durable settings, as a user gets them), loads
# `repeatdesk db seed --customers N`, then runs bench/bench_order as the
# demo operator 'sato' over the Unix socket: ITERATIONS submits through
# store/order.c, then pgbench replaying the statements they sent (traced:
# bench/pgtrace.h; SECONDS is no longer used). Prints one markdown table. REPEATDESK_HOME=DIR reuses an existing embedded
# database instead (it must be seeded); KEEP=1 keeps the throwaway one.
#
# Environment: RD_BIN (default ./repeatdesk) and BENCH_ORDER (default
# ./bench/bench_order): run from the build directory; TMPDIR.
#
# A number to report (DESIGN.md: bench/ is reported, never asserted).
set -eu

customers=${1:-1000000}
iterations=${2:-2000}
seconds=${3:-20}
bin=${RD_BIN:-./repeatdesk}
bench=${BENCH_ORDER:-./bench/bench_order}

for f in "$bin" "$bench"; do
	if [ ! -x "$f" ]; then
		echo "bench/order.sh: no program at '$f' (build it, or set RD_BIN / BENCH_ORDER)" >&2
		exit 2
	fi
done
case $customers$iterations$seconds in
*[!0-9]*)
	echo "bench/order.sh: CUSTOMERS, ITERATIONS and SECONDS are numbers" >&2
	exit 2
	;;
esac

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_db order "$customers"

password=$(sed -n 's/^sato://p' "$REPEATDESK_HOME/agents.pass")
PGPASSWORD=$password
export PGPASSWORD
"$bench" --iterations "$iterations" --seconds "$seconds" \
	"host=$REPEATDESK_HOME/server/run dbname=repeatdesk user=sato"
