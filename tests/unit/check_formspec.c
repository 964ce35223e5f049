/* check_formspec.c: the parser of the declarative forms (forms/NAME.form). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/formspec.h"

Suite *formspec_suite(void);

static void parse_ok(const char *text, struct formspec *spec)
{
	struct rd_error err;

	rd_error_clear(&err);
	ck_assert_msg(formspec_parse(text, strlen(text), spec, &err) == RD_OK,
		      "%s", err.msg);
}

/* Expects RD_INVALID and a message starting with msg; nothing is kept. */
static void parse_bad(const char *text, size_t len, const char *msg)
{
	struct formspec spec;
	struct rd_error err;

	rd_error_clear(&err);
	ck_assert_int_eq(formspec_parse(text, len, &spec, &err), RD_INVALID);
	ck_assert_ptr_null(spec.fields);
	ck_assert_uint_eq(spec.n, 0);
	ck_assert_msg(strncmp(err.msg, msg, strlen(msg)) == 0,
		      "got \"%s\", want \"%s...\"", err.msg, msg);
	formspec_done(&spec); /* harmless on an empty spec */
}

#define BAD(text, msg) parse_bad(text, sizeof(text) - 1, msg)

/* --- errors first ------------------------------------------------------ */

START_TEST(empty_files_declare_no_field)
{
	BAD("", "the form declares no field");
	BAD("# only a comment\n\n   \n", "the form declares no field");
	BAD("\xEF\xBB\xBF", "the form declares no field");
}
END_TEST

START_TEST(errors_name_the_line)
{
	BAD("# head\n\nname | Name | 30 | text\nphone | Phone | 16 | phon\n",
	    "line 4: unknown kind 'phon'");
	BAD("name | Name | 30\n", "line 1: expected name | label | width | kind");
	BAD("name\n", "line 1: expected name | label | width | kind");
}
END_TEST

START_TEST(names_are_plain_and_unique)
{
	BAD("Name | Name | 30 | text\n", "line 1: 'Name' is no field name");
	BAD("1st | Name | 30 | text\n", "line 1: '1st' is no field name");
	BAD("名前 | Name | 30 | text\n", "line 1: '名前' is no field name");
	BAD(" | Name | 30 | text\n", "line 1: '' is no field name");
	BAD("abcdefghijklmnopqrstuvwxyzabcdef | N | 3 | text\n",
	    "line 1: 'abcdefghijklmnop");
	BAD("a | A | 3 | text\nb | B | 3 | text\na | A2 | 3 | text\n",
	    "line 3: the field 'a' is declared twice");
}
END_TEST

START_TEST(labels_and_widths_are_checked)
{
	BAD("a |  | 3 | text\n", "line 1: the field 'a' needs a label");
	BAD("a | A | 0 | text\n", "line 1: '0' is no width");
	BAD("a | A | 201 | text\n", "line 1: '201' is no width");
	BAD("a | A | -3 | text\n", "line 1: '-3' is no width");
	BAD("a | A | 3x | text\n", "line 1: '3x' is no width");
	BAD("a | A | 999999999999 | text\n", "line 1: '999999999999' is no width");
	BAD("a | A | | text\n", "line 1: '' is no width");
}
END_TEST

START_TEST(flags_are_checked)
{
	BAD("a | A | 3 | text | optional\n", "line 1: unknown flag 'optional'");
	BAD("a | A | 3 | text | required required\n", "line 1: 'required' is given twice");
	BAD("a | A | 3 | text | max=0\n", "line 1: 'max=0': max= takes a number");
	BAD("a | A | 3 | text | max=10001\n", "line 1: 'max=10001': max= takes");
	BAD("a | A | 3 | text | max=\n", "line 1: 'max=': max= takes");
	BAD("a | A | 3 | text | max=5 max=6\n", "line 1: 'max=6': max= is given twice");
	BAD("a | A | 3 | choice\n", "line 1: a choice field needs choices=");
	BAD("a | A | 3 | choice | required\n", "line 1: a choice field needs choices=");
	BAD("a | A | 3 | text | choices=x,y\n", "line 1: choices= is only for a choice field");
	BAD("a | A | 3 | choice | choices=\n", "line 1: choices= needs values");
	BAD("a | A | 3 | choice | choices=x,\n", "line 1: a choice is missing");
	BAD("a | A | 3 | choice | choices=x,x\n", "line 1: the choice 'x' is given twice");
	BAD("a | A | 3 | choice | choices=X\n", "line 1: 'X' is no choice value");
	BAD("a | A | 3 | choice | choices=x:\n", "line 1: the choice 'x:' needs a short label");
	BAD("a | A | 3 | choice | choices=a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q\n",
	    "line 1: too many choices");
}
END_TEST

