/* check_ui_subscription.c: the text of the subscription screens and the
 * requests their forms stand for: the option column, the subscription
 * (deliveries with their numbers and cut-off, skips, reservations,
 * history), the preview (old -> new dates, the rule that refuses, the
 * price effect), the retention step, the conflict view, and reading the
 * forms (reason from the list or typed, product changes as a diff). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "subscription_form.h"
#include "subscription_text.h"
#include "repeatdesk/date.h"
#include "repeatdesk/width.h"

Suite *ui_subscription_suite(void);

#define D(y, m, d) date_from_ymd(y, m, d)

/* Every line of t joined with newlines (caller frees). */
static char *text_of(const struct layout_text *t)
{
	struct sbuf sb;
	char *all;

	sbuf_init(&sb);
	for (size_t i = 0; i < t->n; i++) {
		sbuf_adds(&sb, t->lines[i].text.buf ? t->lines[i].text.buf : "");
		sbuf_addc(&sb, '\n');
	}
	all = sbuf_detach(&sb);
	sbuf_done(&sb);   /* detach leaves it empty but allocated */
	return all;
}

/* The first line of t holding needle, or NULL. */
static const char *line_with(const struct layout_text *t, const char *needle)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->lines[i].text.buf && strstr(t->lines[i].text.buf, needle))
			return t->lines[i].text.buf;
	return NULL;
}

static void add_line(struct subrule_sub *s, const char *sku, const char *name, int qty,
		     int64_t price)
{
	struct subrule_line *l = &s->lines[s->nlines++];

	snprintf(l->sku, sizeof(l->sku), "%s", sku);
	snprintf(l->name, sizeof(l->name), "%s", name);
	l->quantity = qty;
	l->unit_price = price;
	l->list_price = price + 300;
	l->tax_rate = 8;
}

/* A monthly subscription on the 15th: 3 deliveries made, the next
 * (number 4) on 2026-12-15; delivery 5 is skipped, 6 past nothing. */
static void sample_view(struct subscription_view *v)
{
	struct subrule_sub *s = &v->state.sub;

	memset(v, 0, sizeof(*v));
	v->state.id = 42;
	v->state.version = 3;
	v->today = D(2026, 11, 20);
	snprintf(v->customer_code, sizeof(v->customer_code), "C0000001");
	snprintf(v->customer_name, sizeof(v->customer_name), "石田 和子");
	snprintf(v->cycle_spec, sizeof(v->cycle_spec), "1m:15");
	snprintf(v->cycle_words, sizeof(v->cycle_words), "every month on the 15th");
	s->status = SUBRULE_ACTIVE;
	cycle_parse("1m:15", &s->cycle, NULL);
	s->next_date = D(2026, 12, 15);
	s->delivery_count = 3;
	s->paused_until = SUBRULE_NO_DATE;
	s->payment = SUBRULE_PAY_COD;
	s->time_slot = SUBRULE_TIME_MORNING;
	add_line(s, "P001", "青汁 30包", 2, 3280);
	add_line(s, "P002", "黒酢", 1, 2000);
	s->skips[0].date = D(2026, 11, 15);   /* since the last delivery */
	s->skips[0].number = 4;
	s->nskips = 1;
	v->amount.total = 7414;
	v->amount.goods = 6560;
	v->amount.tax = 524;
	v->amount.cod_fee = 330;
	snprintf(v->address.postal, sizeof(v->address.postal), "3591123");
	snprintf(v->address.prefecture, sizeof(v->address.prefecture), "埼玉県");
	snprintf(v->address.address1, sizeof(v->address.address1), "所沢市日吉町4丁目10-19");
	v->next[0] = (struct subrule_slot){ 4, D(2026, 12, 15), D(2026, 12, 15), false, false, "" };
	v->next[1] = (struct subrule_slot){ 5, D(2027, 1, 15), D(2027, 1, 15), true, true, "" };
	v->next[2] = (struct subrule_slot){ 5, D(2027, 2, 15), D(2027, 2, 15), false, true, "" };
	/* moved off a closed day by the business calendar */
	v->next[3] = (struct subrule_slot){ 6, D(2027, 3, 21), D(2027, 3, 23), false, true, "春分の日" };
	v->nnext = 4;
	v->reservations[0].id = 7;
	v->reservations[0].kind = SUBRULE_PAUSE;
	v->reservations[0].from_delivery = 6;
	v->reservations[0].from_date = D(2027, 3, 15);
	snprintf(v->reservations[0].status, sizeof(v->reservations[0].status), "pending");
	snprintf(v->reservations[0].summary, sizeof(v->reservations[0].summary), "pause for 2 deliveries");
	snprintf(v->reservations[0].created_by, sizeof(v->reservations[0].created_by), "suzuki");
	v->nreservations = 1;
	snprintf(v->history[0].at, sizeof(v->history[0].at), "2026-11-20 10:00");
	snprintf(v->history[0].actor, sizeof(v->history[0].actor), "suzuki");
	snprintf(v->history[0].what, sizeof(v->history[0].what), "skip delivery 5 (01/15)");
	snprintf(v->history[0].reason, sizeof(v->history[0].reason), "旅行");
	v->nhistory = 1;
}

/* --- the list --- */

START_TEST(options_are_the_classic_digits)
{
	ck_assert_int_eq(subs_option_parse('2'), SUBS_OPT_CHANGE);
	ck_assert_int_eq(subs_option_parse('4'), SUBS_OPT_CANCEL);
	ck_assert_int_eq(subs_option_parse('5'), SUBS_OPT_SHOW);
	ck_assert_int_eq(subs_option_parse('7'), SUBS_OPT_SKIP);
	ck_assert_int_eq(subs_option_parse('8'), SUBS_OPT_PAUSE);
	ck_assert_int_eq(subs_option_parse('1'), SUBS_OPT_NONE);
	ck_assert_int_eq(subs_option_parse('x'), SUBS_OPT_NONE);
	ck_assert_int_eq(subs_option_parse(0x4e03), SUBS_OPT_NONE);  /* 七 */
}
END_TEST

