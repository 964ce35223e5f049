#!/usr/bin/env bash
# shipments_cli.sh: `repeatdesk shipments generate` against an embedded
# database with the demo data: usage errors with exit 2, a run killed
# (kill -9) halfway and run again making each delivery's order exactly
# once, a third run making nothing, the summary as table, json and csv,
# the history's reason and request id, a subscription that cannot be
# shipped (exit 1, left as it was), and an operator refused.
#
# The demo data's own subscriptions are cancelled first; the test's are
# made here with dates relative to the database's today, every run has
# --date that day, and every count is of the test's own subscriptions and
# their orders, so nothing depends on the day the test runs. The kill is
# deterministic: a psql session holds one subscription in the middle
# locked, the run (one subscription per batch) waits on it, and is killed
# while it waits.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init shipments_cli

AGENT="$RD_BIN --as suzuki"
OPER="$RD_BIN --as sato"

# --- usage, no database needed ---
run "$RD_BIN" shipments; expect_rc 2 "shipments without a command"
run "$RD_BIN" shipments --help; expect_rc 0 "shipments --help"
expect_out 'repeatdesk shipments generate' "usage names generate"
run "$RD_BIN" shipments ship; expect_rc 2 "unknown shipments command"
expect_first_line_error "unknown shipments command"
run "$RD_BIN" shipments generate --date 2026-02-30; expect_rc 2 "a date that does not exist"
expect_err "--date" "the message names --date"
run "$RD_BIN" shipments generate --batch 0; expect_rc 2 "a batch of 0"
run "$RD_BIN" shipments generate --format xml; expect_rc 2 "an unknown format"
run "$RD_BIN" shipments generate --frobnicate; expect_rc 2 "an unknown option"
run "$RD_BIN" shipments generate extra; expect_rc 2 "an extra argument"
run "$RD_BIN" shipments generate --jobs 0; expect_rc 2 "--jobs 0"
for rate in 0 101 x; do
	run "$RD_BIN" db seed --customers 10 --subscription-rate $rate
	expect_rc 2 "db seed --subscription-rate $rate"
done
expect_err "percentage from 1 to 100" "the message says what a rate is"

e2e_db_setup

# the run date: the database's today; deliveries due through the window
R=$(sql "SELECT current_date::text")
D="--date $R"
day() { sql "SELECT (date '$R' + $1)::text"; }
through=$(sql "SELECT (date '$R' + value::int)::text FROM rd.settings WHERE key = 'shipment_window_days'")

run $AGENT shipments generate $D --request-id nope; expect_rc 2 "a request id that is not a UUID"
expect_err "UUID" "the message says what a request id is"

# only the test's subscriptions are due
sql "UPDATE rd.subscriptions SET status = 'cancelled', cancelled_on = current_date,
     next_date = NULL, paused_until = NULL WHERE status <> 'cancelled'" >/dev/null
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.subscriptions WHERE status <> 'cancelled'")" 0 \
	"the demo's subscriptions are out of the way"
sku=$(sql "SELECT sku FROM rd.products WHERE active AND subscription_price IS NOT NULL ORDER BY sku LIMIT 1")
# 20 subscriptions of 20 customers, due on the 5 days after the run date
# (within the window), 2 deliveries made
sql "WITH c AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM rd.customers ORDER BY id LIMIT 20),
          s AS (INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date, delivery_count,
                                              started_on)
                SELECT id, '1m:28', 'bank', DATE '$R' + (1 + n % 5)::int, 2, DATE '$R' - 70
                  FROM c RETURNING id)
     INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)
     SELECT s.id, p.sku, 1, p.subscription_price FROM s, rd.products p WHERE p.sku = '$sku'" >/dev/null
ours="status = 'active' AND cycle = '1m:28'"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.subscriptions WHERE $ours AND next_date <= '$through'")" 20 \
	"20 subscriptions due"
