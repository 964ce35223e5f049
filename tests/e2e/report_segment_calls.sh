#!/bin/sh
# report_segment_calls.sh: a segment of the reports becomes a call list
# that an agent works (issue 13 §5, §6, §7), two terminals, in Japanese.
#
# The supervisor takahashi opens the reports (r), the segments report's
# LTV view, moves to a segment and presses Enter: the customer lookup
# lists that segment's customers (as many as the report counted). F5
# there makes a call list for the team 定期サポート. The agent suzuki
# finds the list's calls in his team queue and records one reached. The
# database agrees at each step.
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034 # read by lib.sh
E2E_LANG=ja
e2e_init report_segment_calls
e2e_db_setup

psql1() {
	"$RD_BIN" db psql -At -c "$1"
}

# --- the supervisor: the segments report ---
e2e_start "$RD_BIN" --as takahashi
e2e_wait_for "F10 終了" || e2e_finish
e2e_type r
e2e_wait_for "$(e2e_msg "Reports for supervisors")" || e2e_finish
# the segments report's views are the last of the menu; End selects the last
e2e_send End
e2e_wait_for "> 顧客セグメント" || e2e_finish
e2e_send Enter
e2e_expect "顧客セグメント — " "Enter runs the segments report"
# the second segment: the one with the most customers is not needed, one
# with a few is enough for a call list
e2e_send Down
sleep 0.3
row=$(e2e_screen | grep "^> " | head -n 1)
[ -n "$row" ] || { e2e_fail "a selected segment"; e2e_finish; }
e2e_pass "Down selects the next segment: $row"
e2e_send Enter
e2e_expect "セグメント：" "Enter opens the segment's customers in the lookup"
e2e_wait_for " 件" || e2e_finish
n=$(e2e_screen | sed -n 's/^ *\([0-9,][0-9,]*\) 件.*/\1/p' | head -n 1 | tr -d ,)
[ -n "$n" ] && [ "$n" -gt 0 ] || { e2e_fail "a count of customers: '$n'"; e2e_finish; }
case " $row " in
*" $n "*|*" $(printf "%'d" "$n" 2>/dev/null) "*) e2e_pass "the lookup finds as many customers as the report counted ($n)" ;;
*) e2e_fail "the report's row '$row' does not count $n customers" ;;
esac

# --- F5: a call list of the segment ---
e2e_assert_screen_has "F5 架電リスト" "a supervisor's legend offers F5 架電リスト on the segment's list"
e2e_send F5
e2e_expect "$(e2e_msg "Which team calls them?")" "F5 asks which team calls them"
e2e_type "定期"
e2e_wait_for "> 定期サポート" || e2e_finish
e2e_send Enter
e2e_wait_for "リスト名" || e2e_finish
e2e_send C-u
e2e_type "LTV架電"
# the category (a choice): Space picks the first
e2e_send Down " "
e2e_send F5
e2e_expect "を作った：架電" "F5 makes the call list"
lid=$(psql1 "SELECT max(id) FROM rd.call_lists WHERE name = 'LTV架電'")
[ -n "$lid" ] || { e2e_fail "the call list in the database"; e2e_finish; }
e2e_assert_eq "$(psql1 "SELECT total + left_out_no_call FROM rd.call_lists WHERE id = $lid")" "$n" \
	"the database: every customer of the segment is called or left out for asking no calls"
e2e_assert_eq "$(psql1 "SELECT count(*) FROM rd.inquiries WHERE call_list_id = $lid AND channel = 'outbound_call' AND status = 'open'")" \
	"$(psql1 "SELECT total FROM rd.call_lists WHERE id = $lid")" "one open outbound call per customer called"
first=$(psql1 "SELECT max(i.id) FROM rd.inquiries i WHERE i.call_list_id = $lid")

# --- the agent works a call ---
e2e_term_start agt "$RD_BIN" --as suzuki
e2e_term_wait agt "F10 終了" || e2e_finish
e2e_term_send agt C-n
e2e_term_wait agt "2 自分" || e2e_finish
e2e_term_type agt 3
e2e_term_type agt s
e2e_term_expect agt "LTV架電" "the list's calls are in the team queue"
e2e_term_send agt Enter
e2e_term_expect agt "#$first  LTV架電" "Enter opens the newest call of the list"
e2e_term_type agt k
e2e_term_wait agt "架電結果は？" || e2e_finish
e2e_term_type agt 1
e2e_term_wait agt "架電結果：本人と通話" || e2e_finish
e2e_term_type agt "継続してくださるとのこと"
e2e_term_send agt F5
e2e_term_expect agt "架電結果を記録した：本人と通話。" "the agent records reached"
e2e_assert_eq "$(psql1 "SELECT status FROM rd.inquiries WHERE id = $first")" resolved \
	"the database: the call is resolved"

e2e_term_send agt F10
e2e_send F10
e2e_finish
