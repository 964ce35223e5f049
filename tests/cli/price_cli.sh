#!/usr/bin/env bash
# price_cli.sh: one price everywhere, on the command line, against an
# embedded database with the demo data. For the same subscription the
# card (customer show), the subscription (subscription show), a request's
# preview (subscription change --dry-run), the order that started it and
# the order the shipment run makes for its next delivery all say the same
# amount, tax included (総額表示), with subscription free shipping as the
# setting gives it; lines show their tax-included unit price and amount
# (json keeps unit_price and amount, tax excluded, and adds
# *_tax_included fields). And the limits of an order line hold for a
# subscription line on every path: max_quantity_per_line and products
# still sold, with one line naming the line.
#
# Data is chosen by query and dates are relative to the database's today,
# so nothing depends on the day the test runs. JSON is read with jq.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init price_cli

command -v jq >/dev/null || e2e_skip "jq is not installed (apt-get install jq)"
AGENT="$RD_BIN --as suzuki"
OPER="$RD_BIN --as sato"
jqout() { jq -r "$1" "$E2E_TMP/out"; }

e2e_db_setup

# only the test's subscriptions are due in the shipment run
sql "UPDATE rd.subscriptions SET status = 'cancelled', cancelled_on = current_date,
     next_date = NULL, paused_until = NULL WHERE status <> 'cancelled'" >/dev/null
setting() { sql "SELECT value FROM rd.settings WHERE key = '$1'"; }
sql "UPDATE rd.settings SET value = 'true' WHERE key = 'subscription_free_shipping'" >/dev/null
threshold=$(setting free_shipping_threshold)
cod_fee=$(setting cod_fee)
maxq=$(setting max_quantity_per_line)
day() { sql "SELECT ((now() AT TIME ZONE 'Asia/Tokyo')::date + $1)::text"; }
cust=$(sql "SELECT code FROM rd.customers ORDER BY id LIMIT 1")
# a product sold by subscription whose two packs stay under the free
# shipping threshold: the setting, not the threshold, makes shipping free
sku=$(sql "SELECT sku FROM rd.products WHERE active AND subscription_price IS NOT NULL
            AND subscription_price * 2 * (100 + tax_rate) / 100 < $threshold
          ORDER BY subscription_price, sku LIMIT 1")
[ -n "$sku" ] || e2e_fail "the demo data has a product sold by subscription under the threshold"
# 2 x the subscription price, its tax once (rounded down), the COD fee
want=$(sql "SELECT subscription_price * 2 + subscription_price * 2 * tax_rate / 100 + $cod_fee
              FROM rd.products WHERE sku = '$sku'")
unit_in=$(sql "SELECT subscription_price + subscription_price * tax_rate / 100
                 FROM rd.products WHERE sku = '$sku'")

# --- the order that starts the subscription ---
run $OPER order create --customer "$cust" --item "$sku:2" --payment cod --subscribe 1m:15 \
	--date "$(day 5)" --reason '定期の申込' --format json
expect_rc 0 "an order that starts a subscription"
sub=$(jqout .subscription_id)
expect_eq "$(jqout .total)" "$want" "the order: goods with tax once, free shipping, COD fee"
expect_eq "$(jqout .shipping_fee)" 0 "the setting gives the subscription free shipping"
expect_eq "$(jqout '.lines[0].unit_price_tax_included')" "$unit_in" "json: the unit price tax included"
expect_eq "$(jqout '.lines[0].amount_tax_included')" "$((want - cod_fee))" "json: the line tax included"
expect_eq "$(jqout '.lines[0].amount')" "$(sql "SELECT subscription_price * 2 FROM rd.products WHERE sku = '$sku'")" \
	"json: amount keeps its meaning (tax excluded)"
order1=$(jqout .order_no)
run $OPER order show "$order1"; expect_rc 0 "order show"
# thousands separators (text, not JSON)
commas() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
expect_out " ¥$(commas "$unit_in") " "the table shows the unit price tax included"

# --- the card, the subscription, a preview ---
run $AGENT customer show "$cust" --format json; expect_rc 0 "the card as json"
expect_eq "$(jqout ".subscriptions[] | select(.id == $sub) | .amount_tax_included")" "$want" \
	"the card: the next delivery tax included"
run $AGENT subscription show "$sub" --format json; expect_rc 0 "the subscription as json"
expect_eq "$(jqout .amount.total)" "$want" "the subscription: the same amount"
expect_eq "$(jqout .amount.shipping)" 0 "the subscription ships free as the setting says"
expect_eq "$(jqout '.lines[0].unit_price_tax_included')" "$unit_in" "the subscription's line tax included"
next=$(jqout '[.deliveries[] | select(.skipped | not)][0].date')
run $AGENT subscription change "$sub" --time-slot morning --dry-run --format json
expect_rc 0 "a preview"
expect_eq "$(jqout .preview.price.before.total)" "$want" "the preview: the same amount before"
expect_eq "$(jqout .preview.price.after.total)" "$want" "and after (a time slot changes no price)"

# --- the order the shipment run makes for the next delivery ---
run $AGENT shipments generate --date "$next" --reason 'price_cli' --format json
expect_rc 0 "the shipment run"
expect_eq "$(sql "SELECT total FROM rd.orders WHERE subscription_id = $sub AND delivery_no = 2")" "$want" \
	"the run charges what every screen said"

# --- the limits of an order line hold for a subscription line ---
over=$((maxq + 1))
run $OPER order create --customer "$cust" --item "$sku:$over" --payment cod --subscribe 1m:15 \
	--date "$(day 5)" --dry-run
expect_rc 2 "a subscription start over max_quantity_per_line"
expect_one_line_error "the quantity of a subscription line"
expect_err "item 1: quantity $over of $sku is not possible in a subscription" "the message names the line"
run $OPER order create --customer "$cust" --item "$sku:$over" --payment cod --date "$(day 5)" --dry-run
expect_rc 0 "a single order may take more"
run $AGENT subscription change "$sub" --set "$sku=$over" --reason 増量
expect_rc 2 "a change over max_quantity_per_line"
expect_one_line_error "the quantity of a changed line"
expect_err "max_quantity_per_line" "the rule is named"
# a product no longer sold keeps its line, but its quantity cannot be set
old=$(sql "SELECT sku FROM rd.products WHERE active AND subscription_price IS NOT NULL
            AND sku <> '$sku' ORDER BY sku LIMIT 1")
run $AGENT subscription change "$sub" --set "$old=1" --reason 追加; expect_rc 0 "add a second product"
sql "UPDATE rd.products SET active = false WHERE sku = '$old'" >/dev/null
run $AGENT subscription change "$sub" --set "$old=2" --reason 増量
expect_rc 1 "a product no longer sold cannot be increased"
expect_one_line_error "a product no longer sold"
expect_err "item 1: $old is no longer sold" "the message names the line"
expect_eq "$(sql "SELECT quantity FROM rd.subscription_lines WHERE subscription_id = $sub AND sku = '$old'")" 1 \
	"the line is as it was"
run $AGENT subscription change "$sub" --remove "$old" --reason 終売; expect_rc 0 "its line can go"
sql "UPDATE rd.products SET active = true WHERE sku = '$old'" >/dev/null

e2e_finish
