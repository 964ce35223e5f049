/* check_pricing.c: order totals on tricky mixes of 8% and 10% lines and
 * rounding boundaries, fees and the free-shipping threshold, quantities,
 * delivery and bundling windows, insert rules, and card input that must
 * never be a card number. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/date.h"
#include "repeatdesk/pricing.h"

Suite *pricing_suite(void);

static struct pricing_settings S(void)
{
	struct pricing_settings s;

	pricing_settings_default(&s);
	return s;
}

/* Totals of up to 4 lines given as (price, qty, rate) triples. */
static struct pricing_totals totals_of(enum pricing_payment pay, bool subscribe,
				       const struct pricing_settings *s, size_t n,
				       const struct pricing_line *lines)
{
	struct pricing_totals t;
	struct rd_error err;

	ck_assert_msg(pricing_totals(lines, n, pay, subscribe, s, &t, &err) == RD_OK,
		      "pricing_totals: %s", err.msg);
	return t;
}

/* --- tax ------------------------------------------------------------------ */

START_TEST(tax_is_once_per_rate_and_rounded_down)
{
	struct pricing_settings s = S();
	/* two 8% lines of 1,249: per line 99 + 99 = 198, per rate
	 * floor(2,498 * 0.08) = floor(199.84) = 199 */
	struct pricing_line a[] = { { 1249, 1, 8 }, { 1249, 1, 8 } };
	struct pricing_totals t = totals_of(PRICING_PAY_CARD, false, &s, 2, a);

	ck_assert_int_eq(t.subtotal_8, 2498);
	ck_assert_int_eq(t.tax_8, 199);
	ck_assert_int_eq(t.subtotal_10, 0);
	ck_assert_int_eq(t.tax_10, 0);
	ck_assert_int_eq(t.goods_total, 2697);
	ck_assert(!t.free_shipping);
	ck_assert_int_eq(t.shipping_fee, 600);
	ck_assert_int_eq(t.cod_fee, 0);
	ck_assert_int_eq(t.total, 3297);

	/* 10%: two lines of 5 yen have no tax each, together 1 yen */
	struct pricing_line b[] = { { 5, 1, 10 }, { 5, 1, 10 } };
	t = totals_of(PRICING_PAY_BANK, false, &s, 2, b);
	ck_assert_int_eq(t.tax_10, 1);
	/* just below a yen: 12 at 8% is 0.96 */
	struct pricing_line c[] = { { 12, 1, 8 } };
	t = totals_of(PRICING_PAY_BANK, false, &s, 1, c);
	ck_assert_int_eq(t.tax_8, 0);
	/* exactly on a yen: 25 at 8% is 2 */
	struct pricing_line d[] = { { 25, 1, 8 } };
	t = totals_of(PRICING_PAY_BANK, false, &s, 1, d);
	ck_assert_int_eq(t.tax_8, 2);
}
END_TEST

START_TEST(mixed_rates_are_taxed_apart_and_fees_added_after_tax)
{
	struct pricing_settings s = S();
	/* 青汁 3,980 (8%) x 2, オールインワンゲル 4,980 (10%) x 1,
	 * お試し 980 (8%) x 3 */
	struct pricing_line l[] = { { 3980, 2, 8 }, { 4980, 1, 10 }, { 980, 3, 8 } };
	struct pricing_totals t = totals_of(PRICING_PAY_COD, false, &s, 3, l);

	ck_assert_int_eq(t.subtotal_8, 7960 + 2940);
	ck_assert_int_eq(t.tax_8, 872);       /* 10,900 * 0.08 = 872 */
	ck_assert_int_eq(t.subtotal_10, 4980);
	ck_assert_int_eq(t.tax_10, 498);
	ck_assert_int_eq(t.goods.nrates, 2);
	ck_assert_int_eq(t.goods.rates[0].rate, 8);
	ck_assert_int_eq(t.goods.rates[1].rate, 10);
	ck_assert_int_eq(t.goods_total, 10900 + 872 + 4980 + 498);
	ck_assert(t.free_shipping);
	ck_assert_int_eq(t.shipping_fee, 0);
	ck_assert_int_eq(t.cod_fee, 330);
	ck_assert_int_eq(t.total, t.goods_total + 330);

	/* a mix where each rate rounds down on its own: 8% of 1,249 = 99.92,
	 * 10% of 1,249 = 124.9; one rate for both would give 224.8 -> 224,
	 * per rate it is 99 + 124 = 223 */
	struct pricing_line m[] = { { 1249, 1, 8 }, { 1249, 1, 10 } };
	t = totals_of(PRICING_PAY_CARD, false, &s, 2, m);
	ck_assert_int_eq(t.tax_8 + t.tax_10, 223);
}
END_TEST

