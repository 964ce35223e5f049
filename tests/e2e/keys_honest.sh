#!/bin/sh
# keys_honest.sh: every key on the screen is honest (issue 12 §2). At
# 80x24, F1 on the order screen lists its letter keys c and r, and F1 on
# the inquiry screen lists t, h, e, r, o, n, w, c, each in the key column
# of the help; a refusal longer than the message line (cancelling an order
# that is cancelled already) is shown whole, its last word on screen, and
# the legend stays on the last line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/order_lib.sh"

# the smallest terminal the desk supports
E2E_COLS=80
E2E_ROWS=24
e2e_init keys_honest
e2e_db_setup

# help_has_key KEY: the open help lists KEY in its key column ("  KEY" then
# at least two spaces and the text), inside the help's frame.
help_has_key() {
	e2e_screen | grep -qE "(│|\|)   $1 {2,}[^ ]"
}

code=C0000007
"$RD_BIN" --as suzuki order create --customer "$code" --item P001:1 \
	--payment cod --slot none --reason "ordered by phone" --format json >"$E2E_TMP/order.json"
no=$(json_get .order_no "$E2E_TMP/order.json")
[ -n "$no" ] || { e2e_fail "an order to work on"; e2e_finish; }
if ! "$RD_BIN" --as sato inquiry open --customer "$code" --category skip \
	--subject "keys" --format json >"$E2E_TMP/inquiry.json" 2>"$E2E_TMP/inquiry.err"; then
	e2e_fail "an inquiry to open"
	sed 's/^/| /' "$E2E_TMP/inquiry.err"
fi
inq=$(json_get .id "$E2E_TMP/inquiry.json")

# --- the order screen: c and r ---
order_card "$code"
e2e_send C-o
e2e_wait_line 1 "Orders" || e2e_finish
e2e_send Enter
e2e_wait_for "$no  $code" || e2e_finish
e2e_send F1
e2e_wait_for "Keys of this screen (Order)" || e2e_finish
for k in c r; do
	if help_has_key "$k"; then
		e2e_pass "F1 on the order screen lists the letter key $k"
	else
		e2e_fail "F1 on the order screen lists the letter key $k"
	fi
done
e2e_assert_screen_has "Cancel order: Cancel the order" "c says what it does there"
e2e_assert_screen_has "Change: Change the order" "F4 says what it does there (not Edit)"
e2e_send Escape
e2e_wait_gone "Keys of this screen" || e2e_finish

# --- a refusal longer than its line is read whole ---
"$RD_BIN" --as suzuki order cancel "$no" --reason "the caller changed her mind" \
	>/dev/null 2>&1 || e2e_fail "the order cancelled meanwhile"
e2e_send C-l
e2e_send c
e2e_wait_for "cancelled." &&
	e2e_pass "the last word of the long refusal is on screen"
refusal=$(e2e_screen | tr -d '\n' | sed 's/  */ /g')
case $refusal in
*"Order $no is cancelled: only an order that has not shipped can be cancelled."*)
	e2e_pass "the refusal is shown whole, over two lines" ;;
*)
	e2e_fail "the refusal is shown whole: $(e2e_screen)" ;;
esac
e2e_assert_eq "$(e2e_screen | grep -c '…')" 0 "nothing on the screen is cut with …"
e2e_wait_line -1 "F1 Help" && e2e_pass "the legend stays on the last line"
e2e_send Down
e2e_wait_gone "cancelled." && e2e_pass "the next key takes the message away"

# --- the inquiry screen: t h e r o n w c ---
e2e_send Escape
e2e_wait_line 1 "Orders" || e2e_finish
e2e_send Escape
e2e_wait_line 1 "Customer  $code" || e2e_finish
e2e_send C-n
e2e_wait_for "#$inq " || e2e_finish
e2e_send Enter
e2e_wait_line 2 "#$inq  keys" || e2e_finish
e2e_send F1
e2e_wait_for "Keys of this screen (Inquiry)" || e2e_finish
for k in t h e r o n w c; do
	if help_has_key "$k"; then
		e2e_pass "F1 on the inquiry screen lists the letter key $k"
	else
		e2e_fail "F1 on the inquiry screen lists the letter key $k"
	fi
done
e2e_assert_screen_has "Hand off: Hand off to an agent or a team" "h says what it does"
e2e_send Escape
e2e_wait_gone "Keys of this screen" || e2e_finish

e2e_send F10
e2e_wait_gone "F10 Quit"
e2e_finish
