/* check_ui_amounts.c: at 80 columns no amount is cut. Lists give way by
 * priority (names, readings, products, cycles in words shrink or go), and
 * amounts up to ¥12,345,678 are read whole, in every list that shows one:
 * the lookup results, the subscription list, the card, the order list and
 * the order lines. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "customer_text.h"
#include "order_text.h"
#include "subscription_text.h"
#include "repeatdesk/date.h"
#include "repeatdesk/layout.h"
#include "repeatdesk/money.h"
#include "repeatdesk/width.h"

Suite *ui_amounts_suite(void);

#define LONG_NAME "長谷川木村佐々木山田太郎花子長谷川木村佐々木山田太郎花子"
#define LONG_KANA "ハセガワキムラササキヤマダタロウハナコハセガワキムラササキ"
#define LONG_PRODUCTS "国産大麦若葉の青汁 30包 x2, 黒酢にんにく 62粒 x1, DHA&EPA 120粒 x3"

/* The amount as the lists write it; checked as its digits too, so that a
 * list written with or without "¥" is held to the same rule. */
static void assert_whole(const char *line, int64_t yen, int cols)
{
	struct sbuf d;

	sbuf_init(&d);
	money_format(&d, yen, MONEY_PLAIN);
	ck_assert_msg(strstr(line, d.buf) != NULL, "'%s' is not whole in '%s'", d.buf, line);
	ck_assert_msg(width_str(line) <= cols, "'%s' is wider than %d", line, cols);
	sbuf_done(&d);
}

START_TEST(columns_give_way_by_priority_amounts_last)
{
	enum { NAME, NOTES, ADDR, AMOUNT, N };
	struct layout_col c[N] = {
		[NAME] = { .want = 30, .min = 8, .priority = 5, .fill = true },
		[NOTES] = { .want = 30, .min = 10, .priority = 1 },
		[ADDR] = { .want = 30, .min = 10, .priority = 3 },
		[AMOUNT] = { .want = LAYOUT_AMOUNT_COLS, .min = LAYOUT_AMOUNT_COLS,
			     .priority = 9, .right = true, .keep = true },
	};
	const char *t[N] = { LONG_NAME, "notes notes notes notes notes notes",
			     "東京都千代田区千代田1-1-1 皇居前ビル 10F", "¥12,345,678" };
	struct sbuf row;

	/* room for all: every column as it wants it */
	/* room for all: every column as it wants it, the rest to the name */
	ck_assert_int_eq(layout_cols_fit(c, N, 120, 1), 120);
	ck_assert_int_eq(c[NOTES].width, 30);
	ck_assert_int_eq(c[AMOUNT].width, 11);
	ck_assert_int_eq(c[NAME].width, 46);
	/* 80: the notes shrink first, then the address; the name keeps */
	layout_cols_fit(c, N, 80, 1);
	ck_assert_int_eq(c[AMOUNT].width, 11);
	ck_assert_int_eq(c[NOTES].width, 10);
	ck_assert_int_eq(c[ADDR].width, 26);
	ck_assert_int_eq(c[NAME].width, 30);
	/* 40: every one at its least, then the notes go, then the address */
	layout_cols_fit(c, N, 40, 1);
	ck_assert_int_eq(c[AMOUNT].width, 11);
	ck_assert_int_eq(c[NOTES].width, 0);
	ck_assert_int_eq(c[ADDR].width, 10);
	ck_assert_int_eq(c[NAME].width, 17);
	sbuf_init(&row);
	layout_cols_row(&row, c, N, t, 1);
	ck_assert_int_eq(width_str(row.buf), 40);
	ck_assert_ptr_nonnull(strstr(row.buf, " ¥12,345,678"));
	ck_assert_ptr_nonnull(strstr(row.buf, "\xE2\x80\xA6"));  /* the name says it is cut */
	/* 20: only what must stay, the amount whole */
	layout_cols_fit(c, N, 20, 1);
	ck_assert_int_eq(c[AMOUNT].width, 11);
	ck_assert_int_eq(c[ADDR].width, 0);
	ck_assert_int_eq(c[NAME].width, 8);
	sbuf_reset(&row);
	layout_cols_row(&row, c, N, t, 1);
	ck_assert_ptr_nonnull(strstr(row.buf, "¥12,345,678"));
	sbuf_done(&row);
}
END_TEST

START_TEST(lookup_results_at_80)
{
	struct lookup_columns c;
	struct customer_row r;
	struct layout_line l;

	memset(&r, 0, sizeof(r));
	snprintf(r.code, sizeof(r.code), "C0012345");
	snprintf(r.name, sizeof(r.name), "%s", LONG_NAME);
	snprintf(r.kana, sizeof(r.kana), "%s", LONG_KANA);
	snprintf(r.phone, sizeof(r.phone), "0473841234");
	snprintf(r.prefecture, sizeof(r.prefecture), "神奈川県");
	r.active_subscriptions = 12;
	r.last_order_date = date_from_ymd(2026, 11, 16);
	r.ltv = 12345678;
	lookup_columns_compute(&c, 80);
	layout_line_init(&l, LAYOUT_NORMAL);
	lookup_row(&l, &c, &r, true);
	ck_assert_int_eq(layout_line_width(&l), 80);
	assert_whole(l.text.buf, r.ltv, 80);
	layout_line_done(&l);
}
END_TEST

