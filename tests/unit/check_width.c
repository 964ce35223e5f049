/* check_width.c: UTF-8 decoding and display width (width.h). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/width.h"

START_TEST(utf8_copy_never_cuts_a_character)
{
	char small[5], big[16];

	utf8_copy(big, sizeof(big), "佐藤");
	ck_assert_str_eq(big, "佐藤");
	/* 佐 is 3 bytes: 4 bytes of room hold it, not half of 藤 */
	utf8_copy(small, sizeof(small), "佐藤");
	ck_assert_str_eq(small, "佐");
	utf8_copy(small, sizeof(small), "abcdef");
	ck_assert_str_eq(small, "abcd");
	utf8_copy(small, sizeof(small), NULL);
	ck_assert_str_eq(small, "");
	utf8_copy(small, 1, "x");
	ck_assert_str_eq(small, "");
}
END_TEST

Suite *width_suite(void);

/* Runs width_fit-like f on s in cols columns into a fresh buffer. */
static char *fit(int (*f)(struct sbuf *, const char *, int), const char *s,
		 int cols, int *ret)
{
	struct sbuf sb;
	char *p;
	int r;

	sbuf_init(&sb);
	r = f(&sb, s, cols);
	if (ret)
		*ret = r;
	p = sbuf_detach(&sb);
	sbuf_done(&sb);
	return p;
}

/* --- edge cases ---------------------------------------------------------- */

START_TEST(wide_char_straddling_the_edge_becomes_a_space)
{
	int r;
	char *p = fit(width_fit, "山田太郎", 5, &r);

	ck_assert_str_eq(p, "山田 ");
	ck_assert_int_eq(r, 4);
	ck_assert_int_eq(width_str(p), 5);
	free(p);
	p = fit(width_fit_right, "山田太郎", 3, &r);
	ck_assert_str_eq(p, " 山");
	ck_assert_int_eq(r, 2);
	free(p);
}
END_TEST

START_TEST(cutting_never_splits_a_character)
{
	const char *s = "Aあｱ😀e\xCC\x81漢字-ｶﾞ";
	int total = width_str(s);

	ck_assert_int_eq(total, 1 + 2 + 1 + 2 + 1 + 4 + 1 + 2);
	for (int cols = 0; cols <= total + 2; cols++) {
		int r;
		char *p = fit(width_fit, s, cols, &r);

		ck_assert_msg(utf8_valid_text(p, strlen(p)),
			      "cut at %d columns is not valid UTF-8", cols);
		ck_assert_int_eq(width_str(p), cols);
		ck_assert_int_le(r, cols);
		ck_assert(strncmp(p, s, strlen(p) - (size_t)(cols - r)) == 0);
		free(p);
		p = fit(width_fit_ellipsis, s, cols, &r);
		ck_assert(utf8_valid_text(p, strlen(p)));
		ck_assert_int_eq(width_str(p), cols);
		free(p);
	}
}
END_TEST

START_TEST(combining_mark_stays_with_its_base)
{
	int r;
	char *p = fit(width_fit, "e\xCC\x81x", 1, &r);

	ck_assert_str_eq(p, "e\xCC\x81");
	ck_assert_int_eq(r, 1);
	free(p);
	/* the mark after a character that did not fit is not taken */
	p = fit(width_fit, "あ\xE3\x82\x99", 1, &r);
	ck_assert_str_eq(p, " ");
	ck_assert_int_eq(r, 0);
	free(p);
}
END_TEST

START_TEST(zero_and_negative_columns_give_nothing)
{
	int r;
	char *p = fit(width_fit, "abc", 0, &r);

	ck_assert_str_eq(p, "");
	ck_assert_int_eq(r, 0);
	free(p);
	p = fit(width_fit, "abc", -3, &r);
	ck_assert_str_eq(p, "");
	free(p);
	p = fit(width_fit_ellipsis, "abc", 0, &r);
	ck_assert_str_eq(p, "");
	free(p);
	p = fit(width_fit_right, NULL, 2, &r);
	ck_assert_str_eq(p, "  ");
	ck_assert_int_eq(r, 0);
	free(p);
}
END_TEST

