#!/bin/sh
# price_consistency.sh: one price on every screen. An agent (suzuki) opens
# the caller's card, which says what the next delivery of the
# subscription costs; Ctrl-T lists the subscriptions with the same amount
# per delivery; 5 opens the subscription screen (the same amount, the
# unit price tax included); s and F5 preview a skip whose price effect
# starts from the same amount. That amount is computed here from the
# database (two packs at the subscription price, the tax once, rounded
# down, shipping free as the setting gives subscriptions, the COD fee),
# and the order the shipment run then makes for the delivery charges it.
. "$(dirname "$0")/lib.sh"

e2e_init price_consistency
e2e_db_setup

. "$(dirname "$0")/subscription_lib.sh"

psql1 "update rd.settings set value = 'true' where key = 'subscription_free_shipping'" >/dev/null
# delivery 4 is 40 days ahead: well before its cut-off
subs_new 40 3
sku=$(psql1 "select sku from rd.subscription_lines where subscription_id = $sub")
want=$(psql1 "select p.subscription_price * 2 + p.subscription_price * 2 * p.tax_rate / 100
		 + (select value::int from rd.settings where key = 'cod_fee')
		from rd.products p where p.sku = '$sku'")
yen() { psql1 "select '¥' || to_char($1, 'FM999,999,999')"; }
want_yen=$(yen "$want")
unit_yen=$(yen "$(psql1 "select subscription_price + subscription_price * tax_rate / 100
			from rd.products where sku = '$sku'")")

e2e_start "$RD_BIN" --as suzuki
e2e_wait_line 1 "DB ok" || e2e_finish
e2e_send F2
e2e_type "$code"
e2e_wait_for "1 customer" || e2e_finish
e2e_send Enter
e2e_wait_line 1 "$code" || e2e_finish
e2e_assert_screen_has "$want_yen" "the card: the next delivery costs $want_yen, tax included"

e2e_send C-t
e2e_expect "Options: 2=Change 4=Cancel 5=Show 7=Skip 8=Pause" "Ctrl-T lists the subscriptions"
subs_assert_line "$(shown_list_day "$next")" "$want_yen" "the list: the same amount per delivery"

e2e_type 5
e2e_send Enter
e2e_expect "Next deliveries" "5 opens the subscription screen"
subs_assert_line "Per delivery" "$want_yen" "the subscription screen: the same amount"
subs_assert_line "$sku" "@ $unit_yen (tax incl." "the unit price is shown tax included"

e2e_type s
e2e_expect "Skip a delivery" "s opens the skip form"
e2e_send Tab Tab Space
e2e_send F5
e2e_expect "Preview" "F5 shows the preview"
subs_assert_line "Per delivery" "$want_yen →" "the preview's price effect starts from the same amount"
e2e_send Escape
e2e_expect "Leave this screen?" "Esc asks before the typed request is lost"
e2e_send y

# the shipment run for that delivery (only this subscription is due)
psql1 "update rd.subscriptions set status = 'cancelled', next_date = null, paused_until = null,
	cancelled_on = current_date where status <> 'cancelled' and id <> $sub" >/dev/null
day=$("$RD_BIN" --as suzuki subscription show "$sub" --format json |
	jq -r '[.deliveries[] | select(.skipped | not)][0].date')
"$RD_BIN" --as suzuki shipments generate --date "$day" >/dev/null 2>&1
e2e_assert_eq "$(psql1 "select total from rd.orders where subscription_id = $sub and delivery_no = 4")" \
	"$want" "rd.orders: the shipment run charges what every screen showed"
e2e_finish
