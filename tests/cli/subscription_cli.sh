#!/usr/bin/env bash
# subscription_cli.sh: `repeatdesk subscription show|schedule|skip|unskip|
# pause|resume|change|cancel|reserve|unreserve` against an embedded
# database with the demo data: previews (--dry-run) that change nothing,
# requests that change the database and its history, the business rules'
# messages with exit 1, bad input with exit 2, idempotent request ids,
# optimistic locking, and who may do what (sato operator, suzuki agent,
# takahashi supervisor).
#
# The subscriptions tested are made here with fixed dates, and every
# command runs with the hidden option --today 2026-11-20, so that the
# cut-off and the proposals do not depend on the day the test runs.
# The database judges dates by its own current_date (a next delivery never
# moves into the past), so the test runs on 2026-11-20 for the database too.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/lib/scenario_day.sh" 2026-11-20 "$0" "$@"
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init subscription_cli

T="--today 2026-11-20"
AGENT="$RD_BIN --as suzuki"
SUP="$RD_BIN --as takahashi"
OPER="$RD_BIN --as sato"

# --- no database needed: usage ---
run "$RD_BIN" subscription; expect_rc 2 "subscription without a command"
run "$RD_BIN" subscription --help; expect_rc 0 "subscription --help"
expect_out 'repeatdesk subscription skip ID' "usage lists skip"
if grep -q -- '--today' "$E2E_TMP/out"; then e2e_fail "--today is hidden from --help"
else e2e_pass "--today is hidden from --help"; fi
run "$RD_BIN" subscription frobnicate 1; expect_rc 2 "unknown subscription command"
expect_one_line_error "unknown subscription command"

e2e_db_setup

customer=$(sql "SELECT id FROM rd.customers ORDER BY id LIMIT 1")
sku=$(sql "SELECT sku FROM rd.products WHERE active AND subscription_price IS NOT NULL ORDER BY sku LIMIT 1")
sku2=$(sql "SELECT sku FROM rd.products WHERE active AND subscription_price IS NOT NULL ORDER BY sku OFFSET 1 LIMIT 1")
# new_sub MADE: a monthly subscription on the 15th, MADE deliveries made,
# the next on 2026-12-15; prints its id
new_sub() {
	sql "WITH s AS (INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date,
	                delivery_count, started_on)
	     VALUES ($customer, '1m:15', 'cod', '2026-12-15', $1, '2026-08-15') RETURNING id)
	     INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)
	     SELECT s.id, p.sku, 2, p.subscription_price FROM s, rd.products p WHERE p.sku = '$sku'
	     RETURNING subscription_id" | head -n 1
}

# --- show and schedule ---
id=$(new_sub 3)
run $AGENT subscription show "$id" $T; expect_rc 0 "show"
expect_out 'every month on the 15th (1m:15)' "show says the cycle in words"
expect_out '3 made; next is delivery 4' "show says the delivery number reached"
expect_out '    4  2026/12/15(Tue)' "show lists the next delivery with its number"
run $AGENT subscription show "$id" $T --format json; expect_rc 0 "show json"
expect_json .next_delivery_no 4 "json: next delivery number"
expect_eq "$(jq -c '.deliveries[0] | [.number, .date, .nominal, .moved_from, .skipped, .changeable]' "$E2E_TMP/out")" \
	'[4,"2026-12-15","2026-12-15",null,false,true]' "json: deliveries with changeable (not moved)"
run $AGENT subscription show "$id" --today 2026-12-12 --format csv; expect_rc 0 "show csv"
expect_out '^4,2026-12-15,2026-12-15,false,false$' "past the cut-off: not changeable"
run $AGENT subscription schedule "$id" $T --count 3 --format csv; expect_rc 0 "schedule"
expect_eq "$(tail -n +2 "$E2E_TMP/out" | cut -d, -f1,2 | tr '\n' ' ')" "4,2026-12-15 5,2027-01-15 6,2027-02-15 " "schedule lists numbered dates"
run $AGENT subscription show 999999 $T; expect_rc 1 "show of a subscription that does not exist"
expect_one_line_error "not found"
run $AGENT subscription show abc; expect_rc 2 "show of a bad id"