START_TEST(decode_refuses_malformed_sequences)
{
	static const struct {
		const char *s;
		size_t n;
	} bad[] = {
		{ "\x80", 1 },              /* lone continuation */
		{ "\xC0\x80", 2 },          /* overlong NUL */
		{ "\xC1\xBF", 2 },          /* overlong */
		{ "\xE0\x80\xAF", 3 },      /* overlong '/' */
		{ "\xED\xA0\x80", 3 },      /* surrogate U+D800 */
		{ "\xF4\x90\x80\x80", 4 },  /* above U+10FFFF */
		{ "\xF5\x80\x80\x80", 4 },
		{ "\xFF", 1 },
		{ "\xE3\x81", 2 },          /* truncated あ */
		{ "\xE3\x81\x82", 2 },      /* cut by n */
		{ "\xE3\x41\x82", 3 },      /* bad continuation */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint32_t cp = 0;
		size_t len = utf8_decode(bad[i].s, bad[i].n, &cp);

		ck_assert_msg(len == 1 && cp == 0xFFFD, "case %zu", i);
		ck_assert(UTF8_INVALID(cp, len));
	}
}
END_TEST

START_TEST(decode_empty_input_returns_zero)
{
	uint32_t cp = 1;

	ck_assert_uint_eq(utf8_decode("", 0, &cp), 0);
}
END_TEST

START_TEST(real_replacement_character_is_not_invalid)
{
	uint32_t cp;
	size_t len = utf8_decode("\xEF\xBF\xBD", 3, &cp);

	ck_assert_uint_eq(len, 3);
	ck_assert_uint_eq(cp, 0xFFFD);
	ck_assert(!UTF8_INVALID(cp, len));
}
END_TEST

START_TEST(invalid_bytes_count_one_column_each)
{
	ck_assert_int_eq(width_str("\xFF\xFE"), 2);
	ck_assert_int_eq(width_str("a\xE3\x81"), 3);
	ck_assert_int_eq(width_strn("あい", 4), 3);   /* あ and a cut byte */
}
END_TEST

/* --- ordinary behaviour -------------------------------------------------- */

START_TEST(decode_and_encode_round_trip)
{
	static const uint32_t cps[] = { 0x41, 0xE9, 0x7FF, 0x800, 0x3042,
					0xFFFD, 0xFFFF, 0x10000, 0x1F600,
					0x10FFFF };
	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		char buf[4];
		uint32_t cp;
		size_t n = utf8_encode(cps[i], buf);

		ck_assert_uint_eq(utf8_decode(buf, n, &cp), n);
		ck_assert_uint_eq(cp, cps[i]);
	}
}
END_TEST

START_TEST(encode_replaces_impossible_code_points)
{
	char buf[4];

	ck_assert_uint_eq(utf8_encode(0xD800, buf), 3);
	ck_assert(memcmp(buf, "\xEF\xBF\xBD", 3) == 0);
	ck_assert_uint_eq(utf8_encode(0x110000, buf), 3);
	ck_assert(memcmp(buf, "\xEF\xBF\xBD", 3) == 0);
}
END_TEST

START_TEST(valid_text_allows_tab_only_among_controls)
{
	ck_assert(utf8_valid_text("山田\tタロウ", strlen("山田\tタロウ")));
	ck_assert(utf8_valid_text("", 0));
	ck_assert(!utf8_valid_text("a\nb", 3));
	ck_assert(!utf8_valid_text("a\x7F", 2));
	ck_assert(!utf8_valid_text("\xC2\x85", 2));     /* C1 NEL */
	ck_assert(!utf8_valid_text("a\0b", 3));
	ck_assert(!utf8_valid_text("\xE3\x81", 2));
}
END_TEST