START_TEST(list_rows_show_the_option_and_fit)
{
	struct subscription_row r;
	struct layout_line l, h;

	memset(&r, 0, sizeof(r));
	r.id = 58;
	r.status = SUBRULE_ACTIVE;
	snprintf(r.cycle_words, sizeof(r.cycle_words), "every month on the 2nd Tuesday");
	r.next_date = D(2027, 1, 12);
	r.delivery_count = 3;
	r.amount = 7414;
	snprintf(r.products, sizeof(r.products), "国産大麦若葉の青汁 30包 x2, 黒酢 x1");
	layout_line_init(&l, LAYOUT_NORMAL);
	layout_line_init(&h, LAYOUT_NORMAL);
	for (int cols = 80; cols <= 140; cols += 20) {
		subs_list_header(&h, cols);
		subs_list_row(&l, &r, SUBS_OPT_SKIP, true, cols);
		ck_assert_int_le(layout_line_width(&l), cols);
		ck_assert_int_eq(l.text.buf[0], '>');
		ck_assert_ptr_nonnull(strstr(l.text.buf, " 7 "));
		ck_assert_ptr_nonnull(strstr(l.text.buf, "01/12(Tue)"));
		ck_assert_ptr_nonnull(strstr(l.text.buf, "¥7,414"));
		/* the next delivery's number is delivery_count + 1, under "No." */
		ck_assert_int_eq(width_strn(l.text.buf, (size_t)(strstr(l.text.buf, "  4 ") - l.text.buf)) + 2,
				 width_strn(h.text.buf, (size_t)(strstr(h.text.buf, "No.") - h.text.buf)) + 2);
		ck_assert_int_eq(l.attr, LAYOUT_BAR);
	}
	r.status = SUBRULE_CANCELLED;
	subs_list_row(&l, &r, SUBS_OPT_NONE, false, 100);
	ck_assert_int_eq(l.text.buf[0], ' ');
	ck_assert_ptr_nonnull(strstr(l.text.buf, " _ "));
	ck_assert_ptr_null(strstr(l.text.buf, "01/12(Tue)"));
	layout_line_done(&l);
	layout_line_done(&h);
}
END_TEST

START_TEST(list_hint_names_every_option)
{
	struct layout_text t;
	char *all;

	layout_text_init(&t);
	subs_list_hint(&t, 80);
	all = text_of(&t);
	ck_assert_ptr_nonnull(strstr(all, "2=Change"));
	ck_assert_ptr_nonnull(strstr(all, "4=Cancel"));
	ck_assert_ptr_nonnull(strstr(all, "5=Show"));
	ck_assert_ptr_nonnull(strstr(all, "7=Skip"));
	ck_assert_ptr_nonnull(strstr(all, "8=Pause"));
	for (size_t i = 0; i < t.n; i++)
		ck_assert_int_le(layout_line_width(&t.lines[i]), 80);
	free(all);
	layout_text_done(&t);
}
END_TEST

/* --- the subscription --- */

START_TEST(view_shows_numbers_cutoff_skips_reservations_history)
{
	struct subscription_view *v = calloc(1, sizeof(*v));
	struct layout_text t;
	const char *l;

	sample_view(v);
	layout_text_init(&t);
	subs_view_build(&t, v, 100);
	ck_assert_ptr_nonnull(line_with(&t, "every month on the 15th (1m:15)"));
	ck_assert_ptr_nonnull(line_with(&t, "3 made; the next is delivery 4"));
	/* the unit price tax included (3,280 + 8% = 3,542.4, rounded down) */
	ck_assert_ptr_nonnull(line_with(&t, "P001 青汁 30包 x2 @ ¥3,542 (tax incl., 8%)"));
	ck_assert_ptr_nonnull(line_with(&t, "P002 黒酢 x1"));
	ck_assert_ptr_nonnull(line_with(&t, "¥7,414"));
	ck_assert_ptr_nonnull(line_with(&t, "cash on delivery"));
	ck_assert_ptr_nonnull(line_with(&t, "〒359-1123 埼玉県所沢市日吉町4丁目10-19"));
	/* the skip since the last delivery, then the slots */
	l = line_with(&t, "2026/11/15");
	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_nonnull(strstr(l, "skipped (was delivery 4)"));
	l = line_with(&t, "2026/12/15");
	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_nonnull(strstr(l, "   4  "));
	ck_assert_ptr_nonnull(strstr(l, "past its cut-off"));
	l = line_with(&t, "2027/01/15");
	ck_assert_ptr_nonnull(strstr(l, "skipped"));
	ck_assert_ptr_nonnull(strstr(l, "      -  "));
	l = line_with(&t, "2027/02/15");
	ck_assert_ptr_nonnull(strstr(l, "   5  "));
	ck_assert_ptr_nonnull(strstr(l, "yes"));
	/* the dates line up whatever the weekday's length */
	ck_assert_int_eq(strstr(line_with(&t, "2026/12/15"), "2026") - line_with(&t, "2026/12/15"),
			 strstr(line_with(&t, "2027/02/15"), "2027") - line_with(&t, "2027/02/15"));
	ck_assert_int_eq(strstr(line_with(&t, "2026/12/15"), "no:") - line_with(&t, "2026/12/15"),
			 strstr(line_with(&t, "2027/02/15"), "yes") - line_with(&t, "2027/02/15"));
	/* a moved delivery says why, and the day it was due */
	l = line_with(&t, "2027/03/23");
	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_nonnull(strstr(l, "moved: 春分の日 (due 2027/03/21(Sun))"));
	l = line_with(&t, "#7 pending from delivery 6 (2027/03/15(Mon))");
	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_nonnull(strstr(l, "pause for 2 deliveries, by suzuki"));
	l = line_with(&t, "skip delivery 5 (01/15)");
	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_nonnull(strstr(l, "suzuki"));
	ck_assert_ptr_nonnull(strstr(l, "reason: 旅行"));
	layout_text_done(&t);

	/* paused and cancelled say so; a cancelled one has no next delivery */
	v->state.sub.status = SUBRULE_PAUSED;
	v->state.sub.paused_until = D(2027, 4, 1);
	layout_text_init(&t);
	subs_view_build(&t, v, 80);
	ck_assert_ptr_nonnull(line_with(&t, "paused until 2027/04/01"));
	layout_text_done(&t);
	v->state.sub.status = SUBRULE_CANCELLED;
	v->cancelled_on = D(2026, 11, 20);
	snprintf(v->cancel_reason, sizeof(v->cancel_reason), "price");
	layout_text_init(&t);
	subs_view_build(&t, v, 80);
	ck_assert_ptr_nonnull(line_with(&t, "cancelled on 2026/11/20(Fri) (price)"));
	ck_assert_ptr_null(line_with(&t, "the next is delivery"));
	for (size_t i = 0; i < t.n; i++)
		ck_assert_int_le(layout_line_width(&t.lines[i]), 80);
	layout_text_done(&t);
	free(v);
}
END_TEST

