#!/usr/bin/env bash
# demo_cli.sh: what a fresh demo database (repeatdesk db seed) must show
# (issue 10 section 5): a sample of the national postal-code table in every
# prefecture, so that a postal code fills an address with no service; the
# insert rules of every kind, so that a confirmation lists inserts; media
# codes with their costs. Data is chosen by query, never by position.
. "${RD_SRCDIR:-$(dirname "$0")/../..}/tests/cli/lib.sh"
e2e_init demo_cli

e2e_db_setup
unset REPEATDESK_POSTAL_ENDPOINT REPEATDESK_CONFIG
RD="$RD_BIN --as sato"

# --- postal codes ---
n=$(sql "select count(*) from rd.postal_codes where source = 'ken_all'")
[ "$n" -ge 300 ] && e2e_pass "the postal sample has $n addresses" || e2e_fail "postal sample: $n addresses"
e2e_assert_eq "$(sql "select count(distinct prefecture) from rd.postal_codes where source = 'ken_all'")" 47 \
	"the sample covers every prefecture"
e2e_assert_eq "$(sql "select count(*) from rd.customers c where not exists (select 1 from rd.postal_codes p
		where p.postal_code = c.postal_code and p.prefecture = c.prefecture)")" 0 \
	"every demo customer's postal code is in the table, in the customer's prefecture"
run $RD postal lookup 〒100-0001 --format json
expect_rc 0 "a known code is looked up with no service"
e2e_assert_eq "$(jq -r '.[0] | [.prefecture, .city, .town, .source] | join("|")' "$E2E_TMP/out")" \
	"東京都|千代田区|千代田|ken_all" "100-0001 is 東京都千代田区千代田, from the table"
run $RD postal lookup 060-0000 --format json
e2e_assert_eq "$(jq -r '.[0] | [.city, .town] | join("|")' "$E2E_TMP/out")" "札幌市中央区|" \
	"a whole-city row (以下に掲載がない場合) fills the city alone"
e2e_assert_eq "$(sql "select count(*) from rd.history where table_name = 'postal_codes' and reason = '郵便番号データの取り込み'")" 1 \
	"the load is in the history, as one summary row (its reason in the business's language)"

# --- customer figures (0150): one row each, as the orders make them ---
e2e_assert_eq "$(sql "select count(*) from rd.customers c where not exists (select 1 from rd.customer_figures f where f.customer_id = c.id)")" 0 \
	"every demo customer has a figures row"
e2e_assert_eq "$(sql "select count(*) from rd.customer_figures f
		left join (select customer_id, sum(total)::bigint as ltv, count(*)::int as n,
			   min(order_date) as first_date, max(order_date) as last_date
		      from rd.orders where status not in ('cancelled', 'returned') group by customer_id) o
		       on o.customer_id = f.customer_id
		where (f.ltv, f.order_count, f.first_order_date, f.last_order_date)
		      is distinct from (coalesce(o.ltv, 0), coalesce(o.n, 0), o.first_date, o.last_date)")" 0 \
	"the loaded figures are those the orders give (rd.customer_figures_refresh)"
e2e_assert_eq "$(sql "select count(*) from rd.customers where name_grams is distinct from rd.search_grams(name)
		or kana_grams is distinct from rd.search_grams(name_kana)")" 0 \
	"the loaded search grams are those of rd.search_grams"

# --- insert rules ---
for kind in "first_order" "delivery_no is not null" "sku is not null" "min_total is not null"; do
	c=$(sql "select count(*) from rd.insert_rules where active and $kind")
	[ "$c" -gt 0 ] && e2e_pass "insert rules by $kind: $c" || e2e_fail "no insert rule by $kind"
