/* check_chart.c: bar charts in Unicode blocks (core/chart.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/chart.h"
#include "repeatdesk/width.h"

Suite *chart_suite(void);

#define FULL "\xE2\x96\x88"      /* █ */
#define HALF "\xE2\x96\x8C"      /* ▌ four eighths */
#define ONE_EIGHTH "\xE2\x96\x8F" /* ▏ */
#define THREE_EIGHTHS "\xE2\x96\x8D" /* ▍ */

static char *bar(double value, double max, int width)
{
	struct sbuf sb;
	char *p;

	sbuf_init(&sb);
	chart_bar(value, max, width, &sb);
	p = sbuf_detach(&sb);
	sbuf_done(&sb);
	return p ? p : calloc(1, 1);
}

static int count(const char *s, const char *what)
{
	int n = 0;
	size_t len = strlen(what);

	for (const char *p = s; (p = strstr(p, what)); p += len)
		n++;
	return n;
}

START_TEST(bar_in_eighths)
{
	char *p;

	width_set_ambiguous(1);
	p = bar(10.0, 10.0, 4);        /* full: four blocks */
	ck_assert_str_eq(p, FULL FULL FULL FULL);
	free(p);
	p = bar(5.0, 10.0, 3);         /* 1.5 columns: one block and a half */
	ck_assert_str_eq(p, FULL HALF);
	free(p);
	p = bar(3.0, 8.0, 1);          /* 3/8 of one column */
	ck_assert_str_eq(p, THREE_EIGHTHS);
	free(p);
	p = bar(20.0, 10.0, 2);        /* above max: cut at the width */
	ck_assert_str_eq(p, FULL FULL);
	free(p);
}
END_TEST

START_TEST(zero_draws_nothing_tiny_draws_an_eighth)
{
	char *p;

	width_set_ambiguous(1);
	p = bar(0.0, 10.0, 40);
	ck_assert_str_eq(p, "");
	free(p);
	p = bar(-3.0, 10.0, 40);
	ck_assert_str_eq(p, "");
	free(p);
	p = bar(0.0001, 1000.0, 10);   /* above zero: never invisible */
	ck_assert_str_eq(p, ONE_EIGHTH);
	free(p);
}
END_TEST

/* Blocks are East Asian Ambiguous: on a terminal that draws them two
 * columns wide the bar uses half as many characters in the same width. */
START_TEST(ambiguous_wide_halves_the_characters)
{
	char *p;

	width_set_ambiguous(2);
	p = bar(10.0, 10.0, 8);
	ck_assert_int_eq(count(p, FULL), 4);
	ck_assert_int_eq(width_str(p), 8);
	free(p);
	width_set_ambiguous(1);
	p = bar(10.0, 10.0, 8);
	ck_assert_int_eq(count(p, FULL), 8);
	free(p);
}
END_TEST

static struct table *sample(void)
{
	struct table *t = table_new();

	table_add_column(t, "label", NULL, TABLE_TEXT);
	table_add_column(t, "value", NULL, TABLE_INT);
	table_add_column(t, "shown", NULL, TABLE_TEXT);
	table_add_row(t);
	table_set(t, 0, "テレビ通販");      /* 10 columns */
	table_set(t, 1, "80");
	table_set(t, 2, "80.0%");
	table_add_row(t);
	table_set(t, 0, "web");
	table_set(t, 1, "0");
	table_set(t, 2, "0.0%");
	return t;
}

START_TEST(layout_lines_up_japanese_labels)
{
	struct table *t = sample();
	struct chart_layout l;
	struct sbuf sb;
	char *line, *nl;
	int n = 0;

	width_set_ambiguous(1);
	chart_layout_fit(t, true, 80, &l);
	ck_assert_int_eq(l.label_width, 10);
	ck_assert_int_eq(l.shown_width, 5);
	ck_assert_int_eq(l.bar_width, 80 - 10 - 5 - 2);
	ck_assert(l.max == 100.0);
	chart_layout_fit(t, false, 80, &l);
	ck_assert(l.max == 80.0);
	chart_layout_fit(t, true, 10, &l);  /* never below 30 columns */
	ck_assert_int_eq(l.label_width + l.bar_width + l.shown_width + 2, 30);

	sbuf_init(&sb);
	chart_render(t, "媒体別", true, 80, &sb);
	line = sb.buf;
	ck_assert(strncmp(line, "媒体別\n", strlen("媒体別\n")) == 0);
	line += strlen("媒体別\n");
	for (; (nl = strchr(line, '\n')); line = nl + 1, n++) {
		*nl = '\0';
		ck_assert_int_eq(width_str(line), 80);
	}
	ck_assert_int_eq(n, 2);
	sbuf_done(&sb);
	table_free(&t);
}
END_TEST

START_TEST(zero_row_has_no_block)
{
	struct table *t = sample();
	struct chart_layout l;
	struct sbuf sb;

	width_set_ambiguous(1);
	chart_layout_fit(t, true, 60, &l);
	sbuf_init(&sb);
	chart_format_row(t, 1, &l, &sb);
	ck_assert_ptr_null(strstr(sb.buf, FULL));
	ck_assert_ptr_null(strstr(sb.buf, ONE_EIGHTH));
	ck_assert_int_eq(width_str(sb.buf), 60);
	sbuf_reset(&sb);
	chart_format_row(t, 0, &l, &sb);
	ck_assert_ptr_nonnull(strstr(sb.buf, FULL));
	ck_assert_int_eq(width_str(sb.buf), 60);
	sbuf_done(&sb);
	table_free(&t);
}
END_TEST

Suite *chart_suite(void)
{
	Suite *s = suite_create("chart");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, bar_in_eighths);
	tcase_add_test(tc, zero_draws_nothing_tiny_draws_an_eighth);
	tcase_add_test(tc, ambiguous_wide_halves_the_characters);
	tcase_add_test(tc, layout_lines_up_japanese_labels);
	tcase_add_test(tc, zero_row_has_no_block);
	suite_add_tcase(s, tc);
	return s;
}