# --- skip: preview, rules, request ---
run $AGENT subscription skip "$id" $T --dry-run; expect_rc 0 "skip preview"
expect_out 'skip delivery 4 (12/15)' "preview says what it does"
expect_out '    4  2026/12/15(Tue) -> 2027/01/15(Fri)' "preview: old date -> new date"
expect_out 'Next deliveries: 4 on 2027/01/15(Fri), 5 on 2027/02/15(Mon), 6 on 2027/03/15(Mon)' "preview: the next three"
expect_out 'Dry run: nothing was changed' "preview says nothing changed"
expect_eq "$(sql "SELECT version FROM rd.subscriptions WHERE id = $id")" 1 "a preview writes nothing"
run $AGENT subscription skip "$id" $T --dry-run --format json; expect_rc 0 "skip preview json"
expect_json '.preview.affected[0]' '{"number":4,"old_date":"2026-12-15","new_date":"2027-01-15","contents":false}' "json preview: affected"
run $AGENT subscription skip "$id" --today 2026-12-12 --reason 旅行
expect_rc 1 "skip past the cut-off"; expect_one_line_error "cut-off"
expect_err "Delivery 4 (12/15) is past its cut-off; the first you can skip is 01/15." "the message names the first delivery that can be skipped"
run $AGENT subscription skip "$id" --today 2026-12-12 --dry-run
expect_rc 1 "a refused preview exits 1 too"; expect_out 'Refused (cutoff_days)' "refused preview names the rule"
run $AGENT subscription skip "$id" $T; expect_rc 2 "skip without a reason"
run $AGENT subscription skip "$id" $T --delivery 3 --reason 旅行; expect_rc 1 "skip of a delivery already shipped"
run $AGENT subscription skip "$id" $T --date 2026-12-20 --reason 旅行; expect_rc 2 "skip of a day without a delivery (bad input)"
expect_err "There is no delivery on 12/20" "a day without a delivery is named"
run $AGENT subscription skip "$id" $T --date 2026-02-30 --reason 旅行; expect_rc 2 "a date that does not exist"

rid=6b1f9d7e-0c2a-4d3e-9f10-1a2b3c4d5e6f
run $AGENT subscription skip "$id" $T --reason 旅行のため --request-id $rid --format json
expect_rc 0 "skip"; expect_json .result.replayed false "first time: applied"
expect_json .result.version 2 "new version"
run $AGENT subscription skip "$id" $T --reason 旅行のため --request-id $rid --format json
expect_rc 0 "the same request again"; expect_json .result.replayed true "a retry is not applied twice"
expect_json .result.version 2 "the retry answers with the same version"
expect_eq "$(sql "SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $id")" 1 "one skip"
expect_eq "$(sql "SELECT next_date FROM rd.subscriptions WHERE id = $id")" 2027-01-15 "the next delivery moved on"
expect_eq "$(sql "SELECT reason || '|' || actor FROM rd.history WHERE table_name = 'subscription_skips' AND request_id = '$rid'")" \
	"旅行のため|suzuki" "history has the reason and the agent"
run $AGENT subscription unskip "$id" $T --reason やはり届けて; expect_rc 0 "unskip"
expect_eq "$(sql "SELECT next_date || '/' || (SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $id) FROM rd.subscriptions WHERE id = $id")" \
	"2026-12-15/0" "the skipped delivery is back"

# --- optimistic locking ---
run $AGENT subscription change "$id" $T --time-slot 14-16 --reason 時間指定 --version 1
expect_rc 1 "a stale version is a conflict"; expect_one_line_error "conflict"
expect_err "was changed by suzuki" "the conflict says who changed it"
run $AGENT subscription change "$id" $T --time-slot 14-16 --reason 時間指定 --version 3
expect_rc 0 "the current version goes through"

# --- pause and resume ---
run $AGENT subscription pause "$id" $T --until 2027-04-01 --reason 入院
expect_rc 1 "a pause longer than the longest"; expect_err "at most 3 months (max_pause_months)" "the pause rule is named"
run $AGENT subscription pause "$id" $T --reason 入院; expect_rc 2 "pause without until"
run $AGENT subscription resume "$id" $T --reason 再開; expect_rc 1 "resume of an active subscription"
expect_err "not paused" "resume of an active one says why"
run $AGENT subscription pause "$id" $T --open --reason 入院; expect_rc 0 "open-ended pause"
expect_out 'Open-ended' "open-ended pause says when it ends at the latest"
expect_eq "$(sql "SELECT status || ' ' || paused_until || ' ' || next_date FROM rd.subscriptions WHERE id = $id")" \
	"paused 2027-03-15 2027-03-15" "paused until the longest pause"
run $AGENT subscription resume "$id" $T --dry-run; expect_rc 0 "resume preview"
expect_out 'resume: delivery 4 on 12/15' "resume proposes the first 15th a week ahead"
run $AGENT subscription resume "$id" $T --date 2026-12-20 --reason 再開; expect_rc 0 "resume on the agent's date"
expect_eq "$(sql "SELECT status || ' ' || next_date FROM rd.subscriptions WHERE id = $id")" "active 2026-12-20" "resumed"

