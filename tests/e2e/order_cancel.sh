#!/bin/sh
# order_cancel.sh: orders afterwards. Ctrl-O on the card lists the
# customer's orders, Enter opens one. F4 changes its time slot while
# another agent changes the same order: nothing is overwritten, both
# versions are shown side by side, F5 saves the pick against the new
# version. 'c' cancels: a reason is required, it asks first, and then
# the order is cancelled in the database with the reason in rd.history;
# a cancelled order cannot be cancelled again.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/order_lib.sh"

e2e_init order_cancel
e2e_db_setup

code=C0000007
cid=$(psql1 "select id from rd.customers where code = '$code'")
"$RD_BIN" --as suzuki order create --customer "$code" --item P001:1 --item P022:2 \
	--payment cod --slot none --reason "ordered by phone" --format json >"$E2E_TMP/order.json"
no=$(json_get .order_no "$E2E_TMP/order.json")
[ -n "$no" ] || { e2e_fail "an order to work on"; e2e_finish; }

order_card "$code"
e2e_send C-o
e2e_wait_line 1 "Orders" && e2e_pass "Ctrl-O opens the customer's orders"
e2e_assert_screen_has "> $no" "the newest order first, selected"
e2e_send Enter
e2e_expect "$no  $code" "Enter opens the order"
e2e_assert_screen_has "received" "its status"
cname=$(psql1 "select name from rd.customers where code = '$code'")
caddr=$(psql1 "select prefecture || address1 from rd.customers where code = '$code'")
e2e_assert_eq "$(e2e_screen | grep -F "Recipient" | grep -cF "$cname")" 1 "the recipient (the customer)"
e2e_assert_eq "$(e2e_screen | grep -F "Deliver to" | grep -cF "$caddr")" 1 "and the delivery address"
e2e_assert_screen_has "suzuki     order added" "its history in words: who made it"
e2e_assert_screen_has "F4 change  c cancel the order" "what can be done with it"

# a change that meets someone else's: the slot here, the date there
e2e_send F4
e2e_expect "Change the order" "F4 opens the change form"
e2e_send Tab
e2e_send Space
e2e_wait_for "Time slot           morning" || e2e_finish
e2e_send Tab Tab
e2e_type "the caller is out in the afternoon"
"$RD_BIN" --as suzuki order change "$no" --version 1 --slot 18-20 \
	--reason "other agent" >/dev/null 2>&1 ||
	e2e_fail "the other agent's change"
e2e_send F5
e2e_expect "Someone else changed this order while you were editing" "the conflict is shown"
e2e_assert_screen_has "morning" "with my version"
e2e_assert_screen_has "18-20" "and theirs"
e2e_assert_eq "$(psql1 "select time_slot || '|' || version from rd.orders where order_no = '$no'")" \
	"18-20|2" "nothing of mine was written over theirs"
e2e_send F5
e2e_expect "is changed" "F5 saves my pick against the new version"
e2e_assert_eq "$(psql1 "select time_slot || '|' || version from rd.orders where order_no = '$no'")" \
	"morning|3" "the database has my slot, version 3"

# cancel: a reason is required, it asks first
e2e_send c
e2e_expect "Cancel the order" "c asks for the reason"
e2e_send F5
e2e_expect "Reason:" "without a reason nothing happens"
e2e_assert_eq "$(psql1 "select status from rd.orders where order_no = '$no'")" "received" \
	"still received"
e2e_type "the customer changed her mind"
e2e_send F5
e2e_expect "Cancel order $no?" "F5 asks before cancelling"
e2e_send n
e2e_wait_gone "Cancel order $no?" || e2e_finish
e2e_assert_screen_has "the customer changed her mind" "n keeps the reason typed"
e2e_send F5
e2e_wait_for "Cancel order $no?" || e2e_finish
e2e_send y
e2e_expect "Order $no is cancelled." "y cancels"
e2e_assert_screen_has "cancelled" "the order screen shows it cancelled"
e2e_assert_screen_has "the customer changed her mind" "with the reason in its history"
e2e_assert_eq "$(psql1 "select status from rd.orders where order_no = '$no'")" "cancelled" \
	"rd.orders says cancelled"
e2e_assert_eq "$(psql1 "select actor || '|' || reason from rd.history
		where table_name = 'orders' and op = 'UPDATE'
		  and row_key = (select id::text from rd.orders where order_no = '$no')
		  and new_row->>'status' = 'cancelled'")" \
	"sato|the customer changed her mind" "rd.history has the cancel by sato with the reason"
e2e_send c
e2e_expect "only an order that has not shipped can be cancelled" "a cancelled order cannot be cancelled again"
e2e_send C-r
e2e_expect "History of order $no" "Ctrl-R opens the order's history"
e2e_assert_screen_has "the customer changed her mind" "the cancel is on it with its reason"
e2e_send Escape
e2e_wait_gone "History of order" || e2e_finish
e2e_send Escape
e2e_wait_line 1 "Orders" || e2e_finish
e2e_assert_screen_has "cancelled" "the list shows it cancelled"
e2e_send F10
e2e_finish
