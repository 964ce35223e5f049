#!/bin/sh
# order_postal.sh: a gift to another address typed during the call. The
# postal code fills prefecture and city from the postal-code table; the
# operator adds the block. A code nobody knows, and a postal-code service
# that is down, say so on the field, at once, and the operator types the
# address. Saved, the new address belongs to the customer, the order ships
# there, and rd.history has both rows by the operator.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/order_lib.sh"

e2e_init order_postal
e2e_db_setup

printf '%s\n' '13113,"150  ","1500001","x","x","x","東京都","渋谷区","神宮前",0,0,1,0,0,0' \
	>"$E2E_TMP/ken_all.csv"
"$RD_BIN" postal import "$E2E_TMP/ken_all.csv" >/dev/null 2>&1 ||
	{ e2e_fail "postal import of one KEN_ALL line"; e2e_finish; }

code=C0000009
cid=$(psql1 "select id from rd.customers where code = '$code'")
addrs=$(psql1 "select count(*) from rd.customer_addresses where customer_id = $cid")

# a service that is down: nothing listens on port 9 of this machine
order_new "$code" env REPEATDESK_POSTAL_ENDPOINT=http://127.0.0.1:9/
e2e_type "P029"
e2e_send Enter
e2e_wait_for "青汁お試しセット" || e2e_finish

# to the new address: a code the table does not have asks the service,
# which is down
e2e_send Tab Tab Tab Tab Tab
e2e_type "999-9999"
e2e_send Tab
e2e_expect " !New address   999-9999" "an unknown code with the service down is marked on the field, kept"
e2e_assert_screen_has "did not answer; type the prefecture and address" "the message says to type the address"
e2e_assert_screen_has "> Prefecture" "and the operator goes on typing"

# the table learns the code meanwhile (an import on another terminal): the
# next move fills the address, with no second lookup of the service
psql1 "insert into rd.postal_codes (postal_code, prefecture, city, town, source)
	values ('9999999', '東京都', '八丈町', '', 'ken_all')" >/dev/null
e2e_send Tab
e2e_expect "Prefecture    東京都" "a miss is retried on the next move once the table knows the code"
e2e_assert_screen_has "City, block   八丈町" "and fills the city"
e2e_assert_screen_lacks " !New address" "the mark is gone"

# a code the table has
e2e_send BTab BTab C-u
e2e_type "150-0001"
e2e_send Tab
e2e_expect "Prefecture    東京都" "the postal code fills the prefecture"
e2e_assert_screen_has "City, block   渋谷区神宮前" "and the city and town"
e2e_send Tab End
e2e_type "1-2-3"
e2e_send Tab Tab
e2e_type "石井 花子"
e2e_expect "Deliver to a new address: 〒150-0001 東京都渋谷区神宮前1-2-3 (石井 花子)" \
	"the new address shows above the form"

# cash on delivery, then confirm and save
e2e_send Tab
order_cod
e2e_send F5
e2e_expect "Confirm the order" "the confirmation"
e2e_assert_screen_has "〒150-0001 東京都渋谷区神宮前1-2-3 (石井 花子)" "reads back the new address"
e2e_send F5
e2e_wait_line 1 "Customer  $code" && e2e_pass "saved"
no=$(psql1 "select order_no from rd.orders where customer_id = $cid order by id desc limit 1")
e2e_assert_eq "$(psql1 "select count(*) from rd.customer_addresses where customer_id = $cid")" \
	"$((addrs + 1))" "the new address belongs to the customer"
e2e_assert_eq "$(psql1 "select concat_ws('|', a.postal_code, a.prefecture, a.address1, a.name)
		from rd.orders o join rd.customer_addresses a on a.id = o.ship_address_id
		where o.order_no = '$no'")" \
	"1500001|東京都|渋谷区神宮前1-2-3|石井 花子" "the order ships to it"
e2e_assert_eq "$(psql1 "select string_agg(h.table_name || ':' || h.actor, ',' order by h.table_name)
		from rd.history h join rd.orders o on h.request_id = o.request_id::text
		where o.order_no = '$no' and h.table_name in ('orders', 'customer_addresses')")" \
	"customer_addresses:sato,orders:sato" "rd.history has the address and the order, by sato"
e2e_send F10
e2e_finish
