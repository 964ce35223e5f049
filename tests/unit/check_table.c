/* check_table.c: table, json and csv rendering of the command line. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/json.h"
#include "repeatdesk/table.h"
#include "repeatdesk/width.h"

Suite *table_suite(void);

static char *render(const struct table *t, enum table_format f, int record)
{
	struct sbuf sb;
	char *p;

	sbuf_init(&sb);
	if (record)
		table_render_record(t, f, &sb);
	else
		table_render(t, f, &sb);
	p = sbuf_detach(&sb);
	sbuf_done(&sb);
	return p;
}

/* id, 名前, amount with two customers. */
static struct table *customers(void)
{
	struct table *t = table_new();

	table_add_column(t, "id", NULL, TABLE_INT);
	table_add_column(t, "name", "名前", TABLE_TEXT);
	table_add_column(t, "amount", NULL, TABLE_INT);
	table_add_row(t);
	table_set(t, 0, "1");
	table_set(t, 1, "山田太郎");
	table_set(t, 2, "1200");
	table_add_row(t);
	table_setf(t, 0, "%d", 12);
	table_set(t, 1, "Smith");
	table_set(t, 2, "34500");
	return t;
}

static void no_trailing_spaces(const char *s)
{
	for (const char *p = s; (p = strchr(p, '\n')); p++)
		ck_assert_msg(p == s || p[-1] != ' ', "trailing space in:\n%s",
			      s);
}

/* --- table format -------------------------------------------------------- */

START_TEST(table_aligns_japanese_by_display_width)
{
	struct table *t = customers();
	char *p = render(t, TABLE_FMT_TABLE, 0);

	ck_assert_str_eq(p,
			 "id  名前      amount\n"
			 "--  --------  ------\n"
			 " 1  山田太郎    1200\n"
			 "12  Smith      34500\n");
	free(p);
	table_free(&t);
	ck_assert_ptr_null(t);
}
END_TEST

START_TEST(table_has_no_trailing_spaces)
{
	struct table *t = table_new();
	char *p;

	table_add_column(t, "code", NULL, TABLE_TEXT);
	table_add_column(t, "note", "備考", TABLE_TEXT);
	table_add_row(t);
	table_set(t, 0, "A1");
	table_set(t, 1, "長い備考のテキスト");
	table_add_row(t);
	table_set(t, 0, "B22");
	table_add_row(t);
	table_set(t, 1, "x");
	p = render(t, TABLE_FMT_TABLE, 0);
	ck_assert_str_eq(p,
			 "code  備考\n"
			 "----  ------------------\n"
			 "A1    長い備考のテキスト\n"
			 "B22\n"
			 "      x\n");
	no_trailing_spaces(p);
	free(p);
	table_free(&t);
}
END_TEST

START_TEST(table_neutralises_controls_and_bad_bytes)
{
	struct table *t = table_new();
	char *p;

	table_add_column(t, "a", NULL, TABLE_TEXT);
	table_add_column(t, "b", NULL, TABLE_TEXT);
	table_add_row(t);
	table_set(t, 0, "x\ny\tz\x1b[0m");
	table_set(t, 1, "\xFFok");
	p = render(t, TABLE_FMT_TABLE, 0);
	ck_assert_str_eq(p,
			 "a          b\n"
			 "---------  ---\n"
			 "x y z [0m  \xEF\xBF\xBDok\n");
	free(p);
	table_free(&t);
}
END_TEST

START_TEST(table_with_no_rows_or_columns)
{
	struct table *t = table_new();
	char *p = render(t, TABLE_FMT_TABLE, 0);

	ck_assert_str_eq(p, "");
	free(p);
	p = render(t, TABLE_FMT_JSON, 0);
	ck_assert_str_eq(p, "[]\n");
	free(p);
	p = render(t, TABLE_FMT_CSV, 0);
	ck_assert_str_eq(p, "");
	free(p);
	table_add_column(t, "id", "番号", TABLE_INT);
	p = render(t, TABLE_FMT_TABLE, 0);
	ck_assert_str_eq(p, "番号\n----\n");
	free(p);
	p = render(t, TABLE_FMT_JSON, 1);
	ck_assert_str_eq(p, "null\n");
	free(p);
	p = render(t, TABLE_FMT_TABLE, 1);
	ck_assert_str_eq(p, "");
	free(p);
	ck_assert_int_eq(table_rows(t), 0);
	table_free(&t);
}
END_TEST