START_TEST(free_shipping_starts_exactly_at_the_threshold_tax_included)
{
	struct pricing_settings s = S();
	/* 4,630 at 8%: tax 370.4 -> 370, goods 5,000: free */
	struct pricing_line at8[] = { { 4630, 1, 8 } };
	/* 4,629 at 8%: tax 370.32 -> 370, goods 4,999: 600 */
	struct pricing_line below8[] = { { 4629, 1, 8 } };
	/* 4,546 at 10%: 454.6 -> 454, 5,000; 4,545: 454.5 -> 454, 4,999 */
	struct pricing_line at10[] = { { 4546, 1, 10 } };
	struct pricing_line below10[] = { { 4545, 1, 10 } };
	struct pricing_totals t;

	t = totals_of(PRICING_PAY_CARD, false, &s, 1, at8);
	ck_assert_int_eq(t.goods_total, 5000);
	ck_assert_int_eq(t.shipping_fee, 0);
	t = totals_of(PRICING_PAY_CARD, false, &s, 1, below8);
	ck_assert_int_eq(t.goods_total, 4999);
	ck_assert_int_eq(t.shipping_fee, 600);
	ck_assert_int_eq(t.total, 5599);
	t = totals_of(PRICING_PAY_CARD, false, &s, 1, at10);
	ck_assert_int_eq(t.goods_total, 5000);
	ck_assert_int_eq(t.shipping_fee, 0);
	t = totals_of(PRICING_PAY_CARD, false, &s, 1, below10);
	ck_assert_int_eq(t.goods_total, 4999);
	ck_assert_int_eq(t.shipping_fee, 600);
	/* cash on delivery does not count towards the threshold */
	t = totals_of(PRICING_PAY_COD, false, &s, 1, below10);
	ck_assert_int_eq(t.total, 4999 + 600 + 330);

	/* a subscription start ships free when the setting says so */
	t = totals_of(PRICING_PAY_CARD, true, &s, 1, below10);
	ck_assert_int_eq(t.shipping_fee, 0);
	s.subscription_free_shipping = false;
	t = totals_of(PRICING_PAY_CARD, true, &s, 1, below10);
	ck_assert_int_eq(t.shipping_fee, 600);
	/* a threshold of 0: everything ships free */
	s.free_shipping_threshold = 0;
	t = totals_of(PRICING_PAY_CARD, false, &s, 1, below10);
	ck_assert_int_eq(t.shipping_fee, 0);
	/* other fees from the settings */
	s = S();
	s.shipping_fee = 880;
	s.cod_fee = 440;
	t = totals_of(PRICING_PAY_COD, false, &s, 1, below10);
	ck_assert_int_eq(t.total, 4999 + 880 + 440);
}
END_TEST

/* A parcel (同梱): one shipping fee on its first order, free when the
 * parcel's goods reach the threshold though no order alone does; one COD
 * fee on the first order that pays on delivery; the members' totals add
 * up to the parcel's. An order alone is a parcel of one. */
