#!/usr/bin/env bash
# history_cli.sh: `repeatdesk history` against an embedded database with
# the demo data: a customer's timeline in words (table, json, csv), the
# filters, paging with --after, one change in full, as of a time, and the
# supervisors' revert with its refusals (operator and agent refused by the
# database, fields changed again, stale version, missing reason) and exit
# codes (sato operator, suzuki agent, takahashi supervisor).
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init history_cli

AGENT="$RD_BIN --as suzuki"
SUP="$RD_BIN --as takahashi"
OPER="$RD_BIN --as sato"
T="--today 2026-11-20"

# --- usage, no database needed ---
run "$RD_BIN" history; expect_rc 2 "history without a scope"
run "$RD_BIN" history --help; expect_rc 0 "history --help"
expect_out 'repeatdesk history revert ID --reason TEXT' "usage names revert"
run "$RD_BIN" history --customer 1 --order 2; expect_rc 2 "two scopes"
expect_one_line_error "two scopes"
run "$RD_BIN" history --customer 1 --since 2026-13-01; expect_rc 2 "a bad date"
run "$RD_BIN" history --customer 1 --limit 0; expect_rc 2 "a bad limit"
run "$RD_BIN" history --customer 1 --format xml; expect_rc 2 "a bad format"
run "$RD_BIN" history --customer 1 --table skips; expect_rc 2 "an unknown table"
expect_err "subscription_skips" "the known tables are listed"
run "$RD_BIN" history --order 1 --as-of 2026-11-23; expect_rc 2 "as of an order"
run "$RD_BIN" history revert 5; expect_rc 2 "revert without a reason"
expect_err "needs --reason" "the missing reason is named"
run "$RD_BIN" history frobnicate; expect_rc 2 "unknown history command"

e2e_db_setup

customer=$(sql "SELECT id FROM rd.customers ORDER BY id LIMIT 1")
code=$(sql "SELECT code FROM rd.customers WHERE id = $customer")
sku=$(sql "SELECT sku FROM rd.products WHERE active AND subscription_price IS NOT NULL ORDER BY sku LIMIT 1")
sub=$(sql "WITH s AS (INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date,
                delivery_count, started_on)
     VALUES ($customer, '1m:15', 'cod', '2026-12-15', 3, '2026-08-15') RETURNING id)
     INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)
     SELECT s.id, p.sku, 2, p.subscription_price FROM s, rd.products p WHERE p.sku = '$sku'
     RETURNING subscription_id" | head -n 1)

run $AGENT subscription skip "$sub" $T --reason '旅行で不在'; expect_rc 0 "an agent skips a delivery"
skip_id=$(sql "SELECT max(id) FROM rd.history WHERE table_name = 'subscription_skips'
               AND new_row ->> 'subscription_id' = '$sub'")

# --- timelines ---
run $OPER history --customer "$code"; expect_rc 0 "an operator reads a customer's history"
expect_out 'delivery 4 on 2026/12/15(Tue) skipped' "the skip in words"
expect_out 'next delivery: 2026/12/15(Tue) -> 2027/01/15(Fri)' "old -> new in words"
expect_out '旅行で不在' "the reason"
expect_out '鈴木 一郎' "who, by name"
expect_out "customer: $code" "a customer by code, not by id"
expect_no_out 'subscription_skips' "no table names in the table"
expect_no_out 'subscription_requests' "not even of the request log"
first=$(sed -n 3p "$E2E_TMP/out")
case $first in *skipped*|*request*) e2e_pass "newest first";; *) e2e_fail "newest first: $first";; esac
run $OPER history --customer "$code" --format json; expect_rc 0 "json"
expect_json '[.[] | select(.table == "subscription_skips") | .id] | max' "$skip_id" "json names the table"
expect_json '[.[] | .fields[] | select(.label == "next delivery")][0] | [.label, .old, .new]' \
	'["next delivery","2026/12/15(Tue)","2027/01/15(Fri)"]' "json fields in words"
