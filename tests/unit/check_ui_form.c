/* check_ui_form.c: the form widget: editing with wide characters and the
 * cursor, moving between fields, choices and bools, the checks of each
 * kind, the layout, and the forms compiled into the binary. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "repeatdesk/date.h"
#include "repeatdesk/width.h"

Suite *ui_form_suite(void);

static struct formspec spec;
static struct form f;

static void make(const char *text)
{
	struct rd_error err;

	ck_assert_msg(formspec_parse(text, strlen(text), &spec, &err) == RD_OK,
		      "%s", err.msg);
	form_init(&f, &spec);
}

static void teardown(void)
{
	form_done(&f);
	formspec_done(&spec);
}

static void type(const char *utf8)
{
	size_t n = strlen(utf8);

	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp;

		len = utf8_decode(utf8 + i, n - i, &cp);
		form_input(&f, cp);
	}
}

static enum form_result req(enum ui_request r)
{
	return form_request(&f, r);
}

#define ONE_TEXT "a | A | 10 | text | max=8\n"

/* --- editing --------------------------------------------------------- */

START_TEST(typing_inserts_at_the_cursor)
{
	make(ONE_TEXT);
	type("ac");
	ck_assert_int_eq(req(REQ_LEFT), FORM_MOVED);
	type("b");
	ck_assert_str_eq(form_get(&f, 0), "abc");
	ck_assert_uint_eq(f.fields[0].cursor, 2);
	teardown();
}
END_TEST

START_TEST(wide_characters_move_and_erase_whole)
{
	make(ONE_TEXT);
	type("山田太郎");
	ck_assert_uint_eq(f.fields[0].cursor, 12);
	req(REQ_LEFT);
	ck_assert_uint_eq(f.fields[0].cursor, 9);
	req(REQ_BACKSPACE);
	ck_assert_str_eq(form_get(&f, 0), "山田郎");
	ck_assert_uint_eq(f.fields[0].cursor, 6);
	req(REQ_DELETE_CHAR);
	ck_assert_str_eq(form_get(&f, 0), "山田");
	req(REQ_FIRST);
	ck_assert_uint_eq(f.fields[0].cursor, 0);
	req(REQ_RIGHT);
	ck_assert_uint_eq(f.fields[0].cursor, 3);
	type("ｶﾞ");  /* half-width: two code points, each one column */
	ck_assert_str_eq(form_get(&f, 0), "山ｶﾞ田");
	teardown();
}
END_TEST

START_TEST(the_cursor_never_splits_a_combining_mark)
{
	make(ONE_TEXT);
	/* か + U+3099 (combining voicing mark) is one character: が */
	type("か\xE3\x82\x99き");
	req(REQ_LEFT);
	req(REQ_LEFT);
	ck_assert_uint_eq(f.fields[0].cursor, 0);
	req(REQ_RIGHT);
	ck_assert_uint_eq(f.fields[0].cursor, 6);
	req(REQ_BACKSPACE);
	ck_assert_str_eq(form_get(&f, 0), "き");
	teardown();
}
END_TEST

START_TEST(edges_are_refused_not_crossed)
{
	make(ONE_TEXT);
	ck_assert_int_eq(req(REQ_LEFT), FORM_REFUSED);
	ck_assert_int_eq(req(REQ_BACKSPACE), FORM_REFUSED);
	ck_assert_int_eq(req(REQ_DELETE_CHAR), FORM_REFUSED);
	ck_assert_int_eq(req(REQ_CLEAR_FIELD), FORM_REFUSED);
	type("x");
	ck_assert_int_eq(req(REQ_RIGHT), FORM_REFUSED);
	ck_assert_int_eq(req(REQ_DELETE_CHAR), FORM_REFUSED);
	ck_assert_int_eq(req(REQ_CLEAR_FIELD), FORM_EDITED);
	ck_assert_str_eq(form_get(&f, 0), "");
	teardown();
}
END_TEST

