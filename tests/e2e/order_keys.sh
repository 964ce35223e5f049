#!/bin/sh
# order_keys.sh: the two-product phone order, cash on delivery, in at most
# 20 keys (issue 12), counted from the first digit typed in the lookup:
# the last four digits of the caller's phone (下4桁), Enter opens the card,
# F11 the order entry, two products by SKU (each quantity stays 1: the
# next SKU goes straight into the product field), Ctrl-P and 1 pick the
# payment (the customer's last method is 1: cash on delivery), F5 shows
# the confirmation with the read-back script, Enter saves. Every key the
# operator presses goes through key()/keys() below and is counted; what
# the test itself does to start the program and reach the lookup is not
# an operator's key. The database then has the order with its two lines,
# cash on delivery, the COD fee and the total the screen showed.
#
# The customer and the products are chosen by query (the demo data is
# made relative to the day): a customer whose last order was cash on
# delivery, not barred from it, whose phone's last four digits no other
# customer's phone ends with; two active products.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/order_lib.sh"

e2e_init order_keys
e2e_db_setup

KEYS=0
# keys NAME...: tmux key names, one key each (F11, Enter, C-p).
keys() {
	KEYS=$((KEYS + $#))
	e2e_send "$@"
}
# type TEXT: one key per character.
type_keys() {
	KEYS=$((KEYS + $(printf '%s' "$1" | wc -m)))
	e2e_type "$1"
}
# either MARKER_EN MARKER_JA: waits for one of the two (the screen's
# language is the lead's to choose at merge); fails with what $3 says.
either() {
	_t=$((E2E_TIMEOUT * 10))
	while [ "$_t" -gt 0 ]; do
		_s=$(e2e_screen)
		case "$_s" in
		*"$1"*|*"$2"*) e2e_pass "$3"; return 0 ;;
		esac
		sleep 0.1
		_t=$((_t - 1))
	done
	e2e_fail "$3 (waited for '$1' or '$2')"
	e2e_screen | sed 's/^/| /'
	e2e_finish
}

# a customer whose last order (not cancelled) was cash on delivery, who
# may pay so, and whose phone's last four digits are theirs alone
row=$(psql1 "
	with last as (
		select distinct on (o.customer_id) o.customer_id, o.payment
		  from rd.orders o order by o.customer_id, o.id desc),
	tails as (
		select right(p, 4) tail, count(distinct c.id) n
		  from rd.customers c, unnest(array[c.phone1, c.phone2]) p
		 where p is not null group by 1)
	select c.code || ' ' || c.phone1
	  from rd.customers c join last l on l.customer_id = c.id
	  join tails t on t.tail = right(c.phone1, 4) and t.n = 1
	 where l.payment = 'cod'
	   and not exists (select 1 from rd.payment_bars b
			    where b.customer_id = c.id and b.active)
	 order by c.code limit 1")
set -- $row
code=$1
phone=$2
[ -n "$code" ] && [ -n "$phone" ] || {
	e2e_fail "the demo data has a customer who last paid cash on delivery with a phone of their own ('$row')"
	e2e_finish
}
tail4=$(printf '%s' "$phone" | sed 's/.*\(....\)$/\1/')
cid=$(psql1 "select id from rd.customers where code = '$code'")
set -- $(psql1 "select string_agg(sku, ' ' order by sku) from (select sku from rd.products
		where active order by sku limit 2) p")
sku1=$1
sku2=$2
[ -n "$sku2" ] || { e2e_fail "two active products ('$sku1' '$sku2')"; e2e_finish; }
orders_before=$(psql1 "select count(*) from rd.orders where customer_id = $cid")

# not an operator's key: the program starts and the lookup is opened
e2e_start "$RD_BIN" --as sato
e2e_wait_line 1 "DB ok" || e2e_finish
e2e_send F2
either "Search" "検索" "the lookup is open"

# --- the call: every key from here is counted ---
type_keys "$tail4"
either "1 customer" "1 件" "the last four digits of the phone find the caller alone"
keys Enter
e2e_wait_line 1 "$code" || e2e_finish
e2e_pass "Enter opens the caller's card"
keys F11
e2e_wait_for "$code" || e2e_finish
either "no product yet" "商品なし" "F11 opens the order entry"

type_keys "$sku1"
keys Enter
e2e_expect "$sku1" "the first SKU adds its line (quantity 1)"
# the quantity field has the keyboard: the next SKU goes to the product field
type_keys "$sku2"
keys Enter
e2e_wait_for "2  $sku2" || e2e_finish
e2e_assert_eq "$(e2e_screen | grep -c -e "1  $sku1 " -e "2  $sku2 ")" "2" \
	"the second SKU is a second line: typed where the quantity was, it went to the product field"

# payment from anywhere: Ctrl-P, then its number; the last method is 1
keys C-p
either "Payment: pick the method" "お支払い方法を選択" "Ctrl-P opens the payment list"
e2e_assert_screen_has "1  " "the methods are numbered"
first=$(e2e_screen | grep -E '^.1  ' | head -1)
case "$first" in
*"cash on delivery"*|*"代金引換"*) e2e_pass "the customer's last method, cash on delivery, is 1" ;;
*) e2e_fail "the customer's last method, cash on delivery, is 1 (line: '$first')" ;;
esac
keys 1
either "Payment: cash on delivery" "お支払い方法: 代金引換" "1 picks cash on delivery"