START_TEST(too_many_columns_says_how_to_escape)
{
	BAD("a | A | 3 | text | | help | more\n", "line 1: too many columns");
}
END_TEST

START_TEST(bad_bytes_are_refused_with_the_line)
{
	BAD("a | A | 3 | text\nb | \xFF | 3 | text\n", "line 2: not text");
	BAD("a | A | 3 | text\nb | B\x01 | 3 | text\n", "line 2: not text");
	BAD("a | A\0 | 3 | text\n", "line 1: not text");
}
END_TEST

START_TEST(too_many_fields_is_refused)
{
	char text[64 * 24 + 64];
	size_t len = 0;

	for (int i = 0; i < 65; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"f%d | F | 3 | text\n", i);
	parse_bad(text, len, "line 65: too many fields");
}
END_TEST

/* --- what a good file gives ------------------------------------------- */

START_TEST(a_field_with_every_column)
{
	struct formspec spec;
	const struct formspec_field *f;

	parse_ok("name | Name | 30 | text | required max=80 | Family name first\n",
		 &spec);
	ck_assert_uint_eq(spec.n, 1);
	f = &spec.fields[0];
	ck_assert_str_eq(f->name, "name");
	ck_assert_str_eq(f->label, "Name");
	ck_assert_int_eq(f->width, 30);
	ck_assert_int_eq(f->kind, FORMSPEC_TEXT);
	ck_assert(f->required);
	ck_assert_int_eq(f->max_chars, 80);
	ck_assert_str_eq(f->help, "Family name first");
	ck_assert_uint_eq(f->line, 1);
	formspec_done(&spec);
	ck_assert_ptr_null(spec.fields);
}
END_TEST

START_TEST(flags_and_help_may_be_left_out)
{
	struct formspec spec;

	parse_ok("a | A | 3 | text\nb | B | 4 | date |\nc|C|5|bool||\n", &spec);
	ck_assert_uint_eq(spec.n, 3);
	ck_assert(!spec.fields[0].required);
	ck_assert_int_eq(spec.fields[0].max_chars, FORMSPEC_DEFAULT_MAX);
	ck_assert_str_eq(spec.fields[0].help, "");
	ck_assert_int_eq(spec.fields[1].kind, FORMSPEC_DATE);
	ck_assert_int_eq(spec.fields[2].kind, FORMSPEC_BOOL);
	ck_assert_int_eq(spec.fields[2].width, 5);
	formspec_done(&spec);
}
END_TEST

START_TEST(comments_blank_lines_crlf_and_bom)
{
	struct formspec spec;

	parse_ok("\xEF\xBB\xBF# head\r\n\r\n  # indented comment\r\n"
		 "a | A | 3 | text\r\n\tb\t|\tB\t|\t4\t|\tkana\t\r\n", &spec);
	ck_assert_uint_eq(spec.n, 2);
	ck_assert_str_eq(spec.fields[0].name, "a");
	ck_assert_uint_eq(spec.fields[0].line, 4);
	ck_assert_str_eq(spec.fields[1].name, "b");
	ck_assert_str_eq(spec.fields[1].label, "B");
	ck_assert_int_eq(spec.fields[1].kind, FORMSPEC_KANA);
	formspec_done(&spec);
}
END_TEST

START_TEST(no_newline_at_the_end)
{
	struct formspec spec;

	parse_ok("a | A | 3 | text", &spec);
	ck_assert_uint_eq(spec.n, 1);
	formspec_done(&spec);
}
END_TEST

START_TEST(escaped_bars_and_backslashes)
{
	struct formspec spec;

	parse_ok("a | A \\| B | 3 | text | | one \\| two \\\\ three \\n\n", &spec);
	ck_assert_str_eq(spec.fields[0].label, "A | B");
	/* only \| and \\ are escapes: \n stays as typed */
	ck_assert_str_eq(spec.fields[0].help, "one | two \\ three \\n");
	formspec_done(&spec);
}
END_TEST

START_TEST(japanese_labels_and_help)
{
	struct formspec spec;

	parse_ok("name_kana | フリガナ | 30 | kana | required | 全角カナ、ひらがな可\n",
		 &spec);
	ck_assert_str_eq(spec.fields[0].label, "フリガナ");
	ck_assert_str_eq(spec.fields[0].help, "全角カナ、ひらがな可");
	formspec_done(&spec);
}
END_TEST

