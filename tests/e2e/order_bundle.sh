#!/bin/sh
# order_bundle.sh: parcels (同梱) and the first order of a subscription on
# screen (issue 10, sections 1 and 2).
#
# The caller already has an order A (cash on delivery) to her own address.
# She sends a gift to another address (typed during the call): A is not
# offered for it. The operator takes a second order on another date to
# her own address; the confirmation
# offers to ship it with A, b chooses it: the confirmation then shows one
# parcel (one shipping fee, free over the threshold on the parcel's goods,
# one COD fee, what is paid at the door) and one delivery date, A's. F5
# saves: the new order stores A's date, and the two orders' totals add up
# to the parcel's.
#
# Then another caller cancels the first order of her subscription: the
# order screen's cancel asks what becomes of the subscription; k keeps it
# and its next delivery becomes delivery 1, written with the reason.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/order_lib.sh"

e2e_init order_bundle
e2e_db_setup

# 12345 -> 12,345
commas() {
	echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'
}
free_customer() { # N: the N-th customer with nothing open, no bars
	psql1 "select c.code from rd.customers c
	        where c.postal_code is not null and c.address1 is not null
	          and not exists (select 1 from rd.payment_bars b where b.customer_id = c.id)
	          and not exists (select 1 from rd.orders o where o.customer_id = c.id
	                           and o.status in ('received', 'confirmed'))
	          and not exists (select 1 from rd.subscriptions s where s.customer_id = c.id
	                           and s.status <> 'cancelled')
	        order by c.id offset $1 limit 1"
}
setting() { psql1 "select value from rd.settings where key = '$1'"; }
day() { psql1 "select (rd.customer_today() + $1)::text"; }

code=$(free_customer 0)
code2=$(free_customer 1)
cid=$(psql1 "select id from rd.customers where code = '$code'")
d_a=$(day 5)
d_b=$(day 6)
cod_fee=$(setting cod_fee)
"$RD_BIN" --as suzuki order create --customer "$code" --item P001:1 --payment cod \
	--date "$d_a" --reason "ordered by phone" >/dev/null 2>&1 ||
	{ e2e_fail "order A to ship with"; e2e_finish; }
a_no=$(psql1 "select order_no from rd.orders where customer_id = $cid and status = 'received'")
a_goods=$(psql1 "select subtotal_8 + tax_8 + subtotal_10 + tax_10 from rd.orders where order_no = '$a_no'")
threshold=$(setting free_shipping_threshold)
[ $((2 * a_goods)) -ge "$threshold" ] && [ "$a_goods" -lt "$threshold" ] ||
	e2e_fail "P001 alone should be under the free-shipping threshold, two of it over"
parcel_total=$((2 * a_goods + cod_fee))

# a gift to another address typed during the call: A is never offered
printf '%s\n' '13113,"150  ","1500001","x","x","x","東京都","渋谷区","神宮前",0,0,1,0,0,0' \
	>"$E2E_TMP/ken_all.csv"
"$RD_BIN" postal import "$E2E_TMP/ken_all.csv" >/dev/null 2>&1 ||
	{ e2e_fail "postal import of one KEN_ALL line"; e2e_finish; }
[ "$(psql1 "select postal_code from rd.customers where code = '$code'")" != 1500001 ] ||
	e2e_fail "the customer should not live at the gift's postal code"
order_new "$code"
e2e_type "P001"
e2e_send Enter
e2e_wait_for "国産大麦若葉の青汁 30包" || e2e_finish
e2e_send Tab Tab
e2e_type "$d_b"
e2e_send Tab Tab Tab
e2e_type "150-0001"
e2e_send Tab
e2e_wait_for "Prefecture    東京都" || e2e_finish
e2e_send Tab End
e2e_type "9-9-9"
e2e_send Tab Tab
e2e_type "贈答 花子"
e2e_send Tab
order_cod
e2e_send F5
e2e_expect "Confirm the order: read it back to the caller" "the gift's confirmation"
e2e_assert_screen_has "〒150-0001 東京都渋谷区神宮前9-9-9 (贈答 花子)" "it goes to the gift's address"
e2e_assert_screen_lacks "$a_no" "A, to the customer's own address, is not offered for the gift"
e2e_send b
e2e_expect "Nothing to ship together with." "b has nothing to offer"
e2e_send F5
e2e_expect "Saved: order O" "the gift is saved, on its own"
g_no=$(psql1 "select order_no from rd.orders where customer_id = $cid order by id desc limit 1")
e2e_assert_eq "$(psql1 "select coalesce(bundle_id, 0) || '|' || shipping_fee from rd.orders where order_no = '$g_no'")" \
	"0|$(setting shipping_fee)" "the gift ships alone and pays its own shipping"

