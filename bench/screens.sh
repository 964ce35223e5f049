#!/bin/sh
# bench/screens.sh: how long a screen change takes at scale (issue 12).
#
# Usage: bench/screens.sh [CUSTOMERS [ITERATIONS]]   (default: 1000000 1000)
#
# Creates a throwaway embedded cluster in a temporary REPEATDESK_HOME (db
# init, start, migrate), loads `repeatdesk db seed --customers N`, then
# runs bench/bench_screens as the demo agent 'suzuki' over the Unix
# socket: ITERATIONS opens each of the customer card, the subscription
# screen, the order entry and the inquiry queues, each timed from the push
# to the end of drawing 80x24 (see bench/bench_screens.c). Prints one
# markdown table. REPEATDESK_HOME=DIR reuses an existing embedded database
# instead (it must be seeded); KEEP=1 keeps the throwaway one.
#
# Environment: RD_BIN (default ./repeatdesk) and BENCH_SCREENS (default
# ./bench/bench_screens): run from the build directory; TMPDIR.
#
# A number to report (DESIGN.md: bench/ is reported, never asserted).
set -eu

customers=${1:-1000000}
iterations=${2:-1000}
bin=${RD_BIN:-./repeatdesk}
bench=${BENCH_SCREENS:-./bench/bench_screens}

for f in "$bin" "$bench"; do
	if [ ! -x "$f" ]; then
		echo "bench/screens.sh: no program at '$f' (build it, or set RD_BIN / BENCH_SCREENS)" >&2
		exit 2
	fi
done
case $customers$iterations in
*[!0-9]*)
	echo "bench/screens.sh: CUSTOMERS and ITERATIONS are numbers" >&2
	exit 2
	;;
esac

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_db screens "$customers"

password=$(sed -n 's/^suzuki://p' "$REPEATDESK_HOME/agents.pass")
PGPASSWORD=$password
export PGPASSWORD
"$bench" --iterations "$iterations" \
	"host=$REPEATDESK_HOME/server/run dbname=repeatdesk user=suzuki"
