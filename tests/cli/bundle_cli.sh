#!/usr/bin/env bash
# bundle_cli.sh: parcels (同梱) and the first order of a subscription on
# the command line (issue 10, sections 1 and 2):
#   * a bundling offer only joins deliveries to the same recipient and
#     address (the same address under another address row is one; a gift
#     to another address never), and --bundle-with to another address is
#     refused with a one-line reason (exit 1);
#   * a bundle is one parcel: one shipping fee, one COD fee, the threshold
#     on the parcel's goods; the orders' totals add up to the parcel's;
#     cancelling one order of the parcel settles its fees again (history);
#   * the bundled order takes the parcel's date, stored;
#   * cancelling delivery 1 of a subscription needs --subscription
#     cancel|keep (exit 2 naming the option, nothing written), and both
#     answers are written with reason and request id.
# JSON is read with jq; dates are relative to the database's today; the
# customers are chosen by query.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init bundle_cli
command -v jq >/dev/null || e2e_skip "jq is not installed (scripts/setup.sh installs it)"

e2e_db_setup
RD="$RD_BIN --as sato"
day() { sql "select (rd.customer_today() + $1)::text"; }
setting() { sql "select value from rd.settings where key = '$1'"; }
ship_fee=$(setting shipping_fee)
cod_fee=$(setting cod_fee)
threshold=$(setting free_shipping_threshold)
window=$(setting bundling_window_days)
# customers with nothing open, no bars and an address of their own
free_customer() { # N: the N-th such customer (from 0)
	sql "select c.code from rd.customers c
	      where c.postal_code is not null and c.address1 is not null
	        and not exists (select 1 from rd.payment_bars b where b.customer_id = c.id)
	        and not exists (select 1 from rd.orders o where o.customer_id = c.id
	                         and o.status in ('received', 'confirmed'))
	        and not exists (select 1 from rd.subscriptions s where s.customer_id = c.id
	                         and s.status <> 'cancelled')
	      order by c.id offset $1 limit 1"
}
# an active product under the threshold alone, two of them over it
sku=$(sql "select sku from rd.products where active and tax_rate = 8
            and price * 108 / 100 < $threshold and 2 * (price * 108 / 100) >= $threshold
            order by sku limit 1")
[ -n "$sku" ] || { e2e_fail "no product between half the threshold and the threshold"; e2e_finish; }
d_a=$(day 5)
d_b=$(day $((5 + (window > 0 ? 1 : 0))))

# --- one parcel: one shipping fee, one COD fee, the parcel's date ---
cust=$(free_customer 0)
run $RD order create --customer "$cust" --item "$sku:1" --payment cod --date "$d_a" \
	--reason 'first' --format json
expect_rc 0 "order A"
a_no=$(jq -r .order_no "$E2E_TMP/out")
expect_eq "$(jq -r .shipping_fee "$E2E_TMP/out")" "$ship_fee" "A alone pays shipping"
run $RD order create --customer "$cust" --item "$sku:1" --payment cod --date "$d_b" \
	--dry-run --format json
expect_eq "$(jq -r '[.bundle_offers[] | select(.order_no == "'"$a_no"'")] | length' "$E2E_TMP/out")" 1 \
	"A to the same address is offered"
run $RD order create --customer "$cust" --item "$sku:1" --payment cod --date "$d_b" \
	--bundle-with "$a_no" --dry-run --format json
expect_rc 0 "dry run bundled with A"
expect_eq "$(jq -r .desired_date "$E2E_TMP/out")" "$d_a" "the confirmation states the parcel's date only"
expect_eq "$(jq -r .parcel.orders "$E2E_TMP/out")" 2 "the parcel has two orders"
expect_eq "$(jq -r .parcel.shipping_fee "$E2E_TMP/out")" 0 \
	"the parcel's goods pass the threshold: shipping free"
expect_eq "$(jq -r .parcel.cod_fee "$E2E_TMP/out")" "$cod_fee" "one COD fee for the parcel"
expect_eq "$(jq -r '.shipping_fee + .cod_fee' "$E2E_TMP/out")" 0 \
	"the bundled order pays no second fee"
rid=7a1c3e5f-0b2d-4c6e-8f10-2a3b4c5d6e7f
run $RD order create --customer "$cust" --item "$sku:1" --payment cod --date "$d_b" \
	--bundle-with "$a_no" --reason 'together' --request-id "$rid" --format json
expect_rc 0 "order B bundled with A"
b_no=$(jq -r .order_no "$E2E_TMP/out")
expect_eq "$(jq -r .desired_date "$E2E_TMP/out")" "$d_a" "B stores the parcel's date"
parcel() { # the orders of A's parcel as json, from the command line
	for n in "$a_no" "$b_no"; do $RD order show "$n" --format json; done | jq -s .
}
parcel >"$E2E_TMP/parcel"
goods=$(jq '[.[] | select(.status == "received") | .subtotal_8 + .tax_8 + .subtotal_10 + .tax_10] | add' "$E2E_TMP/parcel")
paid=$(jq '[.[] | select(.status == "received") | .total] | add' "$E2E_TMP/parcel")
expect_eq "$paid" "$((goods + cod_fee))" "the two totals add up to the parcel: goods + one COD fee, no shipping"
expect_eq "$(jq '[.[] | .cod_fee] | add' "$E2E_TMP/parcel")" "$cod_fee" "one COD fee stored"
expect_eq "$(jq '[.[] | .shipping_fee] | add' "$E2E_TMP/parcel")" 0 "no shipping fee stored"
expect_eq "$(jq -r '[.[].bundle_id] | unique | length' "$E2E_TMP/parcel")" 1 "one bundle id"
[ "$(sql "select count(*) from rd.history h join rd.orders o on h.row_key = o.id::text
           where h.table_name = 'orders' and o.order_no = '$a_no' and h.op = 'UPDATE'
             and 'shipping_fee' = any (h.changed) and h.request_id = '$rid'")" = 1 ] &&
	e2e_pass "A's fees settled in B's transaction (history, request id)" ||
	e2e_fail "A's fee change is not in history with B's request id"

# cancelling one order of the parcel settles its fees again
run $RD order cancel "$a_no" --reason 'お客様都合' --format json
expect_rc 0 "cancel A"
run $RD order show "$b_no" --format json
b_goods=$(jq '.subtotal_8 + .tax_8 + .subtotal_10 + .tax_10' "$E2E_TMP/out")
expect_eq "$(jq .shipping_fee "$E2E_TMP/out")" "$ship_fee" "B alone under the threshold pays shipping again"
expect_eq "$(jq .cod_fee "$E2E_TMP/out")" "$cod_fee" "B carries the COD fee now"
expect_eq "$(jq .total "$E2E_TMP/out")" "$((b_goods + ship_fee + cod_fee))" "B's total"
[ "$(sql "select h.reason from rd.history h join rd.orders o on h.row_key = o.id::text
           where h.table_name = 'orders' and o.order_no = '$b_no' and h.op = 'UPDATE'
             and 'cod_fee' = any (h.changed) order by h.id desc limit 1")" = 'お客様都合' ] &&
	e2e_pass "B's fees recomputed in the cancel's transaction (history)" ||
	e2e_fail "B's fee change is not in the cancel's history"

# --- the same address, whichever row names it; another address never ---
cust=$(free_customer 0)
same=$(sql "insert into rd.customer_addresses (customer_id, label, name, postal_code, prefecture, address1, address2)
            select id, '自宅', name, postal_code, prefecture, address1, address2 from rd.customers
             where code = '$cust' returning id" | head -n 1)
gift=$(sql "insert into rd.customer_addresses (customer_id, label, name, postal_code, prefecture, address1)
            select id, '実家', '贈答 花子', '1500001', '東京都', '渋谷区神宮前9-9-9' from rd.customers
             where code = '$cust' returning id" | head -n 1)
run $RD order create --customer "$cust" --item "$sku:1" --payment card --card-token tok_abcdef123 \
	--card-last4 4242 --date "$d_a" --address "$same" --reason 'own address, second row' --format json
expect_rc 0 "order C to the own address under another row"
c_no=$(jq -r .order_no "$E2E_TMP/out")
run $RD order create --customer "$cust" --item "$sku:1" --payment card --card-token tok_abcdef123 \
	--card-last4 4242 --date "$d_a" --address "$gift" --reason 'gift' --format json
expect_rc 0 "order G, a gift to another address"
g_no=$(jq -r .order_no "$E2E_TMP/out")
run $RD order create --customer "$cust" --item "$sku:1" --payment cod --date "$d_b" --dry-run --format json
expect_eq "$(jq -r '[.bundle_offers[].order_no] | index("'"$c_no"'") != null' "$E2E_TMP/out")" true \
	"the same recipient and address under another row is offered"
expect_eq "$(jq -r '[.bundle_offers[].order_no] | index("'"$g_no"'") != null' "$E2E_TMP/out")" false \
	"the gift to another address is not offered"
before=$(sql "select count(*) from rd.orders")
run $RD order create --customer "$cust" --item "$sku:1" --payment cod --date "$d_b" \
	--bundle-with "$g_no" --reason 'try'
expect_rc 1 "--bundle-with a gift to another address"
expect_one_line_error "--bundle-with another address"
expect_err "goes to another address" "the reason names the address"
expect_eq "$(sql "select count(*) from rd.orders")" "$before" "nothing written"

# --- cancelling delivery 1 of a subscription ---
for n in 1 2; do
	cust=$(free_customer $n)
	run $RD order create --customer "$cust" --item "$sku:1" --payment cod --subscribe 1m:15 \
		--date "$d_a" --reason 'start' --format json
	expect_rc 0 "subscription start $n"
	eval "first$n=$(jq -r .order_no "$E2E_TMP/out") sub$n=$(jq -r .subscription_id "$E2E_TMP/out")"
done
writes() { sql "select count(*) from rd.history"; }
before=$(writes)
run $RD order cancel "$first1" --reason 'いらない'
expect_rc 2 "cancel of delivery 1 without --subscription"
expect_one_line_error "without --subscription"
expect_err "--subscription cancel" "the message names the option"
expect_eq "$(writes)" "$before" "nothing written"
run $RD order cancel "$first1" --reason 'いらない' --subscription later
expect_rc 2 "--subscription later"
rid1=1d2e3f40-5a6b-4c7d-8e9f-0a1b2c3d4e5f
run $RD order cancel "$first1" --reason 'まだ続ける' --subscription keep --request-id "$rid1" --format json
expect_rc 0 "cancel, keep the subscription"
expect_eq "$(jq -r .status "$E2E_TMP/out")" cancelled "the order is cancelled"
expect_eq "$(jq -r .delivery_no "$E2E_TMP/out")" null "the cancelled order is no longer delivery 1"
expect_eq "$(sql "select status || '|' || delivery_count from rd.subscriptions where id = $sub1")" "active|0" \
	"kept: active, its next delivery is delivery 1"
expect_eq "$(sql "select count(*) from rd.history where table_name = 'subscriptions' and row_key = '$sub1'
                   and op = 'UPDATE' and reason = 'まだ続ける' and request_id = '$rid1' and actor = 'sato'")" 1 \
	"keep written with reason and request id"
rid2=2e3f4051-6b7c-4d8e-9fa0-1b2c3d4e5f60
run $RD order cancel "$first2" --reason '解約したい' --subscription cancel --request-id "$rid2"
expect_rc 0 "cancel with the subscription"
expect_out "subscription $sub2 cancelled" "says the subscription went too"
expect_eq "$(sql "select status || '|' || cancel_reason from rd.subscriptions where id = $sub2")" "cancelled|解約したい" \
	"the subscription is cancelled with the reason"
expect_eq "$(sql "select count(*) from rd.history where table_name = 'subscriptions' and row_key = '$sub2'
                   and op = 'UPDATE' and request_id = '$rid2'")" 1 "cancel written with the request id"
# no path leaves it unasked: plain SQL is refused at commit
cust=$(free_customer 3)
run $RD order create --customer "$cust" --item "$sku:1" --payment cod --subscribe 1m:15 \
	--date "$d_a" --reason 'start' --format json
first3=$(jq -r .order_no "$E2E_TMP/out")
if sql "update rd.orders set status = 'cancelled' where order_no = '$first3'" >/dev/null 2>&1; then
	e2e_fail "plain SQL cancelled delivery 1 with its subscription left active"
else
	e2e_pass "plain SQL cannot leave the subscription unasked"
fi
e2e_finish
