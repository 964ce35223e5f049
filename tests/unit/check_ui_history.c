/* check_ui_history.c: the text of the history screen (history_view.c):
 * the timeline two lines a change (what and why; the fields old -> new),
 * the selected change marked, widths kept with Japanese names, revert
 * links, one change in full, a record as it was, the filters in words. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history_view.h"
#include "repeatdesk/date.h"
#include "repeatdesk/width.h"

Suite *ui_history_suite(void);

static struct history_entry entry(long long id, const char *table, const char *op,
				  const char *old_row, const char *new_row,
				  const char *changed, const char *reason)
{
	struct history_entry e;

	memset(&e, 0, sizeof(e));
	e.id = id;
	snprintf(e.at, sizeof(e.at), "2026-11-23 10:42:05");
	snprintf(e.actor, sizeof(e.actor), "suzuki");
	e.actor_name = (char *)"鈴木 一郎";
	snprintf(e.table, sizeof(e.table), "%s", table);
	snprintf(e.op, sizeof(e.op), "%s", op);
	snprintf(e.row_key, sizeof(e.row_key), "7");
	e.old_row = (char *)old_row;
	e.new_row = (char *)new_row;
	e.changed = (char *)changed;
	e.reason = (char *)reason;
	e.request_id = (char *)"";
	return e;
}

static const char *line(const struct layout_text *t, size_t i)
{
	ck_assert_uint_lt(i, t->n);
	return t->lines[i].text.buf;
}

static bool has_line(const struct layout_text *t, const char *needle)
{
	for (size_t i = 0; i < t->n; i++)
		if (strstr(t->lines[i].text.buf, needle))
			return true;
	return false;
}

#define SKIP_ROW "{\"id\":9,\"subscription_id\":7,\"delivery_no\":4,\"date\":\"2026-12-15\"}"
#define SUB_OLD "{\"id\":7,\"next_date\":\"2026-12-15\",\"time_slot\":\"none\"}"
#define SUB_NEW "{\"id\":7,\"next_date\":\"2027-01-15\",\"time_slot\":\"none\"}"

START_TEST(an_empty_timeline_says_so)
{
	struct layout_text t;

	layout_text_init(&t);
	history_view_list(&t, NULL, 0, 0, 0, false, 80, 20);
	ck_assert_uint_eq(t.n, 2);
	ck_assert_ptr_nonnull(strstr(line(&t, 1), "No changes."));
	layout_text_done(&t);
}
END_TEST

START_TEST(a_bad_row_is_shown_raw_not_dropped)
{
	struct history_entry e = entry(5, "subscriptions", "UPDATE", "not json", SUB_NEW,
				       "next_date", "");
	struct sbuf sb;

	sbuf_init(&sb);
	history_view_what(&e, &sb);
	ck_assert_str_eq(sb.buf, "UPDATE subscriptions 7");
	sbuf_done(&sb);
}
END_TEST

START_TEST(two_lines_a_change_with_the_selected_one_marked)
{
	struct history_entry v[2] = {
		entry(12, "subscription_skips", "INSERT", NULL, SKIP_ROW,
		      "id,subscription_id,delivery_no,date", "お客様の希望"),
		entry(11, "subscriptions", "UPDATE", SUB_OLD, SUB_NEW, "next_date", "お客様の希望"),
	};
	struct layout_text t;

	layout_text_init(&t);
	history_view_list(&t, v, 2, 1, 0, false, 100, 20);
	ck_assert_uint_eq(t.n, 5);
	ck_assert(line(&t, 1)[0] == ' ');
	ck_assert_ptr_nonnull(strstr(line(&t, 1), "11/23(Mon) 10:42 鈴木 一郎"));
	ck_assert_ptr_nonnull(strstr(line(&t, 1), "delivery 4 on 2026/12/15(Tue) skipped — お客様の希望"));
	ck_assert_ptr_nonnull(strstr(line(&t, 2), "skipped date: 2026/12/15(Tue)"));
	ck_assert(line(&t, 3)[0] == '>');
	ck_assert_int_eq(t.lines[3].attr, LAYOUT_CURSOR);
	ck_assert_ptr_nonnull(strstr(line(&t, 4), "next delivery: 2026/12/15(Tue) -> 2027/01/15(Fri)"));
	/* different requests: each with its time and who */
	ck_assert_ptr_nonnull(strstr(line(&t, 3), "11/23(Mon) 10:42 鈴木 一郎"));
	layout_text_reset(&t);
	v[0].txid = v[1].txid = 77;
	history_view_list(&t, v, 2, 1, 0, false, 100, 20);
	ck_assert_ptr_nonnull(strstr(line(&t, 3), "same request"));
	ck_assert_ptr_null(strstr(line(&t, 3), "鈴木"));
	ck_assert_ptr_nonnull(strstr(line(&t, 1), "鈴木 一郎"));
	/* nothing wider than the body */
	for (size_t i = 0; i < t.n; i++)
		ck_assert_int_le(width_str(line(&t, i)), 100);
	layout_text_done(&t);
}
END_TEST

