#!/bin/sh
# bench/report-continuation.sh: the continuation report's SQL functions
# (migration 0110) at scale.
#
# Usage: bench/report-continuation.sh [CUSTOMERS [RUNS]]   (default: 1000000 30)
#
# Seeds CUSTOMERS demo customers into a throwaway embedded cluster
# (bench/lib.sh; REPEATDESK_HOME=DIR reuses a seeded one, KEEP=1 keeps
# it), ANALYZEs, then runs each view RUNS times over the last 12 months
# (the default period) and over all time, and prints one markdown table:
# rows read, p50, p99 and max in milliseconds. The functions are what the
# report runs (store/report_continuation.c only lays their rows out).
#
# Environment: RD_BIN (default ./repeatdesk: run from the build directory);
# TMPDIR.
#
# A number to report (DESIGN.md: bench/ is reported, never asserted).
set -eu

customers=${1:-1000000}
runs=${2:-30}
bin=${RD_BIN:-./repeatdesk}

case $bin in
/*) ;;
*/*) bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") ;;
*) bin=$(command -v "$bin" || echo "$bin") ;;
esac
if [ ! -x "$bin" ]; then
	echo "bench/report-continuation.sh: no repeatdesk binary at '$bin' (build it, or set RD_BIN)" >&2
	exit 2
fi
case $customers$runs in
'' | *[!0-9]*)
	echo "bench/report-continuation.sh: CUSTOMERS and RUNS are numbers" >&2
	exit 2
	;;
esac

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
bench_db report-continuation "$customers"
"$bin" db psql -q -c "ANALYZE" >/dev/null

"$bin" db psql -X -q -A -t -F ' | ' -v ON_ERROR_STOP=1 -v runs="$runs" <<'SQL'
SELECT set_config('bench.runs', :'runs', false) \g /dev/null
SELECT '| subscriptions ' || count(*) || ', orders '
       || (SELECT count(*) FROM rd.orders) || ' |' FROM rd.subscriptions;
CREATE TEMP TABLE t (i int, name text, n int, ms float8);
DO $$
DECLARE
	today date := rd.customer_today();
	y date := (today - interval '12 months')::date + 1;
	c record;
	t0 timestamptz;
	got int;
BEGIN
	FOR c IN SELECT * FROM (VALUES
		(1, 'cohorts, 12 months, by month', y, 'month', NULL::text),
		(2, 'cohorts, 12 months, by product', y, 'product', NULL),
		(3, 'cohorts, 12 months, by media', y, 'media', NULL),
		(4, 'cohorts, 12 months, by payment', y, 'payment', NULL),
		(5, 'cohorts, 12 months, one product', y, 'month', 'product'),
		(6, 'cohorts, all time, by month', DATE '2000-01-01', 'month', NULL),
		(7, 'exits, 12 months', y, 'exits', NULL),
		(8, 'exits, all time', DATE '2000-01-01', 'exits', NULL)) v(i, name, f, by_, filt)
		ORDER BY i
	LOOP
		FOR r IN 1 .. current_setting('bench.runs')::int LOOP
			t0 := clock_timestamp();
			IF c.by_ = 'exits' THEN
				SELECT count(*) INTO got FROM rd.report_continuation_exits(c.f, today, NULL, NULL, NULL);
			ELSE
				SELECT count(*) INTO got FROM rd.report_continuation_cohorts(c.f, today, c.by_,
					CASE WHEN c.filt = 'product' THEN
						(SELECT sku FROM rd.subscription_lines GROUP BY sku ORDER BY count(*) DESC LIMIT 1)
					END, NULL, NULL);
			END IF;
			INSERT INTO t VALUES (c.i, c.name, got, extract(epoch FROM clock_timestamp() - t0) * 1000);
		END LOOP;
	END LOOP;
END
$$;
SELECT '| view | rows | p50 ms | p99 ms | max ms |';
SELECT '|---|---:|---:|---:|---:|';
SELECT '| ' || name || ' | ' || max(n) || ' | '
       || round(percentile_disc(0.5) WITHIN GROUP (ORDER BY ms)::numeric, 1) || ' | '
       || round(percentile_disc(0.99) WITHIN GROUP (ORDER BY ms)::numeric, 1) || ' | '
       || round(max(ms)::numeric, 1) || ' |'
  FROM t GROUP BY i, name ORDER BY i;
SQL
