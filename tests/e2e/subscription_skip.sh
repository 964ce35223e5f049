#!/bin/sh
# subscription_skip.sh: a caller is travelling and asks to skip the next
# delivery. The agent (suzuki) opens the customer's card, Ctrl-T lists the
# subscriptions, types 7 next to the line and Enter; the skip form takes a
# reason from the list; F5 shows the preview (delivery 4 moves from its
# date to the next slot, the next three deliveries afterwards, the price
# effect) and nothing is written yet; y confirms. The subscription screen,
# rd.subscriptions, rd.subscription_skips and rd.history (reason, actor)
# show the skip. A second skip past the limit of skips in a row is refused
# in the preview with the rule's name, and nothing is written.
. "$(dirname "$0")/lib.sh"

e2e_init subscription_skip
e2e_db_setup

. "$(dirname "$0")/subscription_lib.sh"

# delivery 4 is 40 days ahead: well before its cut-off
subs_new 40 3
after=$("$RD_BIN" cycle dates "$cycle" --from "$next" --count 1)
psql1 "update rd.settings set value = '1' where key = 'max_consecutive_skips'" >/dev/null

subs_open_list suzuki
e2e_pass "Ctrl-T on the card lists the subscriptions with the options hint"
e2e_assert_screen_has "$(shown_list_day "$next")" "the list shows the next delivery date"

e2e_type 7
e2e_expect "> 7 " "7 is typed in the option column"
e2e_send Enter
e2e_expect "Skip a delivery" "Enter executes the option: the skip form"
e2e_send Tab Tab Space
e2e_send F5
e2e_expect "Preview" "F5 shows the preview"
e2e_assert_screen_has "skip delivery 4" "the preview says what the skip does"
subs_assert_line "$(shown_day "$next")" "→ $(shown_day "$after")" "the preview moves delivery 4 from $next to $after"
e2e_assert_screen_has "Next deliveries" "the preview lists the next deliveries"
e2e_assert_screen_has "Per delivery" "the preview shows the price effect"
e2e_assert_screen_has "Reason: travelling" "the reason picked from the list"
e2e_assert_eq "$(psql1 "select version || ' ' || next_date from rd.subscriptions where id = $sub")" \
	"1 $next" "the preview wrote nothing"

e2e_send y
e2e_expect "Done: skip delivery 4" "y confirms: done, with the new version"
e2e_assert_eq "$(psql1 "select version || ' ' || next_date from rd.subscriptions where id = $sub")" \
	"2 $after" "rd.subscriptions: version 2, the next delivery moved on"
e2e_assert_eq "$(psql1 "select date || ' ' || delivery_no from rd.subscription_skips where subscription_id = $sub")" \
	"$next 4" "rd.subscription_skips: the skipped slot, with its delivery number"
e2e_assert_eq "$(subs_history subscription_skips INSERT)" "suzuki|travelling" "rd.history: the skip by suzuki, with the reason"
e2e_assert_eq "$(psql1 "select i.category || '|' || i.subscription_id || '|' || count(e.history_id)
		from rd.inquiries i join rd.inquiry_entries e on e.inquiry_id = i.id
		join rd.history h on h.id = e.history_id and h.table_name = 'subscription_skips'
		where i.customer_id = $cust group by i.id")" \
	"skip|$sub|1" "the call's inquiry (category skip) links the skip's history row, written in its transaction"

# the list again: 5 shows the subscription with the skipped slot
e2e_type 5
e2e_send Enter
e2e_expect "Next deliveries" "5 opens the subscription screen"
e2e_assert_screen_has "skipped" "the skipped delivery is marked"
e2e_assert_screen_has "the next is delivery 4" "the delivery number reached"
e2e_assert_screen_has "reason: travelling" "the recent history shows the reason"

# Ctrl-R: the history of this subscription alone, the skip in words
e2e_send C-r
e2e_expect "History of subscription $sub" "Ctrl-R opens the subscription's history"
e2e_assert_screen_has "skipped" "the skip is on its timeline"
e2e_assert_screen_has "travelling" "with its reason"
e2e_send Escape
e2e_expect "Recent history" "Esc goes back to the subscription screen"

# a second skip in a row is refused by the rule (max_consecutive_skips = 1)
e2e_type s
e2e_expect "Skip a delivery" "s opens the skip form"
e2e_send Tab Tab Tab
e2e_type "旅行が続く"
e2e_send F5
e2e_expect "Refused (rule max_consecutive_skips)" "the preview refuses it, naming the rule"
e2e_send y
e2e_expect "A rule refuses this request" "y does not apply a refused request"
e2e_assert_eq "$(psql1 "select count(*) from rd.subscription_skips where subscription_id = $sub")" \
	"1" "nothing more was written"
e2e_send Escape
e2e_expect "Leave this screen?" "Esc asks before the typed request is lost"
e2e_send y
e2e_expect "Recent history" "back on the subscription screen"
e2e_finish