/* --- the preview --- */

START_TEST(preview_shows_dates_next_and_price)
{
	struct subrule_preview *p = calloc(1, sizeof(*p));
	struct layout_text t;
	const char *l;

	p->status = RD_OK;
	snprintf(p->summary, sizeof(p->summary), "skip delivery 4 (12/15)");
	p->affected[0] = (struct subrule_affected){ 4, D(2026, 12, 15), D(2027, 1, 15), false };
	p->affected[1] = (struct subrule_affected){ 9, D(2027, 5, 15), SUBRULE_NO_DATE, false };
	p->naffected = 2;
	p->more_affected = 3;
	p->next[0] = (struct subrule_slot){ 4, D(2027, 1, 15), D(2027, 1, 15), false, true, "" };
	p->next[1] = (struct subrule_slot){ 5, D(2027, 2, 15), D(2027, 2, 15), false, true, "" };
	p->next[2] = (struct subrule_slot){ 6, D(2027, 3, 14), D(2027, 3, 15), false, true, "棚卸" };
	p->nnext = 3;
	p->before_amount.total = 7414;
	p->after_amount.total = 7414;
	p->window_end = D(2027, 5, 15);
	p->window_before = 6;
	p->window_after = 5;
	p->window_before_total = 44484;
	p->window_after_total = 37070;
	snprintf(p->notes[0], sizeof(p->notes[0]), "one skip in a row");
	p->nnotes = 1;
	layout_text_init(&t);
	subs_preview_build(&t, p, 100);
	ck_assert_ptr_nonnull(line_with(&t, "skip delivery 4 (12/15)"));
	ck_assert_ptr_null(line_with(&t, "Refused"));
	l = line_with(&t, "2026/12/15");
	ck_assert_ptr_nonnull(l);
	ck_assert_ptr_nonnull(strstr(l, "   4  2026/12/15(Tue) → 2027/01/15(Fri)"));
	ck_assert_ptr_nonnull(line_with(&t, "2027/05/15(Sat) → not delivered"));
	ck_assert_ptr_nonnull(line_with(&t, "... and 3 more"));
	l = line_with(&t, "Next deliveries");
	ck_assert_ptr_nonnull(strstr(l, "4 on 2027/01/15(Fri), 5 on 2027/02/15(Mon), 6 on 2027/03/15(Mon)"));
	/* the moved one says why (on the wrapped line when it does not fit) */
	ck_assert_ptr_nonnull(line_with(&t, "(moved:"));
	ck_assert_ptr_nonnull(line_with(&t, "棚卸)"));
	ck_assert_ptr_nonnull(line_with(&t, "¥7,414 → ¥7,414"));
	ck_assert_ptr_nonnull(line_with(&t, "6 deliveries ¥44,484 → 5 deliveries ¥37,070 (until 2027/05/15(Sat))"));
	ck_assert_ptr_nonnull(line_with(&t, "Note: one skip in a row"));
	ck_assert_ptr_null(line_with(&t, "Early-cancel fee"));
	layout_text_done(&t);

	/* at 80 columns the next deliveries wrap under their first one */
	layout_text_init(&t);
	subs_preview_build(&t, p, 80);
	for (size_t i = 0; i < t.n; i++)
		ck_assert_int_le(layout_line_width(&t.lines[i]), 80);
	l = line_with(&t, "Next deliveries");
	ck_assert_ptr_nonnull(strstr(l, "4 on 2027/01/15(Fri)"));
	ck_assert_ptr_nonnull(line_with(&t, "                  2027/03/15(Mon)"));
	layout_text_done(&t);

	/* refused: the rule's name and message; no "next deliveries" */
	p->status = RD_REFUSED;
	snprintf(p->rule, sizeof(p->rule), "cutoff_days");
	snprintf(p->message, sizeof(p->message),
		 "Delivery 4 (12/15) is past its cut-off; the first you can skip is 01/15.");
	p->fee_applies = true;
	p->fee = 2000;
	layout_text_init(&t);
	subs_preview_build(&t, p, 80);
	ck_assert_ptr_nonnull(line_with(&t, "Refused (rule cutoff_days): Delivery 4 (12/15) is past"));
	ck_assert_ptr_null(line_with(&t, "Next deliveries"));
	ck_assert_ptr_nonnull(line_with(&t, "¥2,000"));
	for (size_t i = 0; i < t.n; i++)
		ck_assert_int_le(layout_line_width(&t.lines[i]), 80);
	layout_text_done(&t);

	/* a reservation says from which delivery */
	p->status = RD_OK;
	p->reserved = true;
	p->from_delivery = 6;
	p->from_date = D(2027, 3, 15);
	layout_text_init(&t);
	subs_preview_build(&t, p, 80);
	ck_assert_ptr_nonnull(line_with(&t, "Reserved: takes effect from delivery 6 (2027/03/15(Mon))"));
	layout_text_done(&t);
	free(p);
}
END_TEST