done
# a first order of a product with a rule, over the largest total of a rule
cust=$(sql "select c.code from rd.customers c where not exists (select 1 from rd.orders o where o.customer_id = c.id)
		and not exists (select 1 from rd.payment_bars b where b.customer_id = c.id) order by c.id limit 1")
if [ -z "$cust" ]; then
	cust=$(sql "insert into rd.customers (name, name_kana) values ('挿入 確認', 'ソウニュウ カクニン') returning code" | head -n 1)
fi
sku=$(sql "select sku from rd.insert_rules where active and sku is not null order by priority, code limit 1")
run $RD order create --customer "$cust" --item "$sku:5" --payment bank --dry-run --format json
expect_rc 0 "a confirmation (dry run)"
want=$(sql "select string_agg(code, ',' order by code) from rd.insert_rules r where active
		and (first_order or sku = '$sku'
		     or (min_total is not null and min_total <= (select price * 5 * (100 + tax_rate) / 100 from rd.products where sku = '$sku')))
		and delivery_no is null")
e2e_assert_eq "$(jq -r '[.inserts[].code] | sort | join(",")' "$E2E_TMP/out")" "$want" \
	"the confirmation lists the inserts of the first order, the product and the total"

# --- media with costs ---
e2e_assert_eq "$(sql "select count(*) > 0 and sum(cost) > 0 from rd.media")" t "media codes with their costs"
e2e_assert_eq "$(sql "select count(*) > 0 from rd.orders o join rd.media m on m.code = o.media_code
		where m.cost > 0")" t "demo orders name media that have a cost"

# --- monthly media costs, so the demo's media report has a CPO (issue 13) ---
run "$RD_BIN" --as takahashi report media --format json
expect_rc 0 "the media report of the demo"
e2e_assert_eq "$(jq -r '[.rows[] | select(.media_code != null and .new_customers > 0) | .cpo != null] | (length > 0 and all)' "$E2E_TMP/out")" true \
	"every media code that brought customers has a cost, so a CPO"
e2e_assert_eq "$(sql "select count(*) from rd.media_costs c where not exists (select 1 from rd_sum.media_customers n
		where n.media_code = c.media_code and date_trunc('month', n.first_date) = c.month)")" 0 \
	"a month's cost belongs to a month the code brought customers"

# --- retention conversations, so the demo's retention report has figures ---
e2e_assert_eq "$(sql "select count(*) from rd.subscriptions s where s.status = 'cancelled'
		and not exists (select 1 from rd.retention_offers o where o.subscription_id = s.id)")" 0 \
	"every cancelled demo subscription had its retention conversation"
run "$RD_BIN" --as takahashi report retention --from "$(sql "select min(started_on) from rd.subscriptions")" --format json
expect_rc 0 "the retention report of the demo, since its first subscription"
e2e_assert_eq "$(jq -r '[.rows[].conversations] | add' "$E2E_TMP/out")" \
	"$(sql "select count(*) from rd.retention_offers where created_at::date >= (select min(started_on) from rd.subscriptions)")" \
	"the demo's retention report counts every conversation of the demo"
e2e_assert_eq "$(jq -r '([.rows[].cancelled] | add) > 0' "$E2E_TMP/out")" true \
	"the demo's retention report has cancelled conversations"
e2e_assert_eq "$(sql "select count(*) from rd.retention_offers o join rd.agents a on a.login = o.agent
		where a.role = 'operator'")" 0 "no conversation is an operator's (they cannot cancel)"

# --- inquiries as the workload report reads them (issue 13) ---
e2e_assert_eq "$(sql "select count(*) from rd.inquiries where status in ('resolved', 'closed') and resolved_at is null")" 0 \
	"every resolved demo inquiry says when it was resolved"
e2e_assert_eq "$(sql "select count(*) > 0 from rd.inquiries where resolved_at is not null")" t \
	"the demo has resolved inquiries"
e2e_assert_eq "$(sql "select count(*) from rd.inquiry_entries e join rd.inquiries q on q.id = e.inquiry_id
		where e.kind = 'status_change' and e.to_status is distinct from q.status")" 0 \
	"every demo status change names the status it moved the inquiry to"
e2e_assert_eq "$(sql "select count(*) from rd.inquiries q where resolved_at is not null and resolved_at <> (
		select max(e.created_at) from rd.inquiry_entries e where e.inquiry_id = q.id and e.kind = 'status_change')")" 0 \
	"a demo inquiry was resolved when its status changed"
e2e_finish
