/* check_status.c: status table, exit codes and messages. */
#include <check.h>
#include <string.h>

#include "repeatdesk/status.h"

Suite *status_suite(void);

START_TEST(exit_codes_follow_design)
{
	ck_assert_int_eq(rd_status_exit_code(RD_OK), 0);
	ck_assert_int_eq(rd_status_exit_code(RD_NOT_FOUND), 1);
	ck_assert_int_eq(rd_status_exit_code(RD_REFUSED), 1);
	ck_assert_int_eq(rd_status_exit_code(RD_CONFLICT), 1);
	ck_assert_int_eq(rd_status_exit_code(RD_USAGE), 2);
	ck_assert_int_eq(rd_status_exit_code(RD_INVALID), 2);
	ck_assert_int_eq(rd_status_exit_code(RD_UNAVAILABLE), 3);
	ck_assert_int_eq(rd_status_exit_code(RD_AUTH), 3);
}
END_TEST

START_TEST(out_of_range_status_is_safe)
{
	ck_assert_str_eq(rd_status_message((enum rd_status)999), "unknown error");
	ck_assert_int_eq(rd_status_exit_code((enum rd_status)-1), 4);
}
END_TEST

START_TEST(error_set_formats_and_truncates)
{
	struct rd_error err;
	char big[2000];

	ck_assert_int_eq(rd_error_set(&err, RD_INVALID, "bad %s", "date"), RD_INVALID);
	ck_assert_str_eq(err.msg, "bad date");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	rd_error_set(&err, RD_INVALID, "%s", big);
	ck_assert_uint_eq(strlen(err.msg), sizeof(err.msg) - 1);
	rd_error_clear(&err);
	ck_assert_int_eq(err.status, RD_OK);
	ck_assert_str_eq(err.msg, "");
	ck_assert_int_eq(rd_error_set(NULL, RD_NOT_FOUND, "x"), RD_NOT_FOUND);
}
END_TEST

Suite *status_suite(void)
{
	Suite *s = suite_create("status");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, exit_codes_follow_design);
	tcase_add_test(tc, out_of_range_status_is_safe);
	tcase_add_test(tc, error_set_formats_and_truncates);
	suite_add_tcase(s, tc);
	return s;
}