START_TEST(retention_shows_commitment_and_alternatives)
{
	struct subrule_retention r;
	struct layout_text t;

	memset(&r, 0, sizeof(r));
	r.deliveries_made = 2;
	r.deliveries_owed = 2;
	r.fee = 3000;
	r.discount_lost = 1320;
	r.count_restarts = true;
	r.alts[SUBRULE_ALT_SKIP].available = true;
	snprintf(r.alts[SUBRULE_ALT_SKIP].text, sizeof(r.alts[0].text), "skip delivery 3 (12/15)");
	r.alts[SUBRULE_ALT_PAUSE].available = true;
	snprintf(r.alts[SUBRULE_ALT_PAUSE].text, sizeof(r.alts[0].text), "pause until 2027-02-20");
	snprintf(r.alts[SUBRULE_ALT_FEWER_ITEMS].text, sizeof(r.alts[0].text), "only one product");
	layout_text_init(&t);
	subs_retention_build(&t, &r, 160);
	ck_assert_ptr_nonnull(line_with(&t, "2 deliveries made, 2 still owed: early-cancel fee ¥3,000"));
	ck_assert_ptr_nonnull(line_with(&t, "discount lost: ¥1,320 per delivery"));
	ck_assert_ptr_nonnull(line_with(&t, "the delivery count starts again at 1"));
	ck_assert_ptr_nonnull(line_with(&t, "skip      skip delivery 3 (12/15)"));
	ck_assert_ptr_nonnull(line_with(&t, "pause     pause until 2027-02-20"));
	ck_assert_ptr_nonnull(line_with(&t, "fewer     (not available): only one product"));
	ck_assert_ptr_nonnull(line_with(&t, "discount  (not available)"));
	layout_text_done(&t);
	r.deliveries_owed = 0;
	layout_text_init(&t);
	subs_retention_build(&t, &r, 80);
	ck_assert_ptr_nonnull(line_with(&t, "none owed: no fee"));
	layout_text_done(&t);
}
END_TEST

START_TEST(conflict_and_result_texts)
{
	struct subscription_view *v = calloc(1, sizeof(*v));
	struct subscription_result res;
	struct layout_text t;
	struct sbuf sb;

	sample_view(v);
	v->state.version = 5;
	snprintf(v->last_change, sizeof(v->last_change), "pause until 2027-01-31");
	layout_text_init(&t);
	subs_conflict_build(&t, "subscription 42 was changed by sato after you read it", v, 160);
	ck_assert_ptr_nonnull(line_with(&t, "nothing of yours is saved"));
	ck_assert_ptr_nonnull(line_with(&t, "changed by sato"));
	ck_assert_ptr_nonnull(line_with(&t, "Now: version 5"));
	ck_assert_ptr_nonnull(line_with(&t, "Last change: pause until 2027-01-31"));
	ck_assert_ptr_nonnull(line_with(&t, "F5 shows the preview"));
	layout_text_done(&t);

	memset(&res, 0, sizeof(res));
	snprintf(res.summary, sizeof(res.summary), "pause until 2027-01-31");
	res.version = 4;
	res.offer_id = 9;
	sbuf_init(&sb);
	subs_result_text(&sb, &res);
	ck_assert_str_eq(sb.buf, "Done: pause until 2027-01-31 (version 4); retention offer #9 recorded.");
	sbuf_reset(&sb);
	res.replayed = true;
	res.offer_id = 0;
	res.reservation_id = 3;
	subs_result_text(&sb, &res);
	ck_assert_str_eq(sb.buf, "Already done by this request: pause until 2027-01-31 (version 4); reservation #3 pending.");
	sbuf_done(&sb);
	free(v);
}
END_TEST

START_TEST(scrolling_stays_in_range)
{
	struct layout_text all, body;
	struct subs_scroll s = { 0, 0, 0 };

	layout_text_init(&all);
	for (int i = 0; i < 30; i++)
		layout_text_addf(&all, LAYOUT_NORMAL, "line %d", i);
	layout_text_init(&body);
	subs_scroll_show(&s, &all, &body, 10);
	ck_assert_int_eq((int)body.n, 10);
	ck_assert_str_eq(body.lines[0].text.buf, "line 0");
	ck_assert(subs_scroll_request(&s, REQ_PAGE_DOWN));
	ck_assert_int_eq(s.top, 9);
	ck_assert(subs_scroll_request(&s, REQ_LAST));
	ck_assert_int_eq(s.top, 20);
	ck_assert(subs_scroll_request(&s, REQ_DOWN));
	ck_assert_int_eq(s.top, 20);
	ck_assert(subs_scroll_request(&s, REQ_FIRST));
	ck_assert(subs_scroll_request(&s, REQ_UP));
	ck_assert_int_eq(s.top, 0);
	ck_assert(!subs_scroll_request(&s, REQ_SAVE));
	layout_text_reset(&body);
	s.top = 25;   /* the text got shorter meanwhile */
	subs_scroll_show(&s, &all, &body, 10);
	ck_assert_int_eq(s.top, 20);
	ck_assert_str_eq(body.lines[9].text.buf, "line 29");
	layout_text_done(&all);
	layout_text_done(&body);
}
END_TEST

