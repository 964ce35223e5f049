#!/bin/sh
# customer_live.sh: the card, the order screen and the subscription screen
# follow changes made elsewhere, without a key (issue 10 §4: the address
# stayed stale until Ctrl-L). suzuki has a customer's card open in one
# terminal; the address is changed on the command line and, in a second
# terminal, by sato on her own card: suzuki's card shows each new address
# by itself. With the customer form open over the card and text typed in
# it, a change elsewhere leaves the typed text alone; the card is current
# when the form is left. The order screen shows the new delivery address
# the same way, and the subscription screen a new time slot.
. "$(dirname "$0")/lib.sh"

e2e_init customer_live
e2e_db_setup

. "$(dirname "$0")/subscription_lib.sh"

subs_new 40 3
phone=$(psql1 "select phone1 from rd.customers where id = $cust")
no=$("$RD_BIN" --as suzuki order create --customer "$code" --item P001:1 --payment cod \
	--slot none --reason "ordered by phone" --format json | jq -r '.order_no')
[ -n "$no" ] && [ "$no" != null ] || { e2e_fail "an order to look at"; e2e_finish; }

e2e_start "$RD_BIN" --as suzuki
e2e_wait_line 1 "DB ok" || e2e_finish
e2e_send F2
e2e_type "$code"
e2e_wait_for "1 customer" || e2e_finish
e2e_send Enter
e2e_wait_line 1 "Customer  $code" || e2e_finish

# --- the card follows the command line ---
"$RD_BIN" --as sato customer edit "$code" --address1 "中央区銀座1-1-1" \
	--reason "お引越し" >/dev/null || e2e_fail "the address changed on the command line"
e2e_expect "中央区銀座1-1-1" "the card shows the new address without a key"

# --- and another terminal ---
e2e_term_start op "$RD_BIN" --as sato --caller "$phone"
e2e_term_wait op "Customer  $code" || e2e_finish
e2e_term_send op F4
e2e_term_wait op "Customer details" || e2e_finish
# the address line of the form: Tab down to it, then type
_i=0
while [ $_i -lt 12 ] && ! e2e_term_screen op | grep -q "^.*> *Address"; do
	e2e_term_send op Tab
	sleep 0.1
	_i=$((_i + 1))
done
e2e_term_send op C-u
e2e_term_type op "港区六本木2-2-2"
e2e_term_send op F5
e2e_term_wait op "Reason for change: required" || e2e_finish
e2e_term_type op "転居のご連絡"
e2e_term_send op F5
e2e_term_wait op "Customer  $code" || e2e_finish
e2e_expect "港区六本木2-2-2" "the card shows the address sato saved in the other terminal"
e2e_term_send op F10

# --- a form open over the card keeps what is typed ---
e2e_send F4
e2e_expect "Customer details" "F4 opens the customer form"
e2e_send Tab
e2e_send C-u
e2e_type "スズキの入力"
"$RD_BIN" --as sato customer edit "$code" --address1 "千代田区丸の内3-3-3" \
	--reason "再度のお引越し" >/dev/null || e2e_fail "a change while the form is open"
sleep 1
e2e_assert_screen_has "スズキの入力" "the typed text is still in the form"
e2e_assert_screen_has "Customer details" "and the form is still open"
e2e_send Escape
e2e_expect "Leave this screen?" "Esc asks before the typed text is lost"
e2e_send y
e2e_wait_line 1 "Customer  $code" || e2e_finish
e2e_expect "千代田区丸の内3-3-3" "back on the card: the address changed meanwhile"

# --- the order screen ---
e2e_send C-o
e2e_wait_line 1 "Orders" || e2e_finish
e2e_send Enter
e2e_expect "$no  $code" "the order screen"
e2e_assert_screen_has "千代田区丸の内3-3-3" "it shows where the order goes"
"$RD_BIN" --as sato customer edit "$code" --address1 "新宿区西新宿4-4-4" \
	--reason "お届け先の訂正" >/dev/null || e2e_fail "the address changed again"
e2e_expect "新宿区西新宿4-4-4" "the order screen follows the new address without a key"
e2e_send Escape
e2e_send Escape
e2e_wait_line 1 "Customer  $code" || e2e_finish

# --- the subscription screen ---
e2e_send C-t
e2e_wait_for "Options: 2=Change" || e2e_finish
e2e_type 5
e2e_send Enter
e2e_expect "Next deliveries" "the subscription screen"
e2e_assert_screen_lacks "morning" "no time slot yet"
"$RD_BIN" --as suzuki subscription change "$sub" --time-slot morning --reason "午前中希望" \
	>/dev/null 2>&1 || e2e_fail "the time slot changed on the command line"
e2e_expect "morning" "the subscription screen follows the change without a key"
e2e_assert_eq "$(psql1 "select address1 || ' ' || time_slot from rd.customers c join rd.subscriptions s on s.customer_id = c.id where s.id = $sub")" \
	"新宿区西新宿4-4-4 morning" "the database agrees"
e2e_send F10
e2e_wait_gone "F10 Quit"
e2e_finish
