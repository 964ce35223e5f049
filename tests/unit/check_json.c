/* check_json.c: the JSON string writer and the strict parser. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/json.h"

Suite *json_suite(void);

static const char postal_answer[] =
	"{\"message\":null,\"results\":[{\"address1\":\"東京都\","
	"\"address2\":\"千代田区\",\"address3\":\"千代田\","
	"\"kana1\":\"ﾄｳｷｮｳﾄ\",\"kana2\":\"ﾁﾖﾀﾞｸ\",\"kana3\":\"ﾁﾖﾀﾞ\","
	"\"prefcode\":\"13\",\"zipcode\":\"1000001\"}],\"status\":200}";

static struct json_value *parse_ok(const char *text)
{
	struct json_value *v = NULL;
	struct rd_error err;

	rd_error_clear(&err);
	ck_assert_msg(json_parse(text, strlen(text), &v, &err) == RD_OK,
		      "%s: %s", text, err.msg);
	ck_assert_ptr_nonnull(v);
	return v;
}

static void parse_bad(const char *text, size_t len, const char *word)
{
	struct json_value *v = (struct json_value *)&v;   /* not NULL */
	struct rd_error err;

	rd_error_clear(&err);
	ck_assert_msg(json_parse(text, len, &v, &err) == RD_INVALID,
		      "accepted: %.*s", (int)len, text);
	ck_assert_ptr_null(v);
	ck_assert_msg(strstr(err.msg, word), "%.*s: \"%s\" lacks \"%s\"",
		      (int)len, text, err.msg, word);
}

#define BAD(s, word) parse_bad(s, sizeof(s) - 1, word)

static char *written(const char *s, size_t n)
{
	struct sbuf sb;
	char *p;

	sbuf_init(&sb);
	json_write_string(&sb, s, n);
	p = sbuf_detach(&sb);
	sbuf_done(&sb);
	return p;
}

#define W(s) written(s, sizeof(s) - 1)

/* --- edge cases ------------------------------------------------------------ */

START_TEST(garbage_is_refused)
{
	BAD("", "end of input");
	BAD("   \n ", "end of input");
	BAD("{", "expected a string");
	BAD("[", "end of input");
	BAD("[1,]", "unexpected character");
	BAD("{\"a\":1,}", "expected a string");
	BAD("{'a':1}", "expected a string");
	BAD("{\"a\" 1}", "':'");
	BAD("{\"a\":1 \"b\":2}", "','");
	BAD("[1 2]", "','");
	BAD("[01]", "leading zero");
	BAD("[1.]", "invalid number");
	BAD("[.5]", "unexpected character");
	BAD("[-]", "invalid number");
	BAD("[1e]", "invalid number");
	BAD("[+1]", "unexpected character");
	BAD("tru", "unknown word");
	BAD("nul", "unknown word");
	BAD("True", "unexpected character");
	BAD("NaN", "unexpected character");
	BAD("[Infinity]", "unexpected character");
	BAD("[1] x", "more text");
	BAD("{} {}", "more text");
	BAD("/* c */ 1", "unexpected character");
	BAD("\xEF\xBB\xBF{}", "unexpected character");
	BAD("\"abc", "unterminated");
	BAD("\"abc\\", "unterminated");
	BAD("\"a\x01" "b\"", "control character");
	BAD("\"a\nb\"", "control character");
	BAD("\"\xFF\"", "UTF-8");
	BAD("\"\xED\xA0\x80\"", "UTF-8");
	BAD("\"\\x41\"", "unknown escape");
	BAD("\"\\u12\"", "four hex digits");
	BAD("\"\\u12G4\"", "four hex digits");
	BAD("[1]\0", "more text");
	parse_bad(NULL, 0, "no document");
}
END_TEST

START_TEST(lone_surrogates_are_refused)
{
	BAD("\"\\ud83d\"", "surrogate");
	BAD("\"\\ude00\"", "surrogate");
	BAD("\"\\ud83d\\u0041\"", "surrogate");
	BAD("\"\\ud83dx\"", "surrogate");
	BAD("\"\\ud83d\\ud83d\"", "surrogate");
}
END_TEST

