#!/bin/sh
# call_list.sh: an outbound call list from the lookup to the agent's
# outcomes, two terminals at once, in Japanese (issue 13, section 6).
#
# The supervisor takahashi opens the lookup, narrows it with the filter
# panel (prefecture 沖縄県: four customers, one of whom asked not to be
# called), presses F5 and makes a call list for the team 定期サポート,
# picked from the list of teams by typing part of its name. The agent
# suzuki (of that team) opens the team queue (Ctrl-N, 3), opens the
# list's newest call, records no answer with a time to call again (k 2),
# opens the next and records reached (k 1). The supervisor's dashboard
# follows without a key press; the dashboard, `calllist show` and the
# database agree on the progress.
. "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2034 # read by lib.sh
E2E_LANG=ja
e2e_init call_list
e2e_db_setup

psql1() {
	"$RD_BIN" db psql -At -c "$1"
}

# four customers of Okinawa (and nobody else there), the last asks for no calls
psql1 "UPDATE rd.customers SET prefecture = '鹿児島県' WHERE prefecture = '沖縄県'" >/dev/null
psql1 "UPDATE rd.customers SET prefecture = '沖縄県', no_call = (code = 'C0000014')
	WHERE code IN ('C0000011', 'C0000012', 'C0000013', 'C0000014')" >/dev/null
retry=$(psql1 "SELECT to_char((now() AT TIME ZONE 'Asia/Tokyo')::date + 1, 'YYYY-MM-DD') || ' 10:30'")

# --- the supervisor: lookup, filters, F5 ---
e2e_start "$RD_BIN" --as takahashi
e2e_wait_for "F10 終了" || e2e_finish
e2e_send F2
e2e_wait_line 1 "顧客検索" || e2e_finish
e2e_send F3
e2e_expect "$(e2e_msg "LTV from (yen)")" "F3 opens the filter panel"
e2e_send Down Down Down Down Down Down Down
e2e_type "沖縄県"
e2e_send Enter
e2e_expect "4 件" "the filters find the four customers of Okinawa"
e2e_assert_screen_has "F5 架電リスト" "a supervisor's legend offers F5 架電リスト"
e2e_send F5
e2e_expect "$(e2e_msg "Which team calls them?")" "F5 asks which team calls them"
e2e_assert_screen_has "お客様 4 件。電話不可のお客様は除外して件数を数える。" "it says how many were found, and that no-call ones are left out"
e2e_type "定期"
e2e_wait_gone "受注センター" && e2e_pass "typing 定期 narrows the teams"
e2e_assert_screen_has "> 定期サポート" "定期サポート is selected"
e2e_send Enter
e2e_expect "チーム：定期サポート" "Enter picks the team; the list's name is asked"
e2e_assert_screen_has "リスト名" "the form in Japanese (リスト名)"
e2e_send C-u
e2e_type "沖縄のお客様へ継続のお願い"
e2e_send F5
e2e_expect "を作った：架電 3 件を 定期サポート のキューに入れた。" "F5 makes it: 3 calls in the team's queue"
e2e_assert_screen_has "除外 1 件（電話不可）" "and says 1 was left out (no calls)"
lid=$(psql1 "SELECT max(id) FROM rd.call_lists WHERE name = '沖縄のお客様へ継続のお願い'")
e2e_assert_eq "$(psql1 "SELECT total || ' ' || left_out_no_call || ' ' || created_by FROM rd.call_lists WHERE id = $lid")" \
	"3 1 takahashi" "the database: 3 calls, 1 left out, made by takahashi"
e2e_assert_eq "$(psql1 "SELECT string_agg(c.code, ',' ORDER BY c.code) FROM rd.inquiries i JOIN rd.customers c ON c.id = i.customer_id WHERE i.call_list_id = $lid AND i.channel = 'outbound_call' AND i.status = 'open'")" \
	"C0000011,C0000012,C0000013" "one open outbound call per customer who may be called"
e2e_send Escape
e2e_wait_line 1 "顧客検索" || e2e_finish
e2e_send Escape
e2e_wait_gone "顧客検索" || e2e_finish
e2e_send C-b
e2e_expect "架電リスト（実施中）：進み具合" "the dashboard shows the open call lists"
e2e_expect "済 0/3" "nothing is done yet"
e2e_assert_screen_has "未架電 3" "three not called"
e2e_assert_screen_has "除外 1" "one left out"