START_TEST(max_counts_characters_not_bytes)
{
	make(ONE_TEXT);
	type("あいうえおかきく");
	ck_assert_int_eq(form_input(&f, 0x3051), FORM_REFUSED); /* け */
	ck_assert_str_eq(form_get(&f, 0), "あいうえおかきく");
	teardown();
}
END_TEST

START_TEST(control_characters_are_never_typed)
{
	make(ONE_TEXT);
	ck_assert_int_eq(form_input(&f, 0x1B), FORM_REFUSED);
	ck_assert_int_eq(form_input(&f, 0x7F), FORM_REFUSED);
	ck_assert_int_eq(form_input(&f, 0x85), FORM_REFUSED);
	ck_assert_int_eq(form_input(&f, 0xD800), FORM_REFUSED);
	ck_assert_int_eq(form_input(&f, 0x110000), FORM_REFUSED);
	ck_assert_int_eq(form_input(&f, 0x2028), FORM_REFUSED);
	ck_assert_str_eq(form_get(&f, 0), "");
	teardown();
}
END_TEST

START_TEST(typed_versus_loaded)
{
	make("a | A | 10 | text\nb | B | 10 | text\n");
	form_load(&f, 0, "stored");
	ck_assert(!form_changed(&f));
	form_focus(&f, 0);
	req(REQ_BACKSPACE);
	ck_assert(form_field_changed(&f, 0));
	ck_assert(form_changed(&f));
	type("d");
	/* typed back to what it was: nothing to lose */
	ck_assert(!form_changed(&f));
	form_set(&f, 1, "x");
	ck_assert(form_changed(&f));
	form_commit(&f);
	ck_assert(!form_changed(&f));
	teardown();
}
END_TEST

/* --- moving between fields ------------------------------------------- */

START_TEST(tab_enter_and_arrows_move_between_fields)
{
	make("a | A | 5 | text\nb | B | 5 | text\nc | C | 5 | text\n");
	ck_assert_uint_eq(f.focus, 0);
	ck_assert_int_eq(req(REQ_NEXT_FIELD), FORM_MOVED);
	ck_assert_int_eq(req(REQ_DOWN), FORM_MOVED);
	ck_assert_uint_eq(f.focus, 2);
	req(REQ_NEXT_FIELD); /* wraps */
	ck_assert_uint_eq(f.focus, 0);
	req(REQ_PREV_FIELD); /* wraps back */
	ck_assert_uint_eq(f.focus, 2);
	req(REQ_UP);
	ck_assert_uint_eq(f.focus, 1);
	ck_assert_int_eq(req(REQ_ENTER), FORM_MOVED);
	ck_assert_uint_eq(f.focus, 2);
	/* Enter on the last field saves */
	ck_assert_int_eq(req(REQ_ENTER), FORM_SUBMIT);
	ck_assert_int_eq(req(REQ_SAVE), FORM_IGNORED);
	teardown();
}
END_TEST

START_TEST(each_field_keeps_its_cursor)
{
	make("a | A | 5 | text\nb | B | 5 | text\n");
	type("abc");
	req(REQ_LEFT);
	req(REQ_NEXT_FIELD);
	type("x");
	req(REQ_PREV_FIELD);
	type("Z");
	ck_assert_str_eq(form_get(&f, 0), "abZc");
	ck_assert_str_eq(form_get(&f, 1), "x");
	teardown();
}
END_TEST

/* --- choices and bools --------------------------------------------- */

