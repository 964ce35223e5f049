/* check_ui_dialog.c: the help overlay (scrolling) and the yes/no question. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialog.h"
#include "repeatdesk/width.h"

Suite *ui_dialog_suite(void);

static struct dialog *long_help(void)
{
	struct keys_set all, none;

	keys_set_clear(&all);
	keys_set_clear(&none);
	for (int r = REQ_NONE + 1; r < REQ_COUNT; r++)
		all.on[r] = true;
	return dialog_help_new("Test", &all, &none);
}

START_TEST(help_fits_its_frame_and_scrolls_within_bounds)
{
	struct dialog *d = long_help();
	struct layout_frame f;
	struct layout_rect r;
	struct layout_text out;
	struct sbuf footer;
	int total = (int)d->text.n;

	layout_frame_compute(&f, 80, 24);
	layout_text_init(&out);
	sbuf_init(&footer);
	/* laid out once: the help is wrapped for 80 columns */
	dialog_layout(d, &f, &r, &out, &footer);
	/* make it longer than the screen */
	for (int i = 0; i < 30; i++)
		layout_text_addf(&d->text, LAYOUT_NORMAL, "extra line %d", i);
	total = (int)d->text.n;
	dialog_layout(d, &f, &r, &out, &footer);
	ck_assert_int_eq((int)out.n, r.rows - 2);
	for (size_t i = 0; i < out.n; i++)
		ck_assert_int_eq(width_str(out.lines[i].text.buf), r.cols - 4);
	ck_assert_int_lt(d->page, total);
	{
		char want[32];

		snprintf(want, sizeof(want), "1-%d of %d  PgUp/PgDn", d->page,
			 total);
		ck_assert_str_eq(footer.buf, want);
		ck_assert_int_eq(d->page, 17); /* 21 body rows, margin, frame */
	}

	ck_assert_int_eq(dialog_request(d, REQ_UP), DIALOG_CHANGED);
	ck_assert_int_eq(d->top, 0);
	dialog_request(d, REQ_DOWN);
	ck_assert_int_eq(d->top, 1);
	dialog_request(d, REQ_LAST);
	ck_assert_int_eq(d->top, total - d->page);
	dialog_request(d, REQ_PAGE_DOWN);
	ck_assert_int_eq(d->top, total - d->page);
	dialog_layout(d, &f, &r, &out, &footer);
	ck_assert_ptr_nonnull(strstr(out.lines[out.n - 1].text.buf,
				     "extra line 29"));
	dialog_request(d, REQ_PAGE_UP);
	ck_assert_int_eq(d->top, total - d->page - (d->page - 1));
	dialog_request(d, REQ_FIRST);
	ck_assert_int_eq(d->top, 0);

	/* a taller terminal shows more and clamps the scroll position
	 * (tall enough for every request of the table, however many) */
	dialog_request(d, REQ_LAST);
	layout_frame_compute(&f, 120, total + 12);
	dialog_layout(d, &f, &r, &out, &footer);
	ck_assert_int_eq(d->top, 0);
	ck_assert_str_eq(footer.buf, "");

	ck_assert_int_eq(dialog_request(d, REQ_YES), DIALOG_IGNORED);
	ck_assert_int_eq(dialog_request(d, REQ_BACK), DIALOG_CLOSED);
	sbuf_done(&footer);
	layout_text_done(&out);
	dialog_free(&d);
	ck_assert_ptr_null(d);
}
END_TEST

START_TEST(help_handles_back_and_scrolling_and_passes_quit)
{
	struct dialog *d = long_help();
	struct keys_set h, p;

	keys_set_clear(&h);
	keys_set_clear(&p);
	dialog_handles(d, &h);
	dialog_passes(d, &p);
	ck_assert(h.on[REQ_BACK] && h.on[REQ_DOWN] && h.on[REQ_PAGE_DOWN]);
	ck_assert(!h.on[REQ_HELP] && !h.on[REQ_YES]);
	ck_assert(p.on[REQ_QUIT] && !p.on[REQ_LOOKUP]);
	ck_assert_int_eq(dialog_keymap(d), KEYS_MAP_GENERIC);
	dialog_free(&d);
}
END_TEST

