#!/bin/sh
# order_bad_input.sh: whatever is wrong gets a message on its field and
# the form keeps what was typed: an unknown SKU, a quantity of 0 and of
# 1000, a date that does not exist (2026-02-30), an unknown media code.
# Nothing is written until the order is confirmed; then F5 pressed twice
# at once (a double Enter) makes one order, not two.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/order_lib.sh"

e2e_init order_bad_input
e2e_db_setup

code=C0000005
cid=$(psql1 "select id from rd.customers where code = '$code'")
before=$(psql1 "select count(*) from rd.orders where customer_id = $cid")
writes() {
	psql1 "select (select count(*) from rd.orders) + (select count(*) from rd.history)"
}

order_new "$code"
w0=$(writes)

# an unknown SKU
e2e_type "P999"
e2e_send Enter
e2e_expect "Product: no product has the SKU 'P999'" "an unknown SKU is refused with a message"
e2e_assert_screen_has ">!Product       P999" "on the product field, which keeps what was typed"

# quantity 0, then 1000
e2e_send C-u
e2e_type "P001"
e2e_send Enter
e2e_wait_for "国産大麦若葉の青汁" || e2e_finish
e2e_type "0"
e2e_expect "item 1: quantity 0 is not possible; order 1 to 999" "quantity 0: the totals say why"
e2e_send F5
e2e_wait_for ">!Quantity" && e2e_pass "F5 marks the quantity field"
e2e_assert_screen_has "Quantity      0" "which keeps the 0"
e2e_send C-u
e2e_type "1000"
e2e_expect "item 1: quantity 1000 is not possible" "quantity 1000 is refused"
e2e_send F5
e2e_wait_for ">!Quantity      1000" && e2e_pass "marked, 1000 kept"
e2e_send C-u
e2e_type "3"
e2e_expect "12,895" "a good quantity gives the amount, tax included (3 x 3,980 + 8%)"

# a date that does not exist
e2e_send Tab Tab
e2e_type "2026-02-30"
e2e_send F5
e2e_expect "Delivery date:" "2026-02-30 is refused"
e2e_assert_screen_has ">!Delivery date 2026-02-30" "on the date field, kept as typed"

# cash on delivery, then an unknown media code (checked against the
# media table when F5 makes the confirmation)
e2e_send C-u
e2e_send Tab Tab Tab Tab Tab Tab Tab Tab
order_cod
e2e_send Tab Tab Tab
e2e_type "ZZ99"
e2e_send F5
e2e_wait_for ">!Media code    ZZ99" && e2e_pass "an unknown media code is marked, kept as typed"
e2e_assert_eq "$(writes)" "$w0" "nothing was written while the input was wrong"

# fixed, then F5 twice at once
e2e_send C-u
e2e_type "NP02"
e2e_send F5
e2e_expect "Confirm the order" "the corrected order reaches the confirmation"
e2e_assert_screen_has "cash on delivery" "paid on delivery"
e2e_assert_screen_has "NP02" "with the media code"
e2e_send F5 F5
e2e_wait_line 1 "Customer  $code" && e2e_pass "the first F5 saves and closes the order"
e2e_expect "F5 does nothing on this screen" "the second F5 reaches the card, which ignores it"
no=$(psql1 "select order_no from rd.orders where customer_id = $cid order by id desc limit 1")
e2e_assert_screen_has "$no" "the card lists the new order"
e2e_assert_eq "$(psql1 "select count(*) from rd.orders where customer_id = $cid")" \
	"$((before + 1))" "F5 twice made one order"
e2e_assert_eq "$(psql1 "select concat_ws('|', payment, media_code, cod_fee, total)
		from rd.orders where customer_id = $cid order by id desc limit 1")" \
	"cod|NP02|330|$((11940 + 11940 * 8 / 100 + 330))" \
	"the order has what was finally typed (3 x 3,980 + 8% tax, free shipping, COD fee)"
e2e_send F10
e2e_finish
