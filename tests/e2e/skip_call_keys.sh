#!/bin/sh
# skip_call_keys.sh: the skip call in at most 6 keys (issue 12 §3), typed
# and counted. The phone system opens the card on the caller (--caller):
# the card shows the next delivery on top (date, delivery number, the
# subscription, the amount) with the key that skips it; the customer has
# two subscriptions, and the skip goes to the one due next. Then:
#
#   s      skip the next delivery (the reason has the keyboard)
#   1      the first reason, picked by its number: the preview (old → new
#          date, the price), nothing written yet
#   F5     confirms: the skip is committed, linked to the call's inquiry
#   F12    the wrap-up, pre-filled from the call (category skip, subject,
#          resolved)
#   F5     saves it: the call is logged
#
# Every key sent to the program after the screen pop goes through key(),
# which counts it; the test fails above 6. The database then shows the
# skip of the right delivery with its reason, and the call's inquiry with
# the category skip, resolved, linking the skip's history row.
# a main path: in Japanese (lib.sh's E2E_LANG, set before lib.sh gives
# it its English default; the environment may ask for the English run)
: "${E2E_LANG:=ja}"
. "$(dirname "$0")/lib.sh"

e2e_init skip_call_keys
e2e_db_setup

. "$(dirname "$0")/subscription_lib.sh"

# m MSGID: what the screen shows for MSGID in the test's language.
m() {
	if command -v e2e_msg >/dev/null 2>&1; then
		e2e_msg "$1"
	else
		printf '%s\n' "$1"
	fi
}

KEYS=0
# key KEY…: sends tmux keys to the program, each one counted.
key() {
	KEYS=$((KEYS + $#))
	e2e_send "$@"
}

# delivery 4 of the subscription is 40 days ahead, well before its cut-off
subs_new 40 3
after=$("$RD_BIN" cycle dates "$cycle" --from "$next" --count 1)
# a second subscription of the same customer, due later: not the one skipped
later=$(psql1 "with s as (insert into rd.subscriptions (customer_id, cycle, payment, next_date,
	                                          delivery_count, started_on)
		select customer_id, cycle, payment, next_date + 10, 1, started_on
		  from rd.subscriptions where id = $sub returning id)
	insert into rd.subscription_lines (subscription_id, sku, quantity, unit_price)
	select s.id, l.sku, 1, l.unit_price from s, rd.subscription_lines l
	 where l.subscription_id = $sub returning subscription_id" | head -n 1)
phone=$(psql1 "select phone1 from rd.customers where id = $cust")
[ "$(psql1 "select count(*) from rd.customers where '$phone' in (phone1, phone2)")" = 1 ] || {
	e2e_fail "the phone of $code belongs to this customer alone ($phone)"
	e2e_finish
}

# --- the screen pop: the card, the next delivery on top -------------------
e2e_start "$RD_BIN" --as suzuki --caller "$phone"
e2e_wait_line 1 "$code" || e2e_finish
e2e_expect "#$sub" "the card names the subscription due next"
subs_assert_line "$(shown_day "$next")" "#$sub" "the next delivery on top: its date and its subscription"
subs_assert_line "#$sub" "$(m "delivery %d" | sed 's/%d/4/')" "with its delivery number (4)"
e2e_assert_screen_has "$(m "Skip this delivery (of the subscription due next)")" \
	"the key that skips it, for the subscription due next"
e2e_assert_screen_lacks "#$later" "the later subscription is not the one on top"

# --- the call: s 1 F5 F12 F5 -------------------------------------------------
key s
e2e_expect "$(m "Reason by number, straight to the preview:")" "s opens the skip with the reasons by number"
e2e_assert_screen_has "1 $(m travelling)" "1 is the first reason"
e2e_assert_eq "$(psql1 "select count(*) from rd.subscription_skips where subscription_id in ($sub, $later)")" \
	0 "nothing is written yet"

key 1
e2e_expect "→ $(shown_day "$after")" "1 picks the reason and shows the preview"
subs_assert_line "$(shown_day "$next")" "→ $(shown_day "$after")" "the preview moves delivery 4 from $next to $after"
e2e_assert_screen_has "$(m "Per delivery")" "the preview shows the price"
e2e_assert_eq "$(psql1 "select version || ' ' || next_date from rd.subscriptions where id = $sub")" \
	"1 $next" "the preview wrote nothing"

key F5
e2e_wait_line 1 "$code" || e2e_finish
e2e_expect "$(m "Done: %s (version %d)" | sed 's/%s.*//')" "F5 confirms: the skip is done, back on the card"
e2e_expect "$(shown_day "$after")" "the card shows the new next delivery"

inq=$(psql1 "select max(id) from rd.inquiries where customer_id = $cust and subscription_id = $sub")
key F12
e2e_expect "$(m "Adds to inquiry") #$inq" "F12: the wrap-up adds to the call's inquiry"
e2e_assert_eq "$(e2e_screen | grep -c "$(m Category).*$(m skip)")" 1 \
	"the wrap-up starts from the category the call implies: skip"

key F5
e2e_wait_gone "$(m "Wrap-up of the call with")" && e2e_pass "F5 saves the wrap-up: the card is back"
e2e_wait_line 1 "$code" && e2e_pass "the card of $code"

# --- counted ----------------------------------------------------------------
if [ "$KEYS" -le 6 ]; then
	e2e_pass "the skip call took $KEYS keys (at most 6)"
else
	e2e_fail "the skip call took $KEYS keys, more than 6"
fi
e2e_say "# skip_call_keys: $KEYS keys from the screen pop to the call logged"

# --- the database agrees ----------------------------------------------------
e2e_assert_eq "$(psql1 "select subscription_id || ' ' || delivery_no || ' ' || date from rd.subscription_skips
		where subscription_id in ($sub, $later)")" \
	"$sub 4 $next" "rd.subscription_skips: delivery 4 of the subscription due next, on its date"
e2e_assert_eq "$(psql1 "select version || ' ' || next_date from rd.subscriptions where id = $sub")" \
	"2 $after" "the subscription's next delivery moved on"
e2e_assert_eq "$(psql1 "select version from rd.subscriptions where id = $later")" \
	1 "the later subscription is untouched"
e2e_assert_eq "$(subs_history subscription_skips INSERT)" "suzuki|$(m travelling)" \
	"rd.history: the skip by suzuki, with the reason picked"
e2e_assert_eq "$(psql1 "select category || ' ' || status || ' ' || opened_by from rd.inquiries where id = $inq")" \
	"skip resolved suzuki" "the call's inquiry: category skip, resolved, by suzuki"
e2e_assert_eq "$(psql1 "select count(*) from rd.inquiry_entries e join rd.history h on h.id = e.history_id
		where e.inquiry_id = $inq and e.kind = 'change_link' and h.table_name = 'subscription_skips'
		  and coalesce(h.new_row, h.old_row) ->> 'subscription_id' = '$sub'")" \
	1 "the inquiry links the skip's history row"
e2e_assert_eq "$(psql1 "select count(*) > 0 from rd.history where table_name = 'inquiries'
		and row_key = '$inq' and reason = '通話後処理' and actor = 'suzuki'")" \
	t "rd.history keeps the wrap-up (reason 通話後処理, the business's language, by suzuki)"

e2e_send F10
e2e_wait_gone "F10 "
e2e_finish