START_TEST(error_names_line_and_column)
{
	struct json_value *v = NULL;
	struct rd_error err;
	const char *text = "{\n  \"a\": [1,\n    x]\n}";

	ck_assert_int_eq(json_parse(text, strlen(text), &v, &err),
			 RD_INVALID);
	ck_assert_msg(strstr(err.msg, "line 3, column 5"), "%s", err.msg);
	text = "[\"日本\", x]";
	ck_assert_int_eq(json_parse(text, strlen(text), &v, &err),
			 RD_INVALID);
	ck_assert_msg(strstr(err.msg, "line 1, column 8"), "%s", err.msg);
}
END_TEST

/* n arrays nested around 1: "[[...[1]...]]" (caller frees). */
static char *nested(size_t n)
{
	char *s = malloc(2 * n + 2);

	memset(s, '[', n);
	s[n] = '1';
	memset(s + n + 1, ']', n);
	s[2 * n + 1] = '\0';
	return s;
}

START_TEST(depth_is_limited)
{
	char *s = nested(JSON_MAX_DEPTH);
	struct json_value *v = parse_ok(s);

	json_free(&v);
	ck_assert_ptr_null(v);
	free(s);
	s = nested(JSON_MAX_DEPTH + 1);
	parse_bad(s, strlen(s), "nested too deeply");
	free(s);
	/* far deeper than the stack would allow without the limit */
	s = malloc(100000);
	memset(s, '[', 100000);
	parse_bad(s, 100000, "nested too deeply");
	free(s);
}
END_TEST

START_TEST(size_is_limited)
{
	size_t n = (size_t)JSON_MAX_SIZE + 1;
	char *big = malloc(n);

	memset(big, ' ', n);
	big[0] = '1';
	parse_bad(big, n, "larger than");
	free(big);
}
END_TEST

START_TEST(mutated_documents_never_crash)
{
	size_t n = sizeof(postal_answer) - 1;
	char *doc = malloc(n);
	uint32_t seed = 12345;
	int accepted = 0;

	for (int round = 0; round < 3000; round++) {
		struct json_value *v = NULL;

		memcpy(doc, postal_answer, n);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % n;
			seed = seed * 1103515245u + 12345u;
			doc[at] = (char)(seed >> 16);
		}
		seed = seed * 1103515245u + 12345u;
		size_t len = round % 5 == 0 ? (seed >> 8) % n : n;
		if (json_parse(doc, len, &v, NULL) == RD_OK) {
			accepted++;
			json_free(&v);
		}
	}
	ck_assert_int_lt(accepted, 3000);
	free(doc);
}
END_TEST

/* --- parsing ------------------------------------------------------------- */

START_TEST(postal_api_answer)
{
	struct json_value *root = parse_ok(postal_answer);
	const struct json_value *results = json_get(root, "results");
	const struct json_value *r0 = json_at(results, 0);
	int64_t status = 0;
	size_t len = 0;

	ck_assert_int_eq(json_typeof(root), JSON_OBJECT);
	ck_assert_int_eq(json_typeof(json_get(root, "message")), JSON_NULL);
	ck_assert_ptr_nonnull(json_get(root, "message"));
	ck_assert_int_eq(json_as_int(json_get(root, "status"), &status), 0);
	ck_assert_int_eq(status, 200);
	ck_assert_uint_eq(json_len(results), 1);
	ck_assert_str_eq(json_as_string(json_get(r0, "address1"), &len),
			 "東京都");
	ck_assert_uint_eq(len, strlen("東京都"));
	ck_assert_str_eq(json_as_string(json_get(r0, "address2"), NULL),
			 "千代田区");
	ck_assert_str_eq(json_as_string(json_get(r0, "kana1"), NULL),
			 "ﾄｳｷｮｳﾄ");
	ck_assert_str_eq(json_as_string(json_get(r0, "zipcode"), NULL),
			 "1000001");
	ck_assert_str_eq(json_as_string(json_get(r0, "prefcode"), NULL),
			 "13");
	/* a string is not an integer, and lookups chain through misses */
	ck_assert_int_eq(json_as_int(json_get(r0, "prefcode"), &status), -1);
	ck_assert_ptr_null(json_as_string(json_get(json_at(results, 1),
						   "zipcode"), NULL));
	ck_assert_ptr_null(json_get(json_get(root, "nope"), "x"));
	json_free(&root);
	ck_assert_ptr_null(root);
}
END_TEST

