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
# A main path: in Japanese (issue 12); whole messages through e2e_msg,
# fragments and a few checks as Japanese literals (an English screen fails).
# The summaries and reasons written by the program are in the business's
# language (Japanese by default), "Done:" in the terminal's.
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034 # read by lib.sh
E2E_LANG=ja
e2e_init subscription_skip
e2e_db_setup

. "$(dirname "$0")/subscription_lib.sh"

# delivery 4 is 40 days ahead: well before its cut-off
subs_new 40 3
after=$("$RD_BIN" cycle dates "$cycle" --from "$next" --count 1)
# the skipped slot as the summary names it: 01/17 (month/day, no weekday)
md=$(printf '%s' "$next" | cut -c6- | tr - /)
psql1 "update rd.settings set value = '1' where key = 'max_consecutive_skips'" >/dev/null

subs_open_list suzuki
e2e_pass "Ctrl-T on the card lists the subscriptions with the options hint"
e2e_assert_screen_has "$(shown_list_day "$next")" "the list shows the next delivery date"

e2e_type 7
e2e_expect "> 7 " "7 is typed in the option column"
e2e_send Enter
e2e_expect "$(e2e_msg "Skip a delivery")" "Enter executes the option: the skip form"
e2e_assert_screen_has "お届けのスキップ" "in Japanese: お届けのスキップ"
e2e_send Tab Tab Space
e2e_send F5
e2e_expect "$(e2e_msg "Preview")" "F5 shows the preview"
e2e_assert_screen_has "4回目（$md）をスキップ" "the preview says what the skip does, in the business's words (4回目（$md）をスキップ)"
subs_assert_line "$(shown_day "$next")" "→ $(shown_day "$after")" "the preview moves delivery 4 from $next to $after"
e2e_assert_screen_has "$(e2e_msg "Next deliveries")" "the preview lists the next deliveries"
e2e_assert_screen_has "1回あたり" "the preview shows the price effect (1回あたり)"
e2e_assert_screen_has "理由：旅行" "the reason picked from the list (理由：旅行)"
e2e_assert_eq "$(psql1 "select version || ' ' || next_date from rd.subscriptions where id = $sub")" \
	"1 $next" "the preview wrote nothing"

e2e_send y
e2e_expect "完了：4回目（$md）をスキップ" "y confirms: done (完了), with the new version"
e2e_assert_screen_has "$(e2e_msg "Done: %s (version %d)" | sed 's/%s.*//')" "the Done message from the catalogue"
e2e_assert_screen_has "完了：4回目（$md）をスキップ（バージョン 2）。" "the whole Done sentence in Japanese, ending in 。"
e2e_assert_eq "$(psql1 "select version || ' ' || next_date from rd.subscriptions where id = $sub")" \
	"2 $after" "rd.subscriptions: version 2, the next delivery moved on"
e2e_assert_eq "$(psql1 "select date || ' ' || delivery_no from rd.subscription_skips where subscription_id = $sub")" \
	"$next 4" "rd.subscription_skips: the skipped slot, with its delivery number"
e2e_assert_eq "$(subs_history subscription_skips INSERT)" "suzuki|$(e2e_msg travelling)" "rd.history: the skip by suzuki, with the reason (in the business's language)"
e2e_assert_eq "$(psql1 "select i.category || '|' || i.subscription_id || '|' || count(e.history_id)
		from rd.inquiries i join rd.inquiry_entries e on e.inquiry_id = i.id
		join rd.history h on h.id = e.history_id and h.table_name = 'subscription_skips'
		where i.customer_id = $cust group by i.id")" \
	"skip|$sub|1" "the call's inquiry (category skip) links the skip's history row, written in its transaction"

# the list again: 5 shows the subscription with the skipped slot
e2e_type 5
e2e_send Enter
e2e_expect "$(e2e_msg "Next deliveries")" "5 opens the subscription screen"
e2e_assert_screen_has "スキップ" "the skipped delivery is marked"
e2e_assert_screen_has "次回は 4回目" "the delivery number reached"
e2e_assert_screen_has "理由：旅行" "the recent history shows the reason"

# Ctrl-R: the history of this subscription alone, the skip in words
e2e_send C-r
e2e_expect "定期 $sub (" "Ctrl-R opens the subscription's history"
e2e_assert_screen_has "の変更履歴" "titled in Japanese (…の変更履歴)"
e2e_assert_screen_has "スキップ" "the skip is on its timeline"
e2e_assert_screen_has "旅行" "with its reason"
e2e_send Escape
e2e_expect "$(e2e_msg "Recent history")" "Esc goes back to the subscription screen"

# a second skip in a row is refused by the rule (max_consecutive_skips = 1)
e2e_type s
e2e_expect "$(e2e_msg "Skip a delivery")" "s opens the skip form"
e2e_send Tab Tab Tab
e2e_type "旅行が続く"
e2e_send F5
e2e_expect "拒否（ルール" "the preview refuses it"
e2e_assert_screen_has "max_consecutive_skips）：" "naming the rule"
e2e_send y
e2e_expect "$(e2e_msg "A rule refuses this request: F4 changes it, Esc leaves.")" "y does not apply a refused request"
e2e_assert_eq "$(psql1 "select count(*) from rd.subscription_skips where subscription_id = $sub")" \
	"1" "nothing more was written"
e2e_send Escape
e2e_expect "$(e2e_msg "Leave this screen? Unsaved input will be lost.")" "Esc asks before the typed request is lost"
e2e_assert_screen_has "この画面を離れる？" "in Japanese"
e2e_send y
e2e_expect "$(e2e_msg "Recent history")" "back on the subscription screen"
e2e_finish
