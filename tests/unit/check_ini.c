/* check_ini.c: the INI parser and its lookup table. */
#include <check.h>
#include <string.h>

#include "repeatdesk/ini.h"

Suite *ini_suite(void);

static struct ini *load_ok(const char *text)
{
	struct ini *ini = NULL;
	struct rd_error err;

	rd_error_clear(&err);
	ck_assert_msg(ini_load(text, strlen(text), &ini, &err) == RD_OK,
		      "%s", err.msg);
	ck_assert_ptr_nonnull(ini);
	return ini;
}

/* Expects the exact message ("line N: ..."). */
static void load_bad(const char *text, size_t len, const char *msg)
{
	struct ini *ini = (struct ini *)&ini;   /* not NULL */
	struct rd_error err;

	rd_error_clear(&err);
	ck_assert_int_eq(ini_load(text, len, &ini, &err), RD_INVALID);
	ck_assert_ptr_null(ini);
	ck_assert_msg(strncmp(err.msg, msg, strlen(msg)) == 0,
		      "got \"%s\", want \"%s...\"", err.msg, msg);
}

#define BAD(text, msg) load_bad(text, sizeof(text) - 1, msg)

/* --- errors ------------------------------------------------------------ */

START_TEST(missing_equals_names_the_line)
{
	BAD("# config\n\n[db]\nhost = x\n\nport = 5432\nthis is wrong\n",
	    "line 7: expected key = value");
}
END_TEST

START_TEST(section_header_errors)
{
	BAD("[db\nx = 1\n", "line 1: section header not closed with ']'");
	BAD("a = 1\n[ ]\n", "line 2: expected a section name inside [ ]");
	BAD("[]\n", "line 1: expected a section name inside [ ]");
	BAD("[a[b]\n", "line 1: expected a section name inside [ ]");
	BAD("[db] port = 1\n", "line 1: text after the section header");
}
END_TEST

START_TEST(key_errors)
{
	BAD("= value\n", "line 1: expected key = value (the key is empty)");
	BAD("  \t= value\n", "line 1: expected key = value (the key is empty)");
	BAD("my key = x\n", "line 1: a key may hold only letters");
	BAD("名前 = x\n", "line 1: a key may hold only letters");
}
END_TEST

START_TEST(quoted_value_errors)
{
	BAD("a = \"open\n", "line 1: missing closing quote of the value");
	BAD("a = \"x\\\"\n", "line 1: missing closing quote of the value");
	BAD("\na = \"x\" y\n", "line 2: text after the closing quote");
	BAD("a = \"\\q\"\n", "line 1: unknown escape in a quoted value");
}
END_TEST

START_TEST(bad_bytes_name_the_line)
{
	BAD("a = 1\nb = \xFF\n", "line 2: not UTF-8 text, or a control");
	BAD("a = 1\nb = x\x01y\n", "line 2: not UTF-8 text, or a control");
	BAD("a = 1\nb = x\0y\n", "line 2: not UTF-8 text, or a control");
	BAD("a = 1\rb = 2\n", "line 1: not UTF-8 text, or a control");
}
END_TEST

static enum rd_status refuse_port(void *ctx, const char *section,
				  const char *key, const char *value,
				  unsigned line, struct rd_error *err)
{
	int *calls = ctx;

	(void)section;
	(*calls)++;
	if (strcmp(key, "port") == 0)
		return rd_error_set(err, RD_USAGE,
				    "line %u: port must be a number, not "
				    "\"%s\"", line, value);
	return RD_OK;
}

START_TEST(callback_error_stops_parsing)
{
	const char *text = "host = x\nport = abc\nuser = y\n";
	struct rd_error err;
	int calls = 0;

	ck_assert_int_eq(ini_parse(text, strlen(text), refuse_port, &calls,
				   &err), RD_USAGE);
	ck_assert_int_eq(calls, 2);
	ck_assert_str_eq(err.msg, "line 2: port must be a number, not \"abc\"");
}
END_TEST

/* --- parsing ------------------------------------------------------------- */

