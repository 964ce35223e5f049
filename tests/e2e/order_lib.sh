# order_lib.sh: what the order e2e tests share; sourced after lib.sh by
# tests/e2e/order_*.sh (not a test itself).

# psql1 SQL: one query against the test's embedded database, unaligned.
psql1() {
	"$RD_BIN" db psql -At -c "$1"
}

# order_card CODE [PREFIX...]: runs the program as sato (after PREFIX,
# e.g. env VAR=VALUE), looks CODE up and opens its card with Enter. Ends
# the test when a step does not come.
order_card() {
	_order_code=$1
	shift
	e2e_start "$@" "$RD_BIN" --as sato
	e2e_wait_line 1 "DB ok" || e2e_finish
	e2e_send F2
	e2e_type "$_order_code"
	e2e_wait_for "1 customer" || e2e_finish
	e2e_send Enter
	e2e_wait_line 1 "Customer  $_order_code" || e2e_finish
}

# order_new CODE [PREFIX...]: order_card, then F11: the order entry.
order_new() {
	order_card "$@"
	e2e_send F11
	e2e_wait_for "New order for $1" || e2e_finish
}

# order_cod: in the Payment field, chooses cash on delivery.
order_cod() {
	e2e_send C-u
	e2e_type "cc"
	e2e_wait_for "Payment       COD" || e2e_finish
}
