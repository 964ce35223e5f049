#!/bin/sh
# customer_postal.sh: the postal code fills the address on the customer
# form, from the demo's postal-code table (no service configured). A code
# the table does not know is marked on the field and kept; once the table
# knows it (an import meanwhile), the next move between fields fills the
# address without the operator typing the code again. Saved, the database
# has the code, the prefecture and the address with the block added.
. "$(dirname "$0")/lib.sh"

e2e_init customer_postal
e2e_db_setup

psql1() {
	"$RD_BIN" db psql -At -c "$1"
}

e2e_start "$RD_BIN" --as sato
e2e_wait_line 1 "DB ok" || e2e_finish
e2e_send F2
e2e_type "北村 一葉"
e2e_expect "No customer matches" "an unknown name finds no one"
e2e_send F6
e2e_expect "Register a new customer" "F6 opens the register form"
e2e_type "きたむら かずは"
# reading → phone → second phone → e-mail → postal code
e2e_send Tab Tab Tab Tab
e2e_type "060-0001"
e2e_send Tab
e2e_expect "Prefecture          北海道" "the postal code fills the prefecture"
e2e_assert_screen_has "Address             札幌市中央区北一条西" "and the city and town"
e2e_assert_screen_has "ken_all" "the message says where the address came from"
e2e_send Tab End
e2e_type "3-4"

e2e_assert_screen_has "Address             札幌市中央区北一条西3-4" "the operator adds the block"

# the customer moves: a code the table does not know yet
e2e_send C-u BTab BTab C-u
e2e_type "001-0000"
e2e_send Tab
e2e_expect "Postal code: " "an unknown code is refused with a message"
if e2e_screen | grep -qF "!Postal code"; then
	e2e_pass "the postal field is marked, the code kept"
else
	e2e_fail "the postal field is marked, the code kept"
fi
# the table learns the code meanwhile (an import on another terminal)
psql1 "insert into rd.postal_codes (postal_code, prefecture, city, town, source)
	values ('0010000', '北海道', '札幌市北区', '', 'ken_all')" >/dev/null
e2e_send Tab
e2e_expect "Address             札幌市北区" "the next move fills the address the table now knows"
e2e_assert_screen_lacks "!Postal code" "the mark is gone"

e2e_send End
e2e_type "北七条西1-1"
e2e_send F5
e2e_expect "registered the customer" "saved; the card opens"
code=$(psql1 "select code from rd.customers where name = '北村 一葉'")
e2e_assert_eq "$(psql1 "select concat_ws('|', postal_code, prefecture, address1) from rd.customers where code = '$code'")" \
	"0010000|北海道|札幌市北区北七条西1-1" "the database has the code and the filled address"
e2e_send F10
e2e_finish
