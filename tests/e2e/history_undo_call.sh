#!/bin/sh
# history_undo_call.sh: a supervisor undoes a whole call. An agent
# (suzuki) takes a call: skips the next delivery and changes the time slot
# (two requests), and logs the call (the inquiry links both changes).
# The command line undoes the call in one step (history revert --call)
# and keeps one undo record; a second call's skip, moved again later by
# another person, is refused with the list of those later changes. On the
# screen the supervisor (takahashi) selects a change, Ctrl-Y undoes its
# request; a refusal is shown whole, wrapped, never cut off; F1 lists the
# key.
. "$(dirname "$0")/lib.sh"

e2e_init history_undo_call
e2e_db_setup

. "$(dirname "$0")/subscription_lib.sh"

sql() {
	"$RD_BIN" db psql -At -c "$1"
}

subs_new 40 3
phone=$(sql "SELECT phone1 FROM rd.customers WHERE id = $cust")
next0=$next

# --- the call: two requests, then the wrap-up links them -------------------
since=$(sql "SELECT clock_timestamp()")
"$RD_BIN" --as suzuki subscription skip "$sub" --reason 'お客様の希望' \
	--request-id 11111111-aaaa-4aaa-8aaa-000000000001 >/dev/null 2>&1 \
	|| e2e_fail "the agent's skip"
"$RD_BIN" --as suzuki subscription change "$sub" --time-slot morning --reason '午前中希望' \
	--request-id 11111111-aaaa-4aaa-8aaa-000000000002 >/dev/null 2>&1 \
	|| e2e_fail "the agent's time slot"
inq=$("$RD_BIN" --as suzuki inquiry open --customer "$code" --subscription "$sub" \
	--category skip --subject 'スキップと時間帯' --format json | jq -r '.id')
"$RD_BIN" --as suzuki inquiry wrapup "$inq" --since "$since" --resolved --note '対応済み' \
	>/dev/null 2>&1 || e2e_fail "the wrap-up"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.inquiry_entries WHERE inquiry_id = $inq AND kind = 'change_link'")" \
	"$(sql "SELECT count(*) FROM rd.history WHERE actor = 'suzuki' AND customer_id = $cust AND at >= '$since'
	        AND table_name NOT IN ('inquiries', 'inquiry_entries', 'inquiry_requests')")" \
	"the wrap-up linked every change of the call"

# an agent may not undo
"$RD_BIN" --as suzuki history revert --call "$inq" --reason 'x' >/dev/null 2>"$E2E_TMP/agent.err"
e2e_assert_eq "$?" 1 "an agent's undo is refused (exit 1)"

# the supervisor undoes the call on the command line
out=$("$RD_BIN" --as takahashi history revert --call "$inq" --reason '別のお客様の依頼だった' \
	--request-id 22222222-aaaa-4aaa-8aaa-000000000001 --format json)
e2e_assert_eq "$(printf '%s' "$out" | jq -r '.call')" "$inq" "the json names the call"
e2e_assert_eq "$(printf '%s' "$out" | jq -r '.history_ids | length')" 3 "three changes written"
e2e_assert_eq "$(sql "SELECT next_date || ' ' || time_slot FROM rd.subscriptions WHERE id = $sub")" \
	"$next0 none" "the date and the time slot are back"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $sub")" 0 "no skip left"
e2e_assert_eq "$(sql "SELECT undone_call || ' ' || actor || ' ' || cardinality(entries) FROM rd.history_undos WHERE request_id = '22222222-aaaa-4aaa-8aaa-000000000001'")" \
	"$inq takahashi $(sql "SELECT count(*) FROM rd.inquiry_entries WHERE inquiry_id = $inq AND kind = 'change_link'")" \
	"one undo record names the call and every change of it"
e2e_assert_eq "$(sql "SELECT status FROM rd.inquiries WHERE id = $inq")" resolved "the call's log is kept"

