/* check_ui_order.c: the text and the arithmetic of the order screens:
 * totals on every key (8% and 10% lines, tax once per rate rounded down,
 * subscription prices, free shipping, the COD fee), the line that is
 * wrong, the subscription preview in words with its dates, the product
 * lines, the confirmation (card last four only, inserts, bundling), the
 * order list, the order screen with its history, and the forms. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "form.h"
#include "order_text.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"

Suite *ui_order_suite(void);

static struct order_entry_line line(const char *sku, int64_t price, int64_t sub,
				    int rate, const char *qty)
{
	struct order_entry_line l;

	memset(&l, 0, sizeof(l));
	snprintf(l.p.sku, sizeof(l.p.sku), "%s", sku);
	snprintf(l.p.name, sizeof(l.p.name), "product %s", sku);
	l.p.price = price;
	l.p.subscription_price = sub;
	l.p.tax_rate = rate;
	l.p.active = true;
	snprintf(l.qty, sizeof(l.qty), "%s", qty);
	return l;
}

/* The whole text of out, lines joined by '\n'. */
static char *text_of(const struct layout_text *t)
{
	struct sbuf sb;
	char *text;

	sbuf_init(&sb);
	for (size_t i = 0; i < t->n; i++) {
		sbuf_adds(&sb, t->lines[i].text.buf);
		sbuf_addc(&sb, '\n');
	}
	text = sbuf_detach(&sb);
	sbuf_done(&sb);
	return text;
}

static int32_t day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* --- totals ----------------------------------------------------------- */

START_TEST(a_mix_of_rates_pays_tax_once_per_rate_rounded_down)
{
	struct order_entry_line l[3] = {
		/* 8%: 137 * 3 = 411 and 125 = 536 -> 42.88 -> 42 (not 10+10+... per line) */
		line("P101", 137, -1, 8, "3"),
		line("P102", 125, -1, 8, "1"),
		/* 10%: 1,999 -> 199.9 -> 199 */
		line("P103", 1999, -1, 10, "1"),
	};
	struct pricing_settings s;
	struct pricing_totals t;
	struct rd_error err;
	int bad = 7;

	pricing_settings_default(&s);
	ck_assert_int_eq(order_entry_totals(l, 3, PRICING_PAY_CARD, false, &s, &t,
					    &bad, &err), RD_OK);
	ck_assert_int_eq(bad, -1);
	ck_assert_int_eq(t.subtotal_8, 536);
	ck_assert_int_eq(t.tax_8, 42);
	ck_assert_int_eq(t.subtotal_10, 1999);
	ck_assert_int_eq(t.tax_10, 199);
	/* 2,776 goods is under the 5,000 threshold: shipping 600 */
	ck_assert_int_eq(t.shipping_fee, 600);
	ck_assert_int_eq(t.cod_fee, 0);
	ck_assert_int_eq(t.total, 536 + 42 + 1999 + 199 + 600);
}
END_TEST

START_TEST(cash_on_delivery_adds_its_fee_and_the_threshold_frees_shipping)
{
	struct order_entry_line l[2] = {
		line("P001", 3980, 3280, 8, "1"),
		line("P019", 4980, 4080, 10, "1"),
	};
	struct pricing_settings s;
	struct pricing_totals t;
	struct rd_error err;

	pricing_settings_default(&s);
	ck_assert_int_eq(order_entry_totals(l, 2, PRICING_PAY_COD, false, &s, &t,
					    NULL, &err), RD_OK);
	ck_assert_int_eq(t.tax_8, 318);     /* 318.4 */
	ck_assert_int_eq(t.tax_10, 498);
	ck_assert(t.free_shipping);
	ck_assert_int_eq(t.shipping_fee, 0);
	ck_assert_int_eq(t.cod_fee, 330);
	ck_assert_int_eq(t.total, 3980 + 318 + 4980 + 498 + 330);
	/* one yen under the threshold pays shipping */
	{
		struct order_entry_line u = line("P900", 4545, -1, 10, "1");

		ck_assert_int_eq(order_entry_totals(&u, 1, PRICING_PAY_CARD, false, &s,
						    &t, NULL, &err), RD_OK);
		ck_assert_int_eq(t.goods_total, 4999);
		ck_assert_int_eq(t.shipping_fee, 600);
	}
}
END_TEST

START_TEST(a_subscription_takes_the_subscription_price_and_ships_free)
{
	struct order_entry_line l[2] = {
		line("P001", 3980, 3280, 8, "2"),
		line("P019", 4980, 4080, 10, "1"),
	};
	struct pricing_settings s;
	struct pricing_totals t;
	struct rd_error err;

	pricing_settings_default(&s);
	ck_assert_int_eq(order_entry_totals(l, 2, PRICING_PAY_CARD, true, &s, &t,
					    NULL, &err), RD_OK);
	ck_assert_int_eq(t.subtotal_8, 6560);
	ck_assert_int_eq(t.tax_8, 524);     /* 524.8 */
	ck_assert_int_eq(t.subtotal_10, 4080);
	ck_assert_int_eq(t.tax_10, 408);
	ck_assert_int_eq(t.shipping_fee, 0);
	ck_assert_int_eq(t.total, 11572);
}
END_TEST

