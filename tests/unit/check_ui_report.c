/* check_ui_report.c: the report screens' text (src/ui/report_text.c):
 * the business day, the period and its month keys, the export's path,
 * the filters a view takes, the chart and the table in the columns
 * there are. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_text.h"
#include "screen.h"
#include "repeatdesk/date.h"
#include "repeatdesk/table.h"
#include "repeatdesk/width.h"

Suite *ui_report_suite(void);

/* The pure ui code links without store/ and the other screens: this
 * stands in for what home_screen.c reaches (r opens the reports). */
const struct screen_ops report_screen_ops = { .name = "report" };

static int32_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

START_TEST(test_today_is_tokyo)
{
	time_t t = (time_t)ymd(2026, 12, 6) * 86400;

	/* 14:59 UTC is 23:59 in Tokyo, 15:00 UTC already the next day */
	ck_assert_int_eq(report_today_local(t + 14 * 3600 + 59 * 60), ymd(2026, 12, 6));
	ck_assert_int_eq(report_today_local(t + 15 * 3600), ymd(2026, 12, 7));
}
END_TEST

START_TEST(test_period_text)
{
	char buf[REPORT_PERIOD_SIZE];

	report_period_text(ymd(2026, 1, 1), ymd(2026, 12, 7), buf);
	ck_assert_msg(strncmp(buf, "2026/01/01(", 11) == 0, "%s", buf);
	ck_assert_msg(strstr(buf, "2026/12/07(") != NULL, "%s", buf);
}
END_TEST

START_TEST(test_period_shift)
{
	int32_t from = ymd(2026, 11, 1), to = ymd(2026, 11, 30);

	/* a whole month stays a whole month */
	report_period_shift(&from, &to, 1);
	ck_assert_int_eq(from, ymd(2026, 12, 1));
	ck_assert_int_eq(to, ymd(2026, 12, 31));
	report_period_shift(&from, &to, -1);
	ck_assert_int_eq(from, ymd(2026, 11, 1));
	ck_assert_int_eq(to, ymd(2026, 11, 30));
	report_period_shift(&from, &to, -9);
	ck_assert_int_eq(to, ymd(2026, 2, 28));
	report_period_shift(&from, &to, 1);
	ck_assert_int_eq(to, ymd(2026, 3, 31));
	/* the default period (a year up to today) keeps its days */
	from = ymd(2025, 12, 8);
	to = ymd(2026, 12, 7);
	report_period_shift(&from, &to, -1);
	ck_assert_int_eq(from, ymd(2025, 11, 8));
	ck_assert_int_eq(to, ymd(2026, 11, 7));
}
END_TEST