# to her own address on another date: A is offered, the gift is not
e2e_send F11
e2e_wait_for "New order for $code" || e2e_finish
e2e_type "P001"
e2e_send Enter
e2e_expect "国産大麦若葉の青汁 30包" "P001 added"
e2e_send Tab Tab
e2e_type "$d_b"
e2e_send Tab Tab Tab Tab Tab Tab Tab Tab
order_cod
e2e_send F5
e2e_expect "Confirm the order: read it back to the caller" "F5 shows the confirmation"
e2e_assert_screen_has "could ship with order $a_no" "A is offered: same address, within the window"
e2e_assert_screen_lacks "$g_no" "the gift to another address is not offered"
e2e_send b
e2e_expect "one parcel with order $a_no" "b ships it in one parcel with A"
e2e_assert_screen_has "2 orders in one box" "the confirmation shows the parcel"
e2e_assert_screen_has "Parcel total    ¥$(commas "$parcel_total")" \
	"the parcel: both orders' goods, free shipping over the threshold, one COD fee"
e2e_assert_screen_has "shipping ¥0 (free)" "no second shipping fee"
e2e_assert_screen_has "Total ¥$(commas "$a_goods")" "this order pays its goods only: A carries the COD fee"
e2e_assert_screen_has "$(printf '%s' "$d_a" | tr - /)(" "the delivery date is the parcel's"
e2e_assert_screen_lacks "$d_b" "never a second delivery date"
e2e_send F5
e2e_expect "Saved: order O" "F5 saves"
b_no=$(psql1 "select order_no from rd.orders where customer_id = $cid order by id desc limit 1")
e2e_assert_eq "$(psql1 "select desired_date from rd.orders where order_no = '$b_no'")" "$d_a" \
	"the bundled order stores the parcel's date"
e2e_assert_eq "$(psql1 "select sum(total) || '|' || sum(shipping_fee) || '|' || sum(cod_fee) || '|' || count(distinct bundle_id)
		from rd.orders where order_no in ('$a_no', '$b_no')")" \
	"$parcel_total|0|$cod_fee|1" "stored: the totals add up to the parcel, one COD fee, one bundle"

# --- cancelling delivery 1 of a subscription asks what becomes of it ---
cid2=$(psql1 "select id from rd.customers where code = '$code2'")
"$RD_BIN" --as suzuki order create --customer "$code2" --item P001:1 --payment cod \
	--subscribe 1m:15 --date "$d_a" --reason "subscription by phone" >/dev/null 2>&1 ||
	{ e2e_fail "a subscription start to cancel"; e2e_finish; }
first=$(psql1 "select order_no from rd.orders where customer_id = $cid2 and delivery_no = 1")
sub=$(psql1 "select subscription_id from rd.orders where order_no = '$first'")
e2e_send F2
e2e_send C-u
e2e_type "$code2"
e2e_wait_for "1 customer" || e2e_finish
e2e_send Enter
e2e_wait_line 1 "Customer  $code2" || e2e_finish
e2e_send C-o
e2e_wait_line 1 "Orders" || e2e_finish
e2e_send Enter
e2e_expect "$first  $code2" "the subscription's first order opens"
e2e_send c
e2e_expect "Cancel the order" "c asks for the reason"
e2e_type "届く前に考え直した"
e2e_send F5
e2e_expect "What becomes of the subscription?" "cancelling delivery 1 asks about the subscription"
e2e_assert_screen_has "subscription $sub (every month on the 15th)" "it names the subscription, its cycle in words"
e2e_assert_screen_has "cancel the subscription too" "choice: cancel it too"
e2e_assert_screen_has "keep it: its next delivery becomes delivery 1" "choice: keep it"
e2e_assert_eq "$(psql1 "select status from rd.orders where order_no = '$first'")" "received" \
	"nothing written before the answer"
e2e_send k
e2e_expect "and keep subscription $sub" "k asks to confirm keeping it"
e2e_send y
e2e_expect "subscription $sub stays" "y cancels the order and keeps the subscription"
e2e_assert_eq "$(psql1 "select o.status || '|' || coalesce(o.delivery_no::text, '-') || '|' || s.status || '|' || s.delivery_count
		from rd.orders o join rd.subscriptions s on s.id = o.subscription_id where o.order_no = '$first'")" \
	"cancelled|-|active|0" "the order is cancelled, the subscription kept with its next delivery as delivery 1"
e2e_assert_eq "$(psql1 "select actor || '|' || reason from rd.history
		where table_name = 'subscriptions' and row_key = '$sub' and op = 'UPDATE'
		order by id desc limit 1")" \
	"sato|届く前に考え直した" "the subscription's change is in history by sato with the reason"
e2e_send F10
e2e_finish