START_TEST(a_parcel_has_one_shipping_fee_and_one_cod_fee)
{
	struct pricing_settings s;
	struct pricing_parcel p;
	struct pricing_parcel_member m[3];
	struct rd_error err;

	pricing_settings_default(&s);   /* 600, 5000, 330 */
	memset(m, 0, sizeof(m));
	m[0] = (struct pricing_parcel_member){ .goods_total = 2000, .payment = PRICING_PAY_CARD };
	m[1] = (struct pricing_parcel_member){ .goods_total = 2000, .payment = PRICING_PAY_COD };
	m[2] = (struct pricing_parcel_member){ .goods_total = 999, .payment = PRICING_PAY_COD };
	/* 4,999 in the box: under the threshold by one yen */
	ck_assert_int_eq(pricing_parcel_fees(m, 3, &s, &p, &err), RD_OK);
	ck_assert(!p.free_shipping);
	ck_assert_int_eq(p.goods_total, 4999);
	ck_assert_int_eq(p.shipping_fee, 600);
	ck_assert_int_eq(p.cod_fee, 330);
	ck_assert_int_eq(p.total, 4999 + 600 + 330);
	ck_assert_int_eq(m[0].shipping_fee, 600);
	ck_assert_int_eq(m[0].cod_fee, 0);
	ck_assert_int_eq(m[1].shipping_fee + m[2].shipping_fee, 0);
	ck_assert_int_eq(m[1].cod_fee, 330);
	ck_assert_int_eq(m[2].cod_fee, 0);
	ck_assert_int_eq(m[0].total + m[1].total + m[2].total, p.total);
	/* one yen more: the parcel ships free, no order alone would */
	m[2].goods_total = 1000;
	ck_assert_int_eq(pricing_parcel_fees(m, 3, &s, &p, &err), RD_OK);
	ck_assert(p.free_shipping);
	ck_assert_int_eq(p.total, 5000 + 330);
	ck_assert_int_eq(m[0].total + m[1].total + m[2].total, p.total);
	/* a subscription's order in the box: free by the setting */
	m[2].goods_total = 1;
	m[2].subscription = true;
	ck_assert_int_eq(pricing_parcel_fees(m, 3, &s, &p, &err), RD_OK);
	ck_assert_int_eq(p.shipping_fee, 0);
	s.subscription_free_shipping = false;
	ck_assert_int_eq(pricing_parcel_fees(m, 3, &s, &p, &err), RD_OK);
	ck_assert_int_eq(p.shipping_fee, 600);
	/* nothing to pay on delivery: no COD fee */
	m[1].payment = m[2].payment = PRICING_PAY_BANK;
	ck_assert_int_eq(pricing_parcel_fees(m, 3, &s, &p, &err), RD_OK);
	ck_assert_int_eq(p.cod_fee, 0);
	/* no order, a negative amount, an overflow: refused */
	ck_assert_int_eq(pricing_parcel_fees(m, 0, &s, &p, &err), RD_INVALID);
	m[1].goods_total = -1;
	ck_assert_int_eq(pricing_parcel_fees(m, 3, &s, &p, &err), RD_INVALID);
	m[1].goods_total = INT64_MAX;
	ck_assert_int_ne(pricing_parcel_fees(m, 3, &s, &p, &err), RD_OK);
}
END_TEST

/* --- the one price ------------------------------------------------------ */

START_TEST(a_line_and_a_unit_are_shown_tax_included)
{
	struct rd_error err;
	int64_t ex = -1, in = -1;

	ck_assert_int_eq(pricing_line_amount(3280, 2, 8, &ex, &in, NULL), RD_OK);
	ck_assert_int_eq(ex, 6560);
	ck_assert_int_eq(in, 7084);              /* 6,560 + 524.8 -> 524 */
	ck_assert_int_eq(pricing_line_amount(4980, 1, 10, NULL, &in, NULL), RD_OK);
	ck_assert_int_eq(in, 5478);
	ck_assert_int_eq(pricing_unit_tax_included(3980, 8, &in, NULL), RD_OK);
	ck_assert_int_eq(in, 4298);              /* 4,298.4 */
	ck_assert_int_eq(pricing_unit_tax_included(1249, 8, &in, NULL), RD_OK);
	ck_assert_int_eq(in, 1348);
	/* overflow is refused, never wrapped */
	in = 5;
	ck_assert_int_eq(pricing_line_amount(INT64_MAX / 2, 3, 8, &ex, &in, &err), RD_INVALID);
	ck_assert_int_eq(pricing_line_amount(INT64_MAX / 100 * 99, 1, 10, &ex, &in, &err),
			 RD_INVALID);
	ck_assert_int_eq(pricing_unit_tax_included(INT64_MAX - 1, 10, &in, &err), RD_INVALID);
	ck_assert_int_eq(in, 5);
}
END_TEST

