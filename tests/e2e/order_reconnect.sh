#!/bin/sh
# order_reconnect.sh: the database goes away while the caller listens to
# the confirmation. F5 says nothing was lost and nothing saved; the
# confirmation stays; once the UI has reconnected by itself, F5 saves the
# order (the request id is looked up first), exactly once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/order_lib.sh"

e2e_init order_reconnect
e2e_db_setup

code=C0000003
cid=$(psql1 "select id from rd.customers where code = '$code'")
before=$(psql1 "select count(*) from rd.orders where customer_id = $cid")

order_new "$code"
e2e_type "P029"
e2e_send Enter
e2e_wait_for "青汁お試しセット" || e2e_finish
for k in 1 2 3 4 5 6 7 8 9 10; do e2e_send Tab; done
order_cod
e2e_send F5
e2e_expect "Confirm the order" "the confirmation"

"$RD_BIN" db stop >"$E2E_TMP/stop.log" 2>&1 ||
	e2e_fail "repeatdesk db stop: $(cat "$E2E_TMP/stop.log")"
e2e_wait_line 1 "reconnecting…" 15 && e2e_pass "the top line says reconnecting…"
e2e_send F5
e2e_expect "the order is never made twice" "F5 while the database is away says so"
e2e_assert_screen_has "Confirm the order" "the confirmation stays"

"$RD_BIN" db start >"$E2E_TMP/start.log" 2>&1 ||
	e2e_fail "repeatdesk db start: $(cat "$E2E_TMP/start.log")"
e2e_wait_line 1 "DB ok" 20 && e2e_pass "the UI reconnects by itself"
e2e_assert_screen_has "Confirm the order" "the confirmation is still there"
e2e_assert_eq "$(psql1 "select count(*) from rd.orders where customer_id = $cid")" \
	"$before" "nothing was saved meanwhile"
e2e_send F5
e2e_wait_line 1 "Customer  $code" && e2e_pass "F5 again saves"
e2e_expect "Saved: order O" "the card says so"
e2e_assert_eq "$(psql1 "select count(*) from rd.orders where customer_id = $cid")" \
	"$((before + 1))" "exactly one order"
e2e_send F10
e2e_finish