# --- the agent of the team works two calls from the team queue ---
e2e_term_start agt "$RD_BIN" --as suzuki
e2e_term_wait agt "F10 終了" || e2e_finish
e2e_term_send agt C-n
e2e_term_wait agt "2 自分" || e2e_finish
e2e_term_type agt 3
e2e_term_type agt s
e2e_term_expect agt "沖縄のお客様へ" "the list's calls are in the team queue"
q3=$(psql1 "SELECT i.id FROM rd.inquiries i JOIN rd.customers c ON c.id = i.customer_id WHERE i.call_list_id = $lid AND c.code = 'C0000013'")
q2=$(psql1 "SELECT i.id FROM rd.inquiries i JOIN rd.customers c ON c.id = i.customer_id WHERE i.call_list_id = $lid AND c.code = 'C0000012'")
e2e_term_send agt Enter
e2e_term_expect agt "#$q3  沖縄のお客様へ継続のお願い" "Enter opens the newest call of the list"
e2e_term_expect agt "k 架電結果" "an open outbound call offers k 架電結果 on the hint line"
e2e_term_type agt k
e2e_term_expect agt "架電結果は？" "k asks for the outcome, from a list"
e2e_term_expect agt "2 不在" "the outcomes are numbered (2 不在)"
e2e_term_type agt 2
e2e_term_expect agt "架電結果：不在" "2 picks no answer; the time to call again is asked"
e2e_term_send agt C-u
e2e_term_type agt "$retry"
e2e_term_send agt Tab
e2e_term_type agt "留守番電話"
e2e_term_send agt F5
e2e_term_expect agt "架電結果を記録した：不在。" "F5 records no answer"
e2e_term_expect agt "架電：不在。" "the timeline keeps it in the business's words"
e2e_assert_eq "$(psql1 "SELECT status || ' ' || to_char(callback_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') FROM rd.inquiries WHERE id = $q3")" \
	"open $retry" "the database: still open, callback at the time given"
e2e_term_send agt Escape
e2e_term_wait agt "2 自分" || e2e_finish
e2e_term_send agt Down
e2e_term_send agt Enter
e2e_term_expect agt "#$q2  沖縄のお客様へ継続のお願い" "the next call of the list"
e2e_term_type agt k
e2e_term_expect agt "架電結果は？" "k again"
e2e_term_type agt 1
e2e_term_expect agt "架電結果：本人と通話" "1 picks reached; a note is asked"
e2e_term_type agt "継続してくださるとのこと"
e2e_term_send agt F5
e2e_term_expect agt "架電結果を記録した：本人と通話。" "F5 records reached"
e2e_assert_eq "$(psql1 "SELECT status FROM rd.inquiries WHERE id = $q2")" resolved \
	"the database: reached resolves the call"

# --- the supervisor's dashboard followed; it, the command and the database agree ---
e2e_expect "済 1/3" "the dashboard shows one call done, without a key press"
e2e_assert_screen_has "再架電待ち 1" "one to call again"
e2e_assert_screen_has "未架電 1" "one not called yet"
e2e_assert_screen_has "本人と通話 1" "one reached"
"$RD_BIN" --as takahashi calllist show "$lid" --format json >"$E2E_TMP/show.json" 2>&1
e2e_assert_eq "$(jq -r '"\(.done)/\(.total) \(.waiting_retry) \(.not_called) \(.reached) \(.left_out_no_call)"' "$E2E_TMP/show.json")" \
	"1/3 1 1 1 1" "calllist show says the same"
e2e_assert_eq "$(psql1 "SELECT count(*) FILTER (WHERE status = 'resolved') || '/' || count(*) || ' ' || count(*) FILTER (WHERE status = 'open' AND callback_at IS NOT NULL) || ' ' || count(*) FILTER (WHERE status = 'open' AND callback_at IS NULL) FROM rd.inquiries WHERE call_list_id = $lid")" \
	"1/3 1 1" "and so does the database"
e2e_assert_eq "$(psql1 "SELECT string_agg(e.call_outcome || ':' || e.author, ',' ORDER BY e.id) FROM rd.inquiry_entries e JOIN rd.inquiries i ON i.id = e.inquiry_id WHERE i.call_list_id = $lid AND e.call_outcome IS NOT NULL")" \
	"no_answer:suzuki,reached:suzuki" "the outcomes are suzuki's, in order"

e2e_term_send agt F10
e2e_send F10
e2e_wait_gone "F10 終了"
e2e_finish