keys F5
either "Confirm the order" "注文確認" "F5 shows the confirmation"
either "Read-back" "復唱" "the confirmation has the read-back script"
fee=$(psql1 "select to_char(value::int, 'FM999,999') from rd.settings where key = 'cod_fee'")
either "The cash-on-delivery fee is ¥$fee." "代引手数料は¥${fee}です。" \
	"the read-back says the COD fee"
confirmation=$(e2e_screen)
e2e_assert_eq "$(psql1 "select count(*) from rd.orders where customer_id = $cid")" \
	"$orders_before" "the confirmation writes nothing"

keys Enter
either "Saved: order O" "保存した：注文 O" "Enter on the confirmation saves the order"
e2e_wait_line 1 "$code" || e2e_finish

e2e_say "# order_keys: the two-product COD phone order took $KEYS keys"
if [ "$KEYS" -le 20 ]; then
	e2e_pass "the two-product COD phone order takes $KEYS keys (at most 20)"
else
	e2e_fail "the two-product COD phone order takes $KEYS keys (at most 20)"
fi

no=$(psql1 "select order_no from rd.orders where customer_id = $cid order by id desc limit 1")
e2e_assert_eq "$(psql1 "select count(*) from rd.orders where customer_id = $cid")" \
	"$((orders_before + 1))" "one order was made"
e2e_assert_eq "$(psql1 "select string_agg(sku || ':' || quantity, ' ' order by sku)
		from rd.order_lines where order_id = (select id from rd.orders where order_no = '$no')")" \
	"$sku1:1 $sku2:1" "rd.order_lines has the two products, one each"
e2e_assert_eq "$(psql1 "select concat_ws('|', payment, cod_fee,
		total = subtotal_8 + tax_8 + subtotal_10 + tax_10 + shipping_fee + cod_fee)
		from rd.orders where order_no = '$no'")" \
	"cod|$(psql1 "select value from rd.settings where key = 'cod_fee'")|t" \
	"rd.orders: cash on delivery, the COD fee of the settings, the total adds up"
total=$(psql1 "select to_char(total, 'FM999,999,999') from rd.orders where order_no = '$no'")
case "$confirmation" in
*"¥$total"*) e2e_pass "the total saved, ¥$total, is the one the confirmation showed" ;;
*) e2e_fail "the total saved, ¥$total, is the one the confirmation showed" ;;
esac
e2e_send F10
e2e_finish
