# subscription_lib.sh: what the subscription end-to-end tests share (after
# lib.sh): a subscription made for the test with dates relative to today
# in the business time zone, and the way an agent reaches it.

psql1() {
	"$RD_BIN" db psql -At -c "$1"
}

# subs_new DAYS_AHEAD MADE: a monthly subscription of the first customer
# (whose other subscriptions are ended, so that the list shows this one
# alone): MADE deliveries made, the next DAYS_AHEAD days from today, on
# that day of the month; two of the first product, cash on delivery.
# Sets cust, code, sub (its id), next (its next date) and cycle.
subs_new() {
	cust=$(psql1 "select id from rd.customers order by id limit 1")
	code=$(psql1 "select code from rd.customers where id = $cust")
	_sku=$(psql1 "select sku from rd.products where active and subscription_price is not null order by sku limit 1")
	# these tests are about the requests, not the business calendar
	# (tests/e2e/calendar_moved.sh is): an open calendar keeps the dates
	# they expect from `cycle dates` whatever day they run on
	psql1 "delete from rd.holidays; update rd.settings set value = ''
		where key in ('year_end_closing', 'closed_weekdays')" >/dev/null
	psql1 "update rd.subscriptions set status = 'cancelled', next_date = null,
		paused_until = null, cancelled_on = current_date
		where customer_id = $cust and status <> 'cancelled'" >/dev/null
	sub=$(psql1 "with d as (select (now() at time zone 'Asia/Tokyo')::date + $1 as day),
	     s as (insert into rd.subscriptions (customer_id, cycle, payment, next_date,
	                                         delivery_count, started_on)
		select $cust, '1m:' || least(extract(day from d.day)::int, 28), 'cod',
		       d.day - greatest(extract(day from d.day)::int - 28, 0), $2, d.day - 120
		  from d returning id)
	     insert into rd.subscription_lines (subscription_id, sku, quantity, unit_price)
	     select s.id, p.sku, 2, p.subscription_price from s, rd.products p where p.sku = '$_sku'
	     returning subscription_id" | head -n 1)
	next=$(psql1 "select next_date from rd.subscriptions where id = $sub")
	cycle=$(psql1 "select cycle from rd.subscriptions where id = $sub")
}

# How screens show an ISO date, without the weekday (its language varies):
# shown_day 2026-12-15 -> "2026/12/15(" (long form), shown_list_day
# 2026-12-15 -> "12/15(" (lists).
shown_day() { printf '%s(' "$(printf '%s' "$1" | tr - /)"; }
shown_list_day() { printf '%s(' "$(printf '%s' "$1" | cut -c6- | tr - /)"; }

# subs_open_list LOGIN: the UI as LOGIN, the customer's card, Ctrl-T (the
# markers in the test's language: lib.sh's e2e_msg).
subs_open_list() {
	e2e_start "$RD_BIN" --as "$1"
	e2e_wait_line 1 "$(e2e_msg "DB ok")" || e2e_finish
	e2e_send F2
	e2e_type "$code"
	# the found line, selected (in any language)
	e2e_wait_for ">$code " || e2e_finish
	e2e_send Enter
	e2e_wait_line 1 "$code" || e2e_finish
	e2e_send C-t
	e2e_wait_for "$(e2e_msg "Options: 2=Change 4=Cancel 5=Show 7=Skip 8=Pause (Space clears)." |
		sed 's/ *[(（].*//')" || e2e_finish
}

# subs_history TABLE OP: "actor|reason" of the latest history row of the
# subscription's TABLE with operation OP.
subs_history() {
	if [ "$1" = subscriptions ]; then
		_key="row_key = '$sub'"
	else
		_key="coalesce(new_row, old_row) ->> 'subscription_id' = '$sub'"
	fi
	psql1 "select actor || '|' || coalesce(reason, '') from rd.history
		where table_name = '$1' and op = '$2' and $_key order by id desc limit 1"
}

# subs_assert_line A B DESCRIPTION: a line of the screen holds A, then B.
subs_assert_line() {
	if e2e_screen | grep -F -- "$1" | grep -qF -- "$2"; then
		e2e_pass "$3"
	else
		e2e_fail "$3"
	fi
}