run $OPER history --customer "$code" --format csv --table subscriptions; expect_rc 0 "csv with a table filter"
expect_no_out 'subscription_skips' "the filter leaves other tables out"
expect_out '^id,at,actor,what,changes,reason' "csv header"
run $OPER history --customer "$code" --actor nobody_at_all; expect_rc 0 "an actor with no changes"
if [ "$(wc -l <"$E2E_TMP/out")" -le 2 ]; then e2e_pass "no rows for that actor"
else e2e_fail "rows for an unknown actor: $(cat "$E2E_TMP/out")"; fi
run $OPER history --customer "$code" --until 2000-01-01 --format csv; expect_rc 0 "until long ago"
expect_eq "$(wc -l <"$E2E_TMP/out")" 1 "nothing before 2000 (header only)"
run $OPER history --subscription "$sub" --limit 1 --format table; expect_rc 0 "one a page"
expect_out "More: repeatdesk history ... --after" "a page says how to go on"
after=$(grep -o -- '--after [0-9]*' "$E2E_TMP/out" | cut -d' ' -f2)
run $OPER history --subscription "$sub" --limit 1 --after "$after" --format csv; expect_rc 0 "the next page"
next=$(sed -n 2p "$E2E_TMP/out" | cut -d, -f1)
if [ -n "$next" ] && [ "$next" -lt "$after" ]; then e2e_pass "the next page goes on with older changes"
else e2e_fail "next page: '$next' after $after"; fi
run $OPER history --agent suzuki --format csv; expect_rc 0 "an agent's changes"
expect_eq "$(tail -n +2 "$E2E_TMP/out" | cut -d, -f3 | sort -u)" suzuki "only suzuki's"
run $OPER history --customer C9999999; expect_rc 1 "an unknown customer"
expect_one_line_error "unknown customer"
run $OPER history show "$skip_id"; expect_rc 0 "one change in full"
expect_out 'Reason: *旅行で不在' "show has the reason"

# --- as of ---
# the next whole second: 'now' cut to the second could fall before the
# subscription was made when the steps above took less than a second
now=$(sql "SELECT to_char(date_trunc('second', now() AT TIME ZONE 'Asia/Tokyo') + interval '1 second',
                          'YYYY-MM-DD HH24:MI:SS')")
before=$(sql "SELECT to_char((at - interval '1 microsecond') AT TIME ZONE 'Asia/Tokyo',
                     'YYYY-MM-DD HH24:MI:SS.US') FROM rd.history WHERE id = $skip_id - 1")
run $OPER history --subscription "$sub" --as-of "$before" --format csv; expect_rc 0 "as of before the skip"
expect_out '^subscription,'"$sub"',next_date,next delivery,2026/12/15(Tue),2026-12-15$' "as of: the old next date"
expect_no_out 'skipped delivery' "as of: no skip yet"
run $OPER history --subscription "$sub" --as-of "$now"; expect_rc 0 "as of now"
expect_out 'skipped date' "as of now: the skip"
run $OPER history --subscription "$sub" --as-of 2000-01-01; expect_rc 1 "as of before it existed"
run $OPER history --customer "$code" --as-of "$now" --format csv; expect_rc 0 "a customer as of now"
expect_out '^customer,'"$customer"',code,code,'"$code" "as of: the customer's code"
run $OPER history --customer "$code" --as-of 'last week'; expect_rc 2 "a time that is not one"

