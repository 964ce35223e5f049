/* check_csv.c: the CSV field writer and the streaming record parser. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/csv.h"

Suite *csv_suite(void);

/* Collects records as "field|field\n" lines, fields with their lengths
 * checked, and the line each record starts on. */
struct collect {
	struct sbuf text;
	unsigned long lines[16];
	int nrec;
	int stop_after;   /* 0: never */
};

static enum rd_status on_record(void *ctx, const struct csv_record *rec,
				struct rd_error *err)
{
	struct collect *c = ctx;

	for (size_t i = 0; i < rec->nfields; i++) {
		ck_assert_uint_eq(rec->lens[i], strlen(rec->fields[i]));
		if (i)
			sbuf_addc(&c->text, '|');
		sbuf_adds(&c->text, rec->fields[i]);
	}
	sbuf_addc(&c->text, '\n');
	if (c->nrec < 16)
		c->lines[c->nrec] = rec->line;
	c->nrec++;
	if (c->stop_after && c->nrec == c->stop_after)
		return rd_error_set(err, RD_REFUSED, "stopped at %lu",
				    rec->line);
	return RD_OK;
}

/* Parses text fed in chunks of chunk bytes (0: all at once). */
static enum rd_status parse(const char *text, size_t n, size_t chunk,
			    struct collect *c, struct rd_error *err)
{
	struct csv_parser *p = csv_parser_new(on_record, c);
	enum rd_status st = RD_OK;
	size_t i;

	if (chunk == 0)
		chunk = n ? n : 1;
	for (i = 0; i < n && st == RD_OK; i += chunk)
		st = csv_parser_feed(p, text + i, n - i < chunk ? n - i : chunk,
				     err);
	if (st == RD_OK)
		st = csv_parser_finish(p, err);
	csv_parser_free(&p);
	ck_assert_ptr_null(p);
	return st;
}

/* Parses text whole and byte by byte; both must give want. */
static void parses_to(const char *text, const char *want)
{
	size_t chunks[] = { 0, 1, 2, 3, 7 };

	for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
		struct collect c = { .nrec = 0 };
		struct rd_error err;

		sbuf_init(&c.text);
		ck_assert_msg(parse(text, strlen(text), chunks[k], &c, &err)
			      == RD_OK, "chunk %zu: %s", chunks[k], err.msg);
		ck_assert_msg(strcmp(c.text.buf, want) == 0,
			      "chunk %zu: got [%s] want [%s]", chunks[k],
			      c.text.buf, want);
		sbuf_done(&c.text);
	}
}

static void fails_with(const char *text, const char *word)
{
	struct collect c = { .nrec = 0 };
	struct rd_error err;

	sbuf_init(&c.text);
	rd_error_clear(&err);
	ck_assert_int_eq(parse(text, strlen(text), 0, &c, &err), RD_INVALID);
	ck_assert_msg(strstr(err.msg, word), "\"%s\" lacks \"%s\"", err.msg,
		      word);
	sbuf_done(&c.text);
}

/* --- parser edge cases --------------------------------------------------- */

START_TEST(the_writer_never_writes_a_control_character)
{
	struct sbuf out;

	sbuf_init(&out);
	csv_write_str(&out, "山田\x1b[2J\x1b]0;x\x07太郎");
	ck_assert_str_eq(out.buf, "山田\xef\xbf\xbd[2J\xef\xbf\xbd]0;x\xef\xbf\xbd太郎");
	sbuf_reset(&out);
	csv_write_str(&out, "a\xc2\x9b" "31m,\x7f\"b\"");  /* C1 CSI, DEL, quoted */
	ck_assert_str_eq(out.buf, "\"a\xef\xbf\xbd" "31m,\xef\xbf\xbd\"\"b\"\"\"");
	sbuf_reset(&out);
	csv_write_str(&out, "一行目\n二行目\tタブ \xc2\xa9");  /* line breaks, tab, © stay */
	ck_assert_str_eq(out.buf, "\"一行目\n二行目\tタブ \xc2\xa9\"");
	sbuf_done(&out);
}
END_TEST

START_TEST(quotes_commas_and_newlines_inside_fields)
{
	parses_to("\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\"\n",
		  "a,b|say \"hi\"|line1\nline2\n");
	parses_to("\"\"\"\"\n", "\"\n");
	parses_to("\"\",x\n", "|x\n");
	parses_to("\"crlf\r\ninside\"\r\n", "crlf\r\ninside\n");
}
END_TEST

