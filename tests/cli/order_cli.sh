#!/usr/bin/env bash
# order_cli.sh: `repeatdesk order` and `repeatdesk postal` against a real
# embedded database with the demo data and tests/net/httpstub: the
# confirmation, a submit that happens once per request id, show, list,
# cancel, change and return, every kind of bad input (one-line message,
# exit code, nothing written), a subscription start, json/csv output, the
# postal lookup (table, service, cache, failures, timeout) and the import.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init order_cli

# stderr is one line "repeatdesk: PATTERN..." naming the field
expect_error_naming() { # PATTERN LABEL
	if [ "$(wc -l <"$E2E_TMP/err")" -eq 1 ] && grep -q "^repeatdesk: $1" "$E2E_TMP/err"
	then e2e_pass "$2: one line naming the field"
	else e2e_fail "$2: stderr: $(cat "$E2E_TMP/err")"; fi
}
writes() { sql "select (select count(*) from rd.orders) + (select count(*) from rd.history) + (select count(*) from rd.subscriptions)"; }

e2e_db_setup
RD="$RD_BIN --as sato"
cust=$(sql "select c.code from rd.customers c where not exists (select 1 from rd.payment_bars b where b.customer_id = c.id) order by c.id limit 1")
cust2=$(sql "select code from rd.customers order by id desc limit 1")
day() { sql "select ((now() at time zone 'Asia/Tokyo')::date + $1)::text"; }
# open_day N: the first day N or more days from today that the business
# calendar keeps open (a holiday or the year-end closing refuses an order)
open_day() {
	sql "select min(d)::date::text from generate_series((now() at time zone 'Asia/Tokyo')::date + $1,
	       (now() at time zone 'Asia/Tokyo')::date + $1 + 20, '1 day') d
	     where not exists (select 1 from rd.closed_days(d::date, d::date))"
}
d5=$(open_day 5)
today=$(day 0)

# --- the confirmation writes nothing ---
before=$(writes)
run $RD order create --customer "$cust" --item P001:2 --item P019:1 --payment cod \
	--date "$d5" --slot 14-16 --media TV01 --dry-run --format json
expect_rc 0 "dry run"
# 3,980 x 2 at 8% (tax 636) + 4,980 at 10% (tax 498): 14,074, free shipping, COD 330
expect_json .dry_run true "dry run says so"
expect_json '{subtotal_8, tax_8, subtotal_10, tax_10, shipping_fee, cod_fee, total}' \
	'{"subtotal_8":7960,"tax_8":636,"subtotal_10":4980,"tax_10":498,"shipping_fee":0,"cod_fee":330,"total":14404}' \
	"totals per rate, fees"
[ "$(writes)" = "$before" ] && e2e_pass "dry run wrote nothing" || e2e_fail "dry run wrote something"
run $RD order create --customer "$cust" --item P001:2 --item P019:1 --payment cod --date "$d5" --dry-run
expect_out 'dry run: nothing was saved' "table confirmation"
expect_out '¥14,404' "total in yen"

# --- submit once per request id ---
rid=0f8fad5b-d9cb-469f-a165-70867728950e
run $RD order create --customer "$cust" --item P001:2 --item P019:1 --payment cod \
	--date "$d5" --slot 14-16 --media TV01 --request-id "$rid" --reason '電話注文' --format json
expect_rc 0 "order created"
no=$(json_get .order_no)
expect_json .replayed false "first submit is new"
expect_json .total 14404 "saved total"
run $RD order create --customer "$cust" --item P001:2 --item P019:1 --payment cod \
	--date "$d5" --slot 14-16 --media TV01 --request-id "$rid" --reason '電話注文' --format json
expect_rc 0 "the same request again"
expect_json .order_no "$no" "the same order number ($no)"
expect_json .replayed true "second submit replayed"
[ "$(sql "select count(*) from rd.orders where request_id = '$rid'")" = 1 ] &&
	e2e_pass "one order for the request id" || e2e_fail "more than one order"
[ "$(sql "select count(*) from rd.history where request_id = '$rid' and actor = 'sato' and reason = '電話注文' and table_name in ('orders', 'order_lines')")" = 3 ] &&
	e2e_pass "history: sato, the reason, the request id" || e2e_fail "history of the order"

run $RD order show "$no" --format csv
expect_rc 0 "show csv"
[ "$(wc -l <"$E2E_TMP/out")" -eq 3 ] && e2e_pass "csv: header and one row per line" ||
	e2e_fail "csv lines: $(cat "$E2E_TMP/out")"