START_TEST(choices_with_and_without_labels)
{
	struct formspec spec;
	const struct formspec_field *f;

	parse_ok("g | Gender | 8 | choice | choices=f:female,m:male,x | pick\n", &spec);
	f = &spec.fields[0];
	ck_assert_int_eq(f->nchoices, 3);
	ck_assert_str_eq(f->choices[0].value, "f");
	ck_assert_str_eq(f->choices[0].label, "female");
	ck_assert_str_eq(f->choices[2].value, "x");
	ck_assert_str_eq(f->choices[2].label, "x");
	ck_assert_int_eq(formspec_choice_find(f, "m"), 1);
	ck_assert_int_eq(formspec_choice_find(f, "male"), -1);
	ck_assert_int_eq(formspec_choice_find(f, NULL), -1);
	formspec_done(&spec);
}
END_TEST

START_TEST(every_kind_has_a_keyword)
{
	for (int k = 0; k < FORMSPEC_KIND_COUNT; k++) {
		const char *w = formspec_kind_name((enum formspec_kind)k);

		ck_assert_str_ne(w, "?");
		ck_assert_int_eq(formspec_kind_parse(w), k);
	}
	ck_assert_str_eq(formspec_kind_name(FORMSPEC_KIND_COUNT), "?");
	ck_assert_int_eq(formspec_kind_parse("TEXT"), -1);
	ck_assert_int_eq(formspec_kind_parse(""), -1);
	ck_assert_int_eq(formspec_kind_parse(NULL), -1);
}
END_TEST

START_TEST(find_by_name)
{
	struct formspec spec;

	parse_ok("a | A | 3 | text\nb | B | 3 | text\n", &spec);
	ck_assert_int_eq(formspec_find(&spec, "b"), 1);
	ck_assert_int_eq(formspec_find(&spec, "c"), -1);
	ck_assert_int_eq(formspec_find(&spec, NULL), -1);
	formspec_done(&spec);
}
END_TEST

START_TEST(the_shipped_forms_parse)
{
	/* the files in forms/, read from the source tree when the test runs
	 * under make check (RD_SRCDIR); check_ui_form checks the compiled-in
	 * copies field by field */
	const char *dir = getenv("RD_SRCDIR");
	const char *names[] = { "customer", "filter" };

	if (!dir)
		return;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[4096], *text;
		struct formspec spec;
		struct rd_error err;
		FILE *f;
		long len;

		snprintf(path, sizeof(path), "%s/forms/%s.form", dir, names[i]);
		f = fopen(path, "rb");
		ck_assert_msg(f != NULL, "%s", path);
		fseek(f, 0, SEEK_END);
		len = ftell(f);
		rewind(f);
		text = malloc((size_t)len + 1);
		ck_assert_uint_eq(fread(text, 1, (size_t)len, f), (size_t)len);
		fclose(f);
		ck_assert_msg(formspec_parse(text, (size_t)len, &spec, &err) == RD_OK,
			      "%s: %s", path, err.msg);
		ck_assert_uint_gt(spec.n, 5);
		formspec_done(&spec);
		free(text);
	}
}
END_TEST

Suite *formspec_suite(void)
{
	Suite *s = suite_create("formspec");
	TCase *tc = tcase_create("errors");

	tcase_add_test(tc, empty_files_declare_no_field);
	tcase_add_test(tc, errors_name_the_line);
	tcase_add_test(tc, names_are_plain_and_unique);
	tcase_add_test(tc, labels_and_widths_are_checked);
	tcase_add_test(tc, flags_are_checked);
	tcase_add_test(tc, too_many_columns_says_how_to_escape);
	tcase_add_test(tc, bad_bytes_are_refused_with_the_line);
	tcase_add_test(tc, too_many_fields_is_refused);
	suite_add_tcase(s, tc);
	tc = tcase_create("parse");
	tcase_add_test(tc, a_field_with_every_column);
	tcase_add_test(tc, flags_and_help_may_be_left_out);
	tcase_add_test(tc, comments_blank_lines_crlf_and_bom);
	tcase_add_test(tc, no_newline_at_the_end);
	tcase_add_test(tc, escaped_bars_and_backslashes);
	tcase_add_test(tc, japanese_labels_and_help);
	tcase_add_test(tc, choices_with_and_without_labels);
	tcase_add_test(tc, every_kind_has_a_keyword);
	tcase_add_test(tc, find_by_name);
	tcase_add_test(tc, the_shipped_forms_parse);
	suite_add_tcase(s, tc);
	return s;
}