# the test's subscriptions, by id: every count below is of these alone
ids=$(sql "SELECT string_agg(id::text, ',' ORDER BY id) FROM rd.subscriptions WHERE $ours")
victim=$(sql "SELECT id FROM rd.subscriptions WHERE id IN ($ids) ORDER BY id OFFSET 9 LIMIT 1")
# each moves on once, to its cycle's next date after the one due
want_next=
for row in $(sql "SELECT id || '=' || next_date FROM rd.subscriptions WHERE id IN ($ids) ORDER BY id"); do
	want_next="$want_next${want_next:+ }${row%%=*}=$("$RD_BIN" cycle dates 1m:28 --from "${row#*=}" --count 1)"
done

# --- killed halfway ---
"$RD_BIN" db psql -c "BEGIN; SELECT id FROM rd.subscriptions WHERE id = $victim FOR UPDATE;
                      SELECT pg_sleep(300);" >/dev/null 2>&1 &
locker=$!
for _ in $(seq 100); do
	[ "$(sql "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
	          WHERE c.relname = 'subscriptions' AND l.mode = 'RowShareLock' AND l.granted")" -ge 1 ] && break
	sleep 0.1
done
$AGENT shipments generate $D --batch 1 >"$E2E_TMP/killed.out" 2>"$E2E_TMP/killed.err" &
runner=$!
waiting=0
for _ in $(seq 200); do
	if [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'
	             AND usename = 'suzuki'")" -ge 1 ]; then
		waiting=1
		break
	fi
	sleep 0.1
done
e2e_assert_eq "$waiting" 1 "the run waits on the locked subscription"
kill -9 "$runner"
wait "$runner" 2>/dev/null
# end the locking session on the server (a killed psql would leave its
# backend sleeping with the lock)
sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
     WHERE query LIKE '%pg_sleep(300)%' AND pid <> pg_backend_pid()" >/dev/null
wait "$locker" 2>/dev/null
# the backend of the killed run gives up once it gets the lock
for _ in $(seq 100); do
	[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE usename = 'suzuki'")" -eq 0 ] && break
	sleep 0.1
done
made() {
	sql "SELECT count(*) FROM rd.orders WHERE subscription_id IN ($ids)"
}
e2e_assert_eq "$(made)" 9 "the killed run made the 9 orders before the locked one"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.orders WHERE subscription_id IN ($ids) AND order_date = '$R'")" 9 \
	"all on the run date"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.subscriptions WHERE id IN ($ids) AND delivery_count = 3")" 9 \
	"and moved those 9 subscriptions on"

rid=7d444840-9dc7-4a1e-8b7e-2b3c4d5e6f70
run $AGENT shipments generate $D --batch 7 --request-id $rid --format json
expect_rc 0 "run again after the kill"
expect_json .orders_created 11 "it makes the 11 orders left"
expect_json .already_existed 0 "none existed already"
expect_json .request_id "$rid" "json says the request id"
expect_json '.seconds | type' number "json gives the seconds as a number"
e2e_assert_eq "$(made)" 20 "20 orders in all"
# each of the 20 deliveries (subscription, delivery 3) has exactly one order
e2e_assert_eq "$(sql "SELECT count(DISTINCT (subscription_id, delivery_no)) || ' ' || count(*)
                      || ' ' || count(*) FILTER (WHERE delivery_no = 3)
                      FROM rd.orders WHERE subscription_id IN ($ids)")" "20 20 20" \
	"no delivery has two orders"
e2e_assert_eq "$(sql "SELECT string_agg(id || '=' || next_date, ' ' ORDER BY id) FROM rd.subscriptions
                      WHERE id IN ($ids) AND delivery_count = 3")" "$want_next" \
	"every subscription moved on once, to its next date"
e2e_assert_eq "$(sql "SELECT DISTINCT reason FROM rd.history WHERE request_id = '$rid'")" \
	"出荷データ作成 $R" "history has the run's reason (in the business's language) and request id"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.history WHERE request_id = '$rid' AND table_name = 'orders'")" \
	11 "one history row per order made"

run $AGENT shipments generate $D; expect_rc 0 "a third run"
expect_out 'orders created: *0$' "makes nothing (table)"
expect_out "run date: *$(printf '%s' "$R" | tr - /)(" "the table names the run date"
expect_out "deliveries due through: *$(printf '%s' "$through" | tr - /)(" "and the end of the window"
e2e_assert_eq "$(made)" 20 "still 20 orders"
run $AGENT shipments generate $D --format csv; expect_rc 0 "csv"
expect_out '^date,through,due,orders_created,' "csv has a header"

# --- a subscription that cannot be shipped: exit 1, left as it was ---
empty_day=$(day 2)
empty=$(sql "INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date, delivery_count)
             SELECT id, '1m:12', 'bank', '$empty_day', 1 FROM rd.customers ORDER BY id LIMIT 1
             RETURNING id" | head -n 1)
run $AGENT shipments generate $D; expect_rc 1 "a subscription without products"
expect_first_line_error "a subscription without products"
expect_err "subscription $empty: it has no products" "the message names it and says why"
expect_out 'errors: *1$' "the summary counts it"
e2e_assert_eq "$(sql "SELECT delivery_count || ' ' || next_date FROM rd.subscriptions WHERE id = $empty")" \
	"1 $empty_day" "it is left as it was"
sql "UPDATE rd.subscriptions SET status = 'cancelled', cancelled_on = current_date WHERE id = $empty" >/dev/null

# --- who may ---
sql "UPDATE rd.subscriptions SET next_date = '$(day 3)' WHERE id = $victim" >/dev/null
run $OPER shipments generate $D; expect_rc 1 "an operator may not run it"
expect_err "not allowed" "the permission message"
e2e_assert_eq "$(made)" 20 "nothing was made"

e2e_finish