START_TEST(a_wrong_quantity_names_its_line)
{
	static const char *const bad_qty[] = { "0", "1000", "", "abc", "-1", "1.5" };
	struct pricing_settings s;
	struct pricing_totals t;
	struct rd_error err;

	pricing_settings_default(&s);
	for (size_t k = 0; k < sizeof(bad_qty) / sizeof(bad_qty[0]); k++) {
		struct order_entry_line l[2] = {
			line("P001", 3980, 3280, 8, "1"),
			line("P019", 4980, 4080, 10, bad_qty[k]),
		};
		int bad = -1;

		ck_assert_int_eq(order_entry_totals(l, 2, PRICING_PAY_CARD, false, &s, &t,
						    &bad, &err), RD_INVALID);
		ck_assert_int_eq(bad, 1);
		ck_assert_msg(strncmp(err.msg, "item 2:", 7) == 0, "%s: %s", bad_qty[k], err.msg);
	}
	/* full-width digits are a quantity like any other */
	{
		struct order_entry_line l = line("P001", 100, -1, 10, "\xEF\xBC\x93");

		ck_assert_int_eq(order_entry_totals(&l, 1, PRICING_PAY_CARD, false, &s, &t,
						    NULL, &err), RD_OK);
		ck_assert_int_eq(t.subtotal_10, 300);
	}
	ck_assert_int_eq(order_entry_totals(NULL, 0, PRICING_PAY_CARD, false, &s, &t,
					    NULL, &err), RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "no product"));
	/* a subscription's line keeps max_quantity_per_line as it is typed,
	 * the store's check (a single order may take more) */
	{
		struct order_entry_line l[2] = {
			line("P001", 3980, 3280, 8, "1"),
			line("P019", 4980, 4080, 10, "21"),
		};
		int bad = -1;

		ck_assert_int_eq(order_entry_totals(l, 2, PRICING_PAY_CARD, false, &s, &t,
						    &bad, &err), RD_OK);
		ck_assert_int_eq(order_entry_totals(l, 2, PRICING_PAY_CARD, true, &s, &t,
						    &bad, &err), RD_INVALID);
		ck_assert_int_eq(bad, 1);
		ck_assert_str_eq(err.msg, "item 2: quantity 21 of P019 is not possible in a subscription"
				 ": 1 to 20 per product (max_quantity_per_line)");
	}
}
END_TEST

/* --- subscription preview --------------------------------------------- */

START_TEST(the_cycle_reads_in_words_with_its_next_three_dates)
{
	struct sbuf words;
	int32_t next[ORDER_NEXT_DATES];
	struct rd_error err;

	sbuf_init(&words);
	/* the 31st, clamped to the end of shorter months, 2028 a leap year */
	ck_assert_int_eq(order_cycle_preview("1m:31", day(2028, 1, 31), NULL, &words, next, &err),
			 RD_OK);
	ck_assert_ptr_nonnull(strstr(words.buf, "every month on the 31st"));
	ck_assert_int_eq(next[0], day(2028, 2, 29));
	ck_assert_int_eq(next[1], day(2028, 3, 31));
	ck_assert_int_eq(next[2], day(2028, 4, 30));
	sbuf_reset(&words);
	ck_assert_int_eq(order_cycle_preview("2w:fri", day(2026, 12, 4), NULL, &words, next, &err),
			 RD_OK);
	ck_assert_str_eq(words.buf, "every 2 weeks on Friday");
	ck_assert_int_eq(next[0], day(2026, 12, 18));
	ck_assert_int_eq(next[1], day(2027, 1, 1));
	ck_assert_int_eq(next[2], day(2027, 1, 15));
	/* with the business calendar, 01-01 in the year-end closing moves to
	 * the first open day; the series keeps its Fridays */
	{
		struct calendar_day closing[3] = {
			{ day(2026, 12, 31), CALENDAR_CLOSING, "年末年始" },
			{ day(2027, 1, 1), CALENDAR_CLOSING, "年末年始" },
			{ day(2027, 1, 2), CALENDAR_CLOSING, "年末年始" },
		};
		struct calendar cal;

		calendar_init(&cal);
		cal.days = closing;
		cal.ndays = 3;
		cal.closed_wdays = 1u << DATE_SUN;
		sbuf_reset(&words);
		ck_assert_int_eq(order_cycle_preview("2w:fri", day(2026, 12, 4), &cal, &words, next,
						     &err), RD_OK);
		ck_assert_int_eq(next[0], day(2026, 12, 18));
		ck_assert_int_eq(next[1], day(2027, 1, 4));
		ck_assert_int_eq(next[2], day(2027, 1, 15));
	}
	sbuf_reset(&words);
	ck_assert_int_eq(order_cycle_preview("monthly", day(2026, 12, 4), NULL, &words, next, &err),
			 RD_INVALID);
	ck_assert(err.msg[0] != '\0');
	sbuf_done(&words);
}
END_TEST

/* --- the entry's lines ------------------------------------------------ */

START_TEST(the_lines_mark_the_selected_one_and_a_bad_quantity)
{
	struct order_entry_line l[2] = {
		line("P001", 3980, 3280, 8, "2"),
		line("P019", 4980, 4080, 10, "0"),
	};
	struct layout_text t;
	char *s;

	layout_text_init(&t);
	order_lines_build(&t, l, 2, 1, true, 100, 6);
	ck_assert_int_eq(t.n, 3);
	s = text_of(&t);
	ck_assert_ptr_nonnull(strstr(s, "SKU"));
	/* subscription prices tax included (3,280 + 8% = 3,542; 2 x 3,280
	 * = 6,560 + 8% = 7,084), the amount of line 1, '?' for line 2 */
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "3,542"));
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "7,084"));
	ck_assert_ptr_null(strstr(t.lines[1].text.buf, "3,280"));
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "8%"));
	ck_assert(strncmp(t.lines[2].text.buf, "> ", 2) == 0);
	ck_assert_ptr_nonnull(strstr(t.lines[2].text.buf, "?"));
	ck_assert_int_eq(t.lines[2].attr, LAYOUT_ERROR);
	free(s);
	/* a single order: list prices */
	layout_text_reset(&t);
	order_lines_build(&t, l, 1, 0, false, 80, 6);
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "4,298"));   /* 3,980 + 8% */
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "8,596"));   /* 7,960 + 8% */
	/* no line yet says what to do */
	layout_text_reset(&t);
	order_lines_build(&t, l, 0, -1, false, 80, 6);
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "type a SKU"));
	layout_text_done(&t);
}
END_TEST

START_TEST(many_lines_keep_the_selected_one_in_view)
{
	struct order_entry_line l[10];
	struct layout_text t;

	for (int i = 0; i < 10; i++) {
		char sku[8];

		snprintf(sku, sizeof(sku), "P%03d", i + 1);
		l[i] = line(sku, 100, -1, 10, "1");
	}
	layout_text_init(&t);
	order_lines_build(&t, l, 10, 9, false, 80, 4);
	ck_assert_int_eq(t.n, 4);
	ck_assert_ptr_nonnull(strstr(t.lines[3].text.buf, "P010"));
	ck_assert(strncmp(t.lines[3].text.buf, "> ", 2) == 0);
	layout_text_done(&t);
}
END_TEST