# --- a second skip, moved again later by someone else ----------------------
"$RD_BIN" --as suzuki subscription skip "$sub" --reason '旅行' \
	--request-id 11111111-aaaa-4aaa-8aaa-000000000003 >/dev/null 2>&1 || e2e_fail "the second skip"
later=$(sql "SELECT next_date + 7 FROM rd.subscriptions WHERE id = $sub")
"$RD_BIN" --as takahashi subscription change "$sub" --next-date "$later" --reason '倉庫の都合' \
	>/dev/null 2>&1 || e2e_fail "the later change"
"$RD_BIN" --as takahashi history revert --request 11111111-aaaa-4aaa-8aaa-000000000003 \
	--reason 'x' >/dev/null 2>"$E2E_TMP/refused.err"
e2e_assert_eq "$?" 1 "the undo of a request changed again later is refused (exit 1)"
e2e_assert_eq "$(head -n 1 "$E2E_TMP/refused.err" | grep -c 'later change')" 1 "the first line says why"
e2e_assert_eq "$(grep -c 'next delivery.*changed by 高橋' "$E2E_TMP/refused.err")" 1 \
	"the list names the field in words and who changed it"
e2e_assert_eq "$(grep -c 'next_date\|subscriptions ' "$E2E_TMP/refused.err")" 0 "no column or table names"

# --- on screen --------------------------------------------------------------
select_line() {
	_n=0
	while [ $_n -lt 20 ]; do
		if e2e_screen | grep -q "^>.*$1"; then
			return 0
		fi
		e2e_send Down
		sleep 0.1
		_n=$((_n + 1))
	done
	e2e_fail "no line with '$1' to select"
	return 1
}

e2e_start "$RD_BIN" --as takahashi --caller "$phone"
e2e_wait_line 1 "Customer  $code" || e2e_finish
e2e_send C-r
e2e_expect "History of $code" "Ctrl-R opens the customer's history"
e2e_assert_screen_has "Ctrl-Y: undo call" "the hint offers the undo"
e2e_send F1
e2e_expect "Ctrl-Y" "F1 lists Ctrl-Y"
e2e_assert_screen_has "Undo the call" "with what it does"
e2e_send Escape
e2e_wait_gone "Undo the call (or request)" || e2e_finish

select_line "旅行"
e2e_send C-y
e2e_expect "Reason for undoing the request" "Ctrl-Y asks for the reason"
e2e_type "誤操作"
e2e_send Enter
e2e_expect "(y/n)" "it confirms what it will undo"
e2e_send y
e2e_expect "Cannot undo: 1 later change(s)" "the refusal is shown"
e2e_assert_screen_has "changed by 高橋" "with the later change"
e2e_assert_screen_has "at 20" "and when, whole (wrapped, not cut off)"

# the later change is reverted first; then the undo goes through
"$RD_BIN" --as takahashi history revert "$(sql "SELECT max(id) FROM rd.history WHERE table_name = 'subscriptions' AND row_key = '$sub' AND reason = '倉庫の都合'")" \
	--reason '先に戻す' >/dev/null 2>&1 || e2e_fail "the later change reverted"
e2e_send Down Up
select_line "旅行"
e2e_send C-y
e2e_expect "Reason for undoing the request" "Ctrl-Y again"
e2e_type "誤操作"
e2e_send Enter
e2e_expect "(y/n)"
e2e_send y
e2e_expect "Undone request: 2 change(s) written" "the undo is done"
e2e_assert_eq "$(sql "SELECT next_date || ' ' || (SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $sub) FROM rd.subscriptions WHERE id = $sub")" \
	"$next0 0" "the subscription is as before the second skip"
e2e_assert_eq "$(sql "SELECT undone_request FROM rd.history_undos WHERE actor = 'takahashi' ORDER BY id DESC LIMIT 1")" \
	"11111111-aaaa-4aaa-8aaa-000000000003" "the undo record names the request"
e2e_send F10
e2e_wait_gone "F10 Quit"
e2e_finish