START_TEST(postal_api_no_result)
{
	struct json_value *root = parse_ok(
		"{\"message\":null,\"results\":null,\"status\":200}");

	ck_assert_int_eq(json_typeof(json_get(root, "results")), JSON_NULL);
	ck_assert_uint_eq(json_len(json_get(root, "results")), 0);
	ck_assert_ptr_null(json_at(json_get(root, "results"), 0));
	json_free(&root);
}
END_TEST

START_TEST(string_escapes_decode)
{
	struct json_value *v = parse_ok(
		"[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u00e9\\u3042\", "
		"\"\\ud83d\\ude00\", \"a\\u0000b\", \"\\uD83D\\uDE00\"]");
	size_t len;

	ck_assert_str_eq(json_as_string(json_at(v, 0), NULL),
			 "\"\\/\b\f\n\r\t");
	ck_assert_str_eq(json_as_string(json_at(v, 1), NULL), "éあ");
	ck_assert_str_eq(json_as_string(json_at(v, 2), NULL),
			 "\xF0\x9F\x98\x80");
	ck_assert(memcmp(json_as_string(json_at(v, 3), &len), "a\0b", 3) == 0);
	ck_assert_uint_eq(len, 3);
	ck_assert_str_eq(json_as_string(json_at(v, 4), NULL),
			 "\xF0\x9F\x98\x80");
	json_free(&v);
}
END_TEST

START_TEST(numbers)
{
	struct json_value *v = parse_ok(
		"[0, -0, 123, -9223372036854775808, 9223372036854775807, "
		"9223372036854775808, 1.5, 1e3, -1.25E-2]");
	int64_t i = 7;

	ck_assert_int_eq(json_as_int(json_at(v, 0), &i), 0);
	ck_assert_int_eq(i, 0);
	ck_assert_int_eq(json_as_int(json_at(v, 1), &i), 0);
	ck_assert_int_eq(i, 0);
	ck_assert_int_eq(json_as_int(json_at(v, 2), &i), 0);
	ck_assert_int_eq(i, 123);
	ck_assert_int_eq(json_as_int(json_at(v, 3), &i), 0);
	ck_assert(i == INT64_MIN);
	ck_assert_int_eq(json_as_int(json_at(v, 4), &i), 0);
	ck_assert(i == INT64_MAX);
	ck_assert_int_eq(json_as_int(json_at(v, 5), &i), -1);
	ck_assert_int_eq(json_as_int(json_at(v, 6), &i), -1);
	ck_assert_int_eq(json_as_int(json_at(v, 7), &i), -1);
	ck_assert_str_eq(json_number_text(json_at(v, 8)), "-1.25E-2");
	ck_assert_ptr_null(json_number_text(v));
	json_free(&v);
}
END_TEST

START_TEST(literals_and_types)
{
	struct json_value *v = parse_ok(" [true,false,null,{},[]] ");
	int b = -1;

	ck_assert_int_eq(json_as_bool(json_at(v, 0), &b), 0);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(json_as_bool(json_at(v, 1), &b), 0);
	ck_assert_int_eq(b, 0);
	ck_assert_int_eq(json_as_bool(json_at(v, 2), &b), -1);
	ck_assert_int_eq(json_typeof(json_at(v, 2)), JSON_NULL);
	ck_assert_int_eq(json_typeof(json_at(v, 3)), JSON_OBJECT);
	ck_assert_int_eq(json_typeof(json_at(v, 4)), JSON_ARRAY);
	ck_assert_uint_eq(json_len(json_at(v, 3)), 0);
	ck_assert_ptr_null(json_at(v, 5));
	ck_assert_int_eq(json_typeof(NULL), JSON_NULL);
	json_free(&v);
	v = parse_ok("\"top-level string\"");
	ck_assert_str_eq(json_as_string(v, NULL), "top-level string");
	json_free(&v);
	v = parse_ok("42");
	ck_assert_int_eq(json_typeof(v), JSON_NUMBER);
	json_free(&v);
}
END_TEST