START_TEST(the_totals_say_free_shipping_and_the_cod_fee)
{
	struct order_entry_line l[2] = {
		line("P001", 3980, 3280, 8, "1"),
		line("P019", 4980, 4080, 10, "1"),
	};
	struct pricing_settings s;
	struct pricing_totals t;
	struct layout_text out;
	char *txt;

	pricing_settings_default(&s);
	ck_assert_int_eq(order_entry_totals(l, 2, PRICING_PAY_COD, false, &s, &t, NULL, NULL),
			 RD_OK);
	layout_text_init(&out);
	order_totals_build(&out, &t, 100);
	txt = text_of(&out);
	/* each rate's goods tax included, with the tax once per rate */
	ck_assert_ptr_nonnull(strstr(txt, "8%: \xC2\xA5" "4,298 incl. tax \xC2\xA5" "318"));
	ck_assert_ptr_nonnull(strstr(txt, "10%: \xC2\xA5" "5,478 incl. tax \xC2\xA5" "498"));
	ck_assert_ptr_nonnull(strstr(txt, "(free)"));
	ck_assert_ptr_nonnull(strstr(txt, "COD fee \xC2\xA5" "330"));
	ck_assert_ptr_nonnull(strstr(txt, "Total \xC2\xA5" "10,106"));
	free(txt);
	layout_text_done(&out);
}
END_TEST

/* --- the confirmation ------------------------------------------------- */

static void quote_fill(struct order_quote *q)
{
	struct order_entry_line l[2] = {
		line("P001", 3980, 3280, 8, "2"),
		line("P019", 4980, 4080, 10, "1"),
	};
	struct pricing_settings s;

	memset(q, 0, sizeof(*q));
	snprintf(q->customer_code, sizeof(q->customer_code), "C0000012");
	snprintf(q->customer_name, sizeof(q->customer_name), "石田 和子");
	q->nlines = 2;
	for (int i = 0; i < 2; i++) {
		snprintf(q->lines[i].sku, sizeof(q->lines[i].sku), "%s", l[i].p.sku);
		snprintf(q->lines[i].name, sizeof(q->lines[i].name), "%s", l[i].p.name);
		q->lines[i].quantity = i ? 1 : 2;
		q->lines[i].unit_price = l[i].p.subscription_price;
		q->lines[i].tax_rate = l[i].p.tax_rate;
		q->lines[i].amount = q->lines[i].unit_price * q->lines[i].quantity;
	}
	pricing_settings_default(&s);
	order_entry_totals(l, 2, PRICING_PAY_CARD, true, &s, &q->totals, NULL, NULL);
	q->payment = PRICING_PAY_CARD;
	snprintf(q->card_last4, sizeof(q->card_last4), "4242");
	q->today = day(2026, 11, 23);
	q->desired_date = ORDER_NO_DATE;
	q->ship_date = day(2026, 11, 25);
	q->slot = PRICING_SLOT_MORNING;
	snprintf(q->media_code, sizeof(q->media_code), "TV01");
	snprintf(q->media_name, sizeof(q->media_name), "BS通販番組 朝枠");
	q->first_order = true;
	q->subscribe = true;
	snprintf(q->cycle, sizeof(q->cycle), "1m:25");
	snprintf(q->cycle_words, sizeof(q->cycle_words), "every month on the 25th");
	q->next_dates[0] = q->next_nominal[0] = day(2026, 12, 25);
	q->next_dates[1] = q->next_nominal[1] = day(2027, 1, 25);
	/* the third moved off a closed day: the confirmation says why */
	q->next_nominal[2] = day(2027, 2, 25);
	q->next_dates[2] = day(2027, 2, 26);
	snprintf(q->next_moved[2], sizeof(q->next_moved[2]), "棚卸");
	q->ninserts = 1;
	snprintf(q->inserts[0].code, sizeof(q->inserts[0].code), "WELCOME");
	snprintf(q->inserts[0].name, sizeof(q->inserts[0].name), "はじめてのお客様へ");
	q->noffers = 1;
	q->offers[0].kind = ORDER_BUNDLE_ORDER;
	snprintf(q->offers[0].order_no, sizeof(q->offers[0].order_no), "O00000042");
	q->offers[0].date = day(2026, 11, 26);
	q->offers[0].days_apart = 1;
}

