/* check_ui_inquiry.c: the text of the inquiry screens (inquiry_text.c):
 * deadlines from the cut-off, callbacks after it, the timeline in words,
 * presence, queue rows of exactly the screen's width with Japanese
 * names, the dashboard and the wrap-up's changes. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inquiry_text.h"
#include "repeatdesk/width.h"
#include "screen.h"

Suite *ui_inquiry_suite(void);

/* The home screen opens these screens; the unit tests link no screens
 * (they call the store), so these stand in for them. */
const struct screen_ops inquiry_queue_screen_ops = { .name = "inquiry_queue" };
const struct screen_ops dashboard_screen_ops = { .name = "dashboard" };
const struct screen_ops history_screen_ops = { .name = "history" };

static char *text_of(const struct layout_text *t, int cols)
{
	struct sbuf all;
	char *s;

	sbuf_init(&all);
	for (size_t i = 0; i < t->n; i++) {
		if (cols)
			ck_assert_int_le(width_str(t->lines[i].text.buf), cols);
		sbuf_adds(&all, t->lines[i].text.buf);
		sbuf_addc(&all, '\n');
	}
	s = sbuf_detach(&all);
	sbuf_done(&all);
	return s;
}

static void sample(struct inquiry *q)
{
	memset(q, 0, sizeof(*q));
	q->id = 42;
	q->version = 3;
	q->customer_id = 7;
	snprintf(q->customer_code, sizeof(q->customer_code), "C0000007");
	snprintf(q->customer_name, sizeof(q->customer_name), "石田 和子");
	snprintf(q->status, sizeof(q->status), "in_progress");
	snprintf(q->category, sizeof(q->category), "skip");
	snprintf(q->priority, sizeof(q->priority), "high");
	snprintf(q->assignee_name, sizeof(q->assignee_name), "鈴木 一郎");
	snprintf(q->subject, sizeof(q->subject), "次回のお届けをスキップしたい（旅行のため）");
	snprintf(q->created_at, sizeof(q->created_at), "2026-03-10 10:42");
	snprintf(q->due_at, sizeof(q->due_at), "2026-03-14 00:00");
	snprintf(q->cutoff_at, sizeof(q->cutoff_at), "2026-03-14 00:00");
	q->age_minutes = 3 * 24 * 60 + 5;
}

START_TEST(a_delivery_inquiry_says_resolve_before_the_cutoff)
{
	struct inquiry q;
	struct sbuf sb;

	sample(&q);
	sbuf_init(&sb);
	inquiry_due_text(&sb, &q);
	ck_assert_str_eq(sb.buf, "resolve before 03/14(Sat) cut-off");
	/* the SLA decides when it comes first */
	snprintf(q.due_at, sizeof(q.due_at), "2026-03-12 09:00");
	sbuf_reset(&sb);
	inquiry_due_text(&sb, &q);
	ck_assert_str_eq(sb.buf, "due 03/12(Thu) 09:00");
	q.overdue = true;
	sbuf_reset(&sb);
	inquiry_due_text(&sb, &q);
	ck_assert_str_eq(sb.buf, "OVERDUE due 03/12(Thu) 09:00");
	sbuf_reset(&sb);
	inquiry_due_short(&sb, &q);
	ck_assert_str_eq(sb.buf, "OVERDUE 03/12(Thu)");
	q.overdue = false;
	sbuf_reset(&sb);
	inquiry_due_short(&sb, &q);
	ck_assert_str_eq(sb.buf, "due 03/12(Thu) 09:00");
	snprintf(q.due_at, sizeof(q.due_at), "%s", q.cutoff_at);
	sbuf_reset(&sb);
	inquiry_due_short(&sb, &q);
	ck_assert_str_eq(sb.buf, "cut-off 03/14(Sat)");
	/* nothing is due once resolved */
	snprintf(q.status, sizeof(q.status), "resolved");
	sbuf_reset(&sb);
	inquiry_due_text(&sb, &q);
	ck_assert_str_eq(sb.buf, "");
	sbuf_done(&sb);
}
END_TEST

START_TEST(a_callback_after_the_cutoff_is_flagged)
{
	struct inquiry q;
	struct sbuf sb;

	sample(&q);
	sbuf_init(&sb);
	inquiry_callback_text(&sb, &q);
	ck_assert_str_eq(sb.buf, "");
	snprintf(q.callback_at, sizeof(q.callback_at), "2026-03-15 10:00");
	q.callback_after_cutoff = true;
	inquiry_callback_text(&sb, &q);
	ck_assert_str_eq(sb.buf, "callback 03/15(Sun) 10:00 \xE2\x80\x94 after the 03/14(Sat) cut-off!");
	q.callback_after_cutoff = false;
	sbuf_reset(&sb);
	inquiry_callback_text(&sb, &q);
	ck_assert_str_eq(sb.buf, "callback 03/15(Sun) 10:00");
	sbuf_done(&sb);
}
END_TEST