START_TEST(object_members_in_order_first_key_wins)
{
	struct json_value *v = parse_ok("{\"b\":1,\"a\":2,\"b\":3}");
	int64_t i;

	ck_assert_uint_eq(json_len(v), 3);
	ck_assert_str_eq(json_key_at(v, 0), "b");
	ck_assert_str_eq(json_key_at(v, 1), "a");
	ck_assert_ptr_null(json_key_at(v, 3));
	ck_assert_int_eq(json_as_int(json_value_at(v, 2), &i), 0);
	ck_assert_int_eq(i, 3);
	ck_assert_int_eq(json_as_int(json_get(v, "b"), &i), 0);
	ck_assert_int_eq(i, 1);
	ck_assert_ptr_null(json_get(v, NULL));
	ck_assert_ptr_null(json_at(v, 0));   /* not an array */
	json_free(&v);
}
END_TEST

START_TEST(valid_checks_without_a_tree)
{
	ck_assert(json_valid("{\"a\":[1,2]}", 11));
	ck_assert(!json_valid("{\"a\":[1,2]", 10));
	ck_assert(!json_valid(NULL, 0));
}
END_TEST

/* --- writing ------------------------------------------------------------- */

START_TEST(write_escapes_controls_quotes_backslashes)
{
	char *p = W("a\"b\\c\n\t\r\b\f\x01\x1f/");

	ck_assert_str_eq(p, "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001f/\"");
	free(p);
	p = W("a\0b");
	ck_assert_str_eq(p, "\"a\\u0000b\"");
	free(p);
}
END_TEST

START_TEST(write_passes_utf8_and_replaces_invalid_bytes)
{
	char *p = W("山田\xFF太郎\xE3\x81");

	/* one U+FFFD per invalid byte: the cut あ at the end gives two */
	ck_assert_str_eq(p, "\"山田\xEF\xBF\xBD太郎\xEF\xBF\xBD"
			 "\xEF\xBF\xBD\"");
	free(p);
	p = W("\xE2\x80\xA8\xE2\x80\xA9");
	ck_assert_str_eq(p, "\"\\u2028\\u2029\"");
	free(p);
}
END_TEST

START_TEST(write_then_parse_round_trips)
{
	const char *s = "\"引用\" \\ 改行\n タブ\t 😀 \x7f end";
	struct sbuf sb;
	struct json_value *v;

	sbuf_init(&sb);
	json_write_str(&sb, s);
	v = parse_ok(sb.buf);
	ck_assert_str_eq(json_as_string(v, NULL), s);
	json_free(&v);
	sbuf_reset(&sb);
	json_write_str(&sb, NULL);
	ck_assert_str_eq(sb.buf, "null");
	sbuf_done(&sb);
}
END_TEST

Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *edge = tcase_create("edge");
	TCase *parse = tcase_create("parse");
	TCase *write = tcase_create("write");

	tcase_add_test(edge, garbage_is_refused);
	tcase_add_test(edge, lone_surrogates_are_refused);
	tcase_add_test(edge, error_names_line_and_column);
	tcase_add_test(edge, depth_is_limited);
	tcase_add_test(edge, size_is_limited);
	tcase_add_test(edge, mutated_documents_never_crash);
	tcase_add_test(parse, postal_api_answer);
	tcase_add_test(parse, postal_api_no_result);
	tcase_add_test(parse, string_escapes_decode);
	tcase_add_test(parse, numbers);
	tcase_add_test(parse, literals_and_types);
	tcase_add_test(parse, object_members_in_order_first_key_wins);
	tcase_add_test(parse, valid_checks_without_a_tree);
	tcase_add_test(write, write_escapes_controls_quotes_backslashes);
	tcase_add_test(write, write_passes_utf8_and_replaces_invalid_bytes);
	tcase_add_test(write, write_then_parse_round_trips);
	suite_add_tcase(s, edge);
	suite_add_tcase(s, parse);
	suite_add_tcase(s, write);
	return s;
}