/* --- the forms --- */

struct fixture {
	struct formspec spec;
	struct form form;
	struct subscription_view *v;
	struct subs_ask ask;
	struct rd_error err;
	int bad;
};

static void open_form(struct fixture *fx, enum subs_form k, const struct subrule_retention *ret,
		      int32_t proposal)
{
	struct rd_error err;

	memset(fx, 0, sizeof(*fx));
	ck_assert_int_eq(form_spec_builtin(subs_form_name(k), &fx->spec, &err), RD_OK);
	form_init(&fx->form, &fx->spec);
	fx->v = calloc(1, sizeof(*fx->v));
	sample_view(fx->v);
	subs_form_prefill(&fx->form, k, fx->v, ret, proposal);
}

static void close_form(struct fixture *fx)
{
	form_done(&fx->form);
	formspec_done(&fx->spec);
	free(fx->v);
}

static void set(struct fixture *fx, const char *name, const char *value)
{
	int i = form_index(&fx->form, name);

	ck_assert_msg(i >= 0, "no field %s", name);
	form_set(&fx->form, i, value);
}

static enum rd_status read_form(struct fixture *fx, enum subs_form k,
				const struct subrule_retention *ret)
{
	ck_assert_int_eq(form_validate(&fx->form), -1);
	return subs_request_from_form(&fx->form, k, fx->v, ret, &fx->ask, &fx->bad, &fx->err);
}

START_TEST(every_request_form_parses)
{
	for (int k = 0; k < SUBS_FORM_COUNT; k++) {
		struct formspec spec;
		struct rd_error err;

		ck_assert_msg(form_spec_builtin(subs_form_name((enum subs_form)k), &spec, &err) == RD_OK,
			      "%s: %s", subs_form_name((enum subs_form)k), err.msg);
		ck_assert_int_ge(formspec_find(&spec, "reason"), 0);
		formspec_done(&spec);
		ck_assert_str_ne(subs_form_title((enum subs_form)k), "?");
	}
}
END_TEST

START_TEST(a_reason_is_needed_every_time)
{
	struct fixture fx;

	open_form(&fx, SUBS_FORM_SKIP, NULL, SUBRULE_NO_DATE);
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_SKIP, NULL), RD_INVALID);
	ck_assert_int_eq(fx.bad, form_index(&fx.form, "reason_pick"));
	ck_assert_ptr_nonnull(strstr(fx.err.msg, "pick one from the list or type it"));
	/* picked from the list: its words */
	set(&fx, "reason_pick", "travel");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_SKIP, NULL), RD_OK);
	ck_assert_str_eq(fx.ask.req.reason, "travelling");
	ck_assert_int_eq(fx.ask.req.rq.kind, SUBRULE_SKIP);
	ck_assert_int_eq(fx.ask.req.rq.delivery, 0);
	ck_assert_int_eq(fx.ask.req.rq.date, SUBRULE_NO_DATE);
	ck_assert_int_eq(fx.ask.req.id, 42);
	ck_assert_int_eq(fx.ask.req.version, 3);
	/* typed words win over the list */
	set(&fx, "reason", "年末は旅行");
	set(&fx, "delivery", "5");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_SKIP, NULL), RD_OK);
	ck_assert_str_eq(fx.ask.req.reason, "年末は旅行");
	ck_assert_int_eq(fx.ask.req.rq.delivery, 5);
	/* the number or the date, not both */
	set(&fx, "date", "2027/1/15");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_SKIP, NULL), RD_INVALID);
	ck_assert_int_eq(fx.bad, form_index(&fx.form, "date"));
	set(&fx, "delivery", "");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_SKIP, NULL), RD_OK);
	ck_assert_int_eq(fx.ask.req.rq.date, D(2027, 1, 15));
	/* a copy keeps its reason with subs_ask_fix */
	{
		struct subs_ask *copy = malloc(sizeof(*copy));

		*copy = fx.ask;
		memset(&fx.ask, 0, sizeof(fx.ask));
		subs_ask_fix(copy);
		ck_assert_str_eq(copy->req.reason, "年末は旅行");
		free(copy);
	}
	close_form(&fx);
}
END_TEST

/* The skip call: the reason's number picks it, only on the list of
 * reasons, and only the numbers the list has. */
START_TEST(a_reason_is_picked_by_its_number)
{
	struct fixture fx;
	struct sbuf sb;
	int pick;

	open_form(&fx, SUBS_FORM_SKIP, NULL, SUBRULE_NO_DATE);
	pick = form_index(&fx.form, "reason_pick");
	/* elsewhere a digit is a digit */
	form_focus(&fx.form, form_index(&fx.form, "delivery"));
	ck_assert(!subs_form_pick_reason(&fx.form, '1'));
	ck_assert_str_eq(form_get(&fx.form, pick), "");
	form_focus(&fx.form, pick);
	ck_assert(!subs_form_pick_reason(&fx.form, '0'));
	ck_assert(!subs_form_pick_reason(&fx.form, '6'));   /* 5 reasons */
	ck_assert(!subs_form_pick_reason(&fx.form, 'a'));
	ck_assert_str_eq(form_get(&fx.form, pick), "");
	ck_assert(subs_form_pick_reason(&fx.form, '2'));
	ck_assert_str_eq(form_get(&fx.form, pick), "stock");
	ck_assert(subs_form_pick_reason(&fx.form, 0xFF13));   /* full-width ３ */
	ck_assert_str_eq(form_get(&fx.form, pick), "budget");
	ck_assert(subs_form_pick_reason(&fx.form, '1'));
	ck_assert_str_eq(form_get(&fx.form, pick), "travel");
	/* picked counts as typed: the request reads it */
	ck_assert(form_changed(&fx.form));
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_SKIP, NULL), RD_OK);
	ck_assert_str_eq(fx.ask.req.reason, "travelling");
	/* the numbers shown are the ones that pick */
	sbuf_init(&sb);
	subs_form_reason_numbers(&sb, &fx.form);
	ck_assert_str_eq(sb.buf, "1 travelling  2 surplus  3 budget  4 absent  5 other");
	sbuf_done(&sb);
	close_form(&fx);
}
END_TEST

