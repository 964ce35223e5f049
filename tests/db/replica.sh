#!/usr/bin/env bash
# replica.sh: reports read from a streaming replica (issue 13 section 8).
#
# A primary cluster (tests/lib/pgtmp.sh: migrated, then seeded with the
# demo's agents and a few customers), a standby made from it with
# pg_basebackup -R on the same machine (its own socket directory), and
# `repeatdesk report continuation --format json` with
# REPEATDESK_REPORT_DB naming the standby:
#   1. the report runs on the standby and gives the primary's figures;
#   2. a subscription started on the primary shows in the report once the
#      standby has replayed it (pg_last_wal_replay_lsn reaches the
#      primary's pg_current_wal_lsn);
#   3. with the primary stopped the report still runs (only the report
#      connection is used), while a command that needs the primary fails;
#   4. the standby refuses writes.
# Skips (77) only when pg_basebackup is missing (or PostgreSQL cannot run
# here at all, as pgtmp.sh decides).
set -u

srcroot=$(cd "$(dirname "$0")/../.." && pwd) || exit 99
if [ -z "${RD_BIN:-}" ] && [ -x "$PWD/repeatdesk" ]; then
	RD_BIN=$PWD/repeatdesk
fi
export RD_BIN

# --- outside: run this script again inside a throwaway primary ------------
if [ -z "${RD_REPLICA_INSIDE:-}" ]; then
	RD_REPLICA_INSIDE=1 RD_PGTMP_TRUST_ALL=1 \
		exec bash "$srcroot/tests/lib/pgtmp.sh" bash "$srcroot/tests/db/replica.sh" "$@"
fi

