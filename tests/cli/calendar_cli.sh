#!/usr/bin/env bash
# calendar_cli.sh: `repeatdesk calendar show|close|open|load-holidays`
# against an embedded database with the demo data (which has the national
# holidays and the year-end closing), and deliveries moving off a closed
# day on the command line: the subscription's json says moved_from and
# moved_reason, and order entry refuses the closed day with the first
# possible date. Who may write the calendar: sato (operator) and suzuki
# (agent) are refused, takahashi (supervisor) may.
#
# Every date comes from the database's current_date; JSON is read with jq.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init calendar_cli

AGENT="$RD_BIN --as suzuki"
SUP="$RD_BIN --as takahashi"
OPER="$RD_BIN --as sato"

# --- no database needed: usage ---
run "$RD_BIN" calendar; expect_rc 2 "calendar without a command"
run "$RD_BIN" calendar --help; expect_rc 0 "calendar --help"
expect_out 'repeatdesk calendar close DATE --reason TEXT' "usage lists close"
run "$RD_BIN" calendar frobnicate; expect_rc 2 "unknown calendar command"
expect_one_line_error "unknown calendar command"
run "$RD_BIN" calendar close 2026-02-30 --reason x; expect_rc 2 "a date that does not exist"
expect_one_line_error "a date that does not exist"

e2e_db_setup

year=$(sql "SELECT extract(year FROM current_date)::int")
next_year=$((year + 1))

# --- the demo's calendar ---
expect_eq "$(sql "SELECT count(*) >= 16 FROM rd.holidays WHERE extract(year FROM date) = $next_year AND kind = 'holiday'")" \
	t "the demo data has next year's national holidays"
run $OPER calendar show --from "$year-12-27" --to "$next_year-01-05" --format json
expect_rc 0 "an operator reads the calendar"
expect_eq "$(jq '[.[] | select(.kind == "closing")] | length' "$E2E_TMP/out")" 6 \
	"the year-end closing is six days"
expect_eq "$(jq -r '[.[] | select(.kind == "closing") | .reason] | unique | join(",")' "$E2E_TMP/out")" \
	"年末年始" "its reason is 年末年始"