START_TEST(choices_step_with_space_and_arrows)
{
	make("g | Gender | 8 | choice | choices=f:female,m:male,x:other\n");
	ck_assert_int_eq(form_input(&f, ' '), FORM_EDITED);
	ck_assert_str_eq(form_get(&f, 0), "f");
	req(REQ_RIGHT);
	ck_assert_str_eq(form_get(&f, 0), "m");
	req(REQ_RIGHT);
	req(REQ_RIGHT); /* past the last: none */
	ck_assert_str_eq(form_get(&f, 0), "");
	req(REQ_LEFT);
	ck_assert_str_eq(form_get(&f, 0), "x");
	ck_assert_int_eq(form_input(&f, 'M'), FORM_EDITED);
	ck_assert_str_eq(form_get(&f, 0), "m");
	ck_assert_int_eq(form_input(&f, 'q'), FORM_REFUSED);
	ck_assert_int_eq(form_input(&f, 0x3042), FORM_REFUSED);
	req(REQ_BACKSPACE);
	ck_assert_str_eq(form_get(&f, 0), "");
	ck_assert_str_eq(form_choice_label(&spec.fields[0], "x"), "other");
	ck_assert_str_eq(form_choice_label(&spec.fields[0], "zz"), "zz");
	ck_assert_str_eq(form_choice_label(&spec.fields[0], ""), "");
	teardown();
}
END_TEST

START_TEST(bools_switch_with_space_y_and_n)
{
	make("b | No DM | 3 | bool\n");
	form_input(&f, ' ');
	ck_assert_str_eq(form_get(&f, 0), FORM_YES);
	form_input(&f, ' ');
	ck_assert_str_eq(form_get(&f, 0), "");
	form_input(&f, 'y');
	ck_assert_str_eq(form_get(&f, 0), FORM_YES);
	ck_assert_int_eq(form_input(&f, 'y'), FORM_REFUSED);
	form_input(&f, 'n');
	ck_assert_str_eq(form_get(&f, 0), "");
	ck_assert_int_eq(form_input(&f, 'x'), FORM_REFUSED);
	teardown();
}
END_TEST

/* --- checks ---------------------------------------------------------- */

static const char *check(const char *line, const char *value)
{
	static struct rd_error err;
	struct formspec s;
	enum rd_status st;

	ck_assert(formspec_parse(line, strlen(line), &s, &err) == RD_OK);
	st = form_check(&s.fields[0], value, &err);
	formspec_done(&s);
	return st == RD_OK ? NULL : err.msg;
}

START_TEST(required_fields_and_blank_text)
{
	ck_assert_ptr_nonnull(check("a | A | 5 | text | required\n", ""));
	ck_assert_ptr_nonnull(check("a | A | 5 | text | required\n", " \xE3\x80\x80 "));
	ck_assert_ptr_null(check("a | A | 5 | text | required\n", "x"));
	/* not required: empty is fine whatever the kind */
	ck_assert_ptr_null(check("a | A | 5 | phone\n", ""));
	ck_assert_ptr_null(check("a | A | 5 | date\n", ""));
}
END_TEST

START_TEST(phone_postal_and_email_formats)
{
	ck_assert_ptr_null(check("p | P | 16 | phone\n", "０９０－１２３４－５６７８"));
	ck_assert_ptr_null(check("p | P | 16 | phone\n", "+81 90 1234 5678"));
	ck_assert_ptr_nonnull(check("p | P | 16 | phone\n", "03-1234"));
	ck_assert_ptr_nonnull(check("p | P | 16 | phone\n", "090-abcd-5678"));
	ck_assert_ptr_null(check("z | Z | 9 | postal\n", "〒123-4567"));
	ck_assert_ptr_nonnull(check("z | Z | 9 | postal\n", "123-456"));
	ck_assert_ptr_null(check("e | E | 30 | email\n", "Taro@Example.JP"));
	ck_assert_ptr_nonnull(check("e | E | 30 | email\n", "taro@"));
}
END_TEST

START_TEST(readings_are_kana_only)
{
	ck_assert_ptr_null(check("k | K | 20 | kana\n", "やまだ たろう"));
	ck_assert_ptr_null(check("k | K | 20 | kana\n", "ヤマダ タロウ"));
	ck_assert_ptr_null(check("k | K | 20 | kana\n", "ﾔﾏﾀﾞ ﾀﾛｳ"));
	ck_assert_ptr_nonnull(check("k | K | 20 | kana\n", "山田"));
	ck_assert_ptr_nonnull(check("k | K | 20 | kana\n", "yamada"));
}
END_TEST