START_TEST(the_confirmation_reads_back_everything)
{
	struct order_quote *q = malloc(sizeof(*q));
	struct order_address a;
	struct layout_text t;
	char *s;

	quote_fill(q);
	memset(&a, 0, sizeof(a));
	snprintf(a.postal_code, sizeof(a.postal_code), "1500001");
	snprintf(a.prefecture, sizeof(a.prefecture), "東京都");
	snprintf(a.address1, sizeof(a.address1), "渋谷区神宮前1-2");
	layout_text_init(&t);
	order_confirm_build(&t, q, &a, -1, 100);
	s = text_of(&t);
	ck_assert_ptr_nonnull(strstr(s, "C0000012 石田 和子  (first order)"));
	ck_assert_ptr_nonnull(strstr(s, "P001"));
	/* 2 x 3,280 shown tax included: 7,084 (never 6,560) */
	ck_assert_ptr_nonnull(strstr(s, "7,084"));
	ck_assert_ptr_null(strstr(s, "6,560"));
	ck_assert_ptr_nonnull(strstr(s, "Total \xC2\xA5" "11,572"));
	ck_assert_ptr_nonnull(strstr(s, "\xE3\x80\x92" "150-0001 東京都渋谷区神宮前1-2"));
	ck_assert_ptr_nonnull(strstr(s, "earliest possible, 2026/11/25(Wed)"));
	ck_assert_ptr_nonnull(strstr(s, "ending in 4242"));
	ck_assert_ptr_nonnull(strstr(s, "TV01 BS通販番組 朝枠"));
	ck_assert_ptr_nonnull(strstr(s, "every month on the 25th (1m:25)"));
	ck_assert_ptr_nonnull(strstr(s, "2026/12/25(Fri) 2027/01/25(Mon) 2027/02/26(Fri) (moved: 棚卸)"));
	ck_assert_ptr_nonnull(strstr(s, "はじめてのお客様へ"));
	ck_assert_ptr_nonnull(strstr(s, "could ship with order O00000042 on 11/26(Thu) (+1 days)"));
	free(s);
	/* the offer accepted */
	layout_text_reset(&t);
	q->in_parcel = true;
	q->parcel.norders = 2;
	q->parcel.goods_total = 15000;
	q->parcel.cod_fee = 330;
	q->parcel.total = 15330;
	q->parcel.free_shipping = true;
	order_confirm_build(&t, q, NULL, 0, 100);
	s = text_of(&t);
	/* one parcel, one date: the offer's own date is not stated again */
	ck_assert_ptr_nonnull(strstr(s, "one parcel with order O00000042"));
	ck_assert_ptr_null(strstr(s, "11/26"));
	ck_assert_ptr_nonnull(strstr(s, "2 orders in one box: goods \xC2\xA5" "15,000"));
	ck_assert_ptr_nonnull(strstr(s, "shipping \xC2\xA5" "0 (free)  COD fee \xC2\xA5" "330"));
	ck_assert_ptr_nonnull(strstr(s, "Parcel total    \xC2\xA5" "15,330"));
	ck_assert_ptr_nonnull(strstr(s, "the customer's address"));
	free(s);
	q->in_parcel = false;
	/* a single order says so */
	q->subscribe = false;
	q->noffers = 0;
	layout_text_reset(&t);
	order_confirm_build(&t, q, NULL, -1, 80);
	s = text_of(&t);
	ck_assert_ptr_nonnull(strstr(s, "none (a single order)"));
	ck_assert_ptr_null(strstr(s, "Bundling"));
	free(s);
	layout_text_done(&t);
	free(q);
}
END_TEST

/* --- orders afterwards ------------------------------------------------ */

START_TEST(the_order_list_shows_status_total_and_products)
{
	struct order_summary o[2];
	struct layout_text t;

	memset(o, 0, sizeof(o));
	snprintf(o[0].order_no, sizeof(o[0].order_no), "O00000101");
	snprintf(o[0].status, sizeof(o[0].status), "cancelled");
	o[0].order_date = day(2026, 11, 23);
	o[0].total = 11572;
	o[0].nlines = 2;
	o[0].delivery_no = 1;
	snprintf(o[0].first_item, sizeof(o[0].first_item), "国産大麦若葉の青汁 30包");
	snprintf(o[1].order_no, sizeof(o[1].order_no), "O00000007");
	snprintf(o[1].status, sizeof(o[1].status), "shipped");
	o[1].order_date = day(2026, 1, 5);
	o[1].total = 980;
	o[1].nlines = 1;
	o[1].payment = PRICING_PAY_COD;
	snprintf(o[1].first_item, sizeof(o[1].first_item), "青汁お試しセット 7包");
	layout_text_init(&t);
	order_list_build(&t, o, 2, 1, 120);
	ck_assert_int_eq(t.n, 3);
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "O00000101 11/23(Mon) cancelled"));
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "11,572"));
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "and 1 more (delivery 1)"));
	ck_assert(strncmp(t.lines[2].text.buf, "> O00000007", 11) == 0);
	ck_assert_ptr_nonnull(strstr(t.lines[2].text.buf, "cod"));
	layout_text_reset(&t);
	order_list_build(&t, o, 0, 0, 80);
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "no order yet"));
	layout_text_done(&t);
}
END_TEST

START_TEST(the_order_screen_shows_lines_status_and_history)
{
	struct order *o = calloc(1, sizeof(*o));
	struct order_event ev[2];
	struct layout_text t;
	char *s;

	snprintf(o->order_no, sizeof(o->order_no), "O00000101");
	snprintf(o->status, sizeof(o->status), "cancelled");
	snprintf(o->customer_code, sizeof(o->customer_code), "C0000012");
	snprintf(o->customer_name, sizeof(o->customer_name), "石田 和子");
	o->version = 2;
	o->order_date = day(2026, 11, 23);
	o->desired_date = ORDER_NO_DATE;
	o->payment = PRICING_PAY_CARD;
	snprintf(o->card_last4, sizeof(o->card_last4), "4242");
	snprintf(o->created_by, sizeof(o->created_by), "sato");
	o->subscription_id = 77;
	o->delivery_no = 1;
	snprintf(o->cycle, sizeof(o->cycle), "1m:25");
	o->nlines = 1;
	snprintf(o->lines[0].sku, sizeof(o->lines[0].sku), "P001");
	snprintf(o->lines[0].name, sizeof(o->lines[0].name), "青汁");
	o->lines[0].quantity = 2;
	o->lines[0].unit_price = 3280;
	o->lines[0].tax_rate = 8;
	o->lines[0].amount = 6560;
	o->subtotal_8 = 6560;
	o->tax_8 = 524;
	o->total = 7084;
	memset(ev, 0, sizeof(ev));
	snprintf(ev[0].at, sizeof(ev[0].at), "2026-11-23T10:15:00+09");
	snprintf(ev[0].actor, sizeof(ev[0].actor), "sato");
	snprintf(ev[0].table, sizeof(ev[0].table), "orders");
	snprintf(ev[0].op, sizeof(ev[0].op), "INSERT");
	snprintf(ev[0].reason, sizeof(ev[0].reason), "phone order");
	snprintf(ev[1].at, sizeof(ev[1].at), "2026-11-23T11:00:00+09");
	snprintf(ev[1].actor, sizeof(ev[1].actor), "suzuki");
	snprintf(ev[1].table, sizeof(ev[1].table), "orders");
	snprintf(ev[1].op, sizeof(ev[1].op), "UPDATE");
	snprintf(ev[1].changed, sizeof(ev[1].changed), "status,version");
	snprintf(ev[1].reason, sizeof(ev[1].reason), "customer changed her mind");
	layout_text_init(&t);
	order_detail_build(&t, o, NULL, ev, 2, 100);
	s = text_of(&t);
	ck_assert_ptr_nonnull(strstr(s, "O00000101  C0000012 石田 和子  cancelled  version 2"));
	ck_assert_ptr_nonnull(strstr(s, "earliest possible"));
	ck_assert_ptr_nonnull(strstr(s, "ending in 4242"));
	ck_assert_ptr_nonnull(strstr(s, "subscription 77, delivery 1 (1m:25)"));
	ck_assert_ptr_nonnull(strstr(s, "8%: \xC2\xA5" "7,084 incl. tax"));
	ck_assert_ptr_null(strstr(s, "6,560"));
	ck_assert_ptr_nonnull(strstr(s, "Total \xC2\xA5" "7,084"));
	ck_assert_ptr_nonnull(strstr(s, "2026-11-23 10:15  sato"));
	/* in words (issue 10 §4): not "UPDATE orders (status,version)" */
	ck_assert_ptr_nonnull(strstr(s, "suzuki     order changed: status, version \xC2\xB7 customer changed her mind"));
	ck_assert_ptr_null(strstr(s, "UPDATE"));
	/* history in the order given: oldest first */
	ck_assert(strstr(s, "order added") < strstr(s, "order changed"));
	free(s);
	layout_text_done(&t);
	free(o);
}
END_TEST