START_TEST(line_ends_lf_crlf_and_cr)
{
	parses_to("a,b\r\nc,d\r\n", "a|b\nc|d\n");
	parses_to("a,b\nc,d\n", "a|b\nc|d\n");
	parses_to("a,b\rc,d\r", "a|b\nc|d\n");
	parses_to("a,b\r\n\r\nc,d", "a|b\nc|d\n");
}
END_TEST

START_TEST(empty_fields_and_blank_lines)
{
	parses_to(",,\n", "||\n");
	parses_to("\n\n\na\n\n", "a\n");
	parses_to("a,\n", "a|\n");
	parses_to("", "");
	parses_to(" , \n", " | \n");
}
END_TEST

START_TEST(last_record_without_line_end)
{
	parses_to("a,b\nc,d", "a|b\nc|d\n");
	parses_to("\"quoted\"", "quoted\n");
}
END_TEST

START_TEST(byte_order_mark_is_skipped)
{
	parses_to("\xEF\xBB\xBF" "a,b\n", "a|b\n");
	parses_to("\xEF\xBB" "x\n", "\xEF\xBB" "x\n");   /* not a BOM */
	parses_to("\xEF\n", "\xEF\n");
	parses_to("\xEF\xBB", "\xEF\xBB\n");
	parses_to("a,\xEF\xBB\xBF\n", "a|\xEF\xBB\xBF\n");  /* only at start */
}
END_TEST

START_TEST(quote_inside_unquoted_field_is_kept)
{
	parses_to("ab\"c,d\n", "ab\"c|d\n");
}
END_TEST

START_TEST(text_after_closing_quote_is_an_error)
{
	fails_with("a,b\n\"x\"y,z\n", "line 2");
	fails_with("\"x\" ,y\n", "closing quote");
}
END_TEST

START_TEST(unclosed_quote_is_an_error_at_the_end)
{
	fails_with("a\n\"open,\nstill open\n", "line 2");
	fails_with("\"open", "not closed");
}
END_TEST

START_TEST(records_know_their_start_line)
{
	struct collect c = { .nrec = 0 };
	const char *text = "a\n\"b\nb\nb\"\n\nc\r\nd";

	sbuf_init(&c.text);
	ck_assert_int_eq(parse(text, strlen(text), 1, &c, NULL), RD_OK);
	ck_assert_int_eq(c.nrec, 4);
	ck_assert_uint_eq(c.lines[0], 1);
	ck_assert_uint_eq(c.lines[1], 2);
	ck_assert_uint_eq(c.lines[2], 6);
	ck_assert_uint_eq(c.lines[3], 7);
	sbuf_done(&c.text);
}
END_TEST

START_TEST(callback_can_stop_and_failure_sticks)
{
	struct collect c = { .nrec = 0, .stop_after = 2 };
	struct csv_parser *p = csv_parser_new(on_record, &c);
	struct rd_error err;

	sbuf_init(&c.text);
	ck_assert_int_eq(csv_parser_feed(p, "1\n2\n3\n", 6, &err),
			 RD_REFUSED);
	ck_assert_str_eq(err.msg, "stopped at 2");
	ck_assert_int_eq(c.nrec, 2);
	rd_error_clear(&err);
	ck_assert_int_eq(csv_parser_feed(p, "4\n", 2, &err), RD_REFUSED);
	ck_assert_str_eq(err.msg, "stopped at 2");
	ck_assert_int_eq(csv_parser_finish(p, NULL), RD_REFUSED);
	ck_assert_int_eq(c.nrec, 2);
	csv_parser_free(&p);
	sbuf_done(&c.text);
}
END_TEST

START_TEST(oversized_records_are_refused)
{
	size_t n = CSV_MAX_RECORD + 10;
	char *big = malloc(n + 1);
	struct collect c = { .nrec = 0 };
	struct rd_error err;

	sbuf_init(&c.text);
	big[0] = '"';
	memset(big + 1, 'x', n - 1);
	big[n] = '\0';
	ck_assert_int_eq(parse(big, n, 4096, &c, &err), RD_INVALID);
	ck_assert(strstr(err.msg, "too long"));
	memset(big, ',', n);
	ck_assert_int_eq(parse(big, n, 0, &c, &err), RD_INVALID);
	ck_assert(strstr(err.msg, "too many fields"));
	ck_assert_int_eq(c.nrec, 0);
	free(big);
	sbuf_done(&c.text);
}
END_TEST

static enum rd_status on_lens(void *ctx, const struct csv_record *rec,
			      struct rd_error *err)
{
	size_t *lens = ctx;