run $RD order show "$no" --history
expect_out 'Total' "show table"
expect_out '電話注文' "show --history has the reason"
run $RD order show --request-id "$rid" --format json
expect_json .order_no "$no" "show by request id"
# every json timestamp of the program is RFC 3339 with its offset (issue 13)
e2e_assert_eq "$(jq -r '[.created_at, .updated_at] | map(test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+[+-][0-9]{2}:[0-9]{2}$")) | all' "$E2E_TMP/out")" true \
	"the order's created_at and updated_at are RFC 3339 with the offset"
run $RD order show "$no" --history --format json
e2e_assert_eq "$(jq -r '[.history[].at | test("T.*[+-][0-9]{2}:[0-9]{2}$")] | (length > 0 and all)' "$E2E_TMP/out")" true \
	"the order's history times are RFC 3339 with the offset"
run $RD order list --customer "$cust" --format csv
expect_out "^$no,received" "list"

# --- bad input: one line naming the field, exit code, nothing written ---
sql "insert into rd.products (sku, name, price, tax_rate, active) values ('OLD1', '旧商品', 1000, 8, false)" >/dev/null
sql "insert into rd.payment_bars (customer_id, payment, reason) select id, 'deferred', '未払い' from rd.customers where code = '$cust'" >/dev/null
before=$(writes)
bad() { # WANT_RC PATTERN LABEL ARGS...
	want=$1 pat=$2 label=$3
	shift 3
	run $RD order create --customer "$cust" --payment cod "$@"
	expect_rc "$want" "$label"
	expect_error_naming "$pat" "$label"
}
bad 2 'item 1: no product' "unknown SKU" --item NOPE:1
bad 1 'item 2: OLD1' "inactive product" --item P001:1 --item OLD1:1
bad 2 'item 1: quantity 0' "quantity 0" --item P001:0
bad 2 'item 1: quantity -1' "quantity -1" --item P001:-1
bad 2 'item 1: quantity 1000' "quantity 1000" --item P001:1000
bad 2 'item 1: the quantity' "quantity abc" --item P001:abc
bad 2 'date: ' "2026-02-30" --item P001:1 --date 2026-02-30
bad 2 'date: .* too early' "date before the earliest" --item P001:1 --date "$today"
bad 2 'media: no advertisement' "unknown media" --item P001:1 --media NOPE
bad 2 'time slot' "unknown slot" --item P001:1 --slot 21-23
bad 2 'cycle: ' "bad cycle" --item P001:1 --subscribe 1m:32
bad 2 'request id: ' "bad request id" --item P001:1 --request-id 1234
run $RD order create --customer "$cust" --item P001:1 --payment deferred
expect_rc 1 "barred payment"; expect_error_naming 'payment: convenience-store deferred payment is not available' "barred payment"
run $RD order create --customer "$cust" --item P001:1 --payment card --card-token 4111111111111111 --card-last4 1111
expect_rc 2 "card number as token"; expect_error_naming 'card token: this looks like a card number' "card number"
grep -q 4111111111111111 "$E2E_TMP/err" "$E2E_TMP/out" && e2e_fail "the card number was echoed" ||
	e2e_pass "the card number is not echoed"
run $RD order create --customer "$cust" --item P001:1 --payment card --card-token tok_abcdef123 --card-last4 4111111111111111
expect_rc 2 "card number as last four"
run $RD order create --customer "$cust" --item P001:1 --payment cash
expect_rc 2 "unknown payment"; expect_error_naming 'payment: ' "unknown payment"
run $RD order create --customer C9999999 --item P001:1 --payment cod
expect_rc 1 "unknown customer"; expect_error_naming 'customer: ' "unknown customer"
run $RD order create --customer "$cust" --item P001:1
expect_rc 2 "no payment"
[ "$(writes)" = "$before" ] && e2e_pass "bad input wrote nothing" || e2e_fail "bad input wrote something"
[ "$(sql "select count(*) from rd.history where new_row::text like '%4111111111111111%'")" = 0 ] &&
	e2e_pass "no card number anywhere in history" || e2e_fail "a card number reached history"

# --- a card and a subscription start ---
run $RD order create --customer "$cust2" --item P001:1 --payment card --card-token tok_9f8e7d6c5b4a \
	--card-last4 4242 --subscribe 1m:15 --date "$d5" --format json
expect_rc 0 "subscription start"
expect_json .delivery_no 1 "delivery 1"
expect_json .cycle 1m:15 "its cycle"
expect_json '[.lines[] | {sku, unit_price}]' '[{"sku":"P001","unit_price":3280}]' "subscription price"
expect_json .card_last4 4242 "last four kept"
expect_json "[.subscription.next_dates[] | select(. > \"$d5\")] | length" 3 "the next three dates, after the first"
# the order's own subscription, not one that bundle_offers names
sub=$(json_get .subscription_id)
[ "$(sql "select delivery_count || '|' || cycle || '|' || payment from rd.subscriptions where id = $sub")" = "1|1m:15|card" ] &&
	e2e_pass "subscription row" || e2e_fail "subscription row"

