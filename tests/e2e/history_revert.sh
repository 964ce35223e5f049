#!/bin/sh
# history_revert.sh: a supervisor reverts a wrong skip from the history
# viewer. An agent (suzuki) skips a delivery by mistake on the command
# line; the supervisor (takahashi) opens the customer, Ctrl-R shows the
# customer's whole history, she finds the skip, looks at it in full and as
# it was before, and reverts it with a reason. The screen, the
# subscription, its skips and the new history rows linked to the skip
# (reverts, actor, reason) are checked. Then an operator (sato) tries a
# revert and gets the database's refusal, and nothing is written.
. "$(dirname "$0")/lib.sh"

e2e_init history_revert
e2e_db_setup

sql() {
	"$RD_BIN" db psql -At -c "$1"
}

# a customer whose phone is theirs alone (the call opens the card)
code=$(sql "SELECT c.code FROM rd.customers c WHERE c.phone1 IS NOT NULL
            AND (SELECT count(*) FROM rd.customers o WHERE c.phone1 IN (o.phone1, o.phone2)) = 1
            ORDER BY c.id LIMIT 1")
customer=$(sql "SELECT id FROM rd.customers WHERE code = '$code'")
phone=$(sql "SELECT phone1 FROM rd.customers WHERE code = '$code'")
sku=$(sql "SELECT sku FROM rd.products WHERE active AND subscription_price IS NOT NULL ORDER BY sku LIMIT 1")
sub=$(sql "WITH s AS (INSERT INTO rd.subscriptions (customer_id, cycle, payment, next_date,
                delivery_count, started_on)
     VALUES ($customer, '1m:15', 'cod', '2026-12-15', 3, '2026-08-15') RETURNING id)
     INSERT INTO rd.subscription_lines (subscription_id, sku, quantity, unit_price)
     SELECT s.id, p.sku, 2, p.subscription_price FROM s, rd.products p WHERE p.sku = '$sku'
     RETURNING subscription_id" | head -n 1)

# the wrong skip
"$RD_BIN" --as suzuki subscription skip "$sub" --today 2026-11-20 --reason 'お客様の希望' \
	>"$E2E_TMP/skip.out" 2>&1 || { cat "$E2E_TMP/skip.out"; e2e_fail "the agent's skip"; e2e_finish; }
skip_id=$(sql "SELECT max(id) FROM rd.history WHERE table_name = 'subscription_skips'
               AND new_row ->> 'subscription_id' = '$sub'")
e2e_assert_eq "$(sql "SELECT next_date FROM rd.subscriptions WHERE id = $sub")" 2027-01-15 "the skip moved the next delivery"

# select_line TEXT: moves the cursor (the line starting with '>') down to
# the first change whose line holds TEXT
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
e2e_wait_line 1 "Customer  $code" && e2e_pass "the supervisor has the customer's card"
e2e_send C-r
e2e_expect "History of $code" "Ctrl-R opens the customer's history"
e2e_expect "delivery 4 on 2026/12/15(Tue) skipped" "the skip, in words"
e2e_assert_screen_has "next delivery: 2026/12/15(Tue) -> 2027/01/15(Fri)" "the date it moved, old -> new"
e2e_assert_screen_has "お客様の希望" "with its reason"
e2e_assert_screen_has "鈴木" "and who made it"
e2e_assert_screen_has "r: revert" "the revert key is offered"

select_line "delivery 4 on 2026/12/15(Tue) skipped"
e2e_send Enter
e2e_expect "Change #$skip_id" "Enter shows the change in full"
e2e_assert_screen_has "suzuki" "with the login"
e2e_assert_screen_has "skipped date" "and its fields"
e2e_send Escape
e2e_expect "F3: filters" "Esc goes back to the list"

# as it was before the skip
before=$(sql "SELECT to_char((at - interval '1 millisecond') AT TIME ZONE 'Asia/Tokyo',
                     'YYYY-MM-DD HH24:MI:SS.US') FROM rd.history WHERE id = $skip_id - 1")
e2e_send a
e2e_expect "Show as it was at" "a asks for a time"
e2e_send C-u
e2e_type "$before"
e2e_send Enter
e2e_expect "As it was at $before" "the as-of view"
e2e_assert_screen_has "next delivery              2026/12/15(Tue)" "the subscription before the skip"
e2e_send Escape
e2e_expect "F3: filters" "back to the list"

select_line "delivery 4 on 2026/12/15(Tue) skipped"
e2e_send r
e2e_expect "Reason for reverting #$skip_id" "r asks for the reason"
e2e_type "誤操作: お客様はスキップを希望していない"
e2e_send Enter
e2e_expect "the other 1 change(s) of the same request? (y/n)" "it confirms what it will undo"
e2e_send y
e2e_expect "Reverted #$skip_id: 2 change(s) written" "the revert is done"
e2e_expect "(revert of #$skip_id)" "the timeline shows the revert"
e2e_assert_screen_has "(reverted by #" "and marks the skip as reverted"

e2e_assert_eq "$(sql "SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $sub")" 0 "no skip left"
e2e_assert_eq "$(sql "SELECT next_date FROM rd.subscriptions WHERE id = $sub")" 2026-12-15 "the next delivery is back"
e2e_assert_eq "$(sql "SELECT op || '|' || actor || '|' || reason FROM rd.history WHERE reverts = $skip_id")" \
	"DELETE|takahashi|誤操作: お客様はスキップを希望していない" "the new history row links the skip"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.history WHERE reverts IS NOT NULL AND actor = 'takahashi'")" 2 \
	"two linked rows: the skip and the date"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.history WHERE id = $skip_id AND op = 'INSERT'")" 1 \
	"the skip's own history row is kept"
# the filters: only the supervisor's changes
e2e_send F3
e2e_expect "Changed by (login)" "F3 opens the filters"
e2e_send Down
e2e_type takahashi
e2e_send F5
e2e_expect "Filters: by takahashi" "the filter is applied and said"
e2e_assert_screen_lacks "鈴木" "only the supervisor's changes are listed"
e2e_assert_screen_has "(revert of #$skip_id)" "her revert among them"
e2e_send F10
e2e_wait_gone "F10 Quit"

# an operator tries: the database refuses
"$RD_BIN" --as suzuki subscription skip "$sub" --today 2026-11-20 --reason 'もう一度' >/dev/null 2>&1
count=$(sql "SELECT count(*) FROM rd.history")
e2e_start "$RD_BIN" --as sato --caller "$phone"
e2e_wait_line 1 "Customer  $code" && e2e_pass "the operator has the card"
e2e_send C-r
e2e_expect "r: revert (supervisors)" "the operator's hint says who may revert"
select_line "skipped"
e2e_send r
e2e_expect "Reason for reverting" "the operator is asked too"
e2e_type "try"
e2e_send Enter
e2e_expect "(y/n)"
e2e_send y
e2e_expect "your role is not allowed to do this" "the database's refusal on one line"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.history")" "$count" "nothing written"
e2e_assert_eq "$(sql "SELECT count(*) FROM rd.subscription_skips WHERE subscription_id = $sub")" 1 "the skip stays"
e2e_send F10
e2e_wait_gone "F10 Quit"
e2e_finish