	(void)err;
	ck_assert_uint_eq(rec->nfields, 2);
	ck_assert(memcmp(rec->fields[0], "a\0b", 4) == 0);
	lens[0] = rec->lens[0];
	lens[1] = rec->lens[1];
	return RD_OK;
}

START_TEST(nul_bytes_keep_their_length)
{
	size_t lens[2] = { 0, 0 };
	struct csv_parser *p = csv_parser_new(on_lens, lens);

	ck_assert_int_eq(csv_parser_feed(p, "a\0b,c\n", 6, NULL), RD_OK);
	ck_assert_int_eq(csv_parser_finish(p, NULL), RD_OK);
	ck_assert_uint_eq(lens[0], 3);
	ck_assert_uint_eq(lens[1], 1);
	csv_parser_free(&p);
	csv_parser_free(&p);   /* freeing twice is harmless */
}
END_TEST

/* --- Japan Post KEN_ALL.CSV (converted to UTF-8) --------------------------- */

START_TEST(ken_all_lines)
{
	const char *text =
		"01101,\"060  \",\"0600000\",\"ﾎｯｶｲﾄﾞｳ\",\"ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ\","
		"\"ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ\",\"北海道\",\"札幌市中央区\","
		"\"以下に掲載がない場合\",0,0,0,0,0,0\r\n"
		"13101,\"100  \",\"1000001\",\"ﾄｳｷｮｳﾄ\",\"ﾁﾖﾀﾞｸ\",\"ﾁﾖﾀﾞ\","
		"\"東京都\",\"千代田区\",\"千代田\",0,0,0,0,0,0\r\n";

	parses_to(text,
		  "01101|060  |0600000|ﾎｯｶｲﾄﾞｳ|ｻｯﾎﾟﾛｼﾁｭｳｵｳｸ|ｲｶﾆｹｲｻｲｶﾞﾅｲﾊﾞｱｲ|"
		  "北海道|札幌市中央区|以下に掲載がない場合|0|0|0|0|0|0\n"
		  "13101|100  |1000001|ﾄｳｷｮｳﾄ|ﾁﾖﾀﾞｸ|ﾁﾖﾀﾞ|東京都|千代田区|千代田|"
		  "0|0|0|0|0|0\n");
}
END_TEST

/* --- writer -------------------------------------------------------------- */

START_TEST(writer_quotes_only_when_needed)
{
	struct sbuf sb;
	const char *fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines",
				 "cr\r", "", NULL, "山田 太郎" };

	sbuf_init(&sb);
	csv_write_record(&sb, fields, sizeof(fields) / sizeof(fields[0]));
	ck_assert_str_eq(sb.buf, "plain,\"a,b\",\"say \"\"hi\"\"\","
			 "\"two\nlines\",\"cr\r\",,,山田 太郎\n");
	ck_assert(!csv_needs_quotes("山田", strlen("山田")));
	ck_assert(csv_needs_quotes("\"", 1));
	sbuf_done(&sb);
}
END_TEST

START_TEST(writer_output_parses_back)
{
	struct sbuf sb;
	const char *fields[] = { "x\"\"y", ",", "\n", "\r\n", "\"", "end" };

	sbuf_init(&sb);
	csv_write_record(&sb, fields, 6);
	parses_to(sb.buf, "x\"\"y|,|\n|\r\n|\"|end\n");
	sbuf_done(&sb);
}
END_TEST

Suite *csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *edge = tcase_create("edge");
	TCase *core = tcase_create("core");

	tcase_add_test(edge, the_writer_never_writes_a_control_character);
	tcase_add_test(edge, quotes_commas_and_newlines_inside_fields);
	tcase_add_test(edge, line_ends_lf_crlf_and_cr);
	tcase_add_test(edge, empty_fields_and_blank_lines);
	tcase_add_test(edge, last_record_without_line_end);
	tcase_add_test(edge, byte_order_mark_is_skipped);
	tcase_add_test(edge, quote_inside_unquoted_field_is_kept);
	tcase_add_test(edge, text_after_closing_quote_is_an_error);
	tcase_add_test(edge, unclosed_quote_is_an_error_at_the_end);
	tcase_add_test(edge, records_know_their_start_line);
	tcase_add_test(edge, callback_can_stop_and_failure_sticks);
	tcase_add_test(edge, oversized_records_are_refused);
	tcase_add_test(edge, nul_bytes_keep_their_length);
	tcase_add_test(core, ken_all_lines);
	tcase_add_test(core, writer_quotes_only_when_needed);
	tcase_add_test(core, writer_output_parses_back);
	suite_add_tcase(s, edge);
	suite_add_tcase(s, core);
	return s;
}