START_TEST(pause_modes)
{
	struct fixture fx;

	open_form(&fx, SUBS_FORM_PAUSE, NULL, SUBRULE_NO_DATE);
	ck_assert_str_eq(form_get_named(&fx.form, "mode"), "until");
	set(&fx, "reason_pick", "stock");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_PAUSE, NULL), RD_INVALID);
	ck_assert_int_eq(fx.bad, form_index(&fx.form, "until"));
	set(&fx, "until", "2027-03-01");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_PAUSE, NULL), RD_OK);
	ck_assert_int_eq(fx.ask.req.rq.pause_mode, SUBRULE_PAUSE_UNTIL);
	ck_assert_int_eq(fx.ask.req.rq.until, D(2027, 3, 1));
	ck_assert_str_eq(fx.ask.req.reason, "surplus");
	set(&fx, "mode", "count");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_PAUSE, NULL), RD_INVALID);
	ck_assert_int_eq(fx.bad, form_index(&fx.form, "count"));
	set(&fx, "count", "2");
	set(&fx, "from", "6");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_PAUSE, NULL), RD_OK);
	ck_assert_int_eq(fx.ask.req.rq.pause_mode, SUBRULE_PAUSE_DELIVERIES);
	ck_assert_int_eq(fx.ask.req.rq.count, 2);
	ck_assert_int_eq(fx.ask.req.rq.from_delivery, 6);
	set(&fx, "mode", "open");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_PAUSE, NULL), RD_OK);
	ck_assert_int_eq(fx.ask.req.rq.pause_mode, SUBRULE_PAUSE_OPEN);
	close_form(&fx);

	/* resume: the proposal is filled in and can be changed */
	open_form(&fx, SUBS_FORM_RESUME, NULL, D(2027, 1, 15));
	ck_assert_str_eq(form_get_named(&fx.form, "date"), "2027-01-15");
	ck_assert(!form_changed(&fx.form));
	set(&fx, "reason_pick", "ready");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_RESUME, NULL), RD_OK);
	ck_assert_int_eq(fx.ask.req.rq.kind, SUBRULE_RESUME);
	ck_assert_int_eq(fx.ask.req.rq.resume_date, D(2027, 1, 15));
	set(&fx, "date", "2027-02-01");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_RESUME, NULL), RD_OK);
	ck_assert_int_eq(fx.ask.req.rq.resume_date, D(2027, 2, 1));
	close_form(&fx);
}
END_TEST

START_TEST(change_asks_only_what_was_changed)
{
	struct fixture fx;
	const struct subrule_request *q;

	open_form(&fx, SUBS_FORM_CHANGE, NULL, SUBRULE_NO_DATE);
	ck_assert_str_eq(form_get_named(&fx.form, "cycle"), "1m:15");
	ck_assert_str_eq(form_get_named(&fx.form, "next_date"), "2026-12-15");
	ck_assert_str_eq(form_get_named(&fx.form, "products"), "P001=2, P002=1");
	ck_assert_str_eq(form_get_named(&fx.form, "address"), "own");
	ck_assert_str_eq(form_get_named(&fx.form, "payment"), "cod");
	ck_assert_str_eq(form_get_named(&fx.form, "time_slot"), "morning");
	set(&fx, "reason_pick", "stock");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CHANGE, NULL), RD_INVALID);
	ck_assert_ptr_nonnull(strstr(fx.err.msg, "Nothing is changed"));
	ck_assert_int_eq(fx.bad, -1);

	set(&fx, "cycle", "2m:15");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CHANGE, NULL), RD_OK);
	q = &fx.ask.req.rq;
	ck_assert_int_eq(q->kind, SUBRULE_CHANGE);
	ck_assert_uint_eq(q->change, SUBRULE_CH_CYCLE);
	ck_assert_int_eq(q->cycle.n, 2);

	set(&fx, "cycle", "every two months");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CHANGE, NULL), RD_INVALID);
	ck_assert_int_eq(fx.bad, form_index(&fx.form, "cycle"));
	set(&fx, "cycle", "1m:15");

	/* P001 from 2 to 3, P002 removed, P009 added; a swap */
	set(&fx, "products", "P001=3,P009=1 P002=0");
	set(&fx, "swap", "P001=P005");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CHANGE, NULL), RD_OK);
	q = &fx.ask.req.rq;
	ck_assert_uint_eq(q->change, SUBRULE_CH_LINES);
	ck_assert_int_eq(q->nline_ops, 4);
	ck_assert_int_eq(q->line_ops[0].op, SUBRULE_LINE_SET);
	ck_assert_str_eq(q->line_ops[0].sku, "P001");
	ck_assert_int_eq(q->line_ops[0].quantity, 3);
	ck_assert_int_eq(q->line_ops[1].op, SUBRULE_LINE_REMOVE);
	ck_assert_str_eq(q->line_ops[1].sku, "P002");
	ck_assert_int_eq(q->line_ops[2].op, SUBRULE_LINE_SET);
	ck_assert_str_eq(q->line_ops[2].sku, "P009");
	ck_assert_int_eq(q->line_ops[2].quantity, 1);
	ck_assert_int_eq(q->line_ops[3].op, SUBRULE_LINE_SWAP);
	ck_assert_str_eq(q->line_ops[3].sku, "P001");
	ck_assert_str_eq(q->line_ops[3].product.sku, "P005");
	set(&fx, "products", "P001 three");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CHANGE, NULL), RD_INVALID);
	ck_assert_int_eq(fx.bad, form_index(&fx.form, "products"));
	set(&fx, "products", "P001=2, P002=1");
	set(&fx, "swap", "");

	set(&fx, "time_slot", "19-21");
	set(&fx, "address", "12");
	set(&fx, "from", "6");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CHANGE, NULL), RD_OK);
	q = &fx.ask.req.rq;
	ck_assert_uint_eq(q->change, SUBRULE_CH_TIME | SUBRULE_CH_ADDRESS);
	ck_assert_int_eq(q->time_slot, SUBRULE_TIME_19_21);
	ck_assert_int_eq(q->address_id, 12);
	ck_assert_int_eq(q->from_delivery, 6);
	set(&fx, "address", "home");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CHANGE, NULL), RD_INVALID);
	ck_assert_int_eq(fx.bad, form_index(&fx.form, "address"));
	set(&fx, "address", "own");

	set(&fx, "payment", "card");
	set(&fx, "card_token", "tok_abc");
	set(&fx, "card_last4", "4242");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CHANGE, NULL), RD_OK);
	q = &fx.ask.req.rq;
	ck_assert(q->change & SUBRULE_CH_PAYMENT);
	ck_assert_int_eq(q->payment, SUBRULE_PAY_CARD);
	ck_assert_str_eq(q->card_token, "tok_abc");
	ck_assert_str_eq(q->card_last4, "4242");
	set(&fx, "payment", "bank");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CHANGE, NULL), RD_INVALID);
	ck_assert_int_eq(fx.bad, form_index(&fx.form, "card_token"));
	close_form(&fx);
}
END_TEST