first_open=$(sql "SELECT min(d)::date FROM generate_series(DATE '$next_year-01-04', DATE '$next_year-01-20', '1 day') d
                  WHERE NOT EXISTS (SELECT 1 FROM rd.closed_days(d::date, d::date))")
expect_eq "$(jq -r '[.[] | select(.kind == "closing") | .moves_to] | unique | join(",")' "$E2E_TMP/out")" \
	"$first_open" "deliveries in the closing move to its first open day"
run $OPER calendar show --from "$year-12-27" --to "$((year + 9))-01-05"; expect_rc 2 "too long a range"
expect_one_line_error "too long a range"

# --- loading the holidays again adds nothing ---
run $SUP calendar load-holidays --years 3; expect_rc 0 "a supervisor loads the holidays again"
expect_out '^0 national holidays added' "nothing twice"
run $AGENT calendar load-holidays --years 1; expect_rc 1 "an agent cannot load holidays"
expect_one_line_error "an agent cannot load holidays"

# --- a delivery moves off a day closed once ---
# an active subscription whose next delivery is 10 to 60 days away, on an
# open day with an open day after it
row=$(sql "SELECT s.id || ' ' || s.next_date FROM rd.subscriptions s
            WHERE s.status = 'active' AND s.next_date BETWEEN current_date + 10 AND current_date + 60
              AND NOT EXISTS (SELECT 1 FROM rd.closed_days(s.next_date, s.next_date + 1))
              AND NOT EXISTS (SELECT 1 FROM rd.subscription_skips k WHERE k.subscription_id = s.id)
            ORDER BY s.next_date, s.id LIMIT 1")
sub=${row% *}; day=${row#* }
after=$(sql "SELECT (DATE '$day' + 1)::text")
if [ -z "$sub" ]; then e2e_fail "no subscription to test with"; e2e_finish; fi
customer=$(sql "SELECT c.code FROM rd.customers c JOIN rd.subscriptions s ON s.customer_id = c.id WHERE s.id = $sub")

run $RD_BIN subscription show "$sub" --format json; expect_rc 0 "before: show"
expect_eq "$(jq -r '.deliveries[0] | "\(.date) \(.moved_from) \(.moved_reason)"' "$E2E_TMP/out")" \
	"$day null null" "before: not moved"

run $OPER calendar close "$day" --reason 棚卸; expect_rc 1 "an operator cannot close a day"
expect_one_line_error "an operator cannot close a day"
run $AGENT calendar close "$day" --reason 棚卸; expect_rc 1 "an agent cannot close a day"
run $SUP calendar close "$day"; expect_rc 2 "closing needs a reason"
expect_one_line_error "closing needs a reason"
run $SUP calendar close "$day" --reason 棚卸 --request-id not-a-uuid; expect_rc 2 "a bad request id"
run $SUP calendar close "$day" --reason 棚卸; expect_rc 0 "a supervisor closes the day"
expect_eq "$(sql "SELECT reason FROM rd.history WHERE table_name = 'holidays' AND op = 'INSERT' ORDER BY id DESC LIMIT 1")" \
	"棚卸" "the history keeps the reason"
run $SUP calendar close "$day" --reason 棚卸; expect_rc 0 "closing again changes nothing"
run $SUP calendar close "$year-12-30" --reason x; expect_rc 1 "a day in the closing is already closed"
expect_err "年末年始" "and says why"

run $RD_BIN subscription show "$sub" --format json; expect_rc 0 "after: show"
expect_eq "$(jq -r '.deliveries[0] | "\(.date) \(.nominal) \(.moved_from) \(.moved_reason)"' "$E2E_TMP/out")" \
	"$after $day $day 棚卸" "the delivery moved to the next open day, and says why"
run $RD_BIN subscription schedule "$sub" --count 2 --format json; expect_rc 0 "schedule"
expect_eq "$(jq -r '.deliveries[0].moved_reason' "$E2E_TMP/out")" "棚卸" "the schedule says why too"
# the next one is not moved by this closing (a holiday of its own, say
# 建国記念の日 a month later, may move it: not for 棚卸)
expect_eq "$(jq -r '.deliveries[1] | .moved_from == null or .moved_reason != "棚卸"' "$E2E_TMP/out")" "true" \
	"the next one is not moved by the day closed"
second=$(jq -r '.deliveries[1].number' "$E2E_TMP/out")
run $RD_BIN subscription show "$sub"; expect_rc 0 "the table says why"
expect_out "moved: 棚卸" "in words"
# the preview of a skip of the delivery after it lists the moved one
run $AGENT subscription skip "$sub" --delivery "$second" --reason test --dry-run --format json
expect_rc 0 "a skip preview"
expect_eq "$(jq -r '[.preview.next[] | select(.moved_from == "'"$day"'")][0].moved_reason' "$E2E_TMP/out")" \
	"棚卸" "the preview's next deliveries say why one moved"

# --- order entry refuses the closed day and names the first possible one ---
sku=$(sql "SELECT sku FROM rd.products WHERE active ORDER BY sku LIMIT 1")
run $OPER order create --customer "$customer" --item "$sku:1" --payment bank --date "$day" --dry-run
expect_rc 1 "an order on a closed day is refused"
expect_one_line_error "an order on a closed day is refused"
expect_err "棚卸" "the refusal says why"
expect_err "$(printf '%s' "$after" | tr - /)(" "and the first possible date (as people write it)"
run $OPER order create --customer "$customer" --item "$sku:1" --payment bank --date "$after" --dry-run --format json
expect_rc 0 "the next day is taken"

# a subscription started with an order: its next delivery, due on the
# closed day, moves, and the confirmation's json says why
start=$(sql "SELECT min(d)::date::text FROM generate_series(current_date + 3, current_date + 9, '1 day') d
              WHERE NOT EXISTS (SELECT 1 FROM rd.closed_days(d::date, d::date))")
gap=$(sql "SELECT DATE '$day' - DATE '$start'")
run $OPER order create --customer "$customer" --item "$sku:1" --payment bank --date "$start" \
	--subscribe "${gap}d" --dry-run --format json
expect_rc 0 "an order starting a subscription every $gap days"
expect_eq "$(jq -r '.subscription.next_deliveries[0] | "\(.date) \(.moved_from) \(.moved_reason)"' "$E2E_TMP/out")" \
	"$after $day 棚卸" "its next delivery moved off the closed day, and says why"
expect_eq "$(jq -r '.subscription.next_dates[0]' "$E2E_TMP/out")" "$after" "next_dates are the days it ships"

# --- opening it again ---
run $AGENT calendar open "$day" --reason 中止; expect_rc 1 "an agent cannot open a day"
run $SUP calendar open "$day" --reason 中止; expect_rc 0 "a supervisor opens the day again"
run $RD_BIN subscription show "$sub" --format json
expect_eq "$(jq -r '.deliveries[0] | "\(.date) \(.moved_from)"' "$E2E_TMP/out")" "$day null" "the delivery is back on its day"
run $SUP calendar open "$next_year-01-01" --reason x; expect_rc 1 "the closing is not opened by hand"
expect_err "year_end_closing" "and says where to change it"

e2e_finish