# --- change ---
run $AGENT subscription change "$id" $T --set "$sku=25" --reason 増量; expect_rc 2 "quantity out of range"
expect_err "max_quantity_per_line" "the quantity rule is named"
run $AGENT subscription change "$id" $T --cycle 2w:fry --reason x; expect_rc 2 "a bad cycle spec"
run $AGENT subscription change "$id" $T --reason x; expect_rc 2 "change of nothing"
run $AGENT subscription change "$id" $T --set "$sku=1" --set "$sku2=1" --cycle 2m:15 --reason 量と周期 --format json
expect_rc 0 "change products and cycle"
expect_eq "$(sql "SELECT string_agg(quantity::text, ',' ORDER BY sku) FROM rd.subscription_lines WHERE subscription_id = $id")" "1,1" "quantities changed"
expect_eq "$(sql "SELECT cycle FROM rd.subscriptions WHERE id = $id")" "2m:15" "cycle changed"
run $AGENT subscription change "$id" $T --payment card --card-token 4111111111111111 --card-last4 1111 --reason カード
expect_rc 2 "a card number is never taken for a token"

# --- reserve and unreserve ---
run $AGENT subscription reserve "$id" --from 6 cancel --offered none $T --reason 解約予約 --format json
expect_rc 0 "reserve a cancellation"; expect_json .result.reserved true "reserved"
res_id=$(sql "SELECT id FROM rd.subscription_reservations WHERE subscription_id = $id AND status = 'pending'")
# the reservation's summary is stored in the business's language (ja by
# default, rd.settings business_language), whatever the terminal speaks
run $AGENT subscription show "$id" $T; expect_out "Reservation $res_id \[pending\]: 6回目（" "show lists the reservation"
run $AGENT subscription unreserve "$id" "$res_id" $T --reason 撤回; expect_rc 0 "unreserve"
expect_eq "$(sql "SELECT status FROM rd.subscription_reservations WHERE id = $res_id")" cancelled "reservation cancelled"

# --- a cancel the customer leaves after the offers ---
run $AGENT subscription cancel "$id" --offered pause,discount --abandoned $T --reason 考えます --format json
expect_rc 0 "a cancel abandoned after the offers is recorded"
expect_eq "$(sql "SELECT outcome || ' ' || array_to_string(offered, ',') FROM rd.retention_offers WHERE subscription_id = $id ORDER BY id DESC LIMIT 1")" \
	"not_cancelled pause,discount" "outcome not cancelled, with the offers made"
expect_eq "$(sql "SELECT status FROM rd.subscriptions WHERE id = $id")" active "the subscription goes on"

# --- cancel with the retention step ---
young=$(new_sub 1)
run $AGENT subscription cancel "$young" $T --reason 高い; expect_rc 2 "cancel without the retention step"
expect_err "offer the alternatives first" "cancel asks for the alternatives offered"
run $AGENT subscription cancel "$young" $T --offered skip,pause --dry-run; expect_rc 1 "cancel before delivery 3 (preview)"
expect_out 'Retention: 1 deliveries made, 2 still owed; early-cancel fee ¥2,000' "the commitment is shown"
expect_out 'offer skip' "alternatives are offered"
run $AGENT subscription cancel "$young" $T --offered skip,pause --reason 高い
expect_rc 1 "an agent cannot cancel before delivery 3"; expect_err "min_deliveries_before_cancel" "the rule is named"
run $AGENT subscription cancel "$young" $T --offered skip,pause --override --reason 高い
expect_rc 1 "an agent cannot override"
run $SUP subscription cancel "$young" $T --offered skip,pause --override --reason 高い --cancel-reason 価格 --format json
expect_rc 0 "a supervisor overrides"; expect_json .result.fee 2000 "the early-cancel fee applies"
expect_eq "$(sql "SELECT outcome || ' ' || array_to_string(offered, ',') || ' ' || override || ' ' || agent FROM rd.retention_offers WHERE subscription_id = $young AND outcome = 'cancelled'")" \
	"cancelled skip,pause true takahashi" "the offer, the outcome and the override are recorded"
expect_eq "$(sql "SELECT string_agg(outcome || ' ' || array_to_string(offered, ',') || ' ' || agent, ';' ORDER BY id) FROM rd.retention_offers WHERE subscription_id = $young AND outcome <> 'cancelled'")" \
	"refused skip,pause suzuki;refused skip,pause suzuki" "the refused attempts keep their offers too"
expect_eq "$(sql "SELECT status || ' ' || cancel_reason FROM rd.subscriptions WHERE id = $young")" "cancelled 価格" "cancelled"
run $SUP subscription cancel "$young" $T --offered none --reason 再度; expect_rc 1 "cancel of a cancelled subscription"
expect_err "already cancelled" "says it is cancelled already"

stay=$(new_sub 5)
run $AGENT subscription pause "$stay" $T --deliveries 1 --offered skip,pause,discount --reason 解約→休止
expect_rc 0 "the customer takes a pause instead"
expect_eq "$(sql "SELECT outcome || ' ' || accepted FROM rd.retention_offers WHERE subscription_id = $stay")" "changed pause" "recorded as changed to a pause"

# --- who may ---
run $OPER subscription skip "$stay" $T --reason 旅行; expect_rc 1 "an operator may not change a subscription"
expect_err "not allowed" "the permission message"
run $OPER subscription show "$stay" $T; expect_rc 0 "an operator may look"
e2e_finish