START_TEST(paging_keeps_to_the_rows_and_says_more_follows)
{
	struct history_entry v[10];
	struct layout_text t;

	for (int i = 0; i < 10; i++)
		v[i] = entry(100 - i, "subscriptions", "UPDATE", SUB_OLD, SUB_NEW, "next_date", "");
	ck_assert_int_eq(history_view_list_entries(9), 4);
	ck_assert_int_eq(history_view_list_entries(2), 1);
	layout_text_init(&t);
	history_view_list(&t, v, 10, 5, 4, true, 80, 10);
	/* header + 4 entries of 2 lines + the "more" line */
	ck_assert_uint_eq(t.n, 10);
	ck_assert(line(&t, 3)[0] == '>');
	ck_assert_ptr_nonnull(strstr(line(&t, 9), "older changes follow"));
	layout_text_done(&t);
}
END_TEST

START_TEST(revert_links_are_named)
{
	struct history_entry e = entry(20, "subscription_skips", "DELETE", SKIP_ROW, NULL,
				       "id,subscription_id,delivery_no,date", "誤操作");
	struct sbuf sb;

	e.reverts = 12;
	sbuf_init(&sb);
	history_view_what(&e, &sb);
	ck_assert_str_eq(sb.buf, "skip of delivery 4 on 2026/12/15(Tue) undone (revert of #12):"
			 " subscription: 7; delivery number: 4; skipped date: 2026/12/15(Tue)");
	e.reverts = 0;
	e.reverted_by = 31;
	sbuf_reset(&sb);
	history_view_what(&e, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, "(reverted by #31)"));
	sbuf_done(&sb);
}
END_TEST

START_TEST(one_change_in_full)
{
	struct history_entry e = entry(11, "subscriptions", "UPDATE", SUB_OLD, SUB_NEW,
				       "next_date", "");
	struct layout_text t;

	layout_text_init(&t);
	history_view_detail(&t, &e, 3, 80);
	ck_assert_ptr_nonnull(strstr(line(&t, 0), "Change #11"));
	ck_assert(has_line(&t, "鈴木 一郎 (suzuki)"));
	ck_assert(has_line(&t, "subscription 7 (UPDATE)"));
	ck_assert(has_line(&t, "version 3"));
	ck_assert(has_line(&t, "(none given)"));
	ck_assert(has_line(&t, "next delivery"));
	ck_assert(has_line(&t, "2026/12/15(Tue) -> 2027/01/15(Fri)"));
	layout_text_reset(&t);
	history_view_detail(&t, &e, -1, 80);
	ck_assert(has_line(&t, "no longer exists"));
	layout_text_done(&t);
}
END_TEST