/* issue 10 §4: the order screen did not say where the order goes */
START_TEST(the_order_screen_shows_where_it_goes_and_to_whom)
{
	struct order *o = calloc(1, sizeof(*o));
	struct order_address a;
	struct layout_text t;
	char *s;

	snprintf(o->order_no, sizeof(o->order_no), "O00000102");
	snprintf(o->status, sizeof(o->status), "received");
	o->desired_date = ORDER_NO_DATE;
	memset(&a, 0, sizeof(a));
	a.id = 5;
	snprintf(a.label, sizeof(a.label), "ご実家");
	snprintf(a.name, sizeof(a.name), "石田 正夫");
	snprintf(a.postal_code, sizeof(a.postal_code), "3300063");
	snprintf(a.prefecture, sizeof(a.prefecture), "埼玉県");
	snprintf(a.address1, sizeof(a.address1), "さいたま市浦和区高砂1-2-3");
	layout_text_init(&t);
	order_detail_build(&t, o, &a, NULL, 0, 100);
	s = text_of(&t);
	ck_assert_ptr_nonnull(strstr(s, "Deliver to"));
	ck_assert_ptr_nonnull(strstr(s, "[ご実家]"));
	ck_assert_ptr_nonnull(strstr(s, "330-0063"));
	ck_assert_ptr_nonnull(strstr(s, "埼玉県さいたま市浦和区高砂1-2-3"));
	ck_assert_ptr_nonnull(strstr(s, "Recipient"));
	ck_assert_ptr_nonnull(strstr(s, "石田 正夫"));
	free(s);
	layout_text_done(&t);
	free(o);
}
END_TEST

START_TEST(the_order_forms_are_built_in_and_parse)
{
	static const char *const names[] = { "order", "order_change", "order_reason" };
	static const char *const fields[] = {
		"product", "quantity", "cycle", "date", "slot", "address", "payment",
		"card_token", "card_last4", "media", "notes"
	};

	for (size_t i = 0; i < 3; i++) {
		struct formspec spec;
		struct rd_error err;

		ck_assert_msg(form_spec_builtin(names[i], &spec, &err) == RD_OK, "%s: %s",
			      names[i], err.msg);
		if (i == 0)
			for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
				ck_assert_msg(formspec_find(&spec, fields[k]) >= 0, "%s", fields[k]);
		else
			ck_assert_int_ge(formspec_find(&spec, "reason"), 0);
		formspec_done(&spec);
	}
}
END_TEST

START_TEST(status_words_and_addresses)
{
	struct order_address a;
	struct sbuf sb;

	ck_assert_str_eq(order_status_word("returned"), "returned");
	ck_assert_str_eq(order_status_word("odd"), "odd");
	memset(&a, 0, sizeof(a));
	snprintf(a.label, sizeof(a.label), "ご実家");
	snprintf(a.name, sizeof(a.name), "石田 一郎");
	snprintf(a.postal_code, sizeof(a.postal_code), "9800001");
	snprintf(a.prefecture, sizeof(a.prefecture), "宮城県");
	snprintf(a.address1, sizeof(a.address1), "仙台市青葉区1-1");
	snprintf(a.address2, sizeof(a.address2), "101号");
	sbuf_init(&sb);
	order_address_text(&sb, &a);
	ck_assert_str_eq(sb.buf, "[ご実家] \xE3\x80\x92" "980-0001 宮城県仙台市青葉区1-1 101号 (石田 一郎)");
	sbuf_done(&sb);
}
END_TEST

/* --- the read-back script (復唱) and the pick lists (issue 12) --------- */

