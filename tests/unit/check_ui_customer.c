/* check_ui_customer.c: the text of the customer screens: the lookup's
 * list (aligned by display width), counts, what a search was taken for,
 * the card (contact preferences, cycles in words, history old → new) and
 * the side-by-side conflict view. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "customer_text.h"
#include "debounce.h"
#include "form.h"
#include "repeatdesk/date.h"
#include "repeatdesk/width.h"

Suite *ui_customer_suite(void);

static struct customer_row row(const char *code, const char *name,
			       const char *kana, const char *phone,
			       const char *pref, int subs, int32_t last,
			       int64_t ltv)
{
	struct customer_row r;

	memset(&r, 0, sizeof(r));
	snprintf(r.code, sizeof(r.code), "%s", code);
	snprintf(r.name, sizeof(r.name), "%s", name);
	snprintf(r.kana, sizeof(r.kana), "%s", kana);
	snprintf(r.phone, sizeof(r.phone), "%s", phone);
	snprintf(r.prefecture, sizeof(r.prefecture), "%s", pref);
	r.active_subscriptions = subs;
	r.last_order_date = last;
	r.ltv = ltv;
	return r;
}

/* customer_init lives in the store, which this test does not link. */
static void init_customer(struct customer *c)
{
	memset(c, 0, sizeof(*c));
	c->birth_date = c->first_order_date = c->last_order_date = CUSTOMER_NO_DATE;
}

/* Display column where needle starts in hay, or -1. */
static int column_of(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	return p ? width_strn(hay, (size_t)(p - hay)) : -1;
}

/* --- the list -------------------------------------------------------- */

START_TEST(columns_fill_the_width)
{
	for (int cols = 80; cols <= 200; cols += 7) {
		struct lookup_columns c;
		int sum;

		lookup_columns_compute(&c, cols);
		sum = 1 + c.code + c.name + c.kana + c.phone + c.pref + c.subs +
		      c.last + c.ltv + 7;
		ck_assert_int_eq(sum, cols);
		ck_assert_int_ge(c.name, 6);
		ck_assert_int_ge(c.kana, 6);
	}
}
END_TEST

START_TEST(rows_line_up_by_display_width)
{
	struct lookup_columns c;
	struct layout_line h, a, b;
	struct customer_row ra = row("C0000001", "石田 和子", "イシダ カズコ",
				     "09058077521", "埼玉県", 0,
				     date_from_ymd(2026, 11, 16), 17504);
	struct customer_row rb = row("C0000070", "Smith John", "ｽﾐｽ ｼﾞｮﾝ",
				     "0696772945", "神奈川県", 12,
				     CUSTOMER_NO_DATE, 1234567);

	lookup_columns_compute(&c, 100);
	layout_line_init(&h, LAYOUT_NORMAL);
	layout_line_init(&a, LAYOUT_NORMAL);
	layout_line_init(&b, LAYOUT_NORMAL);
	lookup_header(&h, &c);
	lookup_row(&a, &c, &ra, true);
	lookup_row(&b, &c, &rb, false);
	ck_assert_int_eq(layout_line_width(&a), 100);
	ck_assert_int_eq(layout_line_width(&b), 100);
	ck_assert_int_eq(layout_line_width(&h), 100);
	/* phones formatted, in the same column on every line */
	ck_assert_int_eq(column_of(a.text.buf, "090-5807-7521"),
			 column_of(b.text.buf, "06-9677-2945"));
	ck_assert_int_eq(column_of(a.text.buf, "090-5807-7521"),
			 column_of(h.text.buf, "Phone"));
	/* amounts with commas, right-aligned at the end */
	ck_assert_ptr_nonnull(strstr(a.text.buf, "17,504"));
	ck_assert_int_eq(column_of(b.text.buf, "1,234,567") + 9, 100);
	ck_assert_ptr_nonnull(strstr(a.text.buf, "11/16(Mon)"));
	/* the selection: marker and bar */
	ck_assert(a.text.buf[0] == '>');
	ck_assert_int_eq(a.attr, LAYOUT_BAR);
	ck_assert(b.text.buf[0] == ' ');
	layout_line_done(&h);
	layout_line_done(&a);
	layout_line_done(&b);
}
END_TEST

