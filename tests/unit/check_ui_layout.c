/* check_ui_layout.c: line buffers fitted by display width, the frame, the
 * top line and the "too small" message. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/layout.h"
#include "repeatdesk/width.h"

Suite *ui_layout_suite(void);

/* Every byte sequence is whole UTF-8 and the width is exactly cols. */
static void assert_clean_width(const struct layout_line *l, int cols)
{
	ck_assert_msg(utf8_valid_text(l->text.buf, l->text.len),
		      "invalid UTF-8 or control character in \"%s\"",
		      l->text.buf);
	ck_assert_int_eq(width_str(l->text.buf), cols);
}

START_TEST(fit_pads_short_text_to_the_width)
{
	struct layout_line l;

	layout_line_init(&l, LAYOUT_NORMAL);
	layout_line_add(&l, "abc", LAYOUT_NORMAL);
	layout_line_fit(&l, 6);
	ck_assert_str_eq(l.text.buf, "abc   ");
	layout_line_fit(&l, 2);
	ck_assert_str_eq(l.text.buf, "ab");
	layout_line_fit(&l, 0);
	ck_assert_str_eq(l.text.buf, "");
	layout_line_done(&l);
}
END_TEST

START_TEST(fit_never_cuts_a_wide_character)
{
	struct layout_line l;

	for (int cols = 0; cols <= 10; cols++) {
		layout_line_init(&l, LAYOUT_NORMAL);
		layout_line_add(&l, "佐藤 花子", LAYOUT_NORMAL); /* 9 cols */
		layout_line_fit(&l, cols);
		assert_clean_width(&l, cols);
		layout_line_done(&l);
	}
	layout_line_init(&l, LAYOUT_NORMAL);
	layout_line_add(&l, "佐藤", LAYOUT_NORMAL);
	layout_line_fit(&l, 3);
	ck_assert_str_eq(l.text.buf, "佐 "); /* 藤 would straddle the edge */
	layout_line_done(&l);
}
END_TEST

START_TEST(added_text_is_cleaned_for_the_terminal)
{
	struct layout_line l;

	layout_line_init(&l, LAYOUT_NORMAL);
	ck_assert_int_eq(layout_line_add(&l, "a\x1b[2Jb", LAYOUT_NORMAL), 6);
	ck_assert_ptr_null(strchr(l.text.buf, 0x1b));
	ck_assert_str_eq(l.text.buf, "a\xEF\xBF\xBD[2Jb");
	layout_line_reset(&l, LAYOUT_NORMAL);
	layout_line_add(&l, "x\xff\xfey\tz", LAYOUT_NORMAL);
	ck_assert_str_eq(l.text.buf, "x\xEF\xBF\xBD\xEF\xBF\xBDy z");
	ck_assert(utf8_valid_text(l.text.buf, l.text.len));
	layout_line_done(&l);
}
END_TEST

START_TEST(spans_keep_their_attributes_and_are_cut_with_the_text)
{
	struct layout_line l;

	layout_line_init(&l, LAYOUT_BAR);
	layout_line_add(&l, "F1", LAYOUT_KEY);
	layout_line_add(&l, " Help", LAYOUT_BAR);
	layout_line_add(&l, "!!", LAYOUT_ERROR);
	ck_assert_int_eq(layout_line_attr_at(&l, 0), LAYOUT_KEY);
	ck_assert_int_eq(layout_line_attr_at(&l, 2), LAYOUT_BAR);
	ck_assert_int_eq(layout_line_attr_at(&l, 7), LAYOUT_ERROR);
	layout_line_fit(&l, 4);
	for (size_t i = 0; i < l.nspans; i++)
		ck_assert_uint_le(l.spans[i].end, l.text.len);
	ck_assert_int_eq(layout_line_attr_at(&l, 1), LAYOUT_KEY);
	layout_line_done(&l);
}
END_TEST

START_TEST(wrap_breaks_english_at_spaces)
{
	struct layout_text t;
	const char *s = "Customer lookup, orders, subscriptions and the "
			"inquiry log arrive with the next releases.";
	struct sbuf joined;

	layout_text_init(&t);
	sbuf_init(&joined);
	ck_assert_int_eq(layout_text_wrap(&t, LAYOUT_NORMAL, 2, s, 30), 4);
	for (size_t i = 0; i < t.n; i++) {
		const char *line = t.lines[i].text.buf;

		ck_assert_int_le(width_str(line), 30);
		ck_assert(strncmp(line, "  ", 2) == 0);
		ck_assert(line[2] != ' ');
		ck_assert(line[strlen(line) - 1] != ' ');
		if (i)
			sbuf_addc(&joined, ' ');
		sbuf_adds(&joined, line + 2);
	}
	ck_assert_str_eq(joined.buf, s);
	sbuf_done(&joined);
	layout_text_done(&t);
}
END_TEST