# --- revert ---
run $OPER history revert "$skip_id" --reason 'try'; expect_rc 1 "an operator cannot revert"
expect_one_line_error "operator refused"
expect_err "not allowed" "the database's refusal"
run $AGENT history revert "$skip_id" --reason 'try'; expect_rc 1 "an agent cannot revert"
ver=$(sql "SELECT version FROM rd.subscription_skips WHERE subscription_id = $sub")
run $SUP history revert "$skip_id" --reason 'wrong' --version $((ver + 5)); expect_rc 1 "a stale version"
expect_err "since you looked" "the stale version is explained"
run $SUP history revert "$skip_id" --reason '誤ってスキップ' --request-id 0e6d0a41-7c55-4d47-9a8c-25a3b5a3d001
expect_rc 0 "the supervisor reverts the skip"
expect_out "Reverted #$skip_id: 2 change(s) written" "the revert says what it wrote"
expect_eq "$(sql "SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $sub")" 0 "the skip is gone"
expect_eq "$(sql "SELECT next_date FROM rd.subscriptions WHERE id = $sub")" 2026-12-15 "the next date is back"
expect_eq "$(sql "SELECT actor || '|' || reason || '|' || op FROM rd.history WHERE reverts = $skip_id")" \
	"takahashi|誤ってスキップ|DELETE" "the linked history row"
run $SUP history revert "$skip_id" --reason '誤ってスキップ' --request-id 0e6d0a41-7c55-4d47-9a8c-25a3b5a3d001 --format json
expect_rc 0 "a retried revert"
expect_json .reverted "$skip_id" "a retry answers with the same revert"
expect_eq "$(sql "SELECT count(*) FROM rd.history WHERE reverts = $skip_id")" 1 "a retry writes nothing"
run $SUP history revert "$skip_id" --reason 'again'; expect_rc 1 "a second revert"
expect_err "already reverted" "a second revert is refused in words"

# a change whose field was changed again is refused, naming the field
run $AGENT subscription change "$sub" --time-slot morning $T --reason 'ask 1'; expect_rc 0 "slot morning"
slot_id=$(sql "SELECT max(id) FROM rd.history WHERE table_name = 'subscriptions' AND row_key = '$sub'")
run $AGENT subscription change "$sub" --time-slot 18-20 $T --reason 'ask 2'; expect_rc 0 "slot 18-20"
run $SUP history revert "$slot_id" --reason 'no'; expect_rc 1 "fields changed again"
expect_one_line_error "fields changed again"
expect_err "delivery time" "the field is named in words"
expect_err "鈴木" "who changed it again"
expect_eq "$(sql "SELECT time_slot FROM rd.subscriptions WHERE id = $sub")" 18-20 "nothing written"
cust_row=$(sql "SELECT min(id) FROM rd.history WHERE table_name = 'customers'")
run $SUP history revert 999999999 --reason x; expect_rc 1 "an unknown change"
run $SUP history revert abc --reason x; expect_rc 2 "a change number that is not one"

# --- seals: a history that proves itself (issue 11) ---
run $AGENT history seal; expect_rc 1 "an agent does not seal"
run $SUP history seal --format json; expect_rc 0 "a supervisor seals"
expect_eq "$(jq -r .sealed "$E2E_TMP/out")" true "something was sealed"
run $SUP history verify --format json; expect_rc 0 "the chain holds"
expect_eq "$(jq -r .ok "$E2E_TMP/out")" true "verify says ok"
hash=$(jq -r .last_hash "$E2E_TMP/out")
expect_eq "${#hash}" 64 "the latest hash is printed"
# the cluster's superuser rewrites a sealed row behind the guard's back
sql "ALTER TABLE rd.history DISABLE TRIGGER history_no_update_delete;
     UPDATE rd.history SET reason = 'tidied up' WHERE id = $slot_id;
     ALTER TABLE rd.history ENABLE TRIGGER history_no_update_delete" >/dev/null
run $SUP history verify --format json; expect_rc 1 "verify finds the rewrite"
expect_eq "$(jq -r .problem "$E2E_TMP/out")" altered "it was altered"
expect_eq "$(jq -r .history_id "$E2E_TMP/out")" "$slot_id" "and names the row"
run $SUP history verify --from "$slot_id"; expect_rc 1 "from that row too"
expect_out "#$slot_id was altered" "in words"
run $SUP history verify --from x; expect_rc 2 "--from takes a change number"

e2e_finish