START_TEST(cancel_records_the_outcome)
{
	struct subrule_retention r;
	struct fixture fx;
	const struct subscription_request *q;

	memset(&r, 0, sizeof(r));
	r.alts[SUBRULE_ALT_SKIP].available = true;
	r.alts[SUBRULE_ALT_PAUSE].available = true;
	subrule_request_init(&r.alts[SUBRULE_ALT_PAUSE].request, SUBRULE_PAUSE);
	r.alts[SUBRULE_ALT_PAUSE].request.pause_mode = SUBRULE_PAUSE_DELIVERIES;
	r.alts[SUBRULE_ALT_PAUSE].request.count = 2;
	open_form(&fx, SUBS_FORM_CANCEL, &r, SUBRULE_NO_DATE);
	/* the alternatives that can be offered start marked as offered */
	ck_assert_str_eq(form_get_named(&fx.form, "offer_skip"), FORM_YES);
	ck_assert_str_eq(form_get_named(&fx.form, "offer_pause"), FORM_YES);
	ck_assert_str_eq(form_get_named(&fx.form, "offer_cycle"), "");
	set(&fx, "reason_pick", "price");
	ck_assert_int_eq(form_validate(&fx.form), form_index(&fx.form, "outcome"));

	/* the customer takes the pause instead */
	set(&fx, "outcome", "pause");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CANCEL, &r), RD_OK);
	q = &fx.ask.req;
	ck_assert(q->retention);
	ck_assert_int_eq(q->rq.kind, SUBRULE_PAUSE);
	ck_assert_int_eq(q->rq.count, 2);
	ck_assert_uint_eq(q->offered, SUBRULE_ALT_BIT(SUBRULE_ALT_SKIP) | SUBRULE_ALT_BIT(SUBRULE_ALT_PAUSE));
	ck_assert_str_eq(q->reason, "price");

	/* an alternative that cannot be offered */
	set(&fx, "outcome", "fewer");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CANCEL, &r), RD_INVALID);
	ck_assert_int_eq(fx.bad, form_index(&fx.form, "outcome"));

	/* kept, offering nothing */
	set(&fx, "outcome", "kept");
	set(&fx, "offer_skip", "");
	set(&fx, "offer_pause", "");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CANCEL, &r), RD_OK);
	ck_assert_int_eq(fx.ask.req.rq.kind, SUBRULE_KEEP);
	ck_assert_uint_eq(fx.ask.req.offered, 0);
	ck_assert(fx.ask.req.retention);
	ck_assert(!fx.ask.req.abandoned);

	/* left undecided after the offers: recorded as not cancelled */
	set(&fx, "outcome", "undecided");
	set(&fx, "offer_pause", FORM_YES);
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CANCEL, &r), RD_OK);
	ck_assert_int_eq(fx.ask.req.rq.kind, SUBRULE_KEEP);
	ck_assert(fx.ask.req.abandoned);
	ck_assert_uint_eq(fx.ask.req.offered, SUBRULE_ALT_BIT(SUBRULE_ALT_PAUSE));
	set(&fx, "offer_pause", "");

	/* cancelled from delivery 6, by a supervisor's override */
	set(&fx, "outcome", "cancel");
	set(&fx, "override", FORM_YES);
	set(&fx, "from", "6");
	set(&fx, "cancel_reason", "高い");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CANCEL, &r), RD_OK);
	q = &fx.ask.req;
	ck_assert_int_eq(q->rq.kind, SUBRULE_CANCEL);
	ck_assert(q->rq.override);
	ck_assert_int_eq(q->rq.from_delivery, 6);
	ck_assert_str_eq(q->cancel_reason, "高い");
	close_form(&fx);

	/* unreserve: the first pending reservation is filled in */
	open_form(&fx, SUBS_FORM_UNRESERVE, NULL, SUBRULE_NO_DATE);
	ck_assert_str_eq(form_get_named(&fx.form, "reservation"), "7");
	set(&fx, "reason", "気が変わった");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_UNRESERVE, NULL), RD_OK);
	ck_assert_int_eq(fx.ask.reservation, 7);
	close_form(&fx);
}
END_TEST

