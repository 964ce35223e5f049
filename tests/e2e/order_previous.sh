#!/bin/sh
# order_previous.sh: the previous products (前回までの商品) of order entry,
# picked by number. While the product field is empty the screen lists the
# customer's previous products numbered 1-9; a digit there adds that
# product with quantity 1 and leaves the field empty for the next digit;
# the same digit again selects the line already there and its quantity
# takes the next digit; anything typed first (a letter, a space) makes the
# digits part of what is typed, so a SKU that starts with a digit is
# typed after a space. In Japanese (E2E_LANG=en in the environment: in
# English), markers through e2e_msg; the customer chosen by query.
: "${E2E_LANG:=ja}"
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/order_lib.sh"

e2e_init order_previous
e2e_db_setup

m() {
	e2e_msg "$1"
}
see() {
	if e2e_wait_for "$1"; then
		e2e_pass "$2"
	else
		e2e_fail "$2"
		e2e_finish
	fi
}

# a customer who bought three distinct products still sold
code=$(psql1 "select c.code from rd.customers c
	  join rd.orders o on o.customer_id = c.id and o.status <> 'cancelled'
	  join rd.order_lines l on l.order_id = o.id
	  join rd.products p on p.sku = l.sku and p.active
	 group by c.code having count(distinct l.sku) >= 3
	 order by c.code limit 1")
[ -n "$code" ] || { e2e_fail "the demo data has a customer with three products bought"; e2e_finish; }
# a product whose SKU is all digits (a JAN-like code)
psql1 "insert into rd.products (sku, name, price, tax_rate)
	values ('4901', 'JAN コードの品', 1000, 8)" >/dev/null

e2e_start "$RD_BIN" --as sato
e2e_wait_line 1 "DB ok" || e2e_finish
e2e_send F2
e2e_type "$code"
see "$(printf "$(m '%s customer')" 1)" "the lookup finds the customer"
e2e_send Enter
e2e_wait_line 1 "$code" || e2e_finish
e2e_send F11
see "$(m '1-9: previous products')" "the order entry lists the previous products"
screen=$(e2e_screen)
nth() {
	printf '%s\n' "$screen" | grep -oE "(^| )$1 [A-Za-z0-9_-]+ ¥" | head -1 | awk '{print $2}'
}
sku1=$(nth 1)
sku2=$(nth 2)
sku3=$(nth 3)
[ -n "$sku3" ] || { e2e_fail "three previous products are numbered ('$sku1' '$sku2' '$sku3')"; e2e_finish; }

# a space first: the digit is typed, nothing is added
e2e_send Space
e2e_type "1"
e2e_wait_gone "$(m '1-9: previous products')" || e2e_finish
e2e_assert_screen_has "$(m '  no product yet: type a SKU (P001) or part of a name, then Enter' | sed 's/^ *//')" \
	"a digit after a space adds no product"
# so a SKU of digits is typed after a space
e2e_send C-u
see "$(m '1-9: previous products')" "the empty field lists them again"
e2e_send Space
e2e_type "4901"
e2e_send Enter
see "1  4901 " "a SKU of digits after a space is found by its SKU"
# Enter leaves the quantity: the product field, empty, lists them again
e2e_send Enter
see "$(m '1-9: previous products')" "back in the empty product field"

e2e_type "1"
see "2  $sku1 " "1 adds the first previous product as line 2"
# the same number again: its line is selected, the next digit is its quantity
e2e_type "1"
already=$(m '%s is line %zu already: type its quantity.' | sed 's/%zu/%s/')
see "$(printf "$already" "$sku1" 2)" \
	"the same number again selects its line"
e2e_type "3"
e2e_wait_for "2  $sku1 " || e2e_finish
line=$(e2e_screen | grep -E "2  $sku1 " | head -1)
case "$line" in
*" 3 "*) e2e_pass "the next digit is the line's quantity ($line)" ;;
*) e2e_fail "the next digit is the line's quantity ($line)" ;;
esac
e2e_send Enter
see "$(m '1-9: previous products')" "Enter goes back to the product field"
e2e_type "3"
see "3  $sku3 " "3 adds the third previous product"
# a letter first: the digits are part of a SKU or a name
e2e_type "P2"
e2e_wait_gone "$(m '1-9: previous products')" || e2e_finish
e2e_assert_screen_lacks "4  $sku2 " "after a letter, 2 is typed, not picked"
e2e_send F10
e2e_finish