START_TEST(dates_as_operators_type_them)
{
	int32_t d;
	struct rd_error err;

	ck_assert_int_eq(form_parse_date("1961-10-09", &d, &err), RD_OK);
	ck_assert_int_eq(d, date_from_ymd(1961, 10, 9));
	ck_assert_int_eq(form_parse_date("1961/10/9", &d, &err), RD_OK);
	ck_assert_int_eq(d, date_from_ymd(1961, 10, 9));
	ck_assert_int_eq(form_parse_date("19611009", &d, &err), RD_OK);
	ck_assert_int_eq(form_parse_date("１９６１／１０／０９", &d, &err), RD_OK);
	ck_assert_int_eq(d, date_from_ymd(1961, 10, 9));
	ck_assert_int_eq(form_parse_date("1961年10月9日", &d, &err), RD_OK);
	ck_assert_int_eq(d, date_from_ymd(1961, 10, 9));
	ck_assert_int_eq(form_parse_date("2023-02-29", &d, &err), RD_INVALID);
	ck_assert_int_eq(form_parse_date("2024-02-29", &d, &err), RD_OK);
	ck_assert_int_eq(form_parse_date("1899-12-31", &d, &err), RD_INVALID);
	ck_assert_int_eq(form_parse_date("61-10-09", &d, &err), RD_INVALID);
	ck_assert_int_eq(form_parse_date("1961-10-09x", &d, &err), RD_INVALID);
	ck_assert_int_eq(form_parse_date("", &d, &err), RD_INVALID);
	ck_assert_int_eq(form_parse_date("\xFF", &d, &err), RD_INVALID);
}
END_TEST

START_TEST(numbers_amounts_and_choices)
{
	long long n;

	ck_assert_int_eq(form_parse_number("４０", &n, NULL), RD_OK);
	ck_assert_int_eq(n, 40);
	ck_assert_int_eq(form_parse_number("-1", &n, NULL), RD_INVALID);
	ck_assert_int_eq(form_parse_number("1234567890", &n, NULL), RD_INVALID);
	ck_assert_ptr_null(check("y | Y | 12 | yen\n", "¥12,345"));
	ck_assert_ptr_nonnull(check("y | Y | 12 | yen\n", "-5"));
	ck_assert_ptr_nonnull(check("y | Y | 12 | yen\n", "12.5"));
	ck_assert_ptr_null(check("c | C | 8 | choice | choices=a,b\n", "b"));
	ck_assert_ptr_nonnull(check("c | C | 8 | choice | choices=a,b\n", "z"));
	ck_assert_ptr_nonnull(check("b | B | 3 | bool\n", "maybe"));
	ck_assert_ptr_nonnull(check("t | T | 3 | text | max=3\n", "abcd"));
	ck_assert_ptr_null(check("t | T | 3 | text | max=3\n", "山田花"));
}
END_TEST

START_TEST(validate_marks_every_bad_field_and_focuses_the_first)
{
	make("n | Name | 10 | text | required\np | Phone | 16 | phone\n"
	     "e | E-mail | 20 | email\n");
	form_set(&f, 1, "123");
	form_set(&f, 2, "x@example.com");
	form_focus(&f, 2);
	ck_assert_int_eq(form_validate(&f), 0);
	ck_assert_uint_eq(f.focus, 0);
	ck_assert_ptr_nonnull(form_error(&f, 0));
	ck_assert_ptr_nonnull(form_error(&f, 1));
	ck_assert_ptr_null(form_error(&f, 2));
	ck_assert_str_eq(form_focus_error(&f), form_error(&f, 0));
	form_set(&f, 0, "山田");
	ck_assert_ptr_null(form_error(&f, 0)); /* set clears it */
	form_set(&f, 1, "090-1234-5678");
	ck_assert_int_eq(form_validate(&f), -1);
	teardown();
}
END_TEST

/* --- layout ---------------------------------------------------------- */