START_TEST(wrap_breaks_japanese_between_characters)
{
	struct layout_text t;
	const char *s = "定期便のスキップ・休止・解約はこの画面で受け付けます";
	struct sbuf joined;

	layout_text_init(&t);
	sbuf_init(&joined);
	layout_text_wrap(&t, LAYOUT_NORMAL, 0, s, 11);
	ck_assert_uint_gt(t.n, 1);
	for (size_t i = 0; i < t.n; i++) {
		ck_assert(utf8_valid_text(t.lines[i].text.buf,
					  t.lines[i].text.len));
		ck_assert_int_le(width_str(t.lines[i].text.buf), 11);
		sbuf_adds(&joined, t.lines[i].text.buf);
	}
	ck_assert_str_eq(joined.buf, s);
	/* narrower than one character: no endless loop, nothing lost */
	layout_text_reset(&t);
	layout_text_wrap(&t, LAYOUT_NORMAL, 0, "花子", 1);
	ck_assert_uint_eq(t.n, 2);
	sbuf_done(&joined);
	layout_text_done(&t);
}
END_TEST

/* A Japanese sentence after a key name ("F2 でどの画面…") fills the line
 * instead of leaving "F2" alone on it, and no line starts with 、 or 。
 * nor ends with （ (kinsoku). */
START_TEST(wrap_fills_lines_of_japanese_after_a_space)
{
	struct layout_text t;
	const char *s = "F2 でどの画面からでも顧客を検索：電話番号、氏名、フリガナ、顧客番号を入力する。";

	layout_text_init(&t);
	layout_text_wrap(&t, LAYOUT_NORMAL, 0, s, 30);
	ck_assert_uint_gt(t.n, 1);
	ck_assert_int_ge(width_str(t.lines[0].text.buf), 26);
	for (size_t i = 0; i < t.n; i++) {
		const char *l = t.lines[i].text.buf;
		size_t n = strlen(l);

		ck_assert_int_le(width_str(l), 30);
		ck_assert_msg(strncmp(l, "、", 3) != 0 && strncmp(l, "。", 3) != 0,
			      "line %zu starts with a closing mark: %s", i, l);
		ck_assert_msg(n < 3 || strcmp(l + n - 3, "（") != 0, "line %zu ends with （", i);
	}
	/* English still breaks at spaces only */
	layout_text_reset(&t);
	layout_text_wrap(&t, LAYOUT_NORMAL, 0, "Press F2 anywhere to find a customer", 12);
	ck_assert_str_eq(t.lines[0].text.buf, "Press F2");
	layout_text_done(&t);
}
END_TEST

START_TEST(pair_aligns_values_by_display_width)
{
	struct layout_text t;
	const char *v1, *v2;

	layout_text_init(&t);
	layout_text_pair(&t, 2, "ログイン", 12, "sato", LAYOUT_NORMAL);
	layout_text_pair(&t, 2, "Role", 12, "operator", LAYOUT_NORMAL);
	v1 = strstr(t.lines[0].text.buf, "sato");
	v2 = strstr(t.lines[1].text.buf, "operator");
	ck_assert_int_eq(width_strn(t.lines[0].text.buf,
				    (size_t)(v1 - t.lines[0].text.buf)),
			 width_strn(t.lines[1].text.buf,
				    (size_t)(v2 - t.lines[1].text.buf)));
	layout_text_done(&t);
}
END_TEST

/* Labels with ※ or ① line up in both settings of ambiguous_width: the
 * layout measures them as the terminal will show them. */
START_TEST(pair_aligns_ambiguous_labels_in_both_settings)
{
	for (int cols = 1; cols <= 2; cols++) {
		struct layout_text t;
		struct layout_line l;
		const char *v1, *v2;

		width_set_ambiguous(cols);
		layout_text_init(&t);
		layout_text_pair(&t, 2, "※備考①", 12, "sato", LAYOUT_NORMAL);
		layout_text_pair(&t, 2, "Role", 12, "operator", LAYOUT_NORMAL);
		v1 = strstr(t.lines[0].text.buf, "sato");
		v2 = strstr(t.lines[1].text.buf, "operator");
		ck_assert_int_eq(width_strn(t.lines[0].text.buf,
					    (size_t)(v1 - t.lines[0].text.buf)),
				 width_strn(t.lines[1].text.buf,
					    (size_t)(v2 - t.lines[1].text.buf)));
		ck_assert_int_eq(width_strn(t.lines[0].text.buf,
					    (size_t)(v1 - t.lines[0].text.buf)),
				 2 + 12);
		layout_text_done(&t);
		for (int w = 0; w <= 8; w++) {
			layout_line_init(&l, LAYOUT_NORMAL);
			layout_line_add(&l, "○×─※", LAYOUT_NORMAL);
			layout_line_fit(&l, w);
			assert_clean_width(&l, w);
			layout_line_done(&l);
		}
	}
	width_set_ambiguous(1);
}
END_TEST

