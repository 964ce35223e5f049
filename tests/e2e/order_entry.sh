#!/bin/sh
# order_entry.sh: the issue's test. From the lookup, the operator opens
# the caller's card, F11 takes an order: one product by SKU, one found by
# part of its name, a quantity, a monthly subscription (shown in words
# with its next dates), card payment with the gateway's token and last
# four digits, a media code; F5 shows the confirmation that reads it all
# back, F5 saves. The database has one order with its two lines at the
# subscription prices, the new subscription (the order is its delivery 1)
# with its lines, and rd.history has every row by sato with the reason
# and the order's request id. Ctrl-O then lists the order.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/order_lib.sh"

e2e_init order_entry
e2e_db_setup

code=C0000012
cid=$(psql1 "select id from rd.customers where code = '$code'")
orders_before=$(psql1 "select count(*) from rd.orders where customer_id = $cid")
subs_before=$(psql1 "select count(*) from rd.subscriptions where customer_id = $cid")
figures_before=$(psql1 "select ltv || ' ' || order_count from rd.customer_figures where customer_id = $cid")

order_card "$code"
e2e_send F11
e2e_expect "New order for $code" "F11 on the card opens the order entry"
e2e_assert_screen_has "no product yet" "it starts with no line"

# by SKU, quantity 2 (the first digit replaces the 1 shown)
e2e_type "P001"
e2e_send Enter
e2e_expect "国産大麦若葉の青汁 30包" "a SKU adds its product"
e2e_type "2"
e2e_expect "8,596" "the amount follows the quantity as it is typed, tax included (2 x 3,980 + 8%)"
e2e_send Enter
# by part of the name: one match adds it
e2e_type "オールイン"
e2e_send Enter
e2e_expect "オールインワンゲル 80g" "part of a name finds the product"
e2e_assert_screen_has "Suggest: P020" "its upsell is suggested"
e2e_assert_screen_has "Total ¥14,074" "totals: 8% and 10% taxed once per rate, shipping free above the threshold"

# the subscription: prices drop to the subscription prices on every key
e2e_send Tab
e2e_type "1m:25"
e2e_expect "Subscription: every month on the 25th; next" "the cycle reads in words with its next dates"
e2e_assert_screen_has "Total ¥11,572" "subscription prices: 6,560 + 524 + 4,080 + 408"

# time slot, payment by card with the gateway's token
e2e_send Tab Tab
e2e_send Space
e2e_wait_for "Time slot     morning" || e2e_finish
e2e_send Tab Tab Tab Tab Tab Tab Tab
e2e_send C-u
e2e_type "c"
e2e_wait_for "Payment       card" || e2e_finish
e2e_send Tab
e2e_type "tok_e2e_0123456789"
e2e_send Tab C-u
e2e_type "4242"
e2e_send Tab
e2e_type "TV01"
e2e_send F5
e2e_expect "Confirm the order: read it back to the caller" "F5 shows the confirmation"
e2e_assert_screen_has "$code" "it names the customer"
e2e_assert_screen_has "every month on the 25th (1m:25); this order is delivery 1" "the subscription in words"
e2e_assert_screen_has "ending in 4242" "the card by its last four digits"
e2e_assert_screen_lacks "tok_e2e_0123456789" "never the token"
e2e_assert_screen_has "TV01 BS通販番組 朝枠" "the media, checked against the media table"
e2e_assert_screen_has "morning" "the time slot"
e2e_assert_screen_has "Total ¥11,572" "the total"
e2e_assert_eq "$(psql1 "select count(*) from rd.orders where customer_id = $cid")" \
	"$orders_before" "the confirmation writes nothing"

e2e_send F5
e2e_expect "Saved: order O" "F5 on the confirmation saves; the card says so"
e2e_wait_line 1 "Customer  $code" && e2e_pass "back on the card"
no=$(psql1 "select order_no from rd.orders where customer_id = $cid order by id desc limit 1")
e2e_assert_screen_has "$no" "the card lists the new order"

e2e_assert_eq "$(psql1 "select count(*) from rd.orders where customer_id = $cid")" \
	"$((orders_before + 1))" "one order was made"
e2e_assert_eq "$(psql1 "select concat_ws('|', status, delivery_no, payment, card_last4,
		media_code, time_slot, subtotal_8, tax_8, subtotal_10, tax_10, shipping_fee, total)
		from rd.orders where order_no = '$no'")" \
	"received|1|card|4242|TV01|morning|6560|524|4080|408|0|11572" \
	"rd.orders has the order: delivery 1, card 4242, TV01, morning, taxes per rate, total"
e2e_assert_eq "$(psql1 "select string_agg(sku || ':' || quantity || ':' || unit_price || ':' || tax_rate, ' ' order by id)
		from rd.order_lines where order_id = (select id from rd.orders where order_no = '$no')")" \
	"P001:2:3280:8 P019:1:4080:10" "rd.order_lines has both lines at the subscription prices"
e2e_assert_eq "$(psql1 "select count(*) from rd.subscriptions where customer_id = $cid")" \
	"$((subs_before + 1))" "one subscription was started"
set -- $figures_before
e2e_assert_eq "$(psql1 "select ltv || ' ' || order_count || ' ' || last_order_date
		from rd.customer_figures where customer_id = $cid")" \
	"$(($1 + 11572)) $(($2 + 1)) $(psql1 "select order_date from rd.orders where order_no = '$no'")" \
	"the customer's figures follow: LTV + 11,572, one more order, last order today"
started=$(psql1 "select s.started_on from rd.subscriptions s
		join rd.orders o on o.subscription_id = s.id where o.order_no = '$no'")
e2e_assert_eq "$(psql1 "select concat_ws('|', s.cycle, s.delivery_count, s.next_date,
		(select string_agg(sku || ':' || quantity, ' ' order by id) from rd.subscription_lines
		 where subscription_id = s.id))
		from rd.subscriptions s join rd.orders o on o.subscription_id = s.id
		where o.order_no = '$no'")" \
	"1m:25|1|$("$RD_BIN" cycle dates 1m:25 --from "$started" --count 1)|P001:2 P019:1" \
	"rd.subscriptions: the cycle, delivery 1 done, the next date after it, the lines"
rid=$(psql1 "select request_id from rd.orders where order_no = '$no'")
e2e_assert_eq "$(psql1 "select string_agg(distinct table_name, ',' order by table_name)
		from rd.history where request_id = '$rid' and actor = 'sato'
		  and reason = 'phone order' and op = 'INSERT'")" \
	"order_inserts,order_lines,orders,subscription_lines,subscriptions" \
	"rd.history has every row, by sato, with the reason and the request id"
e2e_assert_eq "$(psql1 "select string_agg(code, ',' order by code) from rd.order_inserts
		where order_id = (select id from rd.orders where order_no = '$no')
		  and code in ('SUB1', 'RECIPE', 'GELSAMPLE', 'BIG')")" "BIG,GELSAMPLE,RECIPE,SUB1" \
	"the demo's insert rules: delivery 1, the products and the total each put their insert in the box"

# Ctrl-O: the order list, Enter the order with its history
e2e_send C-o
e2e_expect "Orders" "Ctrl-O lists the customer's orders"
e2e_assert_screen_has "$no" "with the new order"
e2e_send Enter
e2e_expect "$no  $code" "Enter opens the order"
e2e_assert_screen_has "received" "its status"
e2e_assert_screen_has "order added" "its history, in words"
e2e_assert_screen_has "phone order" "with the reason"
e2e_send F10
e2e_finish