static char *line_text(const struct layout_text *t, size_t i)
{
	return t->lines[i].text.buf;
}

START_TEST(layout_aligns_boxes_by_display_width)
{
	struct layout_text t;

	make("a | 名前 | 6 | text\nb | Reading | 6 | text | required\n");
	form_set(&f, 0, "山田");
	layout_text_init(&t);
	form_layout(&f, &t, 40, 2);
	ck_assert_uint_eq(t.n, 2); /* too few rows for the help line */
	/* ">" and "!" columns, labels padded to the widest ("Reading *") */
	ck_assert_str_eq(line_text(&t, 0), "> 名前      山田 _");
	ck_assert_str_eq(line_text(&t, 1), "  Reading * ______");
	ck_assert_int_eq(width_str(line_text(&t, 0)), width_str(line_text(&t, 1)));
	layout_text_done(&t);
	teardown();
}
END_TEST

START_TEST(layout_shows_the_error_and_the_help)
{
	struct layout_text t;

	make("a | A | 5 | phone | | Any spelling\n");
	form_set(&f, 0, "12");
	form_validate(&f);
	layout_text_init(&t);
	form_layout(&f, &t, 80, 4);
	ck_assert_uint_eq(t.n, 4);
	ck_assert_ptr_nonnull(strstr(line_text(&t, 0), ">!A"));
	ck_assert_ptr_nonnull(strstr(line_text(&t, 0), "10 or 11 digits"));
	ck_assert_ptr_nonnull(strstr(line_text(&t, 3), "Any spelling"));
	layout_text_done(&t);
	teardown();
}
END_TEST

START_TEST(the_box_scrolls_to_keep_the_cursor_visible)
{
	struct layout_line l;

	make("a | A | 6 | text\n");
	type("あいうえおか");        /* 12 columns in a box of 6 */
	layout_line_init(&l, LAYOUT_NORMAL);
	form_box(&f, 0, true, &l);
	ck_assert_int_eq(width_str(l.text.buf), 6);
	/* the end shows, with room for the cursor: "おか" and a cell */
	ck_assert_ptr_nonnull(strstr(l.text.buf, "おか"));
	req(REQ_FIRST);
	layout_line_reset(&l, LAYOUT_NORMAL);
	form_box(&f, 0, true, &l);
	ck_assert_str_eq(l.text.buf, "あいう");
	/* the cursor cell is marked: drawn like the bar, the terminal
	 * cursor (and an input method's conversion) stands there */
	ck_assert_int_eq(layout_line_attr_at(&l, 0), LAYOUT_CURSOR);
	ck_assert_int_eq(layout_line_attr_at(&l, 3), LAYOUT_HEADING);
	layout_line_reset(&l, LAYOUT_NORMAL);
	form_box(&f, 0, false, &l); /* unfocused: from the start */
	ck_assert_str_eq(l.text.buf, "あいう");
	layout_line_done(&l);
	teardown();
}
END_TEST

START_TEST(a_wide_character_never_straddles_the_box_edge)
{
	struct layout_line l;

	make("a | A | 5 | text\n");
	type("aあいう");
	req(REQ_FIRST);
	layout_line_init(&l, LAYOUT_NORMAL);
	form_box(&f, 0, true, &l);
	/* a + あ + い = 5 columns; う does not fit half */
	ck_assert_str_eq(l.text.buf, "aあい");
	ck_assert_int_eq(width_str(l.text.buf), 5);
	layout_line_done(&l);
	teardown();
}
END_TEST

START_TEST(layout_follows_the_focus_down_a_long_form)
{
	struct layout_text t;
	char text[2048];
	size_t len = 0;

	for (int i = 0; i < 30; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"f%d | Field %d | 4 | text\n", i, i);
	make(text);
	form_focus(&f, 25);
	layout_text_init(&t);
	form_layout(&f, &t, 60, 11);
	ck_assert_uint_eq(t.n, 11);
	ck_assert_ptr_nonnull(strstr(line_text(&t, 9), "Field 25"));
	ck_assert_uint_eq(f.top, 16);
	layout_text_done(&t);
	teardown();
}
END_TEST