START_TEST(the_read_back_script_says_what_the_caller_hears)
{
	struct order_quote *q = malloc(sizeof(*q));
	struct order_address a;
	struct layout_text t;
	char *s;

	quote_fill(q);
	q->subscribe = false;
	q->payment = PRICING_PAY_COD;
	q->totals.cod_fee = 330;
	q->totals.shipping_fee = 0;
	q->totals.free_shipping = true;
	q->totals.total = 7846;
	q->desired_date = day(2026, 12, 12);
	q->slot = PRICING_SLOT_MORNING;
	memset(&a, 0, sizeof(a));
	snprintf(a.postal_code, sizeof(a.postal_code), "1500001");
	snprintf(a.prefecture, sizeof(a.prefecture), "東京都");
	snprintf(a.address1, sizeof(a.address1), "渋谷区神宮前1-2");
	layout_text_init(&t);
	order_readback_build(&t, q, &a, "09012345678", 100);
	s = text_of(&t);
	ck_assert_msg(strstr(s, "Read-back") != NULL, "%s", s);
	/* each product: its quantity and its amount tax included */
	ck_assert_msg(strstr(s, q->lines[0].name) != NULL, "%s", s);
	ck_assert_msg(strstr(s, ", quantity 2: \xC2\xA5" "7,084 including tax.") != NULL, "%s", s);
	ck_assert_ptr_nonnull(strstr(s, "Shipping is free."));
	ck_assert_ptr_nonnull(strstr(s, "The cash-on-delivery fee is \xC2\xA5" "330."));
	ck_assert_ptr_nonnull(strstr(s, "The total is \xC2\xA5" "7,846 including tax, paid in cash on delivery."));
	ck_assert_msg(strstr(s, "We deliver on 2026/12/12(Sat)") != NULL, "%s", s);
	ck_assert_ptr_nonnull(strstr(s, ", morning."));
	ck_assert_ptr_nonnull(strstr(s, "The delivery address is \xE3\x80\x92" "150-0001 東京都渋谷区神宮前1-2."));
	free(s);
	/* a recipient is named, not read out in brackets */
	layout_text_reset(&t);
	snprintf(a.name, sizeof(a.name), "山田 花子");
	order_readback_build(&t, q, &a, "", 100);
	s = text_of(&t);
	ck_assert_msg(strstr(s, "東京都渋谷区神宮前1-2, for 山田 花子.") != NULL, "%s", s);
	ck_assert_ptr_null(strstr(s, "(山田 花子)"));
	free(s);
	layout_text_reset(&t);
	a.name[0] = '\0';
	order_readback_build(&t, q, &a, "09012345678", 100);
	s = text_of(&t);
	/* the phone grouped as phone numbers are */
	ck_assert_msg(strstr(s, "The phone number we have is 090-1234-5678.") != NULL, "%s", s);
	ck_assert_ptr_nonnull(strstr(s, "You pay by cash on delivery."));
	ck_assert_ptr_nonnull(strstr(s, "Is everything correct?"));
	ck_assert_ptr_null(strstr(s, "subscription"));
	free(s);

	/* card: its last four digits only; no COD fee; the earliest date,
	 * no time slot, the customer's address, no phone known */
	layout_text_reset(&t);
	q->payment = PRICING_PAY_CARD;
	q->totals.cod_fee = 0;
	q->totals.free_shipping = false;
	q->totals.shipping_fee = 660;
	q->desired_date = ORDER_NO_DATE;
	q->ship_date = day(2026, 12, 9);
	q->slot = PRICING_SLOT_NONE;
	q->subscribe = true;
	order_readback_build(&t, q, NULL, "", 60);
	s = text_of(&t);
	ck_assert_ptr_null(strstr(s, "cash-on-delivery fee"));
	ck_assert_ptr_nonnull(strstr(s, "Shipping is \xC2\xA5" "660."));
	ck_assert_msg(strstr(s, "2026/12/09(Wed)") != NULL && strstr(s, "at the earliest") != NULL &&
		      strstr(s, "time specified.") != NULL, "%s", s);
	ck_assert_ptr_nonnull(strstr(s, "the customer's address"));
	ck_assert_ptr_null(strstr(s, "phone number"));
	ck_assert_ptr_nonnull(strstr(s, "You pay by credit card ending in 4242."));
	ck_assert_msg(strstr(s, "This starts a subscription, every month on the 25th;") != NULL &&
		      strstr(s, "2026/12/25(Fri)") != NULL, "%s", s);
	/* wrapped to the width asked */
	for (size_t i = 0; i < t.n; i++)
		ck_assert_int_le(width_str(t.lines[i].text.buf), 60);
	free(s);
	layout_text_done(&t);
	free(q);
}
END_TEST

START_TEST(payment_is_picked_by_number_the_last_method_first)
{
	struct order_customer_defaults def;
	struct order_choice c[ORDER_CHOICES_MAX];
	size_t n;

	memset(&def, 0, sizeof(def));
	/* no order yet: the desk's order, 代金引換 first */
	n = order_payment_choices(&def, c);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(c[0].value, "cod");
	ck_assert_str_eq(c[1].value, "card");
	ck_assert_str_eq(c[2].value, "deferred");
	ck_assert_str_eq(c[3].value, "bank");
	/* the last method comes first, the others keep their order */
	def.has_last = true;
	def.last_payment = PRICING_PAY_DEFERRED;
	n = order_payment_choices(&def, c);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(c[0].value, "deferred");
	ck_assert_ptr_nonnull(strstr(c[0].label, "last time"));
	ck_assert_str_eq(c[1].value, "cod");
	ck_assert_str_eq(c[2].value, "card");
	ck_assert_str_eq(c[3].value, "bank");
	/* a barred method stays listed, with its reason, not to be picked */
	def.barred[PRICING_PAY_COD] = true;
	snprintf(def.barred_reason[PRICING_PAY_COD], sizeof(def.barred_reason[0]), "受取拒否");
	n = order_payment_choices(&def, c);
	ck_assert(c[1].barred);
	ck_assert_ptr_nonnull(strstr(c[1].label, "受取拒否"));
	ck_assert(!c[0].barred);
	/* the number keys */
	ck_assert_int_eq(order_choice_by_key(n, '1'), 0);
	ck_assert_int_eq(order_choice_by_key(n, '4'), 3);
	ck_assert_int_eq(order_choice_by_key(n, '5'), -1);
	ck_assert_int_eq(order_choice_by_key(n, '0'), -1);
	ck_assert_int_eq(order_choice_by_key(n, 'a'), -1);
}
END_TEST