START_TEST(cells_outside_the_table_are_ignored)
{
	struct table *t = table_new();
	char *p;

	table_add_column(t, "a", NULL, TABLE_TEXT);
	table_set(t, 0, "before any row");
	table_add_row(t);
	table_set(t, 5, "no such column");
	table_set(t, -1, "negative");
	table_set(t, 0, "first");
	table_set(t, 0, "second");          /* replaces */
	table_add_column(t, "b", NULL, TABLE_TEXT);
	table_set(t, 1, "column added after the row");
	p = render(t, TABLE_FMT_JSON, 0);
	ck_assert_str_eq(p, "[\n  {\"a\": \"second\", \"b\": null}\n]\n");
	free(p);
	table_free(&t);
	table_free(&t);
}
END_TEST

/* --- json ---------------------------------------------------------------- */

START_TEST(json_escapes_and_replaces_invalid_bytes)
{
	struct table *t = table_new();
	char *p;

	table_add_column(t, "s", NULL, TABLE_TEXT);
	table_add_row(t);
	table_set(t, 0, "\"q\" \\ \n\t\x01 日本 \xFF");
	p = render(t, TABLE_FMT_JSON, 0);
	ck_assert_str_eq(p, "[\n  {\"s\": \"\\\"q\\\" \\\\ \\n\\t\\u0001 日本 "
			 "\xEF\xBF\xBD\"}\n]\n");
	ck_assert(json_valid(p, strlen(p)));
	free(p);
	table_free(&t);
}
END_TEST

START_TEST(json_types_keep_the_document_valid)
{
	struct table *t = table_new();
	struct json_value *v = NULL;
	int64_t i;
	int b;
	char *p;

	table_add_column(t, "n", NULL, TABLE_INT);
	table_add_column(t, "bad_n", NULL, TABLE_INT);
	table_add_column(t, "t", NULL, TABLE_BOOL);
	table_add_column(t, "f", NULL, TABLE_BOOL);
	table_add_column(t, "j", NULL, TABLE_JSON);
	table_add_column(t, "bad_j", NULL, TABLE_JSON);
	table_add_column(t, "null", NULL, TABLE_TEXT);
	table_add_row(t);
	table_set(t, 0, "-42");
	table_set(t, 1, "007");
	table_set(t, 2, "t");
	table_set(t, 3, "f");
	table_set(t, 4, "{\"a\":[1,2]}");
	table_set(t, 5, "{oops");
	p = render(t, TABLE_FMT_JSON, 1);
	ck_assert_str_eq(p, "{\n  \"n\": -42,\n  \"bad_n\": \"007\",\n"
			 "  \"t\": true,\n  \"f\": false,\n"
			 "  \"j\": {\"a\":[1,2]},\n  \"bad_j\": \"{oops\",\n"
			 "  \"null\": null\n}\n");
	ck_assert_int_eq(json_parse(p, strlen(p), &v, NULL), RD_OK);
	ck_assert_int_eq(json_as_int(json_get(v, "n"), &i), 0);
	ck_assert_int_eq(i, -42);
	ck_assert_int_eq(json_as_bool(json_get(v, "t"), &b), 0);
	ck_assert_int_eq(b, 1);
	ck_assert_uint_eq(json_len(json_get(json_get(v, "j"), "a")), 2);
	json_free(&v);
	free(p);
	table_free(&t);
}
END_TEST