START_TEST(long_names_end_with_an_ellipsis)
{
	struct lookup_columns c;
	struct layout_line l;
	struct customer_row r = row("C0000002", "長谷川木村佐々木山田太郎花子", "ハセガワ",
				    "0312345678", "東京都", 0, CUSTOMER_NO_DATE, 0);

	lookup_columns_compute(&c, 80);
	layout_line_init(&l, LAYOUT_NORMAL);
	lookup_row(&l, &c, &r, false);
	ck_assert_int_eq(layout_line_width(&l), 80);
	ck_assert_ptr_nonnull(strstr(l.text.buf, "\xE2\x80\xA6"));
	ck_assert_ptr_nonnull(strstr(l.text.buf, "03-1234-5678"));
	layout_line_done(&l);
}
END_TEST

START_TEST(counts_in_words)
{
	struct sbuf sb;

	sbuf_init(&sb);
	lookup_count_text(&sb, 0, false);
	ck_assert_str_eq(sb.buf, "No customer found");
	sbuf_reset(&sb);
	lookup_count_text(&sb, 1, false);
	ck_assert_str_eq(sb.buf, "1 customer");
	sbuf_reset(&sb);
	lookup_count_text(&sb, 1234, false);
	ck_assert_str_eq(sb.buf, "1,234 customers");
	sbuf_reset(&sb);
	lookup_count_text(&sb, 120000, true);
	ck_assert_str_eq(sb.buf, "about 120,000 customers");
	sbuf_reset(&sb);
	lookup_count_more_text(&sb, 1000);
	ck_assert_str_eq(sb.buf, "more than 1,000 customers");
	sbuf_done(&sb);
}
END_TEST

START_TEST(what_the_search_was_taken_for)
{
	static const struct {
		enum customer_kind kind;
		const char *key, *want;
	} cases[] = {
		{ CUSTOMER_KIND_PHONE, "09012345678", "phone number 090-1234-5678" },
		{ CUSTOMER_KIND_PHONE_FRAGMENT, "5678", "phone number ending in 5678" },
		{ CUSTOMER_KIND_POSTAL, "1000001", "postal code 100-0001" },
		{ CUSTOMER_KIND_POSTAL_OR_PHONE, "1234567",
		  "postal code 123-4567, or a phone number ending in 1234567" },
		{ CUSTOMER_KIND_CODE, "C0000123", "customer code C0000123" },
		{ CUSTOMER_KIND_ORDER, "O00000001", "order number O00000001" },
		{ CUSTOMER_KIND_EMAIL, "a@b.jp", "e-mail a@b.jp" },
		{ CUSTOMER_KIND_KANA, "ヤマダ", "reading ヤマダ" },
		{ CUSTOMER_KIND_NAME, "山田", "name 山田" },
	};
	struct sbuf sb;

	sbuf_init(&sb);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct customer_guess g;

		memset(&g, 0, sizeof(g));
		g.kind = cases[i].kind;
		snprintf(g.key, sizeof(g.key), "%s", cases[i].key);
		sbuf_reset(&sb);
		lookup_guess_text(&sb, &g);
		ck_assert_str_eq(sb.buf, cases[i].want);
	}
	sbuf_done(&sb);
}
END_TEST

/* --- values ---------------------------------------------------------- */

START_TEST(values_read_as_words)
{
	static const struct {
		const char *column, *value, *want;
		bool null;
	} cases[] = {
		{ "phone1", "09011112222", "090-1111-2222", false },
		{ "phone2", "0312345678", "03-1234-5678", false },
		{ "postal_code", "3591123", "359-1123", false },
		{ "no_dm", "true", "yes", false },
		{ "no_call", "false", "no", false },
		{ "no_email", FORM_YES, "yes", false },
		{ "gender", "f", "female", false },
		{ "gender", "x", "other", false },
		{ "email", "", "\xE2\x80\x94", false },
		{ "email", "x", "\xE2\x80\x94", true },
		{ "name", "山田 花子", "山田 花子", false },
	};
	struct sbuf sb;

	sbuf_init(&sb);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sbuf_reset(&sb);
		customer_value_text(&sb, cases[i].column, cases[i].value, cases[i].null);
		ck_assert_str_eq(sb.buf, cases[i].want);
	}
	sbuf_done(&sb);
}
END_TEST