START_TEST(goods_take_the_discount_off_each_rate_then_tax_once)
{
	/* 2 x 3,280 at 8% and 4,080 at 10%, 10% off each rate's goods */
	struct pricing_line l[] = { { 3280, 2, 8 }, { 4080, 1, 10 } };
	struct pricing_line big[] = { { INT64_MAX / 2, 1, 8 }, { INT64_MAX / 2, 1, 8 },
				      { 10, 1, 8 } };
	struct money_totals g, keep;
	int64_t off = -1;
	struct rd_error err;

	ck_assert_int_eq(pricing_goods(l, 2, 0, &g, &off, NULL), RD_OK);
	ck_assert_int_eq(off, 0);
	ck_assert_int_eq(g.total, 6560 + 524 + 4080 + 408);
	ck_assert_int_eq(pricing_goods(l, 2, 10, &g, &off, NULL), RD_OK);
	/* 8%: 6,560 - 656 = 5,904, tax 472; 10%: 4,080 - 408 = 3,672, tax 367 */
	ck_assert_int_eq(off, 656 + 408);
	ck_assert_int_eq(money_totals_rate(&g, 8)->subtotal, 5904);
	ck_assert_int_eq(money_totals_rate(&g, 8)->tax, 472);
	ck_assert_int_eq(money_totals_rate(&g, 10)->tax, 367);
	ck_assert_int_eq(g.total, 5904 + 472 + 3672 + 367);
	/* refused: overflow and a discount beyond 100%, g untouched */
	keep = g;
	ck_assert_int_eq(pricing_goods(big, 3, 0, &g, NULL, &err), RD_INVALID);
	ck_assert_int_eq(pricing_goods(l, 2, 101, &g, NULL, &err), RD_INVALID);
	ck_assert_int_eq(g.total, keep.total);
}
END_TEST

START_TEST(one_fee_rule_for_orders_and_subscription_deliveries)
{
	struct pricing_settings s = S();
	struct pricing_fees f;

	pricing_fees(&s, 4999, PRICING_PAY_CARD, false, &f);
	ck_assert_int_eq(f.shipping, 600);
	ck_assert(!f.free_shipping);
	ck_assert_int_eq(f.cod, 0);
	pricing_fees(&s, 5000, PRICING_PAY_COD, false, &f);
	ck_assert_int_eq(f.shipping, 0);
	ck_assert_int_eq(f.cod, 330);
	/* a subscription's delivery ships free when the setting says so */
	pricing_fees(&s, 100, PRICING_PAY_BANK, true, &f);
	ck_assert_int_eq(f.shipping, 0);
	ck_assert(f.free_shipping);
	s.subscription_free_shipping = false;
	pricing_fees(&s, 100, PRICING_PAY_BANK, true, &f);
	ck_assert_int_eq(f.shipping, 600);
}
END_TEST

START_TEST(a_line_is_limited_alike_for_orders_and_subscriptions)
{
	struct rd_error err;

	ck_assert_int_eq(pricing_check_line(0, "P001", 25, true, false, 20, &err), RD_OK);
	ck_assert_int_eq(pricing_check_line(0, "P001", 20, true, true, 20, &err), RD_OK);
	ck_assert_int_eq(pricing_check_line(1, "P001", 21, true, true, 20, &err), RD_INVALID);
	ck_assert_str_eq(err.msg, "item 2: quantity 21 of P001 is not possible in a subscription"
			 ": 1 to 20 per product (max_quantity_per_line)");
	ck_assert_int_eq(pricing_check_line(0, "P001", 0, true, true, 20, &err), RD_INVALID);
	ck_assert_str_eq(err.msg, "item 1: quantity 0 of P001 is not possible in a subscription"
			 ": 1 to 20 per product (max_quantity_per_line)");
	ck_assert_int_eq(pricing_check_line(0, "P001", 0, true, false, 20, &err), RD_INVALID);
	ck_assert_str_eq(err.msg, "item 1: quantity 0 is not possible; order 1 to 999");
	ck_assert_int_eq(pricing_check_line(0, "P001", 1000, true, false, 20, &err), RD_INVALID);
	ck_assert_int_eq(pricing_check_line(2, "P009", 1, false, false, 20, &err), RD_REFUSED);
	ck_assert_str_eq(err.msg, "item 3: P009 is no longer sold; choose another product");
	ck_assert_int_eq(pricing_check_line(0, "P009", 1, false, true, 20, &err), RD_REFUSED);
	ck_assert(strchr(err.msg, '\n') == NULL);
}
END_TEST