START_TEST(slots_dates_and_media_are_lists_too)
{
	struct order_choice c[ORDER_CHOICES_MAX];
	struct order_media m[2];
	int32_t days[3] = { day(2026, 12, 10), day(2026, 12, 11), day(2026, 12, 14) };
	struct layout_text t;
	size_t n;
	char *s;

	n = order_slot_choices(c);
	ck_assert_uint_eq(n, PRICING_SLOT_COUNT);
	ck_assert_str_eq(c[0].value, "none");
	ck_assert_str_eq(c[1].value, "morning");
	ck_assert_str_eq(c[5].value, "19-21");
	/* the earliest possible (no date asked) first, then the open days */
	n = order_date_choices(day(2026, 12, 9), days, 3, c);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(c[0].value, "");
	ck_assert_ptr_nonnull(strstr(c[0].label, "2026/12/09("));
	ck_assert_str_eq(c[3].value, "2026-12-14");
	layout_text_init(&t);
	order_choice_build(&t, "Delivery date", c, n, 1, NULL, 80);
	s = text_of(&t);
	ck_assert_msg(strstr(s, " 1  earliest possible") != NULL, "%s", s);
	ck_assert_msg(strstr(s, ">2  2026/12/10(") != NULL, "%s", s);
	free(s);
	/* media: no numbers (codes hold digits), what was typed is shown */
	memset(m, 0, sizeof(m));
	snprintf(m[0].code, sizeof(m[0].code), "TV01");
	snprintf(m[0].name, sizeof(m[0].name), "BS通販番組 朝枠");
	snprintf(m[1].code, sizeof(m[1].code), "TV02");
	snprintf(m[1].name, sizeof(m[1].name), "地上波 深夜枠");
	n = order_media_choices(m, 2, c);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(c[1].value, "TV02");
	layout_text_reset(&t);
	order_choice_build(&t, "Media code", c, n, 0, "tv", 80);
	s = text_of(&t);
	ck_assert_msg(strstr(s, "tv_") != NULL, "%s", s);
	ck_assert_msg(strstr(s, ">   TV01     BS通販番組 朝枠") != NULL, "%s", s);
	ck_assert_ptr_null(strstr(s, "1  TV01"));
	free(s);
	layout_text_reset(&t);
	order_choice_build(&t, "Media code", c, 0, 0, "zz", 80);
	s = text_of(&t);
	ck_assert_ptr_nonnull(strstr(s, "Nothing matches."));
	free(s);
	layout_text_done(&t);
}
END_TEST

/* --- a refusal names its field by code, whatever the language -------- */

/* Writes a GNU .mo catalogue of n pairs (msgid sorted, the header first)
 * to path. */
static void write_mo(const char *path, const char *const (*pairs)[2], uint32_t n)
{
	FILE *f = fopen(path, "wb");
	uint32_t hdr[7] = { 0x950412de, 0, n, 28, 28 + 8 * n, 0, 0 };
	uint32_t off = 28 + 16 * n;

	ck_assert_ptr_nonnull(f);
	fwrite(hdr, sizeof(uint32_t), 7, f);
	for (int side = 0; side < 2; side++)
		for (uint32_t i = 0; i < n; i++) {
			uint32_t e[2] = { (uint32_t)strlen(pairs[i][side]), 0 };

			e[1] = off;
			fwrite(e, sizeof(uint32_t), 2, f);
			off += e[0] + 1;
		}
	for (int side = 0; side < 2; side++)
		for (uint32_t i = 0; i < n; i++)
			fwrite(pairs[i][side], 1, strlen(pairs[i][side]) + 1, f);
	fclose(f);
}

/* --- previous products (1-9) ------------------------------------------ */

static struct order_product product(const char *sku, const char *name, int64_t price,
				    int rate)
{
	struct order_product p;

	memset(&p, 0, sizeof(p));
	snprintf(p.sku, sizeof(p.sku), "%s", sku);
	snprintf(p.name, sizeof(p.name), "%s", name);
	p.price = price;
	p.subscription_price = -1;
	p.tax_rate = rate;
	p.active = true;
	return p;
}

START_TEST(no_previous_product_shows_nothing)
{
	struct layout_text t;

	layout_text_init(&t);
	order_previous_build(&t, NULL, 0, 80);
	ck_assert_uint_eq(t.n, 0);
	layout_text_done(&t);
}
END_TEST

START_TEST(previous_products_are_numbered_two_to_a_line_at_most_nine)
{
	struct order_product p[12];
	struct layout_text t;
	char *text, sku[8];

	for (int i = 0; i < 12; i++) {
		snprintf(sku, sizeof(sku), "P%03d", i + 1);
		p[i] = product(sku, "青汁 30包", 1000, i % 2 ? 10 : 8);
	}
	/* a name longer than its half of the line: cut with "…", never
	 * through a character */
	snprintf(p[1].name, sizeof(p[1].name), "%s",
		 "国産大麦若葉の青汁 徳用 90包入り 定期お届け専用パッケージ");
	layout_text_init(&t);
	order_previous_build(&t, p, 12, 80);
	/* the heading, then 9 products two to a line: 5 lines */
	ck_assert_uint_eq(t.n, 6);
	ck_assert_str_eq(t.lines[0].text.buf, " 1-9: previous products");
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "1 P001 ¥1,080 青汁 30包"));
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "2 P002 ¥1,100 国産"));
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "…"));
	ck_assert_ptr_nonnull(strstr(t.lines[3].text.buf, "5 P005"));
	ck_assert_ptr_nonnull(strstr(t.lines[3].text.buf, "6 P006"));
	ck_assert_ptr_nonnull(strstr(t.lines[5].text.buf, "9 P009"));
	text = text_of(&t);
	ck_assert_ptr_null(strstr(text, "P010"));
	ck_assert_ptr_null(strstr(text, "10 "));
	free(text);
	for (size_t i = 0; i < t.n; i++) {
		ck_assert_int_le(layout_line_width(&t.lines[i]), 80);
		ck_assert(utf8_valid_text(t.lines[i].text.buf, t.lines[i].text.len));
	}
	layout_text_done(&t);

	/* a narrow terminal: one to a line */
	layout_text_init(&t);
	order_previous_build(&t, p, 3, 40);
	ck_assert_uint_eq(t.n, 4);
	ck_assert_ptr_nonnull(strstr(t.lines[2].text.buf, "2 P002"));
	ck_assert_ptr_null(strstr(t.lines[2].text.buf, "3 P003"));
	for (size_t i = 0; i < t.n; i++)
		ck_assert_int_le(layout_line_width(&t.lines[i]), 40);
	layout_text_done(&t);
}
END_TEST