START_TEST(ages_count_whole_years)
{
	int32_t birth = date_from_ymd(1961, 10, 9);

	ck_assert_int_eq(card_age(birth, date_from_ymd(2026, 10, 8)), 64);
	ck_assert_int_eq(card_age(birth, date_from_ymd(2026, 10, 9)), 65);
	/* born on Feb 29: a year older on Mar 1 of other years */
	birth = date_from_ymd(2000, 2, 29);
	ck_assert_int_eq(card_age(birth, date_from_ymd(2001, 2, 28)), 0);
	ck_assert_int_eq(card_age(birth, date_from_ymd(2001, 3, 1)), 1);
	ck_assert_int_eq(card_age(birth, date_from_ymd(1999, 1, 1)), 0);
}
END_TEST

/* --- the card -------------------------------------------------------- */

static char *joined(const struct layout_text *t)
{
	struct sbuf sb;

	sbuf_init(&sb);
	for (size_t i = 0; i < t->n; i++) {
		sbuf_adds(&sb, t->lines[i].text.buf);
		sbuf_addc(&sb, '\n');
	}
	{
		char *text = sbuf_detach(&sb);

		sbuf_done(&sb);
		return text;
	}
}

static const struct layout_line *line_with(const struct layout_text *t,
					   const char *needle)
{
	for (size_t i = 0; i < t->n; i++)
		if (strstr(t->lines[i].text.buf, needle))
			return &t->lines[i];
	return NULL;
}

