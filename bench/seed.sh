#!/bin/sh
# bench/seed.sh: how fast `repeatdesk db seed` loads its demo data.
#
# Usage: bench/seed.sh [CUSTOMERS [SEED]]        (default: 1000000 1)
#
# Creates a throwaway embedded cluster in a temporary REPEATDESK_HOME
# (db init, db start, db migrate: durable settings, as a user gets them),
# times `repeatdesk db seed --customers N --seed S` (progress goes to
# stderr), counts the rows it loaded and prints rows per second. The
# cluster is stopped and removed at the end; KEEP=1 keeps it and prints
# where it is.
#
# Environment: RD_BIN, the repeatdesk binary (default ./repeatdesk, i.e.
# run from the build directory); TMPDIR for the cluster.
#
# A number to report (DESIGN.md: bench/ is reported, never asserted).
set -eu

customers=${1:-1000000}
seed=${2:-1}
bin=${RD_BIN:-./repeatdesk}

case $bin in
/*) ;;
*/*) bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") ;;
*) bin=$(command -v "$bin" || echo "$bin") ;;
esac
if [ ! -x "$bin" ]; then
	echo "bench/seed.sh: no repeatdesk binary at '$bin' (build it, or set RD_BIN)" >&2
	exit 2
fi
case $customers in
'' | *[!0-9]*)
	echo "bench/seed.sh: CUSTOMERS must be a number, not '$customers'" >&2
	exit 2
	;;
esac

REPEATDESK_HOME=$(mktemp -d "${TMPDIR:-/tmp}/rd-bench-seed.XXXXXX")
export REPEATDESK_HOME
cleanup() {
	"$bin" db stop >/dev/null 2>&1 || true
	if [ "${KEEP:-0}" = 1 ]; then
		echo "kept: REPEATDESK_HOME=$REPEATDESK_HOME (stop with: $bin db stop)" >&2
	else
		rm -rf "$REPEATDESK_HOME"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() {
	date +%s.%N
}

"$bin" db init >/dev/null
"$bin" db start >/dev/null
"$bin" db migrate >/dev/null

echo "seeding $customers customers (seed $seed) into $REPEATDESK_HOME" >&2
t0=$(now)
"$bin" db seed --customers "$customers" --seed "$seed"
t1=$(now)

counts=$("$bin" db psql -X -q -A -t -F ' ' -c "
	SELECT t, n FROM (
		SELECT 1, 'customers', count(*) FROM rd.customers
		UNION ALL SELECT 2, 'subscriptions', count(*) FROM rd.subscriptions
		UNION ALL SELECT 3, 'subscription_lines', count(*) FROM rd.subscription_lines
		UNION ALL SELECT 4, 'subscription_skips', count(*) FROM rd.subscription_skips
		UNION ALL SELECT 5, 'orders', count(*) FROM rd.orders
		UNION ALL SELECT 6, 'order_lines', count(*) FROM rd.order_lines
		UNION ALL SELECT 7, 'inquiries', count(*) FROM rd.inquiries
		UNION ALL SELECT 8, 'inquiry_entries', count(*) FROM rd.inquiry_entries
	) AS c(o, t, n) ORDER BY o")

echo "$counts" | awk -v t0="$t0" -v t1="$t1" -v cpus="$(nproc 2>/dev/null || echo '?')" '
	{ printf "  %-20s %12d\n", $1, $2; rows += $2 }
	END {
		s = t1 - t0
		printf "%d rows in %.1f s: %.0f rows/s (%s cpus)\n", rows, s,
			(s > 0 ? rows / s : 0), cpus
	}'
