#!/bin/sh
# subscription_pause.sh: a caller has too much left and asks to pause;
# later the same call goes on: "actually, start again". The agent types 8
# next to the subscription, pauses it until a date with a reason from the
# list, reads the preview (the deliveries that are no longer delivered),
# confirms; the subscription screen shows it paused. R resumes it: the
# form proposes the first delivery from the setting resume_lead_days,
# the agent keeps it, confirms, and the subscription is active again from
# that date. Then a pause reserved from a later delivery is listed as
# pending and dropped again (D). The screen, rd.subscriptions,
# rd.subscription_reservations and rd.history (actor, reason) are checked
# at each step.
# A main path: in Japanese (issue 12); whole messages through e2e_msg,
# fragments and a few checks as Japanese literals (an English screen fails).
# The summaries and reasons written by the program are in the business's
# language (Japanese by default), "Done:" in the terminal's.
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034 # read by lib.sh
E2E_LANG=ja
e2e_init subscription_pause
e2e_db_setup
. "$(dirname "$0")/subscription_lib.sh"

subs_new 30 5
until=$(psql1 "select (date '$next' + 45)::text")
lead=$(psql1 "select value from rd.settings where key = 'resume_lead_days'")
today=$(psql1 "select ((now() at time zone 'Asia/Tokyo')::date)::text")

subs_open_list suzuki
e2e_type 8
e2e_send Enter
e2e_expect "休止 · 定期 $sub" "8 and Enter open the pause form (休止 · 定期)"
e2e_assert_screen_has "$(e2e_msg until-date)" "the pause starts as 'until a date' (日付まで)"
e2e_send Tab
e2e_type "$until"
e2e_send Tab Tab Tab Space
e2e_send F5
e2e_expect "$(e2e_msg "Preview")" "F5 shows the preview"
first=$(psql1 "select min(d)::date::text from generate_series(date '$until', date '$until' + 40, '1 day') d
	where extract(day from d) = ${cycle#1m:}")
e2e_assert_screen_has "$(shown_day "$next")" "the preview lists the next delivery as affected"
e2e_assert_screen_has "6回目 $(shown_day "$first")" "after the pause, delivery 6 is the first slot after $until"
e2e_assert_screen_has "理由：余っている" "the reason picked from the list (理由：余っている)"
e2e_assert_eq "$(psql1 "select status from rd.subscriptions where id = $sub")" "active" \
	"the preview wrote nothing"
e2e_send F5
e2e_expect "完了：" "F5 confirms the pause (完了)"
e2e_assert_screen_has "休止" "the summary says 休止"
e2e_assert_eq "$(psql1 "select status || ' ' || paused_until || ' ' || version from rd.subscriptions where id = $sub")" \
	"paused $until 2" "rd.subscriptions: paused until the date, version 2"
e2e_assert_eq "$(subs_history subscriptions UPDATE)" "suzuki|$(e2e_msg surplus)" \
	"rd.history: the pause by suzuki with the reason"

e2e_send Enter
e2e_expect "$(e2e_msg "Recent history")" "Enter (no option) shows the subscription"
e2e_assert_screen_has "休止中 $(shown_day "$until")" "the subscription screen says paused until when (休止中 …)"

# resume: the date is proposed, the agent keeps it
e2e_type r
e2e_expect "再開 · 定期 $sub" "R opens the resume form (再開 · 定期)"
proposal=$(e2e_screen | sed -n 's/.*再開後の初回 \* *\([0-9-]\{10\}\).*/\1/p' | head -n 1)
if [ -n "$proposal" ] &&
   [ "$(psql1 "select date '$proposal' >= date '$today' + $lead")" = t ]; then
	e2e_pass "a first delivery is proposed, at least resume_lead_days ($lead) ahead: $proposal"
else
	e2e_fail "a first delivery is proposed, at least $lead days ahead (got '$proposal')"
fi
e2e_send Tab Space
e2e_send F5
e2e_expect "$(e2e_msg "Preview")" "the resume preview"
e2e_assert_screen_has "$(shown_day "$proposal")" "the preview shows the proposed first delivery"
e2e_send y
e2e_expect "完了：" "y confirms the resume (完了)"
e2e_expect "継続中" "the subscription screen shows it active again (継続中)"
e2e_assert_eq "$(psql1 "select status || ' ' || coalesce(paused_until::text, '-') || ' ' || next_date from rd.subscriptions where id = $sub")" \
	"active - $proposal" "rd.subscriptions: active from the proposed date"
e2e_assert_eq "$(subs_history subscriptions UPDATE)" "suzuki|$(e2e_msg ready)" \
	"rd.history: the resume by suzuki with the reason"

# a pause reserved from a later delivery (予約), listed, then dropped
from=$(psql1 "select delivery_count + 3 from rd.subscriptions where id = $sub")
e2e_type p
e2e_expect "休止 · 定期 $sub" "P opens the pause form"
e2e_type c
e2e_send Tab Tab
e2e_type 1
e2e_send Tab
e2e_type "$from"
e2e_send Tab
e2e_type t
e2e_send F5
e2e_expect "予約した：${from}回目（" "the preview says from which delivery (予約した)"
e2e_send y
e2e_expect "$(e2e_msg pending)" "y confirms: the reservation is pending (未適用)"
rsv=$(psql1 "select id from rd.subscription_reservations where subscription_id = $sub and status = 'pending'")
e2e_assert_screen_has "#$rsv 未適用 ${from}回目から" "the subscription screen lists the pending reservation"
e2e_assert_eq "$(psql1 "select status || ' ' || next_date from rd.subscriptions where id = $sub")" \
	"active $proposal" "nothing changes before the reserved delivery"
e2e_type d
e2e_expect "$(e2e_msg "Cancel a reservation")" "D opens the form to drop a reservation"
e2e_assert_screen_has "予約の取り消し" "in Japanese: 予約の取り消し"
e2e_assert_screen_has "$rsv" "the pending reservation is filled in"
e2e_send Tab Tab
e2e_type "お客様の気が変わった"
e2e_send F5
e2e_expect "予約 #$rsv の取り消し" "the preview names the reservation"
e2e_send y
e2e_expect "取消済" "y confirms: the reservation is cancelled (取消済)"
e2e_assert_eq "$(psql1 "select status from rd.subscription_reservations where id = $rsv")" "cancelled" \
	"rd.subscription_reservations: cancelled"
e2e_assert_eq "$(subs_history subscription_reservations UPDATE)" "suzuki|お客様の気が変わった" \
	"rd.history: dropped by suzuki with the typed reason"
e2e_finish
