#!/bin/sh
# bench/shipment.sh: the shipment run at scale.
#
# Usage: bench/shipment.sh [CUSTOMERS [RATE [DAYS_AHEAD [BATCH [JOBS]]]]]
#                                          (default: 1000000 30 30 2000 1)
#
# Creates a throwaway embedded cluster in a temporary REPEATDESK_HOME (db
# init, start, migrate: durable settings, as a user gets them), loads
# `repeatdesk db seed --customers N --subscription-rate RATE` (RATE% of
# the customers have a subscription that stays active: 30 gives about
# 300,000 at a million customers), then runs bench/bench_shipment as the
# demo agent 'suzuki' over the Unix socket, twice:
#   1. the shipment run of today: one day's deliveries, those due within
#      shipment_window_days (about 1/30 of the subscriptions);
#   2. the shipment run of today + DAYS_AHEAD (30: nearly every
#      subscription's next delivery, about 300,000 orders at a million
#      customers; 0 skips it);
# each followed by the same run again (it must make nothing). Prints one
# markdown table per run: time, orders/s, the client's max RSS. JOBS connections
# work side by side (shipments generate --jobs).
#
# The database is changed by the run: it is always a throwaway one
# (REPEATDESK_HOME is ignored; KEEP=1 keeps it).
#
# Environment: RD_BIN (default ./repeatdesk) and BENCH_SHIPMENT (default
# ./bench/bench_shipment): run from the build directory; TMPDIR.
#
# A number to report (DESIGN.md: bench/ is reported, never asserted).
set -eu

customers=${1:-1000000}
rate=${2:-30}
ahead=${3:-30}
batch=${4:-2000}
jobs=${5:-1}
bin=${RD_BIN:-./repeatdesk}
bench=${BENCH_SHIPMENT:-./bench/bench_shipment}

for f in "$bin" "$bench"; do
	if [ ! -x "$f" ]; then
		echo "bench/shipment.sh: no program at '$f' (build it, or set RD_BIN / BENCH_SHIPMENT)" >&2
		exit 2
	fi
done
case $customers$rate$ahead$batch$jobs in
*[!0-9]*)
	echo "bench/shipment.sh: CUSTOMERS, RATE, DAYS_AHEAD, BATCH and JOBS are numbers" >&2
	exit 2
	;;
esac

REPEATDESK_HOME=$(mktemp -d "${TMPDIR:-/tmp}/rd-bench-shipment.XXXXXX")
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

"$bin" db init >/dev/null
"$bin" db start >/dev/null
"$bin" db migrate >/dev/null
echo "seeding $customers customers ($rate% subscribed) into $REPEATDESK_HOME" >&2
"$bin" db seed --customers "$customers" --seed 1 --subscription-rate "$rate" >/dev/null

day() { # OFFSET: the business date OFFSET days from today
	"$bin" db psql -At -c "SELECT (now() AT TIME ZONE coalesce((SELECT value FROM rd.settings
	                        WHERE key = 'business_timezone'), 'Asia/Tokyo'))::date + $1"
}
password=$(sed -n 's/^suzuki://p' "$REPEATDESK_HOME/agents.pass")
PGPASSWORD=$password
export PGPASSWORD
conn="host=$REPEATDESK_HOME/server/run dbname=repeatdesk user=suzuki"
"$bench" --date "$(day 0)" --batch "$batch" --jobs "$jobs" "$conn"
if [ "$ahead" -gt 0 ]; then
	echo
	"$bench" --date "$(day "$ahead")" --batch "$batch" --jobs "$jobs" "$conn"
fi