START_TEST(json_array_parses_back)
{
	struct table *t = customers();
	struct json_value *v = NULL;
	char *p = render(t, TABLE_FMT_JSON, 0);
	int64_t amount;

	ck_assert_str_eq(p, "[\n"
			 "  {\"id\": 1, \"name\": \"山田太郎\", \"amount\": 1200},\n"
			 "  {\"id\": 12, \"name\": \"Smith\", \"amount\": 34500}\n"
			 "]\n");
	ck_assert_int_eq(json_parse(p, strlen(p), &v, NULL), RD_OK);
	ck_assert_uint_eq(json_len(v), 2);
	ck_assert_str_eq(json_as_string(json_get(json_at(v, 0), "name"), NULL),
			 "山田太郎");
	ck_assert_int_eq(json_as_int(json_get(json_at(v, 1), "amount"),
				     &amount), 0);
	ck_assert_int_eq(amount, 34500);
	json_free(&v);
	free(p);
	table_free(&t);
}
END_TEST

/* --- csv ----------------------------------------------------------------- */

START_TEST(csv_quotes_what_needs_quoting)
{
	struct table *t = table_new();
	char *p;

	table_add_column(t, "name", "名前", TABLE_TEXT);
	table_add_column(t, "note", NULL, TABLE_TEXT);
	table_add_column(t, "ok", NULL, TABLE_BOOL);
	table_add_row(t);
	table_set(t, 0, "山田, 太郎");
	table_set(t, 1, "said \"hi\"\nthen left");
	table_set(t, 2, "true");
	table_add_row(t);
	table_set(t, 0, "plain");
	p = render(t, TABLE_FMT_CSV, 0);
	ck_assert_str_eq(p, "name,note,ok\n"
			 "\"山田, 太郎\",\"said \"\"hi\"\"\nthen left\",true\n"
			 "plain,,\n");
	free(p);
	p = render(t, TABLE_FMT_CSV, 1);
	ck_assert_str_eq(p, "name,note,ok\n"
			 "\"山田, 太郎\",\"said \"\"hi\"\"\nthen left\",true\n");
	free(p);
	table_free(&t);
}
END_TEST

static char *render_csv_opts(const struct table *t, bool bom, bool crlf,
			     bool spreadsheet)
{
	struct table_csv_options o = { bom, crlf, spreadsheet };
	struct sbuf sb;
	char *p;

	sbuf_init(&sb);
	table_render_csv(t, &o, &sb);
	p = sbuf_detach(&sb);
	sbuf_done(&sb);
	return p;
}

/* one row: n INT, amount MONEY, text TEXT, code CODE */
static struct table *csv_sample(const char *n, const char *text,
				const char *code)
{
	struct table *t = table_new();

	table_add_column(t, "n", NULL, TABLE_INT);
	table_add_column(t, "amount", NULL, TABLE_MONEY);
	table_add_column(t, "text", NULL, TABLE_TEXT);
	table_add_column(t, "code", NULL, TABLE_CODE);
	table_add_row(t);
	table_set(t, 0, n);
	table_set(t, 1, "-1200");
	table_set(t, 2, text);
	table_set(t, 3, code);
	return t;
}

START_TEST(csv_bom_and_crlf_on_request)
{
	struct table *t = csv_sample("1", "a", "C1");
	char *p;

	p = render_csv_opts(t, true, true, false);
	ck_assert_str_eq(p, "\xEF\xBB\xBFn,amount,text,code\r\n"
			 "1,-1200,a,C1\r\n");
	free(p);
	p = render_csv_opts(t, false, false, false);
	ck_assert_str_eq(p, "n,amount,text,code\n1,-1200,a,C1\n");
	free(p);
	p = render(t, TABLE_FMT_CSV, 0);  /* the old entry: LF, no BOM */
	ck_assert_str_eq(p, "n,amount,text,code\n1,-1200,a,C1\n");
	free(p);
	table_free(&t);
}
END_TEST