START_TEST(subscription_price_only_when_subscribing_and_set)
{
	ck_assert_int_eq(pricing_unit_price(3980, 3280, true), 3280);
	ck_assert_int_eq(pricing_unit_price(3980, 3280, false), 3980);
	ck_assert_int_eq(pricing_unit_price(980, -1, true), 980);
	ck_assert_int_eq(pricing_unit_price(980, 0, true), 0);
}
END_TEST

START_TEST(quantities_outside_1_to_999_are_refused)
{
	struct pricing_settings s = S();
	struct pricing_totals t;
	struct rd_error err;
	static const long bad[] = { 0, -1, 1000, 100000 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct pricing_line l[] = { { 100, 1, 8 }, { 100, (int)bad[i], 10 } };

		ck_assert_int_eq(pricing_totals(l, 2, PRICING_PAY_CARD, false, &s, &t, &err),
				 RD_INVALID);
		ck_assert_msg(strstr(err.msg, "item 2") && strstr(err.msg, "quantity"),
			      "message names the line and the field: %s", err.msg);
	}
	struct pricing_line max[] = { { 3980, 999, 8 } };
	t = totals_of(PRICING_PAY_CARD, false, &s, 1, max);
	ck_assert_int_eq(t.subtotal_8, 3976020);
	ck_assert_int_eq(pricing_check_quantity(1, 0, &err), RD_OK);
	ck_assert_int_eq(pricing_check_quantity(1000, 4, &err), RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "item 5"));
}
END_TEST

START_TEST(nonsense_lines_are_refused_and_nothing_is_half_done)
{
	struct pricing_settings s = S();
	struct pricing_totals t = { .total = 4242 };
	struct rd_error err;
	struct pricing_line rate5[] = { { 100, 1, 5 } };
	struct pricing_line negative[] = { { -100, 1, 10 } };
	struct pricing_line huge[] = { { INT64_MAX / 2, 3, 10 } };

	ck_assert_int_eq(pricing_totals(rate5, 0, PRICING_PAY_CARD, false, &s, &t, &err),
			 RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "at least one"));
	ck_assert_int_eq(pricing_totals(rate5, 1, PRICING_PAY_CARD, false, &s, &t, &err),
			 RD_INVALID);
	ck_assert_int_eq(pricing_totals(negative, 1, PRICING_PAY_CARD, false, &s, &t, &err),
			 RD_INVALID);
	ck_assert_int_eq(pricing_totals(huge, 1, PRICING_PAY_CARD, false, &s, &t, &err),
			 RD_INVALID);
	ck_assert_int_eq(t.total, 4242);
}
END_TEST

START_TEST(settings_are_checked)
{
	struct pricing_settings s = S();
	struct rd_error err;

	ck_assert_int_eq(pricing_settings_check(&s, &err), RD_OK);
	s.cod_fee = -1;
	ck_assert_int_eq(pricing_settings_check(&s, &err), RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "cod_fee"));
	s = S();
	s.latest_delivery_days = 1;
	ck_assert_int_eq(pricing_settings_check(&s, &err), RD_INVALID);
	s = S();
	s.bundling_window_days = 400;
	ck_assert_int_eq(pricing_settings_check(&s, &err), RD_INVALID);
}
END_TEST

/* --- dates ---------------------------------------------------------------- */