START_TEST(the_card_shows_profile_subscriptions_orders_and_changes)
{
	struct customer c;
	struct customer_subscription sub;
	struct customer_order ord;
	struct customer_inquiry inq;
	struct customer_view_change ch[3];
	struct card_data d;
	struct layout_text t;
	const struct layout_line *l;
	char *s;

	init_customer(&c);
	snprintf(c.code, sizeof(c.code), "C0000001");
	snprintf(c.name, sizeof(c.name), "石田 和子");
	snprintf(c.kana, sizeof(c.kana), "イシダ カズコ");
	snprintf(c.phone1, sizeof(c.phone1), "09058077521");
	snprintf(c.postal, sizeof(c.postal), "3591123");
	snprintf(c.prefecture, sizeof(c.prefecture), "埼玉県");
	snprintf(c.address1, sizeof(c.address1), "所沢市日吉町4丁目10-19");
	c.birth_date = date_from_ymd(1961, 10, 9);
	c.gender = 'f';
	c.no_dm = true;
	c.version = 3;
	c.ltv = 17504;
	c.order_count = 3;
	c.first_order_date = date_from_ymd(2026, 9, 29);
	c.last_order_date = date_from_ymd(2026, 11, 16);
	c.rfm_r = 5;
	c.rfm_f = 3;
	c.rfm_m = 2;

	memset(&sub, 0, sizeof(sub));
	snprintf(sub.status, sizeof(sub.status), "active");
	snprintf(sub.cycle, sizeof(sub.cycle), "1m:2tue");
	sub.next_date = date_from_ymd(2026, 12, 8);
	sub.paused_until = CUSTOMER_NO_DATE;
	sub.delivery_count = 4;
	sub.amount = 3980;               /* goods, tax excluded: not shown */
	sub.amount_tax_included = 4298;  /* what the customer pays */
	snprintf(sub.products, sizeof(sub.products), "青汁 30包 x1");

	memset(&ord, 0, sizeof(ord));
	snprintf(ord.order_no, sizeof(ord.order_no), "O00000003");
	ord.order_date = date_from_ymd(2026, 11, 16);
	snprintf(ord.status, sizeof(ord.status), "delivered");
	ord.total = 10368;

	memset(&inq, 0, sizeof(inq));
	snprintf(inq.opened_at, sizeof(inq.opened_at), "2026-11-20T10:00:00+09");
	snprintf(inq.status, sizeof(inq.status), "open");
	snprintf(inq.subject, sizeof(inq.subject), "届かない");

	memset(ch, 0, sizeof(ch));
	for (int i = 0; i < 2; i++) {
		ch[i].id = 83;
		snprintf(ch[i].at, sizeof(ch[i].at), "2026-11-23 07:45");
		snprintf(ch[i].actor, sizeof(ch[i].actor), "sato");
		snprintf(ch[i].actor_name, sizeof(ch[i].actor_name), "佐藤 花子");
		snprintf(ch[i].table, sizeof(ch[i].table), "customers");
		snprintf(ch[i].op, sizeof(ch[i].op), "UPDATE");
		snprintf(ch[i].reason, sizeof(ch[i].reason), "携帯番号の変更");
	}
	snprintf(ch[0].column, sizeof(ch[0].column), "phone1");
	snprintf(ch[0].old_value, sizeof(ch[0].old_value), "09058077521");
	snprintf(ch[0].new_value, sizeof(ch[0].new_value), "09011112222");
	snprintf(ch[1].column, sizeof(ch[1].column), "email");
	ch[1].old_null = true;
	snprintf(ch[1].new_value, sizeof(ch[1].new_value), "k@example.jp");
	ch[2].id = 12;
	snprintf(ch[2].at, sizeof(ch[2].at), "2026-09-29 16:22");
	snprintf(ch[2].actor, sizeof(ch[2].actor), "suzuki");
	snprintf(ch[2].table, sizeof(ch[2].table), "customers");
	snprintf(ch[2].op, sizeof(ch[2].op), "INSERT");

	memset(&d, 0, sizeof(d));
	d.c = &c;
	d.subs = &sub;
	d.nsubs = 1;
	d.orders = &ord;
	d.norders = 1;
	d.inquiries = &inq;
	d.ninquiries = 1;
	d.changes = ch;
	d.nchanges = 3;
	d.today = date_from_ymd(2026, 11, 23);

	layout_text_init(&t);
	card_build(&t, &d, 100);
	s = joined(&t);
	ck_assert_ptr_nonnull(strstr(s, "C0000001  石田 和子  イシダ カズコ"));
	ck_assert_ptr_nonnull(strstr(s, "version 3"));
	ck_assert_ptr_nonnull(strstr(s, "090-5807-7521"));
	ck_assert_ptr_nonnull(strstr(s, "〒359-1123 埼玉県所沢市日吉町4丁目10-19"));
	ck_assert_ptr_nonnull(strstr(s, "1961/10/09(Mon) (age 65)"));
	ck_assert_ptr_nonnull(strstr(s, "female"));
	ck_assert_ptr_nonnull(strstr(s, "LTV ¥17,504"));
	ck_assert_ptr_nonnull(strstr(s, "RFM 5-3-2"));
	/* the refusal stands out; what is allowed does not */
	l = line_with(&t, "NO DIRECT MAIL");
	ck_assert_ptr_nonnull(l);
	ck_assert_int_eq(layout_line_attr_at(l, (size_t)(strstr(l->text.buf, "NO DIRECT")
							  - l->text.buf)), LAYOUT_ERROR);
	ck_assert_ptr_nonnull(strstr(l->text.buf, "sales calls ok"));
	/* the cycle in words, the next delivery */
	ck_assert_ptr_nonnull(strstr(s, "every month on the 2nd Tuesday"));
	ck_assert_ptr_nonnull(strstr(s, "next 2026/12/08(Tue)"));
	/* the next delivery as the customer pays it, tax included (総額表示) */
	ck_assert_ptr_nonnull(strstr(s, "¥4,298"));
	ck_assert_ptr_null(strstr(s, "¥3,980"));
	ck_assert_ptr_nonnull(strstr(s, "青汁 30包 x1"));
	ck_assert_ptr_nonnull(strstr(s, "O00000003"));
	ck_assert_ptr_nonnull(strstr(s, "¥10,368"));
	ck_assert_ptr_nonnull(strstr(s, "届かない"));
	/* who, when, why, and what: old → new in words */
	ck_assert_ptr_nonnull(strstr(s, "11/23(Mon) 07:45  佐藤 花子 (sato)"));
	ck_assert_ptr_nonnull(strstr(s, "携帯番号の変更"));
	ck_assert_ptr_nonnull(strstr(s, "phone1: 090-5807-7521 → 090-1111-2222"));
	ck_assert_ptr_nonnull(strstr(s, "email: — → k@example.jp"));
	ck_assert_ptr_nonnull(strstr(s, "registered the customer"));
	/* one heading line per entry, not per field */
	ck_assert_ptr_eq(strstr(s, "(sato)"), strstr(s, "(sato)"));
	ck_assert_ptr_null(strstr(strstr(s, "(sato)") + 1, "(sato)"));
	free(s);
	layout_text_done(&t);
}
END_TEST

