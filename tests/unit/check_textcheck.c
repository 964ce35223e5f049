/* check_textcheck.c: the shared checks on typed text. Edge cases first. */
#include <check.h>
#include <limits.h>
#include <string.h>

#include "repeatdesk/textcheck.h"

Suite *textcheck_suite(void);

START_TEST(chars_of_null_empty_and_japanese)
{
	ck_assert_uint_eq(textcheck_chars(NULL), 0);
	ck_assert_uint_eq(textcheck_chars(""), 0);
	ck_assert_uint_eq(textcheck_chars("abc"), 3);
	ck_assert_uint_eq(textcheck_chars("定期便"), 3);
	ck_assert_uint_eq(textcheck_chars("ｶﾀｶﾅ1"), 5);
	ck_assert_uint_eq(textcheck_chars("😀x"), 2);
}
END_TEST

START_TEST(uuid_null_and_shapes)
{
	ck_assert(!textcheck_uuid(NULL));
	ck_assert(!textcheck_uuid(""));
	ck_assert(textcheck_uuid("0f8fad5b-d9cb-469f-a165-70867728950e"));
	ck_assert(textcheck_uuid("0F8FAD5B-D9CB-469F-A165-70867728950E"));
	ck_assert(!textcheck_uuid("0f8fad5b-d9cb-469f-a165-70867728950"));
	ck_assert(!textcheck_uuid("0f8fad5b-d9cb-469f-a165-70867728950e0"));
	ck_assert(!textcheck_uuid("0f8fad5bxd9cb-469f-a165-70867728950e"));
	ck_assert(!textcheck_uuid("0f8fad5b-d9cb-469f-a165-70867728950g"));
	ck_assert(!textcheck_uuid("0f8fad5b-d9cb-469f-a165-7086772895-e"));
}
END_TEST

START_TEST(digits_refuse_signs_and_spaces)
{
	int v = 7;

	ck_assert(!textcheck_digits("-1", 2, &v));
	ck_assert(!textcheck_digits("+1", 2, &v));
	ck_assert(!textcheck_digits(" 1", 2, &v));
	ck_assert(!textcheck_digits("1", 2, &v));   /* NUL is not a digit */
	ck_assert(!textcheck_digits(NULL, 2, &v));
	ck_assert(!textcheck_digits("12", 0, &v));
	ck_assert_int_eq(v, 7);
	ck_assert(textcheck_digits("09", 2, &v));
	ck_assert_int_eq(v, 9);
	ck_assert(textcheck_digits("2026-", 4, &v));
	ck_assert_int_eq(v, 2026);
}
END_TEST

START_TEST(whole_numbers_strict_and_bounded)
{
	long long v = 5;

	ck_assert(!textcheck_whole(NULL, 0, 10, &v));
	ck_assert(!textcheck_whole("", 0, 10, &v));
	ck_assert(!textcheck_whole("-", -10, 10, &v));
	ck_assert(!textcheck_whole(" 1", 0, 10, &v));
	ck_assert(!textcheck_whole("1 ", 0, 10, &v));
	ck_assert(!textcheck_whole("+1", 0, 10, &v));
	ck_assert(!textcheck_whole("0x1", 0, 10, &v));
	ck_assert(!textcheck_whole("11", 0, 10, &v));
	ck_assert(!textcheck_whole("-1", 0, 10, &v));
	ck_assert(!textcheck_whole("9223372036854775808", LLONG_MIN, LLONG_MAX, &v));
	ck_assert(!textcheck_whole("99999999999999999999", LLONG_MIN, LLONG_MAX, &v));
	ck_assert_int_eq(v, 5);
	ck_assert(textcheck_whole("10", 0, 10, &v));
	ck_assert_int_eq(v, 10);
	ck_assert(textcheck_whole("-3", -10, 10, &v));
	ck_assert_int_eq(v, -3);
	ck_assert(textcheck_whole("9223372036854775807", LLONG_MIN, LLONG_MAX, &v));
	ck_assert(v == LLONG_MAX);
	ck_assert(textcheck_whole("-9223372036854775808", LLONG_MIN, LLONG_MAX, &v));
	ck_assert(v == LLONG_MIN);
}
END_TEST

START_TEST(integers_as_sql_text)
{
	char b[TEXTCHECK_LL_SIZE];

	ck_assert_str_eq(textcheck_ll(0, b), "0");
	ck_assert_str_eq(textcheck_ll(-42, b), "-42");
	ck_assert_str_eq(textcheck_ll(LLONG_MIN, b), "-9223372036854775808");
	ck_assert_ptr_null(textcheck_id(0, b));
	ck_assert_ptr_null(textcheck_id(-1, b));
	ck_assert_str_eq(textcheck_id(17, b), "17");
}
END_TEST

Suite *textcheck_suite(void)
{
	Suite *s = suite_create("textcheck");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, chars_of_null_empty_and_japanese);
	tcase_add_test(tc, uuid_null_and_shapes);
	tcase_add_test(tc, digits_refuse_signs_and_spaces);
	tcase_add_test(tc, whole_numbers_strict_and_bounded);
	tcase_add_test(tc, integers_as_sql_text);
	suite_add_tcase(s, tc);
	return s;
}