START_TEST(timeline_entries_read_as_words)
{
	struct inquiry_entry e;
	struct sbuf sb;

	sbuf_init(&sb);
	memset(&e, 0, sizeof(e));
	snprintf(e.kind, sizeof(e.kind), "handoff");
	snprintf(e.author_name, sizeof(e.author_name), "佐藤 花子");
	snprintf(e.from_agent, sizeof(e.from_agent), "佐藤 花子");
	snprintf(e.to_agent, sizeof(e.to_agent), "鈴木 一郎");
	snprintf(e.body, sizeof(e.body), "お願いします");
	inquiry_entry_text(&sb, &e);
	ck_assert_str_eq(sb.buf, "handed off 佐藤 花子 \xE2\x86\x92 鈴木 一郎: お願いします");

	/* a take is a handoff to oneself */
	snprintf(e.author_name, sizeof(e.author_name), "鈴木 一郎");
	e.body[0] = '\0';
	sbuf_reset(&sb);
	inquiry_entry_text(&sb, &e);
	ck_assert_str_eq(sb.buf, "took it (from 佐藤 花子)");

	/* to a team */
	memset(&e, 0, sizeof(e));
	snprintf(e.kind, sizeof(e.kind), "handoff");
	snprintf(e.to_team, sizeof(e.to_team), "定期サポート");
	sbuf_reset(&sb);
	inquiry_entry_text(&sb, &e);
	ck_assert_str_eq(sb.buf, "handed off nobody \xE2\x86\x92 定期サポート");

	memset(&e, 0, sizeof(e));
	snprintf(e.kind, sizeof(e.kind), "status_change");
	snprintf(e.from_status, sizeof(e.from_status), "waiting_customer");
	snprintf(e.to_status, sizeof(e.to_status), "resolved");
	snprintf(e.body, sizeof(e.body), "done");
	sbuf_reset(&sb);
	inquiry_entry_text(&sb, &e);
	ck_assert_str_eq(sb.buf, "waiting on customer \xE2\x86\x92 resolved: done");

	memset(&e, 0, sizeof(e));
	snprintf(e.kind, sizeof(e.kind), "change_link");
	e.history_id = 981;
	snprintf(e.body, sizeof(e.body), "subscriptions update");
	sbuf_reset(&sb);
	inquiry_entry_text(&sb, &e);
	ck_assert_str_eq(sb.buf, "linked change #981: subscriptions update");

	memset(&e, 0, sizeof(e));
	snprintf(e.kind, sizeof(e.kind), "escalation");
	sbuf_reset(&sb);
	inquiry_entry_text(&sb, &e);
	ck_assert_str_eq(sb.buf, "escalated to supervisors");
	sbuf_done(&sb);
}
END_TEST

START_TEST(presence_names_who_has_the_customer_open)
{
	struct inquiry_presence p[2];
	struct sbuf sb;

	memset(p, 0, sizeof(p));
	snprintf(p[0].login, sizeof(p[0].login), "sato");
	snprintf(p[0].name, sizeof(p[0].name), "佐藤 花子");
	snprintf(p[0].since, sizeof(p[0].since), "10:42");
	snprintf(p[1].login, sizeof(p[1].login), "suzuki");
	snprintf(p[1].since, sizeof(p[1].since), "10:50");
	sbuf_init(&sb);
	inquiry_presence_text(&sb, p, 0);
	ck_assert_str_eq(sb.buf, "");
	inquiry_presence_text(&sb, p, 1);
	ck_assert_str_eq(sb.buf, "open by 佐藤 花子 since 10:42");
	sbuf_reset(&sb);
	inquiry_presence_text(&sb, p, 2);
	ck_assert_str_eq(sb.buf, "open by 佐藤 花子 since 10:42, suzuki since 10:50");
	sbuf_done(&sb);
}
END_TEST