START_TEST(too_small_below_80x24_only)
{
	struct layout_frame f;

	layout_frame_compute(&f, 79, 24);
	ck_assert(f.too_small);
	layout_frame_compute(&f, 80, 23);
	ck_assert(f.too_small);
	layout_frame_compute(&f, 0, 0);
	ck_assert(f.too_small);
	layout_frame_compute(&f, 80, 24);
	ck_assert(!f.too_small);
	ck_assert_int_eq(f.top_y, 0);
	ck_assert_int_eq(f.body.y, 1);
	ck_assert_int_eq(f.body.rows, 21);
	ck_assert_int_eq(f.message_y, 22);
	ck_assert_int_eq(f.legend_y, 23);
	layout_frame_compute(&f, 120, 40);
	ck_assert_int_eq(f.body.rows, 37);
	ck_assert_int_eq(f.legend_y, 39);
}
END_TEST

START_TEST(too_small_message_is_centered)
{
	struct layout_text t;
	const char *msg = "Terminal too small: 60x20 \xE2\x80\x94 need at least 80x24";
	int hits = 0;

	layout_text_init(&t);
	layout_too_small(&t, 60, 20);
	ck_assert_uint_eq(t.n, 20);
	for (size_t i = 0; i < t.n; i++) {
		const char *p = strstr(t.lines[i].text.buf, msg);

		assert_clean_width(&t.lines[i], 60);
		if (!p)
			continue;
		hits++;
		ck_assert_uint_eq(i, 10);
		/* as many columns left as right, give or take one */
		{
			int left = width_strn(t.lines[i].text.buf,
					      (size_t)(p - t.lines[i].text.buf));
			int right = 60 - left - width_str(msg);

			ck_assert_int_le(abs(left - right), 1);
		}
	}
	ck_assert_int_eq(hits, 1);
	/* tinier than the message: cut, never garbage */
	layout_too_small(&t, 10, 3);
	ck_assert_uint_eq(t.n, 3);
	for (size_t i = 0; i < t.n; i++)
		assert_clean_width(&t.lines[i], 10);
	layout_text_done(&t);
}
END_TEST

static void top_line(struct layout_line *l, const char *customer, int cols,
		     bool ok)
{
	struct layout_top top = {
		.title = "Home",
		.customer = customer,
		.agent_name = "佐藤 花子",
		.login = "sato",
		.role = "operator",
		.db_state = ok ? "DB ok" : "reconnecting\xE2\x80\xA6",
		.db_ok = ok,
	};

	layout_top_line(l, &top, cols);
}

START_TEST(top_line_shows_title_agent_and_db_state)
{
	struct layout_line l;

	layout_line_init(&l, LAYOUT_BAR);
	top_line(&l, NULL, 80, true);
	assert_clean_width(&l, 80);
	ck_assert(strncmp(l.text.buf, " Home", 5) == 0);
	ck_assert_ptr_nonnull(strstr(l.text.buf, "佐藤 花子 (sato, operator)"));
	ck_assert_ptr_nonnull(strstr(l.text.buf, "DB ok "));
	ck_assert_int_eq(l.text.buf[l.text.len - 1], ' ');
	top_line(&l, NULL, 80, false);
	ck_assert_ptr_nonnull(strstr(l.text.buf, "reconnecting\xE2\x80\xA6"));
	ck_assert_int_eq(layout_line_attr_at(&l,
		(size_t)(strstr(l.text.buf, "reconnecting") - l.text.buf)),
		LAYOUT_ERROR);
	layout_line_done(&l);
}
END_TEST

START_TEST(top_line_shortens_customer_then_title_keeps_db_state)
{
	struct layout_line l;
	const char *cust = "山田 太郎様 (C0001234) 東京都世田谷区 三軒茶屋一丁目";

	layout_line_init(&l, LAYOUT_BAR);
	top_line(&l, cust, 120, true);
	ck_assert_ptr_nonnull(strstr(l.text.buf, cust));
	for (int cols = 80; cols >= 0; cols--) {
		top_line(&l, cust, cols, true);
		assert_clean_width(&l, cols);
		ck_assert_msg(cols < 7 || strstr(l.text.buf, "DB ok") != NULL,
			      "DB state lost at %d columns", cols);
	}
	top_line(&l, cust, 80, true);
	ck_assert_ptr_nonnull(strstr(l.text.buf, "\xE2\x80\xA6")); /* … */
	ck_assert_ptr_nonnull(strstr(l.text.buf, "佐藤 花子 (sato, operator)"));
	ck_assert_ptr_nonnull(strstr(l.text.buf, "Home"));
	layout_line_done(&l);
}
END_TEST