START_TEST(the_card_labels_columns_from_the_form)
{
	struct formspec spec;
	struct rd_error err;

	ck_assert(form_spec_builtin("customer", &spec, &err) == RD_OK);
	ck_assert_str_eq(customer_column_label(&spec, "phone1"), "Phone");
	ck_assert_str_eq(customer_column_label(&spec, "name_kana"), "Reading");
	ck_assert_str_eq(customer_column_label(&spec, "ltv"), "ltv");
	ck_assert_str_eq(customer_column_label(NULL, "phone1"), "phone1");
	formspec_done(&spec);
}
END_TEST

START_TEST(an_empty_card_says_none)
{
	struct customer c;
	struct card_data d;
	struct layout_text t;
	char *s;

	init_customer(&c);
	snprintf(c.code, sizeof(c.code), "C0000201");
	snprintf(c.name, sizeof(c.name), "山本 五十鈴");
	memset(&d, 0, sizeof(d));
	d.c = &c;
	d.today = date_from_ymd(2026, 11, 23);
	layout_text_init(&t);
	card_build(&t, &d, 80);
	s = joined(&t);
	ck_assert_ptr_nonnull(strstr(s, "Subscriptions (active and paused)\n   none"));
	ck_assert_ptr_nonnull(strstr(s, "direct mail ok"));
	ck_assert_ptr_nonnull(strstr(s, "0 orders"));
	ck_assert_ptr_null(strstr(s, "RFM"));
	free(s);
	layout_text_done(&t);
}
END_TEST

/* The skip call starts on the card: the next delivery on top, of the
 * active subscription due first, with the key that skips it. */