START_TEST(desired_date_between_earliest_and_latest)
{
	struct pricing_settings s = S();
	int32_t today = date_from_ymd(2026, 12, 30);
	struct rd_error err;

	ck_assert_int_eq(pricing_earliest_date(&s, today), date_from_ymd(2027, 1, 1));
	ck_assert_int_eq(pricing_check_date(&s, today, date_from_ymd(2027, 1, 1), &err), RD_OK);
	ck_assert_int_eq(pricing_check_date(&s, today, date_from_ymd(2026, 12, 31), &err),
			 RD_INVALID);
	ck_assert_msg(strstr(err.msg, "2027/01/01(") && strncmp(err.msg, "date:", 5) == 0,
		      "names the field and the earliest date: %s", err.msg);
	ck_assert_int_eq(pricing_check_date(&s, today, today, &err), RD_INVALID);
	ck_assert_int_eq(pricing_check_date(&s, today, today + 90, &err), RD_OK);
	ck_assert_int_eq(pricing_check_date(&s, today, today + 91, &err), RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "latest"));
	s.earliest_delivery_days = 0;
	ck_assert_int_eq(pricing_check_date(&s, today, today, &err), RD_OK);
}
END_TEST

START_TEST(bundling_window_is_inclusive_both_ways)
{
	struct pricing_settings s = S();
	int32_t d = date_from_ymd(2027, 2, 27);

	ck_assert(pricing_in_bundling_window(&s, d, d));
	ck_assert(pricing_in_bundling_window(&s, d, d + 3));   /* 03-02 */
	ck_assert(pricing_in_bundling_window(&s, d, d - 3));
	ck_assert(!pricing_in_bundling_window(&s, d, d + 4));
	ck_assert(!pricing_in_bundling_window(&s, d, d - 4));
	s.bundling_window_days = 0;
	ck_assert(pricing_in_bundling_window(&s, d, d));
	ck_assert(!pricing_in_bundling_window(&s, d, d + 1));
	/* far apart: no overflow */
	ck_assert(!pricing_in_bundling_window(&s, DATE_MIN, DATE_MAX));
}
END_TEST

/* --- inserts -------------------------------------------------------------- */

static struct pricing_insert_rule rule(const char *code, bool first, int delivery,
				       const char *sku, int64_t min_total, int prio)
{
	struct pricing_insert_rule r;

	memset(&r, 0, sizeof(r));
	strcpy(r.code, code);
	strcpy(r.name, code);
	r.first_order = first;
	r.delivery_no = delivery;
	strcpy(r.sku, sku);
	r.min_total = min_total;
	r.priority = prio;
	return r;
}

START_TEST(each_insert_condition_and_their_combination)
{
	const char *skus[] = { "P001", "P019" };
	struct pricing_order_facts f = { .first_order = true, .delivery_no = 1,
					 .skus = skus, .nskus = 2, .goods_total = 5000 };
	struct pricing_insert_rule r;

	r = rule("WELCOME", true, 0, "", -1, 10);
	ck_assert(pricing_insert_matches(&r, &f));
	f.first_order = false;
	ck_assert(!pricing_insert_matches(&r, &f));
	f.first_order = true;

	r = rule("D1", false, 1, "", -1, 10);
	ck_assert(pricing_insert_matches(&r, &f));
	f.delivery_no = 0;   /* not a subscription */
	ck_assert(!pricing_insert_matches(&r, &f));
	f.delivery_no = 2;
	ck_assert(!pricing_insert_matches(&r, &f));
	f.delivery_no = 1;

	r = rule("RECIPE", false, 0, "P001", -1, 10);
	ck_assert(pricing_insert_matches(&r, &f));
	r = rule("OTHER", false, 0, "P002", -1, 10);
	ck_assert(!pricing_insert_matches(&r, &f));

	r = rule("BIG", false, 0, "", 5000, 10);   /* at least 5,000 */
	ck_assert(pricing_insert_matches(&r, &f));
	f.goods_total = 4999;
	ck_assert(!pricing_insert_matches(&r, &f));
	f.goods_total = 5000;

	r = rule("ALL", false, 0, "", -1, 10);     /* no condition: every box */
	ck_assert(pricing_insert_matches(&r, &f));

	/* all conditions must hold */
	r = rule("COMBO", true, 1, "P019", 3000, 10);
	ck_assert(pricing_insert_matches(&r, &f));
	f.nskus = 1;   /* P019 gone */
	ck_assert(!pricing_insert_matches(&r, &f));
}
END_TEST