START_TEST(width_of_code_points)
{
	static const struct {
		uint32_t cp;
		int w;
	} cases[] = {
		{ 'A', 1 }, { 0x00, 0 }, { 0x1B, 0 }, { 0x7F, 0 }, { 0x85, 0 },
		{ 0xAD, 1 }, { 0xE9, 1 }, { 0x0301, 0 }, { 0x200B, 0 },
		{ 0x2026, 1 },                     /* … ambiguous: 1 */
		{ 0x1100, 2 }, { 0x1160, 0 },      /* Hangul jamo */
		{ 0x3000, 2 }, { 0x3001, 2 }, { 0x3042, 2 }, { 0x30A2, 2 },
		{ 0x3099, 0 }, { 0x309B, 2 }, { 0x30FC, 2 },
		{ 0x4E00, 2 }, { 0x9FFF, 2 }, { 0xAC00, 2 }, { 0xD7A3, 2 },
		{ 0xF900, 2 },
		{ 0xFF01, 2 }, { 0xFF10, 2 }, { 0xFF21, 2 }, { 0xFF60, 2 },
		{ 0xFF61, 1 }, { 0xFF71, 1 }, { 0xFF9E, 1 }, { 0xFF9F, 1 },
		{ 0xFFA0, 1 }, { 0xFFE0, 2 }, { 0xFFE5, 2 }, { 0xFFE6, 2 },
		{ 0xFFE8, 1 }, { 0xFFFD, 1 },
		{ 0x1F600, 2 }, { 0x1F680, 2 }, { 0x1F9D1, 2 }, { 0x263A, 1 },
		{ 0x20000, 2 }, { 0x2FFFD, 2 }, { 0x30000, 2 },
		{ 0xE0001, 0 }, { 0x10FFFF, 1 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_msg(width_cp(cases[i].cp) == cases[i].w,
			      "U+%04X: %d, expected %d", (unsigned)cases[i].cp,
			      width_cp(cases[i].cp), cases[i].w);
}
END_TEST

/* ※ ○ ① ─ × …: one column or two as the terminal is set up; everything
 * else (the yen sign included) keeps its width whatever the setting. */
START_TEST(ambiguous_characters_follow_the_setting)
{
	static const uint32_t amb[] = { 0x203B, 0x25CB, 0x2460, 0x2500, 0xD7,
					0x2026, 0x25A0, 0x2605, 0x3B1, 0xE000 };
	static const struct {
		uint32_t cp;
		int w;
	} fixed[] = {
		{ 'A', 1 }, { 0xA5, 1 }, { 0xFFE5, 2 }, { 0x3042, 2 },
		{ 0xFF71, 1 }, { 0x0301, 0 }, { 0x200B, 0 }, { 0xAD, 1 },
		{ 0x1F600, 2 }, { 0x00, 0 },
	};

	ck_assert_int_eq(width_ambiguous(), 1);
	for (int cols = 1; cols <= 2; cols++) {
		width_set_ambiguous(cols);
		ck_assert_int_eq(width_ambiguous(), cols);
		for (size_t i = 0; i < sizeof(amb) / sizeof(amb[0]); i++) {
			ck_assert(width_is_ambiguous(amb[i]));
			ck_assert_msg(width_cp(amb[i]) == cols,
				      "U+%04X: %d with ambiguous %d",
				      (unsigned)amb[i], width_cp(amb[i]), cols);
		}
		for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
			ck_assert_msg(width_cp(fixed[i].cp) == fixed[i].w,
				      "U+%04X: %d with ambiguous %d",
				      (unsigned)fixed[i].cp,
				      width_cp(fixed[i].cp), cols);
	}
	width_set_ambiguous(1);
	ck_assert_int_eq(width_str("※ご注意 ①"), 9);
	ck_assert_int_eq(width_str("¥7,560"), 6);
	width_set_ambiguous(2);
	ck_assert_int_eq(width_str("※ご注意 ①"), 11);
	ck_assert_int_eq(width_str("¥7,560"), 6);
	width_set_ambiguous(7);   /* anything else: narrow */
	ck_assert_int_eq(width_ambiguous(), 1);
	ck_assert(!width_is_ambiguous(0x0301));
	ck_assert(!width_is_ambiguous(0xA5));
}
END_TEST

/* A fitted line has exactly the columns asked for in both settings, and a
 * wide ambiguous character never straddles the edge. */
START_TEST(fit_counts_ambiguous_characters_as_set)
{
	struct sbuf sb;

	sbuf_init(&sb);
	width_set_ambiguous(2);
	ck_assert_int_eq(width_fit(&sb, "○×○", 5), 4);
	ck_assert_str_eq(sb.buf, "○× ");
	ck_assert_int_eq(width_str(sb.buf), 5);
	sbuf_reset(&sb);
	width_set_ambiguous(1);
	ck_assert_int_eq(width_fit(&sb, "○×○", 5), 3);
	ck_assert_str_eq(sb.buf, "○×○  ");
	ck_assert_int_eq(width_str(sb.buf), 5);
	sbuf_done(&sb);
}
END_TEST

START_TEST(width_of_mixed_text)
{
	ck_assert_int_eq(width_str(NULL), 0);
	ck_assert_int_eq(width_str(""), 0);
	ck_assert_int_eq(width_str("山田 Taro"), 9);
	ck_assert_int_eq(width_str("ﾔﾏﾀﾞ ﾀﾛｳ"), 8);
	ck_assert_int_eq(width_str("ヤマダ　タロウ"), 14);
	ck_assert_int_eq(width_str("０９０－１２３４"), 16);
	ck_assert_int_eq(width_str("e\xCC\x81"), 1);
	ck_assert_int_eq(width_str("¥12,345"), 7);
	ck_assert_int_eq(width_str("😀!"), 3);
}
END_TEST

START_TEST(fit_pads_short_text)
{
	int r;
	char *p = fit(width_fit, "ab", 5, &r);

	ck_assert_str_eq(p, "ab   ");
	ck_assert_int_eq(r, 2);
	free(p);
	p = fit(width_fit, "山田", 4, &r);
	ck_assert_str_eq(p, "山田");
	ck_assert_int_eq(r, 4);
	free(p);
	p = fit(width_fit_right, "1,200", 8, &r);
	ck_assert_str_eq(p, "   1,200");
	ck_assert_int_eq(r, 5);
	free(p);
}
END_TEST

START_TEST(fit_appends_to_the_buffer)
{
	struct sbuf sb;

	sbuf_init(&sb);
	sbuf_adds(&sb, "[");
	width_fit(&sb, "名前", 6);
	sbuf_adds(&sb, "]");
	ck_assert_str_eq(sb.buf, "[名前  ]");
	sbuf_done(&sb);
}
END_TEST

START_TEST(ellipsis_marks_cut_text)
{
	int r;
	char *p = fit(width_fit_ellipsis, "山田太郎", 6, &r);

	ck_assert_str_eq(p, "山田… ");   /* 太 would straddle: padded */
	ck_assert_int_eq(r, 4);
	free(p);
	p = fit(width_fit_ellipsis, "山田太郎", 8, &r);
	ck_assert_str_eq(p, "山田太郎");
	ck_assert_int_eq(r, 8);
	free(p);
	p = fit(width_fit_ellipsis, "abcdef", 4, &r);
	ck_assert_str_eq(p, "abc…");
	free(p);
	p = fit(width_fit_ellipsis, "abcdef", 1, &r);
	ck_assert_str_eq(p, "…");
	ck_assert_int_eq(r, 0);
	free(p);
}
END_TEST

START_TEST(prefix_reports_bytes_and_columns)
{
	int used = -1;

	ck_assert_uint_eq(width_prefix("あいう", 9, 5, &used), 6);
	ck_assert_int_eq(used, 4);
	ck_assert_uint_eq(width_prefix("abc", 3, 10, &used), 3);
	ck_assert_int_eq(used, 3);
	ck_assert_uint_eq(width_prefix("abc", 3, 0, NULL), 0);
}
END_TEST

START_TEST(long_text_is_measured_and_cut)
{
	size_t n = 10000 * 3;
	char *s = malloc(n + 1);
	int r;

	for (size_t i = 0; i < n; i += 3)
		memcpy(s + i, "あ", 3);
	s[n] = '\0';
	ck_assert_int_eq(width_str(s), 20000);
	char *p = fit(width_fit, s, 79, &r);
	ck_assert_int_eq(r, 78);
	ck_assert_int_eq(width_str(p), 79);
	free(p);
	free(s);
}
END_TEST

Suite *width_suite(void)
{
	Suite *s = suite_create("width");
	TCase *edge = tcase_create("edge");
	TCase *core = tcase_create("core");

	tcase_add_test(edge, wide_char_straddling_the_edge_becomes_a_space);
	tcase_add_test(edge, cutting_never_splits_a_character);
	tcase_add_test(edge, combining_mark_stays_with_its_base);
	tcase_add_test(edge, zero_and_negative_columns_give_nothing);
	tcase_add_test(edge, decode_refuses_malformed_sequences);
	tcase_add_test(edge, decode_empty_input_returns_zero);
	tcase_add_test(edge, real_replacement_character_is_not_invalid);
	tcase_add_test(edge, invalid_bytes_count_one_column_each);
	tcase_add_test(core, decode_and_encode_round_trip);
	tcase_add_test(core, encode_replaces_impossible_code_points);
	tcase_add_test(core, valid_text_allows_tab_only_among_controls);
	tcase_add_test(core, width_of_code_points);
	tcase_add_test(core, width_of_mixed_text);
	tcase_add_test(core, ambiguous_characters_follow_the_setting);
	tcase_add_test(core, fit_counts_ambiguous_characters_as_set);
	tcase_add_test(core, fit_pads_short_text);
	tcase_add_test(core, fit_appends_to_the_buffer);
	tcase_add_test(core, ellipsis_marks_cut_text);
	tcase_add_test(core, prefix_reports_bytes_and_columns);
	tcase_add_test(core, long_text_is_measured_and_cut);
	tcase_add_test(core, utf8_copy_never_cuts_a_character);
	suite_add_tcase(s, edge);
	suite_add_tcase(s, core);
	return s;
}
