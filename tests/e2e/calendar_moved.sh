#!/bin/sh
# calendar_moved.sh: the warehouse closes a day once (a stocktaking, 棚卸)
# and a caller's next delivery falls on it. The supervisor closes the day
# on the command line with the reason; the agent (suzuki) opens the
# customer's card, Ctrl-T, 5 on the subscription: the delivery list shows
# the delivery on the next open day with "moved: 棚卸 (due DAY)"; a skip
# preview of the delivery after it lists the moved one with its reason.
# The database keeps the day with its reason and who closed it.
#
# Every date comes from the database: the subscription's next delivery is
# the first day at least 30 days ahead (on the 1st..28th) that is open,
# with an open day after it.
. "$(dirname "$0")/lib.sh"

e2e_init calendar_moved
e2e_db_setup

. "$(dirname "$0")/subscription_lib.sh"

ahead=$(psql1 "select min(n) from generate_series(30, 120) n,
		lateral (select (now() at time zone 'Asia/Tokyo')::date + n as d) x
	where extract(day from x.d) <= 28
	  and not exists (select 1 from rd.closed_days(x.d, x.d + 1))")
subs_new "$ahead" 3
# subs_new leaves an open calendar for the other tests: the demo's again
"$RD_BIN" --as takahashi calendar load-holidays --years 3 >/dev/null
psql1 "update rd.settings set value = '12-29..01-03' where key = 'year_end_closing'" >/dev/null
moved_to=$(psql1 "select (date '$next' + 1)::text")
e2e_assert_eq "$(psql1 "select count(*) from rd.closed_days(date '$next', date '$moved_to')")" 0 \
	"the next delivery ($next) and the day after are open"

"$RD_BIN" --as takahashi calendar close "$next" --reason 棚卸 >"$E2E_TMP/close.out" 2>&1 &&
	e2e_pass "the supervisor closes $next (棚卸)" ||
	e2e_fail "calendar close: $(cat "$E2E_TMP/close.out")"
e2e_assert_eq "$(psql1 "select kind || '|' || name || '|' || created_by from rd.holidays where date = '$next'")" \
	"oneoff|棚卸|takahashi" "rd.holidays: the day closed once, its reason, who closed it"

subs_open_list suzuki
e2e_type 5
e2e_send Enter
e2e_expect "Next deliveries" "5 opens the subscription screen"
subs_assert_line "$(shown_day "$moved_to")" "moved: 棚卸 (due $(shown_day "$next")" \
	"delivery 4 is on $moved_to, and the screen says why: moved: 棚卸 (due $next)"
e2e_assert_eq "$(psql1 "select next_date from rd.subscriptions where id = $sub")" "$next" \
	"rd.subscriptions keeps the nominal date: the series does not drift"

# a skip of delivery 5: the preview's next deliveries say why 4 moved
e2e_type s
e2e_expect "Skip a delivery" "s opens the skip form"
e2e_type 5
e2e_send Tab Tab Space
e2e_send F5
e2e_expect "Preview" "F5 shows the preview"
e2e_expect "moved: 棚卸" "the preview's next deliveries say why one moved"
e2e_send Escape
e2e_expect "Leave this screen?" "Esc asks before the typed request is lost"
e2e_send y
e2e_expect "Recent history" "back on the subscription screen"
e2e_assert_eq "$(psql1 "select version from rd.subscriptions where id = $sub")" 1 "nothing was written"
e2e_finish