START_TEST(inserts_are_ordered_deduplicated_and_limited)
{
	const char *skus[] = { "P001" };
	struct pricing_order_facts f = { .first_order = true, .delivery_no = 1,
					 .skus = skus, .nskus = 1, .goods_total = 8000 };
	struct pricing_insert_rule rules[6];
	size_t out[6], n;

	rules[0] = rule("CATALOG", false, 0, "", -1, 50);
	rules[1] = rule("WELCOME", true, 0, "", -1, 10);
	rules[2] = rule("NOPE", false, 2, "", -1, 1);          /* delivery 2 */
	rules[3] = rule("RECIPE", false, 0, "P001", -1, 20);
	rules[4] = rule("CATALOG", false, 0, "", 5000, 5);     /* same code, better */
	rules[5] = rule("SAMPLE", false, 0, "", 10000, 1);     /* total too small */
	n = pricing_choose_inserts(rules, 6, &f, out, 6);
	ck_assert_int_eq(n, 3);
	ck_assert_str_eq(rules[out[0]].code, "CATALOG");
	ck_assert_int_eq(out[0], 4);
	ck_assert_str_eq(rules[out[1]].code, "WELCOME");
	ck_assert_str_eq(rules[out[2]].code, "RECIPE");
	/* a box holds only max: the best ones stay */
	n = pricing_choose_inserts(rules, 6, &f, out, 2);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(rules[out[0]].code, "CATALOG");
	ck_assert_str_eq(rules[out[1]].code, "WELCOME");
	/* the same priority: by code */
	rules[0] = rule("B", false, 0, "", -1, 1);
	rules[1] = rule("A", false, 0, "", -1, 1);
	n = pricing_choose_inserts(rules, 2, &f, out, 6);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(rules[out[0]].code, "A");
	ck_assert_int_eq(pricing_choose_inserts(rules, 0, &f, out, 6), 0);
}
END_TEST

/* --- card input ------------------------------------------------------------ */

START_TEST(card_numbers_are_recognised_in_any_spelling)
{
	ck_assert(pricing_looks_like_pan("4111111111111111"));
	ck_assert(pricing_looks_like_pan("4111 1111 1111 1111"));
	ck_assert(pricing_looks_like_pan("4111-1111-1111-1111"));
	ck_assert(pricing_looks_like_pan("tok_4111111111111111"));
	ck_assert(pricing_looks_like_pan("378282246310005"));    /* Amex, 15 */
	ck_assert(pricing_looks_like_pan("4222222222222"));      /* Visa, 13, Luhn */
	ck_assert(pricing_looks_like_pan("30569309025904"));     /* Diners, 14 */
	ck_assert(pricing_looks_like_pan("6011 0009 9013 9424 123"));
	ck_assert(!pricing_looks_like_pan("4222222222223"));     /* 13, not Luhn */
	ck_assert(!pricing_looks_like_pan("tok_20261114_a8f3"));
	ck_assert(!pricing_looks_like_pan("tok_1234-5678"));
	ck_assert(!pricing_looks_like_pan(""));
	ck_assert(!pricing_looks_like_pan(NULL));
	ck_assert(!pricing_looks_like_pan("1111"));
}
END_TEST

START_TEST(card_payment_takes_a_token_and_four_digits_only)
{
	struct rd_error err;

	ck_assert_int_eq(pricing_check_card(PRICING_PAY_CARD, "tok_9f8e7d6c5b4a", "1111", &err),
			 RD_OK);
	ck_assert_int_eq(pricing_check_card(PRICING_PAY_CARD, "4111111111111111", "1111", &err),
			 RD_INVALID);
	ck_assert_msg(strstr(err.msg, "card number") && !strstr(err.msg, "4111"),
		      "refuses without repeating the number: %s", err.msg);
	ck_assert_int_eq(pricing_check_card(PRICING_PAY_CARD, NULL, "1111", &err), RD_INVALID);
	ck_assert_int_eq(pricing_check_card(PRICING_PAY_CARD, "tok_9f8e7d6c5b4a", NULL, &err),
			 RD_INVALID);
	ck_assert_int_eq(pricing_check_card(PRICING_PAY_CARD, "tok_9f8e7d6c5b4a",
					    "4111111111111111", &err), RD_INVALID);
	ck_assert(!strstr(err.msg, "4111"));
	ck_assert_int_eq(pricing_check_card(PRICING_PAY_CARD, "tok_9f8e7d6c5b4a", "11a1", &err),
			 RD_INVALID);
	ck_assert_int_eq(pricing_check_card(PRICING_PAY_CARD, "short", "1111", &err), RD_INVALID);
	ck_assert_int_eq(pricing_check_card(PRICING_PAY_CARD, "tok with space", "1111", &err),
			 RD_INVALID);
	ck_assert_int_eq(pricing_check_card(PRICING_PAY_COD, NULL, NULL, &err), RD_OK);
	ck_assert_int_eq(pricing_check_card(PRICING_PAY_COD, "", "", &err), RD_OK);
	ck_assert_int_eq(pricing_check_card(PRICING_PAY_BANK, "tok_9f8e7d6c5b4a", NULL, &err),
			 RD_INVALID);
}
END_TEST