START_TEST(a_digit_in_the_empty_product_field_picks_a_previous_product)
{
	/* edge cases first: nothing to pick, something typed already */
	ck_assert_int_eq(order_previous_by_key(0, "", '1'), -1);
	ck_assert_int_eq(order_previous_by_key(3, " ", '1'), -1);   /* a numeric SKU */
	ck_assert_int_eq(order_previous_by_key(3, "P", '1'), -1);   /* P1... */
	ck_assert_int_eq(order_previous_by_key(3, "1", '2'), -1);
	ck_assert_int_eq(order_previous_by_key(3, "", '0'), -1);
	ck_assert_int_eq(order_previous_by_key(3, "", '4'), -1);    /* no fourth */
	ck_assert_int_eq(order_previous_by_key(3, "", 'a'), -1);
	ck_assert_int_eq(order_previous_by_key(3, "", ' '), -1);
	/* the digits, and the full-width ones of an IME */
	ck_assert_int_eq(order_previous_by_key(3, "", '1'), 0);
	ck_assert_int_eq(order_previous_by_key(3, NULL, '3'), 2);
	ck_assert_int_eq(order_previous_by_key(3, "", 0xFF12), 1);  /* ２ */
	ck_assert_int_eq(order_previous_by_key(3, "", 0xFF10), -1); /* ０ */
	/* never more than nine */
	ck_assert_int_eq(order_previous_by_key(12, "", '9'), 8);
}
END_TEST

START_TEST(a_refusal_names_its_field_by_code_in_japanese)
{
	static const char *const pairs[][2] = {
		{ "", "Content-Type: text/plain; charset=UTF-8\n" },
		{ "card last four: give exactly the last four digits of the card",
		  "カード下4桁: カード番号の下4桁を入力してください" },
		{ "card token: card payment needs the payment gateway's token",
		  "カードトークン: 決済代行会社のトークンが必要です" },
		{ "item %zu: the quantity is a whole number from 1 to 999",
		  "商品%zu: 数量は1〜999の整数です" },
	};
	char dir[] = "/tmp/rd-mo-XXXXXX", path[512];
	struct pricing_settings set;
	struct order_entry_line l[2];
	struct pricing_totals tot;
	struct rd_error err;
	enum pricing_card_field field;
	int bad = -1;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ja", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/ja/LC_MESSAGES", dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/ja/LC_MESSAGES/%s.mo", dir, RD_TEXTDOMAIN);
	write_mo(path, pairs, sizeof(pairs) / sizeof(pairs[0]));
	/* a Japanese desk: ja_JP.UTF-8 when the machine has it, else
	 * LANGUAGE=ja over C.UTF-8 */
	setenv("LANGUAGE", "ja", 1);
	if (!setlocale(LC_ALL, "ja_JP.UTF-8"))
		ck_assert_ptr_nonnull(setlocale(LC_ALL, "C.UTF-8"));
	bindtextdomain(RD_TEXTDOMAIN, dir);
	bind_textdomain_codeset(RD_TEXTDOMAIN, "UTF-8");

	/* the card's last four refused: the code says which field */
	rd_error_clear(&err);
	ck_assert_int_ne(pricing_check_card_field(PRICING_PAY_CARD, "tok_0123456789abcdef", "42",
						  &field, &err), RD_OK);
	ck_assert_str_eq(err.msg, "カード下4桁: カード番号の下4桁を入力してください");
	ck_assert_int_eq(field, PRICING_CARD_LAST4);
	rd_error_clear(&err);
	ck_assert_int_ne(pricing_check_card_field(PRICING_PAY_CARD, "", "4242", &field, &err),
			 RD_OK);
	ck_assert_str_eq(err.msg, "カードトークン: 決済代行会社のトークンが必要です");
	ck_assert_int_eq(field, PRICING_CARD_TOKEN);
	/* a line's quantity refused: the index says which line */
	pricing_settings_default(&set);
	l[0] = line("P001", 3980, 3280, 8, "1");
	l[1] = line("P002", 2980, -1, 8, "x");
	rd_error_clear(&err);
	ck_assert_int_eq(order_entry_totals(l, 2, PRICING_PAY_COD, false, &set, &tot, &bad, &err),
			 RD_INVALID);
	ck_assert_str_eq(err.msg, "商品2: 数量は1〜999の整数です");
	ck_assert_int_eq(bad, 1);

	setlocale(LC_ALL, "C");
	unsetenv("LANGUAGE");
	unlink(path);
	snprintf(path, sizeof(path), "%s/ja/LC_MESSAGES", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/ja", dir);
	rmdir(path);
	rmdir(dir);
}
END_TEST

Suite *ui_order_suite(void)
{
	Suite *s = suite_create("ui_order");
	TCase *tc = tcase_create("order");

	tcase_add_test(tc, a_mix_of_rates_pays_tax_once_per_rate_rounded_down);
	tcase_add_test(tc, cash_on_delivery_adds_its_fee_and_the_threshold_frees_shipping);
	tcase_add_test(tc, a_subscription_takes_the_subscription_price_and_ships_free);
	tcase_add_test(tc, a_wrong_quantity_names_its_line);
	tcase_add_test(tc, the_cycle_reads_in_words_with_its_next_three_dates);
	tcase_add_test(tc, the_lines_mark_the_selected_one_and_a_bad_quantity);
	tcase_add_test(tc, many_lines_keep_the_selected_one_in_view);
	tcase_add_test(tc, the_totals_say_free_shipping_and_the_cod_fee);
	tcase_add_test(tc, the_confirmation_reads_back_everything);
	tcase_add_test(tc, the_order_list_shows_status_total_and_products);
	tcase_add_test(tc, the_order_screen_shows_lines_status_and_history);
	tcase_add_test(tc, the_order_screen_shows_where_it_goes_and_to_whom);
	tcase_add_test(tc, the_order_forms_are_built_in_and_parse);
	tcase_add_test(tc, status_words_and_addresses);
	tcase_add_test(tc, the_read_back_script_says_what_the_caller_hears);
	tcase_add_test(tc, payment_is_picked_by_number_the_last_method_first);
	tcase_add_test(tc, slots_dates_and_media_are_lists_too);
	tcase_add_test(tc, a_refusal_names_its_field_by_code_in_japanese);
	tcase_add_test(tc, no_previous_product_shows_nothing);
	tcase_add_test(tc, previous_products_are_numbered_two_to_a_line_at_most_nine);
	tcase_add_test(tc, a_digit_in_the_empty_product_field_picks_a_previous_product);
	suite_add_tcase(s, tc);
	return s;
}
