#!/bin/sh
# order_pick.sh: the order entry's pick lists (issue 12). From the
# quantity field (anywhere in the entry): Ctrl-E lists the delivery days,
# the earliest possible first, and a number picks one; Ctrl-W lists the
# time slots and a number picks one; Ctrl-K lists the media codes, typing
# narrows them without regard to case and Enter picks the highlighted
# one; a media code typed in lower case and Enter in its field becomes the
# listed code. The confirmation and the saved order have what was picked:
# the day, the slot, the media code as the media table spells it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/order_lib.sh"

e2e_init order_pick
e2e_db_setup

# a customer who may pay by card, whatever the day the data was made
code=$(psql1 "select c.code from rd.customers c
	where not exists (select 1 from rd.payment_bars b where b.customer_id = c.id and b.active)
	order by c.code limit 1")
cid=$(psql1 "select id from rd.customers where code = '$code'")
sku=$(psql1 "select sku from rd.products where active order by sku limit 1")
# the media code the narrowing lands on first: codes starting with what
# is typed, in code order (typed in lower case)
media=$(psql1 "select code from rd.media where upper(code) like 'TV%' order by code limit 1")
media2=$(psql1 "select code from rd.media where code <> '$media' order by code limit 1")
[ -n "$code" ] && [ -n "$sku" ] && [ -n "$media" ] && [ -n "$media2" ] || {
	e2e_fail "demo data: a customer, a product, two media codes, one starting TV ('$code' '$sku' '$media' '$media2')"
	e2e_finish
}
lower=$(printf '%s' "$media2" | tr 'A-Z' 'a-z')

order_new "$code"
e2e_type "$sku"
e2e_send Enter
e2e_expect "1  $sku" "the product is a line"

# the delivery day, by number, from the quantity field
e2e_send C-e
e2e_expect "Delivery date: pick the day" "Ctrl-E lists the delivery days"
e2e_assert_screen_has "1  earliest possible" "the earliest possible comes first"
e2e_assert_screen_has "3  " "the days are numbered"
e2e_type "3"
e2e_wait_gone "Delivery date: pick the day" || e2e_finish
# the field has the day as typed input is written (ISO)
day3=$(e2e_screen | sed -n 's/.*Delivery date \([0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\).*/\1/p' | head -1)
[ -n "$day3" ] && e2e_pass "3 puts a day into the date field: $day3" ||
	e2e_fail "3 puts a day into the date field"
e2e_assert_eq "$(psql1 "select '$day3'::date - current_date > 0")" "t" \
	"a day after today"

# the time slot, by number
e2e_send C-w
e2e_expect "Time slot: pick the time" "Ctrl-W lists the time slots"
e2e_assert_screen_has "2  morning" "morning is 2"
e2e_type "2"
e2e_expect "Time slot     morning" "2 picks morning"

# the media code: typed in lower case, narrowed, Enter picks
e2e_send C-k
e2e_expect "Media code: pick the advertisement" "Ctrl-K lists the media codes"
e2e_type "tv"
e2e_expect "Narrow: tv_" "what is typed narrows the list"
e2e_assert_screen_lacks "   $media2 " "a code without 'tv' is no longer listed"
e2e_send Enter
e2e_expect "Media code    $media" "Enter picks the highlighted code, as the table spells it"

# a code typed in the field in lower case, Enter: the listed code (the
# picks left the keyboard in the quantity field: back past the product
# field and around to the media code)
e2e_send BTab BTab BTab
e2e_expect "> Media code" "the media code field has the keyboard"
e2e_send C-u
e2e_type "$lower"
e2e_send Enter
e2e_expect "Media code    $media2" "Enter on a code typed in lower case takes the listed code"

# card payment is not what this test is about: pick bank transfer
e2e_send C-p
e2e_expect "Payment: pick the method" "Ctrl-P lists the payment methods"
n=$(e2e_screen | sed -n 's/^.\([1-4]\)  bank transfer.*/\1/p' | head -1)
e2e_type "$n"
e2e_expect "Payment       bank" "its number picks bank transfer"

e2e_send F5
e2e_expect "Confirm the order" "F5 shows the confirmation"
# the day as screens write it: ISO today, 2026/12/12(土) once the
# formats land
case "$(e2e_screen)" in
*"$day3"*|*"$(printf '%s' "$day3" | tr - /)"*) e2e_pass "with the day picked" ;;
*) e2e_fail "with the day picked ($day3)" ;;
esac
e2e_assert_screen_has "morning" "the slot picked"
e2e_assert_screen_has "Media           $media2" "and the media code as listed"
e2e_send F5
e2e_expect "Saved: order O" "F5 saves"
no=$(psql1 "select order_no from rd.orders where customer_id = $cid order by id desc limit 1")
e2e_assert_eq "$(psql1 "select concat_ws('|', desired_date, time_slot, media_code, payment)
		from rd.orders where order_no = '$no'")" \
	"$day3|morning|$media2|bank" "rd.orders has the day, the slot, the media code and the payment picked"
e2e_send F10
e2e_finish
