#!/bin/sh
# customer_register.sh: a caller nobody knows. The operator searches the
# name, finds no one, registers (F6) with the name filled in, is refused a
# phone number with too few digits (marked on the field), fixes it, saves,
# and finds the new customer by the reading. Registering the same phone
# again warns of a duplicate before anything is saved.
. "$(dirname "$0")/lib.sh"

e2e_init customer_register
e2e_db_setup

psql1() {
	"$RD_BIN" db psql -At -c "$1"
}

before=$(psql1 "select count(*) from rd.customers")

e2e_start "$RD_BIN" --as sato
e2e_wait_line 1 "DB ok" || e2e_finish
e2e_send F2
e2e_type "山本 五十鈴"
e2e_expect "No customer matches" "an unknown name finds no one"
e2e_assert_screen_has "F6 registers a new customer" "the empty result offers to register"

e2e_send F6
e2e_expect "Register a new customer" "F6 opens the register form"
e2e_assert_screen_has "Name *              山本 五十鈴" "the name searched is filled in"
e2e_type "やまもと いすず"
e2e_send Tab
e2e_type "03-1234"
e2e_send F5
e2e_expect "Phone: a phone number has 10 or 11 digits" \
	"a phone with too few digits is refused with a message"
if e2e_screen | grep -qF ">!Phone"; then
	e2e_pass "the phone field is marked and has the keyboard"
else
	e2e_fail "the phone field is marked and has the keyboard"
fi
e2e_assert_eq "$(psql1 "select count(*) from rd.customers")" "$before" \
	"nothing was registered"

e2e_type "-5678"
e2e_send F5
e2e_expect "registered the customer" "the fixed form saves; the card opens"
e2e_wait_line 1 "山本 五十鈴" && e2e_pass "the top line shows the new customer"
e2e_assert_screen_has "ヤマモト イスズ" "the reading is stored in katakana"
e2e_assert_screen_has "03-1234-5678" "the phone is shown with hyphens"
code=$(psql1 "select code from rd.customers where name = '山本 五十鈴'")
e2e_assert_eq "$(psql1 "select name_kana || '|' || phone1 from rd.customers where code = '$code'")" \
	"ヤマモト イスズ|0312345678" "the database has the normalized reading and phone"
e2e_assert_eq "$(psql1 "select h.actor || '|' || h.reason from rd.history h
		where h.table_name = 'customers' and h.op = 'INSERT'
		  and h.row_key = (select id::text from rd.customers where code = '$code')")" \
	"sato|new customer on the phone" "rd.history has the registration by sato, with the reason"

# found by lookup: back in the list, by the reading in hiragana
e2e_send Escape
e2e_wait_line 1 "Customer lookup" || e2e_finish
e2e_send C-u
e2e_type "やまもと いすず"
e2e_expect "$code" "the lookup finds the new customer by the reading"

# the same phone again: a duplicate warning, nothing saved on "no"
e2e_send F6
e2e_expect "Register a new customer" "F6 again"
e2e_type "山本 いすず"
e2e_send Tab Tab
e2e_type "(03) 1234-5678"
e2e_send F5
e2e_expect "already registered" "the same phone warns of a duplicate before saving"
e2e_assert_screen_has "$code" "the warning names the customer"
e2e_send n
e2e_wait_gone "already registered" && e2e_pass "n keeps the form, unsaved"
e2e_assert_screen_has "(03) 1234-5678" "what was typed is still there"
e2e_assert_eq "$(psql1 "select count(*) from rd.customers")" "$((before + 1))" \
	"the duplicate was not registered"

# Esc asks before typed input is lost
e2e_send Escape
e2e_expect "Leave this screen? Unsaved input will be lost." "Esc asks first"
e2e_send y
e2e_wait_line 1 "Customer lookup" && e2e_pass "y leaves the form"
e2e_finish