# --- inside: PGHOST is the primary's socket directory, $PGHOST/data its data
passed=0 failed=0
pass() { passed=$((passed + 1)); printf 'ok - %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'not ok - %s\n' "$*"; }
finish() {
	printf '# replica: %d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ] && exit 0
	exit 1
}

command -v pg_basebackup >/dev/null 2>&1 || {
	printf 'replica: SKIP: pg_basebackup is not installed\n' >&2
	exit 77
}
command -v jq >/dev/null 2>&1 || { printf 'replica: jq is missing\n' >&2; exit 99; }

as_server=()
if [ "$(id -u)" -eq 0 ]; then
	as_server=(runuser -u postgres --)
fi
primary_dir=$PGHOST
primary_data=$PGHOST/data
standby_dir=$(mktemp -d "${TMPDIR:-/tmp}/rdsb.XXXXXX") || exit 99
standby_port=$((PGPORT + 1))
standby_up=0
cleanup() {
	if [ "$standby_up" -eq 1 ]; then
		"${as_server[@]}" pg_ctl -D "$standby_dir/data" -m immediate -w stop >/dev/null 2>&1
	fi
	rm -rf "$standby_dir"
}
trap cleanup EXIT
chmod 0755 "$standby_dir"
[ "${#as_server[@]}" -gt 0 ] && chown postgres: "$standby_dir"

psql_p() { psql -X -At -v ON_ERROR_STOP=1 -h "$primary_dir" -p "$PGPORT" "$@"; }
psql_s() { psql -X -At -v ON_ERROR_STOP=1 -h "$standby_dir" -p "$standby_port" "$@"; }

# --- the primary: replication allowed on the socket, the demo data ----------
printf 'local replication all trust\n' | "${as_server[@]}" tee -a "$primary_data/pg_hba.conf" >/dev/null
"${as_server[@]}" pg_ctl -D "$primary_data" reload >/dev/null 2>&1 || { fail "reload the primary"; finish; }
[ "$(psql_p -c "SHOW wal_level")" != minimal ] || { fail "wal_level is minimal"; finish; }
"$RD_BIN" db seed --customers 60 --seed 3 >"$standby_dir/seed.log" 2>&1 ||
	{ cat "$standby_dir/seed.log"; fail "seed the primary"; finish; }

# --- the standby ----------------------------------------------------------
"${as_server[@]}" pg_basebackup -h "$primary_dir" -p "$PGPORT" -U "$PGUSER" \
	-D "$standby_dir/data" -R -X stream --checkpoint=fast >"$standby_dir/basebackup.log" 2>&1 ||
	{ cat "$standby_dir/basebackup.log"; fail "pg_basebackup -R"; finish; }
{
	printf "unix_socket_directories = '%s'\n" "$standby_dir"
	printf "port = %d\n" "$standby_port"
	printf "hot_standby = on\n"
} | "${as_server[@]}" tee -a "$standby_dir/data/postgresql.conf" >/dev/null
"${as_server[@]}" touch "$standby_dir/log"
if ! "${as_server[@]}" pg_ctl -D "$standby_dir/data" -l "$standby_dir/log" -w -t 60 start >/dev/null 2>&1; then
	tail -20 "$standby_dir/log"
	fail "the standby starts"
	finish
fi
standby_up=1
[ "$(psql_s -c "SELECT pg_is_in_recovery()")" = t ] && pass "the standby is in recovery (a replica)" ||
	fail "the standby is not in recovery"

# waits until the standby has replayed everything the primary wrote: the
# newest change history row (every write leaves one) and the number of
# subscriptions read the same on both. (Comparing WAL positions proved
# fragile: with synchronous_commit off in the test clusters the insert
# position can lie past a page header that no replay reaches.)
wait_replayed() {
	local want i q="SELECT coalesce(max(id), 0) || '/' || (SELECT count(*) FROM rd.subscriptions) FROM rd.history"
	want=$(psql_p -c "$q")
	for i in $(seq 1 100); do
		[ "$(psql_s -c "$q" 2>/dev/null)" = "$want" ] && return 0
		sleep 0.1
	done
	return 1
}

standby_conninfo="host=$standby_dir port=$standby_port dbname=$PGDATABASE"
report() { # the continuation report's subscriptions started, from the standby
	REPEATDESK_REPORT_DB=$standby_conninfo "$RD_BIN" --as takahashi \
		report continuation --format json >"$standby_dir/report.json" 2>"$standby_dir/report.err" || return 1
	jq '[.rows[].started] | add // 0' "$standby_dir/report.json"
}

wait_replayed || fail "the standby catches up after the seed"
on_primary=$(psql_p -c "SELECT count(*) FROM rd.subscriptions
	WHERE started_on BETWEEN (rd.customer_today() - interval '12 months' + interval '1 day')::date
	                     AND rd.customer_today()")
if before=$(report); then
	pass "the report runs on the standby"
	[ "$before" = "$on_primary" ] && pass "it counts the primary's $on_primary subscriptions" ||
		fail "the report says $before subscriptions, the primary has $on_primary"
else
	fail "the report on the standby: $(cat "$standby_dir/report.err")"
	before=0
fi
# the standby did it: its activity shows the report's connection
[ "$(jq -r '.generated_at | test("T.*[+-][0-9]{2}:[0-9]{2}$")' "$standby_dir/report.json" 2>/dev/null)" = true ] &&
	pass "generated_at in RFC 3339" || fail "generated_at: $(jq -r .generated_at "$standby_dir/report.json" 2>/dev/null)"

# --- new data on the primary follows ------------------------------------------
psql_p -q -c "SELECT set_config('repeatdesk.reason', 'replica test', false)" -c "
	WITH s AS (INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date)
		   SELECT min(id), '1m:15', 'cod', rd.customer_today() + 20 FROM rd.customers
		   RETURNING id)
	INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)
	SELECT s.id, (SELECT min(sku) FROM rd.products), 1, 3480 FROM s" >/dev/null ||
	fail "a new subscription on the primary"
if wait_replayed; then
	pass "the standby replayed the primary's write (its history and subscriptions match)"
else
	fail "the standby did not catch up in 10 s"
fi
after=$(report) || after="error: $(cat "$standby_dir/report.err")"
[ "$after" = "$((before + 1))" ] && pass "the report follows: $before then $after subscriptions started" ||
	fail "after the write the report says $after, wanted $((before + 1))"

# --- the primary stops: the report still runs -------------------------------
"${as_server[@]}" pg_ctl -D "$primary_data" -m fast -w stop >/dev/null 2>&1 || fail "stop the primary"
still=$(report) || still="error: $(cat "$standby_dir/report.err")"
[ "$still" = "$after" ] && pass "with the primary down the report runs from the standby ($still)" ||
	fail "with the primary down: $still"
"$RD_BIN" --as takahashi customer find 山田 >/dev/null 2>"$standby_dir/main.err"
rc=$?
[ "$rc" -eq 3 ] && pass "a command that needs the primary fails (exit 3)" ||
	fail "a command on the stopped primary: exit $rc: $(cat "$standby_dir/main.err")"

# --- the standby refuses writes ------------------------------------------------
out=$(psql_s -c "UPDATE rd.settings SET value = value WHERE key = 'business_timezone'" 2>&1)
case $out in
*"read-only transaction"*) pass "the standby refuses writes" ;;
*) fail "a write on the standby: $out" ;;
esac

# start the primary again so that pgtmp.sh stops it as it expects
"${as_server[@]}" pg_ctl -D "$primary_data" -l "$primary_dir/log" -w start >/dev/null 2>&1
finish