START_TEST(a_record_as_it_was)
{
	struct history_state_row rows[2] = {
		{ "subscriptions", "7",
		  (char *)"{\"id\":7,\"status\":\"paused\",\"next_date\":\"2026-12-15\","
			  "\"paused_until\":null,\"payment\":\"cod\",\"created_at\":\"x\"}" },
		{ "subscription_skips", "9", (char *)SKIP_ROW },
	};
	struct history_state s = { 2, rows };
	struct layout_text t;

	layout_text_init(&t);
	history_view_as_of(&t, "2026-11-23 10:00:00", &s, 80);
	ck_assert_ptr_nonnull(strstr(line(&t, 0), "As it was at 2026-11-23 10:00:00"));
	ck_assert(has_line(&t, "subscription 7"));
	ck_assert(has_line(&t, "status                     paused"));
	ck_assert(has_line(&t, "next delivery              2026/12/15(Tue)"));
	ck_assert(has_line(&t, "paused until               (none)"));
	ck_assert(has_line(&t, "payment                    cash on delivery"));
	ck_assert(has_line(&t, "skipped delivery 9"));
	/* bookkeeping is left out */
	ck_assert(!has_line(&t, "created_at"));
	layout_text_done(&t);
}
END_TEST

/* issue 10 §4: the refusal of an undo was one message line, cut at the
 * screen's edge; every line of it now fits and nothing is lost */
START_TEST(a_refusal_is_wrapped_never_cut)
{
	struct layout_text t;
	const char *text = "Cannot undo: 2 later change(s) by others touched the same fields; revert them first.\n"
			   "- subscription: next delivery changed by 高橋 美咲 (takahashi) at 2026-12-07 10:42 (#1234)\n"
			   "- skipped delivery: skipped date changed by 佐藤 花子 (sato) at 2026-12-07 11:00 (#1240)";
	struct sbuf all;

	layout_text_init(&t);
	sbuf_init(&all);
	history_view_refusal(&t, text, 40);
	ck_assert_uint_ge(t.n, 6);
	for (size_t i = 0; i < t.n; i++) {
		ck_assert_int_le(width_str(t.lines[i].text.buf), 40);
		sbuf_adds(&all, t.lines[i].text.buf);
	}
	ck_assert_ptr_nonnull(strstr(all.buf, "(#1234)"));
	ck_assert_ptr_nonnull(strstr(all.buf, "(#1240)"));
	ck_assert_ptr_nonnull(strstr(all.buf, "佐藤"));
	ck_assert(has_line(&t, "- skipped delivery"));
	sbuf_done(&all);
	layout_text_done(&t);
}
END_TEST

START_TEST(filters_in_words)
{
	struct history_query q;
	struct sbuf sb;

	memset(&q, 0, sizeof(q));
	sbuf_init(&sb);
	history_view_filters(&q, &sb);
	ck_assert_str_eq(sb.buf, "");
	snprintf(q.table, sizeof(q.table), "subscription_skips");
	snprintf(q.actor, sizeof(q.actor), "suzuki");
	q.since = date_from_ymd(2026, 11, 1);
	q.until = date_from_ymd(2026, 11, 30);
	history_view_filters(&q, &sb);
	ck_assert_str_eq(sb.buf, "only skipped delivery, by suzuki, from 2026/11/01(Sun), till 2026/11/30(Mon)");
	sbuf_done(&sb);
}
END_TEST

Suite *ui_history_suite(void)
{
	Suite *s = suite_create("ui_history");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, an_empty_timeline_says_so);
	tcase_add_test(tc, a_bad_row_is_shown_raw_not_dropped);
	tcase_add_test(tc, two_lines_a_change_with_the_selected_one_marked);
	tcase_add_test(tc, paging_keeps_to_the_rows_and_says_more_follows);
	tcase_add_test(tc, revert_links_are_named);
	tcase_add_test(tc, one_change_in_full);
	tcase_add_test(tc, a_record_as_it_was);
	tcase_add_test(tc, filters_in_words);
	tcase_add_test(tc, a_refusal_is_wrapped_never_cut);
	suite_add_tcase(s, tc);
	return s;
}