START_TEST(the_card_shows_the_next_delivery_with_its_skip_key)
{
	struct customer c;
	struct customer_subscription subs[3];
	struct card_data d;
	struct layout_text t;
	const struct layout_line *l;
	char *s;

	init_customer(&c);
	snprintf(c.code, sizeof(c.code), "C0000009");
	snprintf(c.name, sizeof(c.name), "山本 五十鈴");
	memset(subs, 0, sizeof(subs));
	/* paused, earliest date: not the one */
	subs[0].id = 7;
	snprintf(subs[0].status, sizeof(subs[0].status), "paused");
	snprintf(subs[0].cycle, sizeof(subs[0].cycle), "1m:15");
	subs[0].next_date = date_from_ymd(2026, 12, 10);
	subs[0].paused_until = CUSTOMER_NO_DATE;
	/* active, later */
	subs[1].id = 8;
	snprintf(subs[1].status, sizeof(subs[1].status), "active");
	snprintf(subs[1].cycle, sizeof(subs[1].cycle), "1m:20");
	subs[1].next_date = date_from_ymd(2026, 12, 20);
	subs[1].paused_until = CUSTOMER_NO_DATE;
	subs[1].delivery_count = 5;
	/* active, due first */
	subs[2].id = 9;
	snprintf(subs[2].status, sizeof(subs[2].status), "active");
	snprintf(subs[2].cycle, sizeof(subs[2].cycle), "1m:15");
	subs[2].next_date = date_from_ymd(2026, 12, 15);
	subs[2].paused_until = CUSTOMER_NO_DATE;
	subs[2].delivery_count = 3;
	subs[2].amount_tax_included = 7560;
	snprintf(subs[2].products, sizeof(subs[2].products), "青汁 30包 x2");
	ck_assert_int_eq(card_next_delivery(subs, 3), 2);
	ck_assert_int_eq(card_next_delivery(subs, 1), -1);
	ck_assert_int_eq(card_next_delivery(NULL, 0), -1);

	memset(&d, 0, sizeof(d));
	d.c = &c;
	d.subs = subs;
	d.nsubs = 3;
	d.today = date_from_ymd(2026, 11, 23);
	layout_text_init(&t);
	card_build(&t, &d, 80);
	s = joined(&t);
	/* on top, before the profile */
	ck_assert_ptr_nonnull(strstr(s, "Next delivery"));
	ck_assert(strstr(s, "Next delivery") < strstr(s, "C0000009"));
	l = line_with(&t, "Next delivery");
	ck_assert_ptr_nonnull(strstr(l->text.buf, "2026/12/15("));
	ck_assert_ptr_nonnull(strstr(l->text.buf, "delivery 4"));
	ck_assert_ptr_nonnull(strstr(l->text.buf, "subscription #9"));
	ck_assert_ptr_nonnull(strstr(l->text.buf, "¥7,560"));
	ck_assert_ptr_nonnull(strstr(s, "青汁 30包 x2"));
	/* two active: the key says which one it skips */
	l = line_with(&t, "Skip this delivery");
	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_nonnull(strstr(l->text.buf, "(of the subscription due next)"));
	ck_assert_int_eq(layout_line_attr_at(l, (size_t)(strstr(l->text.buf, "s ")
							  - l->text.buf)), LAYOUT_KEY);
	free(s);
	layout_text_done(&t);

	/* one active: no need to say which */
	d.subs = subs + 1;
	d.nsubs = 1;
	layout_text_init(&t);
	card_build(&t, &d, 80);
	l = line_with(&t, "Skip this delivery");
	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_null(strstr(l->text.buf, "due next"));
	ck_assert_ptr_nonnull(strstr(line_with(&t, "Next delivery")->text.buf, "delivery 6"));
	layout_text_done(&t);

	/* none active: no next delivery, no key */
	d.nsubs = 0;
	layout_text_init(&t);
	card_build(&t, &d, 80);
	ck_assert_ptr_null(line_with(&t, "Next delivery"));
	ck_assert_ptr_null(line_with(&t, "Skip this delivery"));
	layout_text_done(&t);
}
END_TEST

/* --- the conflict view ---------------------------------------------- */

START_TEST(the_conflict_shows_both_versions_side_by_side)
{
	struct conflict_row rows[2] = {
		{ .label = "Phone", .mine = "090-1111-2222", .theirs = "080-3333-4444",
		  .mine_changed = false, .theirs_changed = true,
		  .pick = CONFLICT_THEIRS },
		{ .label = "E-mail", .mine = "k@example.jp", .theirs = "",
		  .mine_changed = true, .theirs_changed = true,
		  .pick = CONFLICT_MINE },
	};
	struct layout_text t;
	char *s;

	layout_text_init(&t);
	conflict_build(&t, rows, 2, 1, 100);
	s = joined(&t);
	ck_assert_uint_eq(t.n, 5); /* heading, two lines per field */
	ck_assert_int_eq(column_of(t.lines[1].text.buf, "090-1111-2222"),
			 column_of(t.lines[3].text.buf, "k@example.jp"));
	ck_assert_int_eq(column_of(t.lines[1].text.buf, "080-3333-4444"),
			 column_of(t.lines[3].text.buf, "\xE2\x80\x94"));
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "take theirs"));
	ck_assert_ptr_nonnull(strstr(t.lines[3].text.buf, "keep mine"));
	ck_assert_ptr_nonnull(strstr(s, "they changed this field"));
	ck_assert_ptr_nonnull(strstr(s, "both of you changed this field"));
	/* the selected field */
	ck_assert(t.lines[3].text.buf[0] == '>');
	ck_assert_int_eq(t.lines[3].attr, LAYOUT_BAR);
	free(s);
	layout_text_done(&t);
}
END_TEST