START_TEST(test_export_path)
{
	char buf[256];

	report_export_default("continuation", ymd(2026, 12, 7), buf, sizeof(buf));
	ck_assert_str_eq(buf, "~/repeatdesk-continuation-2026-12-07.csv");
	ck_assert_int_eq(report_path_expand("~/a.csv", "/home/sato", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/home/sato/a.csv");
	ck_assert_int_eq(report_path_expand(" /tmp/x y.csv  ", "/h", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/tmp/x y.csv");
	ck_assert_int_eq(report_path_expand("~user/a.csv", "/h", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "~user/a.csv");
	ck_assert_int_eq(report_path_expand("   ", "/h", buf, sizeof(buf)), -1);
	ck_assert_int_eq(report_path_expand("~/a.csv", NULL, buf, sizeof(buf)), -1);
	ck_assert_int_eq(report_path_expand("/a/very/long/name.csv", "/h", buf, 8), -1);
}
END_TEST

START_TEST(test_filters_of_the_view)
{
	static const struct report_view cohorts = { "cohorts", "Cohorts", "bpmy" };
	static const struct report_view reasons = { "reasons", "Reasons", "" };
	struct report_params p, out;
	struct sbuf sb;

	memset(&p, 0, sizeof(p));
	p.from = ymd(2025, 12, 8);
	p.to = ymd(2026, 12, 7);
	snprintf(p.by, sizeof(p.by), "product");
	snprintf(p.media, sizeof(p.media), "TV01");
	snprintf(p.agent, sizeof(p.agent), "sato");
	report_params_for_view(&p, &cohorts, &out);
	ck_assert_str_eq(out.view, "cohorts");
	ck_assert_str_eq(out.by, "product");
	ck_assert_str_eq(out.media, "TV01");
	ck_assert_str_eq(out.agent, "");  /* cohorts take no agent */
	report_params_for_view(&p, &reasons, &out);
	ck_assert_str_eq(out.by, "");
	ck_assert_str_eq(out.media, "");
	ck_assert_int_eq(out.from, p.from);
	ck_assert_int_eq(out.to, p.to);

	sbuf_init(&sb);
	report_filters_text(&p, &cohorts, &sb);
	ck_assert_msg(strstr(sb.buf, "TV01") != NULL, "%s", sb.buf);
	ck_assert_msg(strstr(sb.buf, "sato") == NULL, "%s", sb.buf);
	sbuf_reset(&sb);
	report_filters_text(&p, &reasons, &sb);
	ck_assert_str_eq(sb.len ? sb.buf : "", "");
	sbuf_done(&sb);
}
END_TEST

static struct table *segments(void)
{
	struct table *t = table_new();

	table_add_column(t, "segment", "セグメント", TABLE_TEXT);
	table_add_column(t, "customers", "顧客数", TABLE_INT);
	table_add_column(t, "sales", "売上", TABLE_MONEY);
	table_add_column(t, "note", "説明", TABLE_TEXT);
	table_add_column(t, "query", NULL, TABLE_JSON);
	table_add_row(t);
	table_set(t, 0, "RFM ランク A（優良顧客）");
	table_set(t, 1, "1234");
	table_set(t, 2, "123456789");
	table_set(t, 3, "最近も多く買っている、長い説明のある顧客の集まり");
	table_set(t, 4, "{\"rfm\":\"A\"}");
	table_add_row(t);
	table_set(t, 0, "B");
	table_set(t, 1, "7");
	table_set(t, 2, "0");
	table_set(t, 4, "{\"rfm\":\"B\"}");
	return t;
}

START_TEST(test_table_lines)
{
	struct table *t = segments();
	struct layout_text out;
	size_t first = 99;

	for (int cols = 80; cols <= 140; cols += 60) {
		layout_text_init(&out);
		report_table_lines(&out, t, cols, 1, &first);
		ck_assert_uint_eq(out.n, 3);
		ck_assert_uint_eq(first, 1);
		for (size_t i = 0; i < out.n; i++)
			ck_assert_int_le(width_str(out.lines[i].text.buf), cols);
		/* the query is for the program: never shown */
		ck_assert_ptr_null(strstr(out.lines[0].text.buf, "query"));
		ck_assert_ptr_null(strstr(out.lines[1].text.buf, "rfm"));
		/* the amount and the count whole, the selected row marked */
		ck_assert_msg(strstr(out.lines[1].text.buf, "\xC2\xA5" "123,456,789") != NULL,
			      "%s", out.lines[1].text.buf);
		ck_assert_msg(strstr(out.lines[1].text.buf, "1,234") ||
			      strstr(out.lines[1].text.buf, "1234"), "%s", out.lines[1].text.buf);
		ck_assert(strncmp(out.lines[2].text.buf, "> ", 2) == 0);
		ck_assert_int_eq(out.lines[2].attr, LAYOUT_BAR);
		layout_text_done(&out);
	}
	table_free(&t);
}
END_TEST

/* Too many columns for 80: the ones left out are named under the table. */
START_TEST(test_table_says_what_is_left_out)
{
	struct table *t = table_new();
	struct layout_text out;
	char name[16];

	table_add_column(t, "month", "開始月", TABLE_TEXT);
	for (int d = 1; d <= 14; d++) {
		snprintf(name, sizeof(name), "d%d", d);
		table_add_column(t, name, name, TABLE_TEXT);
	}
	table_add_row(t);
	table_set(t, 0, "2026-01");
	for (int d = 1; d <= 14; d++)
		table_set(t, d, "100.0");
	layout_text_init(&out);
	report_table_lines(&out, t, 80, -1, NULL);
	ck_assert_uint_eq(out.n, 3);
	ck_assert_msg(strstr(out.lines[2].text.buf, "d14") != NULL, "%s", out.lines[2].text.buf);
	ck_assert_ptr_null(strstr(out.lines[2].text.buf, "d1,"));
	ck_assert_int_le(width_str(out.lines[1].text.buf), 80);
	layout_text_done(&out);
	/* wide enough: nothing to say */
	layout_text_init(&out);
	report_table_lines(&out, t, 200, -1, NULL);
	ck_assert_uint_eq(out.n, 2);
	layout_text_done(&out);
	table_free(&t);
}
END_TEST

START_TEST(test_chart_lines)
{
	struct report_result r;
	struct layout_text out;

	memset(&r, 0, sizeof(r));
	r.table = table_new();
	r.chart = table_new();
	table_add_column(r.chart, "label", NULL, TABLE_TEXT);
	table_add_column(r.chart, "value", NULL, TABLE_TEXT);
	table_add_column(r.chart, "shown", NULL, TABLE_TEXT);
	table_add_row(r.chart);
	table_set(r.chart, 0, "1回目");
	table_set(r.chart, 1, "100");
	table_set(r.chart, 2, "100.0%");
	table_add_row(r.chart);
	table_set(r.chart, 0, "12回目");
	table_set(r.chart, 1, "41.5");
	table_set(r.chart, 2, "41.5%");
	r.chart_percent = true;
	snprintf(r.chart_title, sizeof(r.chart_title), "継続率");
	for (int cols = 80; cols <= 200; cols += 120) {
		layout_text_init(&out);
		report_chart_lines(&out, &r, cols);
		ck_assert_uint_eq(out.n, 3);
		ck_assert_int_eq(out.lines[0].attr, LAYOUT_HEADING);
		/* every bar line as wide: the labels line up */
		ck_assert_int_eq(width_str(out.lines[1].text.buf),
				 width_str(out.lines[2].text.buf));
		ck_assert_int_le(width_str(out.lines[1].text.buf), cols);
		ck_assert_ptr_nonnull(strstr(out.lines[2].text.buf, "41.5%"));
		layout_text_done(&out);
	}
	/* no chart: no lines */
	table_free(&r.chart);
	layout_text_init(&out);
	report_chart_lines(&out, &r, 80);
	ck_assert_uint_eq(out.n, 0);
	layout_text_done(&out);
	table_free(&r.table);
}
END_TEST

Suite *ui_report_suite(void)
{
	Suite *s = suite_create("ui_report");
	TCase *tc = tcase_create("text");

	tcase_add_test(tc, test_today_is_tokyo);
	tcase_add_test(tc, test_period_text);
	tcase_add_test(tc, test_period_shift);
	tcase_add_test(tc, test_export_path);
	tcase_add_test(tc, test_filters_of_the_view);
	tcase_add_test(tc, test_table_lines);
	tcase_add_test(tc, test_table_says_what_is_left_out);
	tcase_add_test(tc, test_chart_lines);
	suite_add_tcase(s, tc);
	return s;
}