/* A cell never becomes a spreadsheet formula; numbers stay numbers. */
START_TEST(csv_neutralises_formulas)
{
	static const struct {
		const char *text, *csv;
	} cases[] = {
		{ "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
		{ "=cmd", "'=cmd" },
		{ "+1", "'+1" },
		{ "-x", "'-x" },
		{ "@SUM(A1)", "'@SUM(A1)" },
		{ "\t=1", "'\t=1" },
		{ "=1,2", "\"'=1,2\"" },
		{ "a=b", "a=b" },
		{ "", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct table *t = csv_sample("-5", cases[i].text, "C1");
		char want[128];
		char *p = render_csv_opts(t, false, false, false);
		char *q = render(t, TABLE_FMT_CSV, 0);

		snprintf(want, sizeof(want),
			 "n,amount,text,code\n-5,-1200,%s,C1\n", cases[i].csv);
		ck_assert_str_eq(p, want);
		ck_assert_str_eq(q, want);
		free(p);
		free(q);
		table_free(&t);
	}
}
END_TEST

START_TEST(csv_number_columns_only_hold_numbers)
{
	struct table *t = csv_sample("=1+1", "a", "-C1");
	char *p = render_csv_opts(t, false, false, false);

	/* not a number in a number column, a code starting with '-' */
	ck_assert_str_eq(p, "n,amount,text,code\n'=1+1,-1200,a,'-C1\n");
	free(p);
	table_free(&t);
}
END_TEST

START_TEST(csv_codes_keep_leading_zeros_for_a_spreadsheet)
{
	struct table *t = csv_sample("1", "0312", "0312345678");
	char *p;

	p = render_csv_opts(t, true, false, true);
	ck_assert_str_eq(p, "\xEF\xBB\xBFn,amount,text,code\n"
			 "1,-1200,0312,\"=\"\"0312345678\"\"\"\n");
	free(p);
	p = render_csv_opts(t, false, false, false);
	ck_assert_str_eq(p, "n,amount,text,code\n1,-1200,0312,0312345678\n");
	free(p);
	table_free(&t);
	/* a code with other characters is text, neutralised when needed */
	t = csv_sample("1", "a", "=03\"12");
	p = render_csv_opts(t, false, false, true);
	ck_assert_str_eq(p, "n,amount,text,code\n1,-1200,a,\"'=03\"\"12\"\n");
	free(p);
	table_free(&t);
	t = csv_sample("1", "a", "03-1234-5678");
	p = render_csv_opts(t, false, false, true);
	ck_assert_str_eq(p, "n,amount,text,code\n"
			 "1,-1200,a,\"=\"\"03-1234-5678\"\"\"\n");
	free(p);
	table_free(&t);
}
END_TEST

START_TEST(json_moments_in_rfc3339)
{
	struct table *t = table_new();
	char *p;

	table_add_column(t, "at", NULL, TABLE_DATE);
	table_add_column(t, "day", NULL, TABLE_DATE);
	table_add_row(t);
	table_set(t, 0, "2026-12-07 18:00:00.123+09");
	table_set(t, 1, "2026-12-07");
	p = render(t, TABLE_FMT_JSON, 1);
	ck_assert_str_eq(p, "{\n  \"at\": \"2026-12-07T18:00:00.123+09:00\",\n"
			 "  \"day\": \"2026-12-07\"\n}\n");
	free(p);
	p = render(t, TABLE_FMT_CSV, 0);   /* csv keeps the database's text */
	ck_assert_str_eq(p, "at,day\n2026-12-07 18:00:00.123+09,2026-12-07\n");
	free(p);
	table_free(&t);
}
END_TEST

/* --- records ------------------------------------------------------------- */

START_TEST(record_lines_align_values)
{
	struct table *t = table_new();
	char *p;

	table_add_column(t, "id", "ID", TABLE_INT);
	table_add_column(t, "name", "お名前", TABLE_TEXT);
	table_add_column(t, "note", "備考", TABLE_TEXT);
	table_add_column(t, "email", "E-mail", TABLE_TEXT);
	table_add_row(t);
	table_set(t, 0, "7");
	table_set(t, 1, "山田 太郎");
	table_set(t, 2, "一行目\n二行目");
	p = render(t, TABLE_FMT_TABLE, 1);
	ck_assert_str_eq(p,
			 "ID:     7\n"
			 "お名前: 山田 太郎\n"
			 "備考:   一行目\n"
			 "        二行目\n"
			 "E-mail:\n");
	no_trailing_spaces(p);
	free(p);
	table_free(&t);
}
END_TEST

START_TEST(record_renders_the_first_row_only)
{
	struct table *t = customers();
	char *p = render(t, TABLE_FMT_JSON, 1);

	ck_assert_str_eq(p, "{\n  \"id\": 1,\n  \"name\": \"山田太郎\",\n"
			 "  \"amount\": 1200\n}\n");
	free(p);
	p = render(t, TABLE_FMT_CSV, 1);
	ck_assert_str_eq(p, "id,name,amount\n1,山田太郎,1200\n");
	free(p);
	table_free(&t);
}
END_TEST

/* Amounts and dates as people read them in the table; json and csv keep
 * plain integers and ISO dates. */
START_TEST(money_and_dates_shown_for_people_in_table_only)
{
	struct table *t = table_new();
	char *p;

	table_add_column(t, "date", "Date", TABLE_DATE);
	table_add_column(t, "total", "Total", TABLE_MONEY);
	table_add_row(t);
	table_set(t, 0, "2026-12-12");
	table_set(t, 1, "7560");
	table_add_row(t);
	table_set(t, 0, "someday");
	table_set(t, 1, "-500");
	table_add_row(t);
	table_set(t, 1, "n/a");
	p = render(t, TABLE_FMT_TABLE, 0);
	ck_assert_str_eq(p, "Date              Total\n"
			    "---------------  ------\n"
			    "2026/12/12(Sat)  \xC2\xA5" "7,560\n"
			    "someday           -\xC2\xA5" "500\n"
			    "                    n/a\n");
	free(p);
	p = render(t, TABLE_FMT_JSON, 0);
	ck_assert(strstr(p, "\"date\": \"2026-12-12\", \"total\": 7560") != NULL);
	ck_assert(strstr(p, "\"total\": -500") != NULL);
	free(p);
	p = render(t, TABLE_FMT_CSV, 0);
	ck_assert_str_eq(p, "date,total\n2026-12-12,7560\nsomeday,-500\n,n/a\n");
	free(p);
	p = render(t, TABLE_FMT_TABLE, 1);
	ck_assert_str_eq(p, "Date:  2026/12/12(Sat)\nTotal: \xC2\xA5" "7,560\n");
	free(p);
	table_free(&t);
}
END_TEST

/* A code column shows its words in the table format (a list and a
 * record); json and csv keep the code for scripts. Booleans read yes/no in
 * the table, true/false in json and csv. */
START_TEST(codes_in_words_in_table_only)
{
	struct table *t = table_new();
	char *p;

	table_add_column(t, "status", "Status", TABLE_TEXT);
	table_add_column(t, "payment", "Payment", TABLE_TEXT);
	table_add_column(t, "overdue", "Overdue", TABLE_BOOL);
	table_add_row(t);
	table_set_code(t, 0, "open", "未対応");
	table_set(t, 1, "cod");
	table_set_words(t, 1, "代金引換");
	table_set(t, 2, "t");
	table_add_row(t);
	table_set_code(t, 0, NULL, "ignored: no code");
	table_set_code(t, 1, "card", NULL);
	table_set(t, 2, "false");
	table_set_words(t, 5, "outside the table");
	p = render(t, TABLE_FMT_TABLE, 0);
	ck_assert_str_eq(p, "Status  Payment   Overdue\n"
			    "------  --------  -------\n"
			    "未対応  代金引換  yes\n"
			    "        card      no\n");
	free(p);
	p = render(t, TABLE_FMT_JSON, 0);
	ck_assert_str_eq(p, "[\n"
			    "  {\"status\": \"open\", \"payment\": \"cod\", \"overdue\": true},\n"
			    "  {\"status\": null, \"payment\": \"card\", \"overdue\": false}\n"
			    "]\n");
	free(p);
	p = render(t, TABLE_FMT_CSV, 0);
	ck_assert_str_eq(p, "status,payment,overdue\nopen,cod,true\n,card,false\n");
	free(p);
	p = render(t, TABLE_FMT_TABLE, 1);
	ck_assert_str_eq(p, "Status:  未対応\nPayment: 代金引換\nOverdue: yes\n");
	free(p);
	p = render(t, TABLE_FMT_JSON, 1);
	ck_assert(strstr(p, "\"status\": \"open\"") != NULL);
	ck_assert(strstr(p, "\"payment\": \"cod\"") != NULL);
	ck_assert(strstr(p, "未対応") == NULL);
	free(p);
	table_free(&t);
}
END_TEST

/* A figure that cannot be given (a CPO with no cost) stays null for
 * scripts and says so in words to people ("—"). */
START_TEST(words_on_a_null_cell_show_in_table_only)
{
	struct table *t = table_new();
	char buf[TABLE_SHOWN_SIZE];
	char *p;

	table_add_column(t, "code", "Code", TABLE_CODE);
	table_add_column(t, "cpo", "CPO", TABLE_MONEY);
	table_add_row(t);
	table_set(t, 0, "WB04");
	table_set_words(t, 1, "\xe2\x80\x94");
	ck_assert_ptr_null(table_cell(t, 0, 1));
	ck_assert_str_eq(table_cell_shown(t, 0, 1, buf), "\xe2\x80\x94");
	p = render(t, TABLE_FMT_TABLE, 0);
	ck_assert_str_eq(p, "Code  CPO\n----  ---\nWB04    \xe2\x80\x94\n");
	free(p);
	p = render(t, TABLE_FMT_JSON, 0);
	ck_assert_str_eq(p, "[\n  {\"code\": \"WB04\", \"cpo\": null}\n]\n");
	free(p);
	p = render(t, TABLE_FMT_CSV, 0);
	ck_assert_str_eq(p, "code,cpo\nWB04,\n");
	free(p);
	table_free(&t);
}
END_TEST

/* A share written as decimal text ("36.5") is read as a number: right
 * in the table, with the header; json and csv keep the text. A column
 * with one word in it stays left. */
START_TEST(decimal_text_columns_align_right)
{
	struct table *t = table_new();
	char *p;

	table_add_column(t, "share", "Share", TABLE_TEXT);
	table_add_column(t, "name", "Name", TABLE_TEXT);
	table_add_row(t);
	table_set(t, 0, "36.5");
	table_set(t, 1, "7");
	table_add_row(t);
	table_set(t, 0, "7.3");
	table_set(t, 1, "x");
	table_add_row(t);  /* an unset share does not make the column words */
	table_set(t, 1, "-1.5");
	ck_assert(table_col_numeric(t, 0));
	ck_assert(!table_col_numeric(t, 1));
	table_set(t, 0, "0312345678");  /* whole digits: a phone, text */
	ck_assert(!table_col_numeric(t, 0));
	table_set(t, 0, NULL);
	p = render(t, TABLE_FMT_TABLE, 0);
	ck_assert_str_eq(p, "Share  Name\n-----  ----\n 36.5  7\n  7.3  x\n       -1.5\n");
	free(p);
	p = render(t, TABLE_FMT_JSON, 0);
	ck_assert_str_eq(p, "[\n  {\"share\": \"36.5\", \"name\": \"7\"},\n"
			    "  {\"share\": \"7.3\", \"name\": \"x\"},\n"
			    "  {\"share\": null, \"name\": \"-1.5\"}\n]\n");
	free(p);
	table_free(&t);
}
END_TEST

/* TABLE_DECIMAL: a rate is a number in json, right in the table. */
START_TEST(decimal_columns_are_json_numbers)
{
	struct table *t = table_new();
	char *p;

	table_add_column(t, "rate", "Rate %", TABLE_DECIMAL);
	table_add_row(t);
	table_set(t, 0, "81.2");
	table_add_row(t);
	table_set(t, 0, "100");
	table_add_row(t);
	table_set(t, 0, "n/a");  /* not a number: a string keeps json valid */
	ck_assert(table_col_numeric(t, 0));
	p = render(t, TABLE_FMT_JSON, 0);
	ck_assert_str_eq(p, "[\n  {\"rate\": 81.2},\n  {\"rate\": 100},\n  {\"rate\": \"n/a\"}\n]\n");
	free(p);
	p = render(t, TABLE_FMT_TABLE, 0);
	ck_assert_str_eq(p, "Rate %\n------\n  81.2\n   100\n   n/a\n");
	free(p);
	table_free(&t);
}
END_TEST

START_TEST(format_names_parse)
{
	enum table_format f = TABLE_FMT_CSV;

	ck_assert_int_eq(table_format_parse("table", &f), 0);
	ck_assert_int_eq(f, TABLE_FMT_TABLE);
	ck_assert_int_eq(table_format_parse("json", &f), 0);
	ck_assert_int_eq(f, TABLE_FMT_JSON);
	ck_assert_int_eq(table_format_parse("csv", &f), 0);
	ck_assert_int_eq(f, TABLE_FMT_CSV);
	ck_assert_int_eq(table_format_parse("xml", &f), -1);
	ck_assert_int_eq(table_format_parse("", &f), -1);
	ck_assert_int_eq(table_format_parse(NULL, &f), -1);
	ck_assert_int_eq(f, TABLE_FMT_CSV);
}
END_TEST

START_TEST(many_rows)
{
	struct table *t = table_new();
	char *p;

	table_add_column(t, "n", NULL, TABLE_INT);
	for (int i = 0; i < 1000; i++) {
		table_add_row(t);
		table_setf(t, 0, "%d", i);
	}
	ck_assert_int_eq(table_rows(t), 1000);
	p = render(t, TABLE_FMT_TABLE, 0);
	ck_assert(strstr(p, "\n  7\n"));
	ck_assert(strstr(p, "\n999\n"));
	free(p);
	table_free(&t);
}
END_TEST

Suite *table_suite(void)
{
	Suite *s = suite_create("table");
	TCase *edge = tcase_create("edge");
	TCase *core = tcase_create("core");

	tcase_add_test(edge, table_aligns_japanese_by_display_width);
	tcase_add_test(edge, table_has_no_trailing_spaces);
	tcase_add_test(edge, table_neutralises_controls_and_bad_bytes);
	tcase_add_test(edge, table_with_no_rows_or_columns);
	tcase_add_test(edge, cells_outside_the_table_are_ignored);
	tcase_add_test(edge, json_escapes_and_replaces_invalid_bytes);
	tcase_add_test(edge, json_types_keep_the_document_valid);
	tcase_add_test(core, json_array_parses_back);
	tcase_add_test(core, csv_quotes_what_needs_quoting);
	tcase_add_test(core, csv_bom_and_crlf_on_request);
	tcase_add_test(core, json_moments_in_rfc3339);
	tcase_add_test(core, csv_neutralises_formulas);
	tcase_add_test(core, csv_number_columns_only_hold_numbers);
	tcase_add_test(core, csv_codes_keep_leading_zeros_for_a_spreadsheet);
	tcase_add_test(core, record_lines_align_values);
	tcase_add_test(core, record_renders_the_first_row_only);
	tcase_add_test(core, format_names_parse);
	tcase_add_test(core, money_and_dates_shown_for_people_in_table_only);
	tcase_add_test(core, codes_in_words_in_table_only);
	tcase_add_test(core, words_on_a_null_cell_show_in_table_only);
	tcase_add_test(core, many_rows);
	tcase_add_test(core, decimal_text_columns_align_right);
	tcase_add_test(core, decimal_columns_are_json_numbers);
	suite_add_tcase(s, edge);
	suite_add_tcase(s, core);
	return s;
}