/* The lookup's debounce, on a fake clock (ms). */
START_TEST(the_search_waits_for_a_pause_in_the_typing)
{
	struct debounce d;

	debounce_init(&d, 200);
	ck_assert(!debounce_pending(&d));
	ck_assert_int_eq(debounce_due(&d), 0);
	ck_assert(!debounce_fire(&d, 5000));
	/* 山, 田 and 太 typed 80 ms apart: nothing runs while typing */
	debounce_edit(&d, 1000);
	ck_assert(debounce_pending(&d));
	ck_assert(!debounce_fire(&d, 1080));
	debounce_edit(&d, 1080);
	ck_assert(!debounce_fire(&d, 1199));
	ck_assert(!debounce_fire(&d, 1279));
	debounce_edit(&d, 1160);
	ck_assert_int_eq(debounce_due(&d), 1360);
	ck_assert(!debounce_fire(&d, 1359));
	ck_assert(debounce_pending(&d));
	/* the pause: one search, for the text as it is then */
	ck_assert(debounce_fire(&d, 1360));
	ck_assert(!debounce_pending(&d));
	ck_assert(!debounce_fire(&d, 1361));
	ck_assert(!debounce_fire(&d, 9999));
	ck_assert_uint_eq(d.edits, 3);
	/* a late wake-up still runs it once */
	debounce_edit(&d, 2000);
	ck_assert(debounce_fire(&d, 2600));
	ck_assert(!debounce_fire(&d, 2700));
}
END_TEST

START_TEST(enter_runs_the_pending_search_at_once)
{
	struct debounce d;

	debounce_init(&d, 200);
	ck_assert(!debounce_flush(&d));
	debounce_edit(&d, 1000);
	ck_assert(debounce_flush(&d));
	ck_assert(!debounce_pending(&d));
	/* nothing left for the timer */
	ck_assert(!debounce_fire(&d, 1200));
	/* a search run for another reason (filters, reload) owes nothing */
	debounce_edit(&d, 3000);
	debounce_cancel(&d);
	ck_assert(!debounce_pending(&d));
	ck_assert(!debounce_fire(&d, 3200));
	/* a clock at 0 still counts as pending */
	debounce_edit(&d, -200);
	ck_assert(debounce_pending(&d));
	ck_assert(debounce_fire(&d, 1));
}
END_TEST

Suite *ui_customer_suite(void)
{
	Suite *s = suite_create("ui_customer");
	TCase *tc = tcase_create("lookup");

	tcase_add_test(tc, columns_fill_the_width);
	tcase_add_test(tc, rows_line_up_by_display_width);
	tcase_add_test(tc, long_names_end_with_an_ellipsis);
	tcase_add_test(tc, counts_in_words);
	tcase_add_test(tc, what_the_search_was_taken_for);
	suite_add_tcase(s, tc);
	tc = tcase_create("debounce");
	tcase_add_test(tc, the_search_waits_for_a_pause_in_the_typing);
	tcase_add_test(tc, enter_runs_the_pending_search_at_once);
	suite_add_tcase(s, tc);
	tc = tcase_create("card");
	tcase_add_test(tc, values_read_as_words);
	tcase_add_test(tc, ages_count_whole_years);
	tcase_add_test(tc, the_card_shows_profile_subscriptions_orders_and_changes);
	tcase_add_test(tc, the_card_labels_columns_from_the_form);
	tcase_add_test(tc, an_empty_card_says_none);
	tcase_add_test(tc, the_card_shows_the_next_delivery_with_its_skip_key);
	tcase_add_test(tc, the_conflict_shows_both_versions_side_by_side);
	suite_add_tcase(s, tc);
	return s;
}
