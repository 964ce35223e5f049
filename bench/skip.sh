#!/bin/sh
# bench/skip.sh: a skip request end to end at scale, with the pgbench ratio.
#
# Usage: bench/skip.sh [CUSTOMERS [ITERATIONS [SECONDS]]]
#                                           (default: 1000000 2000 20)
#
# Creates a throwaway embedded cluster in a temporary REPEATDESK_HOME (db
# init, start, migrate: durable settings, as a user gets them), loads
# `repeatdesk db seed --customers N` (about 3 in 10 customers have a
# subscription), then runs bench/bench_skip as the demo agent 'suzuki'
# over the Unix socket: ITERATIONS skips (each with its preview, a retry
# with the same request id and the undo) through store/subscription.c,
# and pgbench replaying the statements the skips sent (traced:
# bench/pgtrace.h), with a floor of SECONDS/4. Prints one markdown
# table. REPEATDESK_HOME=DIR reuses an existing embedded database instead
# (it must be seeded); KEEP=1 keeps the throwaway one.
#
# Environment: RD_BIN (default ./repeatdesk) and BENCH_SKIP (default
# ./bench/bench_skip): run from the build directory; TMPDIR.
#
# A number to report (DESIGN.md: bench/ is reported, never asserted).
set -eu

customers=${1:-1000000}
iterations=${2:-2000}
seconds=${3:-20}
bin=${RD_BIN:-./repeatdesk}
bench=${BENCH_SKIP:-./bench/bench_skip}

for f in "$bin" "$bench"; do
	if [ ! -x "$f" ]; then
		echo "bench/skip.sh: no program at '$f' (build it, or set RD_BIN / BENCH_SKIP)" >&2
		exit 2
	fi
done
case $customers$iterations$seconds in
*[!0-9]*)
	echo "bench/skip.sh: CUSTOMERS, ITERATIONS and SECONDS are numbers" >&2
	exit 2
	;;
esac

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_db skip "$customers"

password=$(sed -n 's/^suzuki://p' "$REPEATDESK_HOME/agents.pass")
PGPASSWORD=$password
export PGPASSWORD
"$bench" --iterations "$iterations" --seconds "$seconds" \
	"host=$REPEATDESK_HOME/server/run dbname=repeatdesk user=suzuki"
