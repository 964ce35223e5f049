#!/bin/sh
# customer_caller.sh: screen pop. `repeatdesk --caller NUMBER` (what the
# phone system runs when a call arrives) opens on the card when exactly
# one customer has that number, in whatever spelling the phone system
# gives it, and on the lookup with the number searched otherwise.
. "$(dirname "$0")/lib.sh"

e2e_init customer_caller
e2e_db_setup

phone=$("$RD_BIN" db psql -At -c "select phone1 from rd.customers where code = 'C0000003'")
count=$("$RD_BIN" db psql -At -c "select count(*) from rd.customers where '$phone' in (phone1, phone2)")
[ "$count" = 1 ] || {
	e2e_fail "the demo phone of C0000003 belongs to one customer ($phone: $count)"
	e2e_finish
}
# 09021591312 → +81 90 2159 1312, as a phone system passes it
intl=$(printf '%s' "$phone" | sed 's/^0\(..\)\(....\)/+81 \1 \2 /')

e2e_start "$RD_BIN" --as sato --caller "'$intl'"
e2e_wait_line 1 "Customer  C0000003" &&
	e2e_pass "one match: the UI opens on the card, customer in context"
e2e_expect "Latest changes" "the card is shown whole"
e2e_send Escape
e2e_wait_line 1 "Customer lookup" && e2e_pass "Esc goes back to the lookup"
e2e_assert_screen_has "$intl" "the lookup holds the caller's number"
e2e_assert_screen_has "1 customer" "with its one result"
e2e_send Escape
e2e_wait_line 1 "Home" && e2e_pass "and Esc again to home"
e2e_send F10
e2e_wait_gone "F10 Quit"

e2e_start "$RD_BIN" --as sato --caller 0120-000-000
e2e_wait_line 1 "Customer lookup" &&
	e2e_pass "no match: the UI opens on the lookup"
e2e_expect "No customer matches" "it says so"
e2e_assert_screen_has "0120-000-000" "with the number searched"
case $(e2e_line -1) in
*"F6 Register"*) e2e_pass "and offers F6 Register" ;;
*) e2e_fail "and offers F6 Register: '$(e2e_line -1)'" ;;
esac
e2e_send F6
e2e_expect "Register a new customer" "F6 registers the caller"
e2e_assert_screen_has "Phone               0120-000-000" "with the number filled in"
e2e_send Escape
e2e_send F10
e2e_wait_gone "F10 Quit" && e2e_pass "F10 quits"
e2e_finish