START_TEST(payment_and_slot_spellings)
{
	enum pricing_payment p;
	enum pricing_slot s;
	struct rd_error err;

	ck_assert_int_eq(pricing_payment_parse("deferred", &p, &err), RD_OK);
	ck_assert_int_eq(p, PRICING_PAY_DEFERRED);
	ck_assert_int_eq(pricing_payment_parse("cash", &p, &err), RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "payment"));
	ck_assert_int_eq(pricing_payment_parse(NULL, &p, &err), RD_INVALID);
	for (int i = 0; i < PRICING_PAY_COUNT; i++) {
		ck_assert_int_eq(pricing_payment_parse(pricing_payment_code(i), &p, &err), RD_OK);
		ck_assert_int_eq(p, i);
	}
	for (int i = 0; i < PRICING_SLOT_COUNT; i++) {
		ck_assert_int_eq(pricing_slot_parse(pricing_slot_code(i), &s, &err), RD_OK);
		ck_assert_int_eq(s, i);
	}
	ck_assert_int_eq(pricing_slot_parse("20-22", &s, &err), RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "time slot"));
	ck_assert_str_eq(pricing_slot_code(PRICING_SLOT_COUNT), "?");
}
END_TEST

Suite *pricing_suite(void)
{
	Suite *s = suite_create("pricing");
	TCase *money = tcase_create("totals");
	TCase *dates = tcase_create("dates");
	TCase *inserts = tcase_create("inserts");
	TCase *card = tcase_create("card");

	tcase_add_test(money, tax_is_once_per_rate_and_rounded_down);
	tcase_add_test(money, mixed_rates_are_taxed_apart_and_fees_added_after_tax);
	tcase_add_test(money, free_shipping_starts_exactly_at_the_threshold_tax_included);
	tcase_add_test(money, a_parcel_has_one_shipping_fee_and_one_cod_fee);
	tcase_add_test(money, subscription_price_only_when_subscribing_and_set);
	tcase_add_test(money, a_line_and_a_unit_are_shown_tax_included);
	tcase_add_test(money, goods_take_the_discount_off_each_rate_then_tax_once);
	tcase_add_test(money, one_fee_rule_for_orders_and_subscription_deliveries);
	tcase_add_test(money, a_line_is_limited_alike_for_orders_and_subscriptions);
	tcase_add_test(money, quantities_outside_1_to_999_are_refused);
	tcase_add_test(money, nonsense_lines_are_refused_and_nothing_is_half_done);
	tcase_add_test(money, settings_are_checked);
	tcase_add_test(dates, desired_date_between_earliest_and_latest);
	tcase_add_test(dates, bundling_window_is_inclusive_both_ways);
	tcase_add_test(inserts, each_insert_condition_and_their_combination);
	tcase_add_test(inserts, inserts_are_ordered_deduplicated_and_limited);
	tcase_add_test(card, card_numbers_are_recognised_in_any_spelling);
	tcase_add_test(card, card_payment_takes_a_token_and_four_digits_only);
	tcase_add_test(card, payment_and_slot_spellings);
	suite_add_tcase(s, money);
	suite_add_tcase(s, dates);
	suite_add_tcase(s, inserts);
	suite_add_tcase(s, card);
	return s;
}