START_TEST(subscription_list_at_80)
{
	struct subscription_row r;
	struct layout_line l, h;

	memset(&r, 0, sizeof(r));
	r.id = 12345;
	r.status = SUBRULE_ACTIVE;
	snprintf(r.cycle_words, sizeof(r.cycle_words),
		 "every 2 months on the last Friday, first interval 45 days");
	r.next_date = date_from_ymd(2026, 12, 31);
	r.delivery_count = 123;
	r.amount = 1234567;
	snprintf(r.products, sizeof(r.products), "%s", LONG_PRODUCTS);
	layout_line_init(&l, LAYOUT_NORMAL);
	layout_line_init(&h, LAYOUT_NORMAL);
	subs_list_row(&l, &r, SUBS_OPT_SKIP, true, 80);
	subs_list_header(&h, 80);
	assert_whole(l.text.buf, r.amount, 80);
	ck_assert_ptr_nonnull(strstr(l.text.buf, "¥1,234,567"));
	ck_assert_ptr_nonnull(strstr(h.text.buf, "Per deliv."));
	r.amount = 12345678;
	subs_list_row(&l, &r, SUBS_OPT_NONE, false, 80);
	assert_whole(l.text.buf, r.amount, 80);
	layout_line_done(&l);
	layout_line_done(&h);
}
END_TEST

START_TEST(the_card_at_80)
{
	struct customer c;
	struct customer_subscription sub;
	struct customer_order o;
	struct card_data d;
	struct layout_text t;
	bool sub_seen = false, order_seen = false;

	memset(&c, 0, sizeof(c));
	c.birth_date = c.first_order_date = c.last_order_date = CUSTOMER_NO_DATE;
	snprintf(c.code, sizeof(c.code), "C0000201");
	snprintf(c.name, sizeof(c.name), "%s", LONG_NAME);
	memset(&sub, 0, sizeof(sub));
	snprintf(sub.status, sizeof(sub.status), "paused");
	snprintf(sub.cycle, sizeof(sub.cycle), "2m:lastfri");
	sub.next_date = date_from_ymd(2027, 2, 26);
	sub.paused_until = date_from_ymd(2027, 1, 31);
	sub.delivery_count = 123;
	sub.amount_tax_included = 1234567;
	snprintf(sub.products, sizeof(sub.products), "%s", LONG_PRODUCTS);
	memset(&o, 0, sizeof(o));
	snprintf(o.order_no, sizeof(o.order_no), "O00012345");
	snprintf(o.status, sizeof(o.status), "delivered");
	o.order_date = date_from_ymd(2026, 11, 23);
	o.total = 12345678;
	o.delivery_no = 123;
	memset(&d, 0, sizeof(d));
	d.c = &c;
	d.subs = &sub;
	d.nsubs = 1;
	d.orders = &o;
	d.norders = 1;
	d.today = date_from_ymd(2026, 12, 7);
	layout_text_init(&t);
	card_build(&t, &d, 80);
	for (size_t i = 0; i < t.n; i++) {
		const char *s = t.lines[i].text.buf;

		/* the subscription's line: its status, then the rest after · */
		if (strstr(s, "paused") && strstr(s, "·")) {
			assert_whole(s, sub.amount_tax_included, 80);
			sub_seen = true;
		}
		if (strstr(s, o.order_no)) {
			assert_whole(s, o.total, 80);
			order_seen = true;
		}
	}
	ck_assert(sub_seen);
	ck_assert(order_seen);
	layout_text_done(&t);
}
END_TEST

START_TEST(order_list_and_lines_at_80)
{
	struct order_summary o;
	struct order_entry_line l;
	struct layout_text t;

	memset(&o, 0, sizeof(o));
	snprintf(o.order_no, sizeof(o.order_no), "O00012345");
	snprintf(o.status, sizeof(o.status), "confirmed");
	o.order_date = date_from_ymd(2026, 11, 23);
	o.total = 12345678;
	o.nlines = 12;
	o.delivery_no = 4;
	snprintf(o.first_item, sizeof(o.first_item), "%s", LONG_PRODUCTS);
	layout_text_init(&t);
	order_list_build(&t, &o, 1, 0, 80);
	ck_assert_uint_eq(t.n, 2);
	assert_whole(t.lines[1].text.buf, o.total, 80);

	memset(&l, 0, sizeof(l));
	snprintf(l.p.sku, sizeof(l.p.sku), "P001");
	snprintf(l.p.name, sizeof(l.p.name), "%s", LONG_NAME);
	l.p.price = 1122334;     /* + 10%: 1,234,567 */
	l.p.tax_rate = 10;
	l.p.active = true;
	snprintf(l.qty, sizeof(l.qty), "10");
	layout_text_reset(&t);
	order_lines_build(&t, &l, 1, 0, false, 80, 6);
	ck_assert_uint_ge(t.n, 2);
	assert_whole(t.lines[1].text.buf, 1234567, 80);
	assert_whole(t.lines[1].text.buf, 12345674, 80);  /* 10 x 1,122,334 + 10% */
	layout_text_done(&t);
}
END_TEST

Suite *ui_amounts_suite(void)
{
	Suite *s = suite_create("ui_amounts");
	TCase *tc = tcase_create("amounts");

	tcase_add_test(tc, columns_give_way_by_priority_amounts_last);
	tcase_add_test(tc, lookup_results_at_80);
	tcase_add_test(tc, subscription_list_at_80);
	tcase_add_test(tc, the_card_at_80);
	tcase_add_test(tc, order_list_and_lines_at_80);
	suite_add_tcase(s, tc);
	return s;
}