# --- cancel, change, return ---
run $RD order cancel "$no"
expect_rc 2 "cancel without a reason"
run $RD order change "$no" --version 1 --reason '時間変更' --slot morning --format json
expect_rc 0 "change with the version read"
expect_json .time_slot morning "changed slot"
run $RD order change "$no" --version 1 --reason '日付' --date "$(open_day 6)"
expect_rc 1 "change with an old version"; expect_error_naming "order $no was changed by sato" "version conflict"
run $RD order cancel "$no" --reason 'お客様都合' --version 2
expect_rc 0 "cancel"
expect_out "order $no cancelled" "cancel says so"
run $RD order cancel "$no" --reason 'もう一度'
expect_rc 1 "cancel twice"
[ "$(sql "select reason from rd.history where table_name = 'orders' and row_key = (select id::text from rd.orders where order_no = '$no') order by id desc limit 1")" = "お客様都合" ] &&
	e2e_pass "cancel reason in history" || e2e_fail "cancel reason"
run $RD order return "$no" --reason '返品'
expect_rc 1 "return of an order that never shipped"

# --- postal codes ---
# the service and its cache answer only codes the national table lacks:
# these start without the demo's sample of it
sql "delete from rd.postal_codes" >/dev/null
stub="$PWD/tests/net/httpstub"
if [ -x "$stub" ]; then
	"$stub" --slow-ms 3000 >"$E2E_TMP/port" </dev/null &
	stub_pid=$!
	for _ in $(seq 50); do [ -s "$E2E_TMP/port" ] && break; sleep 0.1; done
	port=$(cat "$E2E_TMP/port")
	printf '[postal]\nendpoint = http://127.0.0.1:%s/ok\ntimeout_ms = 500\n' "$port" >"$E2E_TMP/config"
	export REPEATDESK_CONFIG=$E2E_TMP/config
	run $RD postal lookup 〒100-0001 --format csv
	expect_rc 0 "postal lookup"
	expect_out '^100-0001,東京都,千代田区,千代田,service$' "answer of the service"
	run $RD postal lookup 1000001 --format csv --endpoint "http://127.0.0.1:1/ok"
	expect_out ',cache$' "second lookup from the cache (the service is not asked)"
	run $RD postal lookup 9999999
	expect_rc 1 "unknown postal code"; expect_error_naming 'postal code 999-9999' "unknown postal code"
	run $RD postal lookup 12-34
	expect_rc 2 "not a postal code"
	for path in error garbage; do
		run $RD postal lookup 2000000 --endpoint "http://127.0.0.1:$port/$path"
		expect_rc 3 "service answers $path"; expect_error_naming 'the postal-code service' "$path"
	done
	run $RD postal lookup 2000000 --endpoint "http://127.0.0.1:$port/notfound"
	expect_rc 1 "service answers 404"
	start=$(date +%s%N)
	run $RD postal lookup 2000000 --endpoint "http://127.0.0.1:$port/slow"
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	expect_rc 3 "slow service"
	[ "$ms" -lt 2500 ] && e2e_pass "slow service: gave up after ${ms} ms (timeout 500)" ||
		e2e_fail "slow service took ${ms} ms"
	kill "$stub_pid" 2>/dev/null
	unset REPEATDESK_CONFIG
else
	e2e_fail "no tests/net/httpstub in $PWD"
fi
printf '%s\n' \
	'13101,"100  ","1000001","ﾄｳｷｮｳﾄ","ﾁﾖﾀﾞｸ","ﾁﾖﾀﾞ","東京都","千代田区","千代田",0,0,0,0,0,0' \
	'01101,"060  ","0600042","x","x","x","北海道","札幌市中央区","大通西（１～１９丁目、",1,0,1,0,0,0' \
	'01101,"060  ","0600042","x","x","x","北海道","札幌市中央区","２０丁目）",1,0,1,0,0,0' >"$E2E_TMP/ken_all.csv"
run "$RD_BIN" postal import "$E2E_TMP/ken_all.csv" --format json
expect_rc 0 "postal import"
expect_json .addresses 2 "two addresses from three records"
run $RD postal lookup 060-0042 --format csv
expect_out '^060-0042,北海道,札幌市中央区,大通西,ken_all$' "imported town joined and cleaned"
printf 'not,a,ken_all,file\n' >"$E2E_TMP/bad.csv"
run "$RD_BIN" postal import "$E2E_TMP/bad.csv"
expect_rc 2 "import of a wrong file"; expect_error_naming '.*line 1' "wrong file"
[ "$(sql "select count(*) from rd.postal_codes where source = 'ken_all'")" = 2 ] &&
	e2e_pass "a failed import changes nothing" || e2e_fail "failed import changed the table"
e2e_finish