START_TEST(queue_rows_are_exactly_the_width_with_japanese_text)
{
	struct inquiry q;
	struct layout_line l;

	sample(&q);
	layout_line_init(&l, LAYOUT_NORMAL);
	for (int cols = 80; cols <= 160; cols += 40) {
		inquiry_list_row(&l, &q, false, false, cols);
		ck_assert_int_eq(layout_line_width(&l), cols);
		ck_assert_ptr_nonnull(strstr(l.text.buf, "#42"));
		ck_assert_ptr_nonnull(strstr(l.text.buf, "石田 和子"));
		ck_assert_ptr_nonnull(strstr(l.text.buf, "in progress"));
		ck_assert_ptr_nonnull(strstr(l.text.buf, "3d"));
		inquiry_list_row(&l, &q, true, true, cols);
		ck_assert_int_eq(layout_line_width(&l), cols);
		ck_assert(strncmp(l.text.buf, "> ", 2) == 0);
		/* one customer's list leaves the customer out */
		ck_assert_ptr_null(strstr(l.text.buf, "石田 和子"));
		layout_line_reset(&l, LAYOUT_NORMAL);
		inquiry_list_header(&l, false, cols);
		ck_assert_int_eq(layout_line_width(&l), cols);
		layout_line_reset(&l, LAYOUT_NORMAL);
	}
	/* an overdue row shows it in the error colour */
	q.overdue = true;
	inquiry_list_row(&l, &q, false, false, 80);
	{
		const char *o = strstr(l.text.buf, "OVERDUE");

		ck_assert_ptr_nonnull(o);
		ck_assert_int_eq(layout_line_attr_at(&l, (size_t)(o - l.text.buf)), LAYOUT_ERROR);
	}
	layout_line_done(&l);
}
END_TEST

START_TEST(the_detail_shows_fields_and_the_whole_timeline)
{
	struct inquiry_detail d;
	struct inquiry_entry e[2];
	struct layout_text t;
	char *s;

	memset(&d, 0, sizeof(d));
	sample(&d.q);
	memset(e, 0, sizeof(e));
	snprintf(e[0].kind, sizeof(e[0].kind), "call");
	snprintf(e[0].author, sizeof(e[0].author), "sato");
	snprintf(e[0].at, sizeof(e[0].at), "2026-03-10 10:42");
	snprintf(e[0].body, sizeof(e[0].body), "旅行のため次回スキップ希望");
	snprintf(e[1].kind, sizeof(e[1].kind), "escalation");
	snprintf(e[1].author_name, sizeof(e[1].author_name), "鈴木 一郎");
	snprintf(e[1].at, sizeof(e[1].at), "2026-03-10 11:00");
	d.entries = e;
	d.nentries = 2;
	layout_text_init(&t);
	inquiry_detail_build(&t, &d, 80);
	s = text_of(&t, 0);
	ck_assert_ptr_nonnull(strstr(s, "#42  次回のお届けをスキップしたい"));
	ck_assert_ptr_nonnull(strstr(s, "in progress \xC2\xB7 skip \xC2\xB7 high"));
	ck_assert_ptr_nonnull(strstr(s, "C0000007 石田 和子"));
	ck_assert_ptr_nonnull(strstr(s, "resolve before 03/14(Sat) cut-off"));
	ck_assert_ptr_nonnull(strstr(s, "03/10(Tue) 10:42  sato  call: 旅行のため次回スキップ希望"));
	ck_assert_ptr_nonnull(strstr(s, "03/10(Tue) 11:00  鈴木 一郎  escalated to supervisors"));
	free(s);
	layout_text_done(&t);
}
END_TEST

START_TEST(the_dashboard_lists_figures_and_what_waits)
{
	struct inquiry_dashboard d;
	struct inquiry list[1];
	struct layout_text t;
	char *s;

	memset(&d, 0, sizeof(d));
	snprintf(d.by_status[0].name, sizeof(d.by_status[0].name), "escalated");
	d.by_status[0].n = 2;
	d.nstatus = 1;
	for (int i = 0; i < 4; i++)
		snprintf(d.by_age[i].name, sizeof(d.by_age[i].name), "bucket%d", i);
	d.by_age[3].n = 9;
	snprintf(d.by_agent[0].name, sizeof(d.by_agent[0].name), "鈴木 一郎");
	d.by_agent[0].n = 4;
	d.nagent = 1;
	d.handoffs_waiting = 1;
	d.escalated = 2;
	d.oldest_id = 5;
	snprintf(d.oldest_at, sizeof(d.oldest_at), "2026-03-01 09:00");
	snprintf(d.oldest_subject, sizeof(d.oldest_subject), "返品");
	snprintf(d.today[0].name, sizeof(d.today[0].name), "佐藤 花子");
	d.today[0].calls = 12;
	d.today[0].resolved = 7;
	d.today[0].handed_off = 3;
	d.ntoday = 1;
	sample(&list[0]);
	layout_text_init(&t);
	dashboard_build(&t, &d, list, 1, 0, 80);
	s = text_of(&t, 80);
	ck_assert_ptr_nonnull(strstr(s, "Open by status:  escalated 2"));
	ck_assert_ptr_nonnull(strstr(s, "bucket3 9"));
	ck_assert_ptr_nonnull(strstr(s, "By agent:  鈴木 一郎 4"));
	ck_assert_ptr_nonnull(strstr(s, "Waiting: 1 handoffs, 2 escalated"));
	ck_assert_ptr_nonnull(strstr(s, "Oldest open: #5 since 03/01(Sun) 09:00"));
	ck_assert_ptr_nonnull(strstr(s, "calls  12  resolved   7  handed off   3"));
	ck_assert_ptr_nonnull(strstr(s, "> #42"));
	free(s);
	layout_text_done(&t);
}
END_TEST