START_TEST(confirm_answers_yes_or_no_only)
{
	struct dialog *d = dialog_confirm_new("Quit? Unsaved input will be lost.");
	struct keys_set p;

	ck_assert_int_eq(dialog_keymap(d), KEYS_MAP_DIALOG);
	ck_assert_int_eq(dialog_request(d, REQ_YES), DIALOG_YES);
	ck_assert_int_eq(dialog_request(d, REQ_NO), DIALOG_NO);
	ck_assert_int_eq(dialog_request(d, REQ_BACK), DIALOG_IGNORED);
	ck_assert_int_eq(dialog_request(d, REQ_QUIT), DIALOG_IGNORED);
	keys_set_clear(&p);
	dialog_passes(d, &p);
	ck_assert(!p.on[REQ_QUIT]); /* F10 again does not force a quit */
	dialog_free(&d);
}
END_TEST

START_TEST(confirm_shows_the_question_and_its_keys)
{
	struct dialog *d = dialog_confirm_new(
		"Quit? Unsaved input will be lost. 入力中の内容は失われます。"
		"よろしいですか。");
	struct layout_frame f;
	struct layout_rect r;
	struct layout_text out;
	struct sbuf all;

	layout_frame_compute(&f, 80, 24);
	layout_text_init(&out);
	sbuf_init(&all);
	dialog_layout(d, &f, &r, &out, NULL);
	for (size_t i = 0; i < out.n; i++) {
		ck_assert(utf8_valid_text(out.lines[i].text.buf,
					  out.lines[i].text.len));
		ck_assert_int_eq(width_str(out.lines[i].text.buf), r.cols - 4);
		sbuf_adds(&all, out.lines[i].text.buf);
	}
	ck_assert_ptr_nonnull(strstr(all.buf, "Quit? Unsaved input will be lost."));
	ck_assert_ptr_nonnull(strstr(all.buf, "y = yes"));
	ck_assert_ptr_nonnull(strstr(all.buf, "n = no"));
	ck_assert_int_le(r.x + r.cols, 80);
	sbuf_done(&all);
	layout_text_done(&out);
	dialog_free(&d);
}
END_TEST

/* The column where needle starts in the line of text that holds it, or,
 * with first_text, where that line's text starts after the frame margin. */
static int column_in_line(const char *text, const char *needle, bool first_text)
{
	const char *p = strstr(text, needle), *bol;

	if (!p)
		return -1;
	bol = p;
	while (bol > text && bol[-1] != '\n')
		bol--;
	if (first_text) {
		p = bol;
		while (*p == ' ')
			p++;
	}
	return width_strn(bol, (size_t)(p - bol));
}

START_TEST(help_texts_too_wide_are_wrapped_never_cut)
{
	struct keys_set screen, none;
	struct dialog *d;
	struct layout_frame f;
	struct layout_rect r;
	struct layout_text out;
	struct sbuf all;
	static const struct keys_local keys[] = {
		{ .key = 'x', .action = 'x', .label = "Cross",
		  .help = "Cross the selected line out of the list, asking first, "
			  "and say so in the history with the reason typed LASTWORD" },
		{ 0, REQ_NONE, 0, 0, 0, 0, NULL, NULL }
	};

	keys_set_clear(&screen);
	keys_set_clear(&none);
	screen.on[REQ_UP] = true;
	keys_set_add_local(&screen, keys, 0);
	d = dialog_help_new("Test", &screen, &none);
	layout_frame_compute(&f, 80, 24);
	layout_text_init(&out);
	sbuf_init(&all);
	dialog_layout(d, &f, &r, &out, NULL);
	for (size_t i = 0; i < out.n; i++) {
		ck_assert_int_eq(width_str(out.lines[i].text.buf), r.cols - 4);
		sbuf_adds(&all, out.lines[i].text.buf);
		sbuf_addc(&all, '\n');
	}
	ck_assert_ptr_nonnull(strstr(all.buf, "LASTWORD"));
	ck_assert_ptr_null(strstr(all.buf, "\xE2\x80\xA6"));
	/* the rest of the text stands under its start */
	ck_assert_int_eq(column_in_line(all.buf, "Cross: Cross", false),
			 column_in_line(all.buf, "LASTWORD", true));
	sbuf_done(&all);
	layout_text_done(&out);
	dialog_free(&d);
}
END_TEST

Suite *ui_dialog_suite(void)
{
	Suite *s = suite_create("ui_dialog");
	TCase *tc = tcase_create("dialog");

	tcase_add_test(tc, help_fits_its_frame_and_scrolls_within_bounds);
	tcase_add_test(tc, help_texts_too_wide_are_wrapped_never_cut);
	tcase_add_test(tc, help_handles_back_and_scrolling_and_passes_quit);
	tcase_add_test(tc, confirm_answers_yes_or_no_only);
	tcase_add_test(tc, confirm_shows_the_question_and_its_keys);
	suite_add_tcase(s, tc);
	return s;
}