START_TEST(message_line_is_cut_with_an_ellipsis)
{
	struct layout_line l;

	layout_line_init(&l, LAYOUT_NORMAL);
	layout_message_line(&l, "配達 4 回目 (12/01) は締め切りを過ぎています",
			    LAYOUT_ERROR, 20);
	assert_clean_width(&l, 20);
	ck_assert_ptr_nonnull(strstr(l.text.buf, "\xE2\x80\xA6"));
	layout_message_line(&l, NULL, LAYOUT_NORMAL, 20);
	assert_clean_width(&l, 20);
	layout_line_done(&l);
}
END_TEST

START_TEST(overlay_stays_inside_the_body)
{
	struct layout_frame f;
	struct layout_rect r;

	layout_frame_compute(&f, 80, 24);
	r = layout_overlay_rect(&f, 100, 200);
	ck_assert_int_ge(r.y, f.body.y);
	ck_assert_int_le(r.y + r.rows, f.body.y + f.body.rows);
	ck_assert_int_ge(r.x, 0);
	ck_assert_int_le(r.x + r.cols, 80);
	r = layout_overlay_rect(&f, 3, 20);
	ck_assert_int_eq(r.rows, 5);
	ck_assert_int_eq(r.cols, 24);
}
END_TEST

START_TEST(a_long_message_is_wrapped_whole)
{
	static const char msg[] =
		"Delivery 4 (12/01) is past its cut-off; the first you can skip is "
		"delivery 5 (12/31). Ask the caller whether that one will do, or "
		"offer a pause instead. LASTWORD";
	struct layout_text t;
	struct sbuf all;
	int n;

	layout_text_init(&t);
	sbuf_init(&all);
	n = layout_message_lines(&t, msg, LAYOUT_ERROR, 80, 10);
	ck_assert_int_gt(n, 1);
	ck_assert_uint_eq(t.n, (size_t)n);
	for (size_t i = 0; i < t.n; i++) {
		ck_assert_int_eq(width_str(t.lines[i].text.buf), 80);
		ck_assert_ptr_null(strstr(t.lines[i].text.buf, "\xE2\x80\xA6"));
		sbuf_adds(&all, t.lines[i].text.buf);
	}
	ck_assert_ptr_nonnull(strstr(all.buf, "LASTWORD"));
	ck_assert_ptr_nonnull(strstr(all.buf, "cut-off;"));
	sbuf_done(&all);

	/* a short one keeps to its line */
	layout_text_reset(&t);
	ck_assert_int_eq(layout_message_lines(&t, "Saved.", LAYOUT_NORMAL, 80, 10), 1);
	ck_assert_int_eq(width_str(t.lines[0].text.buf), 80);
	layout_text_reset(&t);
	ck_assert_int_eq(layout_message_lines(&t, "", LAYOUT_NORMAL, 80, 10), 1);

	/* only beyond max_rows is it cut, and then it says so */
	layout_text_reset(&t);
	ck_assert_int_eq(layout_message_lines(&t, msg, LAYOUT_ERROR, 40, 2), 2);
	ck_assert_ptr_nonnull(strstr(t.lines[1].text.buf, "\xE2\x80\xA6"));
	layout_text_done(&t);
}
END_TEST

Suite *ui_layout_suite(void)
{
	Suite *s = suite_create("ui_layout");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, fit_pads_short_text_to_the_width);
	tcase_add_test(tc, fit_never_cuts_a_wide_character);
	tcase_add_test(tc, added_text_is_cleaned_for_the_terminal);
	tcase_add_test(tc, spans_keep_their_attributes_and_are_cut_with_the_text);
	tcase_add_test(tc, wrap_breaks_english_at_spaces);
	tcase_add_test(tc, wrap_breaks_japanese_between_characters);
	tcase_add_test(tc, wrap_fills_lines_of_japanese_after_a_space);
	tcase_add_test(tc, pair_aligns_values_by_display_width);
	tcase_add_test(tc, pair_aligns_ambiguous_labels_in_both_settings);
	tcase_add_test(tc, too_small_below_80x24_only);
	tcase_add_test(tc, too_small_message_is_centered);
	tcase_add_test(tc, top_line_shows_title_agent_and_db_state);
	tcase_add_test(tc, top_line_shortens_customer_then_title_keeps_db_state);
	tcase_add_test(tc, message_line_is_cut_with_an_ellipsis);
	tcase_add_test(tc, overlay_stays_inside_the_body);
	tcase_add_test(tc, a_long_message_is_wrapped_whole);
	suite_add_tcase(s, tc);
	return s;
}