START_TEST(the_wrapup_lists_the_changes_of_the_call)
{
	char changes[2][INQUIRY_CHANGE_TEXT] = { "10:43 subscription_skips insert",
						 "10:44 customers update (address2)" };
	struct layout_text t;
	char *s;

	layout_text_init(&t);
	wrapup_changes_build(&t, (const char (*)[INQUIRY_CHANGE_TEXT])changes, 0, 80);
	s = text_of(&t, 0);
	ck_assert_ptr_nonnull(strstr(s, "none"));
	free(s);
	layout_text_reset(&t);
	wrapup_changes_build(&t, (const char (*)[INQUIRY_CHANGE_TEXT])changes, 2, 80);
	s = text_of(&t, 0);
	ck_assert_ptr_nonnull(strstr(s, "+ 10:43 subscription_skips insert"));
	ck_assert_ptr_nonnull(strstr(s, "+ 10:44 customers update (address2)"));
	free(s);
	layout_text_done(&t);
}
END_TEST

START_TEST(letters_and_words)
{
	ck_assert_int_eq(inquiry_action_of('h'), 'h');
	ck_assert_int_eq(inquiry_action_of('x'), 0);
	ck_assert_int_eq(inquiry_action_of('H'), 0);
	ck_assert_str_eq(inquiry_status_label("waiting_customer"), "waiting on customer");
	ck_assert_str_eq(inquiry_category_label("cycle_change"), "cycle change");
	ck_assert_str_eq(inquiry_category_label("unknown"), "unknown");
	ck_assert_str_eq(inquiry_queue_label(INQ_Q_CALLBACKS_TODAY), "Callbacks today");
	{
		struct sbuf sb;

		sbuf_init(&sb);
		inquiry_age_text(&sb, 59);
		ck_assert_str_eq(sb.buf, "59m");
		sbuf_reset(&sb);
		inquiry_age_text(&sb, 47 * 60);
		ck_assert_str_eq(sb.buf, "47h");
		sbuf_reset(&sb);
		inquiry_age_text(&sb, 48 * 60);
		ck_assert_str_eq(sb.buf, "2d");
		sbuf_done(&sb);
	}
}
END_TEST

START_TEST(the_tabs_mark_the_current_queue)
{
	struct layout_line l;
	const char *m;

	layout_line_init(&l, LAYOUT_NORMAL);
	inquiry_tabs(&l, INQ_Q_ESCALATED, INQ_SORT_PRIORITY, false);
	m = strstr(l.text.buf, "Escalated");
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(layout_line_attr_at(&l, (size_t)(m - l.text.buf)), LAYOUT_BAR);
	ck_assert_ptr_nonnull(strstr(l.text.buf, "5 Escalated"));
	ck_assert_ptr_nonnull(strstr(l.text.buf, "by priority"));
	layout_line_reset(&l, LAYOUT_NORMAL);
	inquiry_tabs(&l, INQ_Q_ALL, INQ_SORT_NEWEST, true);
	ck_assert_ptr_null(strstr(l.text.buf, "Mine"));
	ck_assert_ptr_nonnull(strstr(l.text.buf, "9 All"));
	layout_line_done(&l);
}
END_TEST

Suite *ui_inquiry_suite(void)
{
	Suite *s = suite_create("ui_inquiry");
	TCase *tc = tcase_create("inquiry");

	tcase_add_test(tc, a_delivery_inquiry_says_resolve_before_the_cutoff);
	tcase_add_test(tc, a_callback_after_the_cutoff_is_flagged);
	tcase_add_test(tc, timeline_entries_read_as_words);
	tcase_add_test(tc, presence_names_who_has_the_customer_open);
	tcase_add_test(tc, queue_rows_are_exactly_the_width_with_japanese_text);
	tcase_add_test(tc, the_detail_shows_fields_and_the_whole_timeline);
	tcase_add_test(tc, the_dashboard_lists_figures_and_what_waits);
	tcase_add_test(tc, the_wrapup_lists_the_changes_of_the_call);
	tcase_add_test(tc, letters_and_words);
	tcase_add_test(tc, the_tabs_mark_the_current_queue);
	suite_add_tcase(s, tc);
	return s;
}