START_TEST(an_alternative_becomes_its_own_form)
{
	struct subrule_request q;
	struct fixture fx;

	ck_assert_int_eq(subs_form_for(SUBRULE_SKIP), SUBS_FORM_SKIP);
	ck_assert_int_eq(subs_form_for(SUBRULE_PAUSE), SUBS_FORM_PAUSE);
	ck_assert_int_eq(subs_form_for(SUBRULE_CHANGE), SUBS_FORM_CHANGE);
	ck_assert_int_eq(subs_form_for(SUBRULE_CANCEL), SUBS_FORM_COUNT);
	ck_assert_int_eq(subs_form_for(SUBRULE_KEEP), SUBS_FORM_COUNT);

	/* an open-ended pause, adjusted to a date */
	subrule_request_init(&q, SUBRULE_PAUSE);
	q.pause_mode = SUBRULE_PAUSE_OPEN;
	open_form(&fx, SUBS_FORM_PAUSE, NULL, SUBRULE_NO_DATE);
	subs_form_from_request(&fx.form, SUBS_FORM_PAUSE, fx.v, &q, "price");
	ck_assert_str_eq(form_get_named(&fx.form, "mode"), "open");
	ck_assert_str_eq(form_get_named(&fx.form, "reason"), "price");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_PAUSE, NULL), RD_OK);
	ck_assert_int_eq(fx.ask.req.rq.pause_mode, SUBRULE_PAUSE_OPEN);
	set(&fx, "mode", "until");
	set(&fx, "until", "2027-04-01");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_PAUSE, NULL), RD_OK);
	ck_assert_int_eq(fx.ask.req.rq.until, D(2027, 4, 1));
	ck_assert_str_eq(fx.ask.req.reason, "price");
	close_form(&fx);

	/* fewer items: the products with the quantity lowered, requested */
	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_LINES;
	q.line_ops[0].op = SUBRULE_LINE_SET;
	snprintf(q.line_ops[0].sku, sizeof(q.line_ops[0].sku), "P001");
	q.line_ops[0].quantity = 1;
	q.nline_ops = 1;
	open_form(&fx, SUBS_FORM_CHANGE, NULL, SUBRULE_NO_DATE);
	subs_form_from_request(&fx.form, SUBS_FORM_CHANGE, fx.v, &q, "price");
	ck_assert_str_eq(form_get_named(&fx.form, "products"), "P001=1, P002=1");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CHANGE, NULL), RD_OK);
	ck_assert_uint_eq(fx.ask.req.rq.change, SUBRULE_CH_LINES);
	ck_assert_int_eq(fx.ask.req.rq.nline_ops, 1);
	ck_assert_int_eq(fx.ask.req.rq.line_ops[0].quantity, 1);
	close_form(&fx);

	/* a longer cycle and the discount: requested as typed */
	subrule_request_init(&q, SUBRULE_CHANGE);
	q.change = SUBRULE_CH_CYCLE | SUBRULE_CH_DISCOUNT;
	cycle_parse("2m:15", &q.cycle, NULL);
	open_form(&fx, SUBS_FORM_CHANGE, NULL, SUBRULE_NO_DATE);
	subs_form_from_request(&fx.form, SUBS_FORM_CHANGE, fx.v, &q, "price");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_CHANGE, NULL), RD_OK);
	ck_assert_uint_eq(fx.ask.req.rq.change, SUBRULE_CH_CYCLE | SUBRULE_CH_DISCOUNT);
	ck_assert_int_eq(fx.ask.req.rq.cycle.n, 2);
	close_form(&fx);

	/* the skip of delivery 5 */
	subrule_request_init(&q, SUBRULE_SKIP);
	q.delivery = 5;
	open_form(&fx, SUBS_FORM_SKIP, NULL, SUBRULE_NO_DATE);
	subs_form_from_request(&fx.form, SUBS_FORM_SKIP, fx.v, &q, "price");
	ck_assert_int_eq(read_form(&fx, SUBS_FORM_SKIP, NULL), RD_OK);
	ck_assert_int_eq(fx.ask.req.rq.delivery, 5);
	close_form(&fx);
}
END_TEST

Suite *ui_subscription_suite(void)
{
	Suite *s = suite_create("ui_subscription");
	TCase *tc = tcase_create("list");

	tcase_add_test(tc, options_are_the_classic_digits);
	tcase_add_test(tc, list_rows_show_the_option_and_fit);
	tcase_add_test(tc, list_hint_names_every_option);
	suite_add_tcase(s, tc);
	tc = tcase_create("view");
	tcase_add_test(tc, view_shows_numbers_cutoff_skips_reservations_history);
	tcase_add_test(tc, preview_shows_dates_next_and_price);
	tcase_add_test(tc, retention_shows_commitment_and_alternatives);
	tcase_add_test(tc, conflict_and_result_texts);
	tcase_add_test(tc, scrolling_stays_in_range);
	suite_add_tcase(s, tc);
	tc = tcase_create("forms");
	tcase_add_test(tc, every_request_form_parses);
	tcase_add_test(tc, a_reason_is_needed_every_time);
	tcase_add_test(tc, a_reason_is_picked_by_its_number);
	tcase_add_test(tc, pause_modes);
	tcase_add_test(tc, change_asks_only_what_was_changed);
	tcase_add_test(tc, cancel_records_the_outcome);
	tcase_add_test(tc, an_alternative_becomes_its_own_form);
	suite_add_tcase(s, tc);
	return s;
}