START_TEST(sections_keys_and_comments)
{
	struct ini *ini = load_ok(
		"# repeatdesk.conf\n"
		"; another comment\n"
		"timezone = Asia/Tokyo\n"
		"\n"
		"[db]\n"
		"  host   =   db.example.jp   \n"
		"port=5432\n"
		"conninfo = host=x dbname=y\n"
		"\t# indented comment\n"
		"[ ui ]  # trailing comment\n"
		"theme = dark ; comment\n"
		"url = http://x/#frag\n"
		"empty =\n"
		"color = #fff\n");

	ck_assert_str_eq(ini_get(ini, "", "timezone"), "Asia/Tokyo");
	ck_assert_str_eq(ini_get(ini, NULL, "timezone"), "Asia/Tokyo");
	ck_assert_str_eq(ini_get(ini, "db", "host"), "db.example.jp");
	ck_assert_str_eq(ini_get(ini, "db", "port"), "5432");
	ck_assert_str_eq(ini_get(ini, "db", "conninfo"), "host=x dbname=y");
	ck_assert_str_eq(ini_get(ini, "ui", "theme"), "dark");
	ck_assert_str_eq(ini_get(ini, "ui", "url"), "http://x/#frag");
	ck_assert_str_eq(ini_get(ini, "ui", "empty"), "");
	ck_assert_str_eq(ini_get(ini, "ui", "color"), "");
	ck_assert_ptr_null(ini_get(ini, "db", "theme"));
	ck_assert_ptr_null(ini_get(ini, "DB", "host"));
	ck_assert_ptr_null(ini_get(ini, "nope", "x"));
	ck_assert_uint_eq(ini_line(ini, "db", "port"), 7);
	ck_assert_uint_eq(ini_line(ini, "db", "nope"), 0);
	ini_free(&ini);
	ck_assert_ptr_null(ini);
}
END_TEST

START_TEST(quoted_values)
{
	struct ini *ini = load_ok(
		"a = \"  keep spaces  \"\n"
		"b = \"with # and ; inside\"   # comment\n"
		"c = \"esc \\\" \\\\ \\n \\t end\"\n"
		"d = \"\"\n"
		"e = \"日本語\"\n");

	ck_assert_str_eq(ini_get(ini, NULL, "a"), "  keep spaces  ");
	ck_assert_str_eq(ini_get(ini, NULL, "b"), "with # and ; inside");
	ck_assert_str_eq(ini_get(ini, NULL, "c"), "esc \" \\ \n \t end");
	ck_assert_str_eq(ini_get(ini, NULL, "d"), "");
	ck_assert_str_eq(ini_get(ini, NULL, "e"), "日本語");
	ini_free(&ini);
}
END_TEST

START_TEST(last_assignment_wins_and_order_is_kept)
{
	struct ini *ini = load_ok("[s]\nk = 1\nj = 2\nk = 3\n");
	const char *sec, *key, *val;
	unsigned line;

	ck_assert_str_eq(ini_get(ini, "s", "k"), "3");
	ck_assert_uint_eq(ini_line(ini, "s", "k"), 4);
	ck_assert_uint_eq(ini_count(ini), 3);
	ck_assert_int_eq(ini_entry(ini, 1, &sec, &key, &val, &line), 0);
	ck_assert_str_eq(sec, "s");
	ck_assert_str_eq(key, "j");
	ck_assert_str_eq(val, "2");
	ck_assert_uint_eq(line, 3);
	ck_assert_int_eq(ini_entry(ini, 3, &sec, NULL, NULL, NULL), -1);
	ini_free(&ini);
}
END_TEST

START_TEST(crlf_bom_and_missing_final_newline)
{
	struct ini *ini = load_ok("\xEF\xBB\xBF[a]\r\nx = 1\r\ny = \"2\"\r\nz=3");

	ck_assert_str_eq(ini_get(ini, "a", "x"), "1");
	ck_assert_str_eq(ini_get(ini, "a", "y"), "2");
	ck_assert_str_eq(ini_get(ini, "a", "z"), "3");
	ini_free(&ini);
}
END_TEST

START_TEST(empty_input_has_no_items)
{
	struct ini *ini = load_ok("");

	ck_assert_uint_eq(ini_count(ini), 0);
	ck_assert_ptr_null(ini_get(ini, NULL, "x"));
	ini_free(&ini);
	ini = load_ok("\n  \n# only comments\n");
	ck_assert_uint_eq(ini_count(ini), 0);
	ini_free(&ini);
	ini_free(&ini);
	ck_assert_ptr_null(ini_get(NULL, NULL, "x"));
	ck_assert_uint_eq(ini_count(NULL), 0);
}
END_TEST

Suite *ini_suite(void)
{
	Suite *s = suite_create("ini");
	TCase *edge = tcase_create("errors");
	TCase *core = tcase_create("core");

	tcase_add_test(edge, missing_equals_names_the_line);
	tcase_add_test(edge, section_header_errors);
	tcase_add_test(edge, key_errors);
	tcase_add_test(edge, quoted_value_errors);
	tcase_add_test(edge, bad_bytes_name_the_line);
	tcase_add_test(edge, callback_error_stops_parsing);
	tcase_add_test(core, sections_keys_and_comments);
	tcase_add_test(core, quoted_values);
	tcase_add_test(core, last_assignment_wins_and_order_is_kept);
	tcase_add_test(core, crlf_bom_and_missing_final_newline);
	tcase_add_test(core, empty_input_has_no_items);
	suite_add_tcase(s, edge);
	suite_add_tcase(s, core);
	return s;
}