/* --- the forms compiled in ------------------------------------------ */

START_TEST(builtin_customer_form_has_every_column)
{
	static const char *const columns[] = {
		"name", "name_kana", "phone1", "phone2", "email", "postal_code",
		"prefecture", "address1", "address2", "birth_date", "gender",
		"no_dm", "no_call", "no_email", "notes", "reason",
	};
	struct formspec s;
	struct rd_error err;

	ck_assert_msg(form_spec_builtin("customer", &s, &err) == RD_OK, "%s", err.msg);
	ck_assert_uint_eq(s.n, sizeof(columns) / sizeof(columns[0]));
	for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		ck_assert_msg(formspec_find(&s, columns[i]) >= 0, "no field %s", columns[i]);
	ck_assert(s.fields[formspec_find(&s, "name")].required);
	ck_assert(s.fields[formspec_find(&s, "reason")].required);
	ck_assert_int_eq(s.fields[formspec_find(&s, "phone1")].kind, FORMSPEC_PHONE);
	ck_assert_int_eq(s.fields[formspec_find(&s, "name_kana")].kind, FORMSPEC_KANA);
	formspec_done(&s);
}
END_TEST

START_TEST(builtin_filter_form_and_unknown_names)
{
	struct formspec s;
	struct rd_error err;

	ck_assert_msg(form_spec_builtin("filter", &s, &err) == RD_OK, "%s", err.msg);
	ck_assert_int_ge(formspec_find(&s, "filter_name"), 0);
	ck_assert_int_ge(formspec_find(&s, "rfm"), 0);
	formspec_done(&s);
	ck_assert_int_eq(form_spec_builtin("nosuch", &s, &err), RD_NOT_FOUND);
}
END_TEST

Suite *ui_form_suite(void)
{
	Suite *s = suite_create("ui_form");
	TCase *tc = tcase_create("edit");

	tcase_add_test(tc, typing_inserts_at_the_cursor);
	tcase_add_test(tc, wide_characters_move_and_erase_whole);
	tcase_add_test(tc, the_cursor_never_splits_a_combining_mark);
	tcase_add_test(tc, edges_are_refused_not_crossed);
	tcase_add_test(tc, max_counts_characters_not_bytes);
	tcase_add_test(tc, control_characters_are_never_typed);
	tcase_add_test(tc, typed_versus_loaded);
	tcase_add_test(tc, tab_enter_and_arrows_move_between_fields);
	tcase_add_test(tc, each_field_keeps_its_cursor);
	tcase_add_test(tc, choices_step_with_space_and_arrows);
	tcase_add_test(tc, bools_switch_with_space_y_and_n);
	suite_add_tcase(s, tc);
	tc = tcase_create("check");
	tcase_add_test(tc, required_fields_and_blank_text);
	tcase_add_test(tc, phone_postal_and_email_formats);
	tcase_add_test(tc, readings_are_kana_only);
	tcase_add_test(tc, dates_as_operators_type_them);
	tcase_add_test(tc, numbers_amounts_and_choices);
	tcase_add_test(tc, validate_marks_every_bad_field_and_focuses_the_first);
	suite_add_tcase(s, tc);
	tc = tcase_create("layout");
	tcase_add_test(tc, layout_aligns_boxes_by_display_width);
	tcase_add_test(tc, layout_shows_the_error_and_the_help);
	tcase_add_test(tc, the_box_scrolls_to_keep_the_cursor_visible);
	tcase_add_test(tc, a_wide_character_never_straddles_the_box_edge);
	tcase_add_test(tc, layout_follows_the_focus_down_a_long_form);
	tcase_add_test(tc, builtin_customer_form_has_every_column);
	tcase_add_test(tc, builtin_filter_form_and_unknown_names);
	suite_add_tcase(s, tc);
	return s;
}
