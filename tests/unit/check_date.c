/* check_date.c: civil dates as day numbers: conversions, leap years,
 * month arithmetic, strict ISO parsing and formatting. Edge cases first. */
#include <check.h>
#include <string.h>

#include "repeatdesk/date.h"

/* PostgreSQL's timestamptz text as RFC 3339 with its offset. */
START_TEST(rfc3339_from_postgres_text)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "2026-12-07 18:00:00.123+09", "2026-12-07T18:00:00.123+09:00" },
		{ "2026-12-07 18:00:00+09", "2026-12-07T18:00:00+09:00" },
		{ "2026-12-07 18:00:00+05:30", "2026-12-07T18:00:00+05:30" },
		{ "2026-12-07 09:00:00.5-03", "2026-12-07T09:00:00.5-03:00" },
		{ "2026-12-07 18:00:00", "2026-12-07T18:00:00" },
		{ "2026-12-07T18:00:00+09:00", "2026-12-07T18:00:00+09:00" },
		{ "2026-12-07", "2026-12-07" },
		{ "1887-12-31 00:00:00+09:18:59", "1887-12-31 00:00:00+09:18:59" },
		{ "infinity", "infinity" },
		{ "2026-12-07 18:00", "2026-12-07 18:00" },
		{ "2026-02-30 18:00:00+09", "2026-02-30 18:00:00+09" },
		{ "2026-12-07 18:00:00.+09", "2026-12-07 18:00:00.+09" },
		{ "2026-12-07 18:00:00+9", "2026-12-07 18:00:00+9" },
		{ "", "" },
	};
	char buf[DATE_RFC3339_SIZE];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_str_eq(date_rfc3339_from_pg(cases[i].in, buf),
				 cases[i].out);
	ck_assert_ptr_null(date_rfc3339_from_pg(NULL, buf));
}
END_TEST

Suite *date_suite(void);

static int32_t ymd(int y, int m, int d)
{
	ck_assert_msg(date_ymd_valid(y, m, d), "test date %04d-%02d-%02d", y, m, d);
	return date_from_ymd(y, m, d);
}

static const char *iso(int32_t day)
{
	static char buf[DATE_ISO_SIZE];

	return date_format_iso(day, buf);
}

/* ---- leap years and month lengths ---- */

START_TEST(leap_years_follow_gregorian_rules)
{
	ck_assert(date_is_leap_year(2000));	/* divisible by 400 */
	ck_assert(!date_is_leap_year(2100));	/* by 100, not 400 */
	ck_assert(!date_is_leap_year(1900));
	ck_assert(date_is_leap_year(2400));
	ck_assert(date_is_leap_year(2028));
	ck_assert(date_is_leap_year(2024));
	ck_assert(!date_is_leap_year(2026));
	ck_assert(!date_is_leap_year(2027));
}
END_TEST

START_TEST(days_in_month_handles_february_and_bad_months)
{
	ck_assert_int_eq(date_days_in_month(2028, 2), 29);
	ck_assert_int_eq(date_days_in_month(2026, 2), 28);
	ck_assert_int_eq(date_days_in_month(2100, 2), 28);
	ck_assert_int_eq(date_days_in_month(2000, 2), 29);
	ck_assert_int_eq(date_days_in_month(2026, 4), 30);
	ck_assert_int_eq(date_days_in_month(2026, 12), 31);
	ck_assert_int_eq(date_days_in_month(2026, 1), 31);
	ck_assert_int_eq(date_days_in_month(2026, 0), 0);
	ck_assert_int_eq(date_days_in_month(2026, 13), 0);
}
END_TEST

START_TEST(ymd_valid_rejects_impossible_dates)
{
	ck_assert(date_ymd_valid(2028, 2, 29));
	ck_assert(!date_ymd_valid(2026, 2, 29));
	ck_assert(!date_ymd_valid(2100, 2, 29));
	ck_assert(date_ymd_valid(2000, 2, 29));
	ck_assert(!date_ymd_valid(2026, 4, 31));
	ck_assert(!date_ymd_valid(2026, 1, 0));
	ck_assert(!date_ymd_valid(2026, 0, 1));
	ck_assert(!date_ymd_valid(2026, 13, 1));
	ck_assert(!date_ymd_valid(0, 12, 31));
	ck_assert(!date_ymd_valid(10000, 1, 1));
	ck_assert(date_ymd_valid(1, 1, 1));
	ck_assert(date_ymd_valid(9999, 12, 31));
}
END_TEST

/* ---- conversions ---- */

START_TEST(known_day_numbers)
{
	ck_assert_int_eq(date_from_ymd(1970, 1, 1), 0);
	ck_assert_int_eq(date_from_ymd(1969, 12, 31), -1);
	ck_assert_int_eq(date_from_ymd(2000, 3, 1), 11017);
	ck_assert_int_eq(date_from_ymd(2026, 1, 1), 20454);
	ck_assert_int_eq(date_from_ymd(2028, 2, 29), 21243);
	ck_assert_int_eq(date_from_ymd(1900, 1, 1), -25567);
	ck_assert_int_eq(date_from_ymd(2999, 12, 31), 376199);
	ck_assert_int_eq(date_from_ymd(1, 1, 1), DATE_MIN);
	ck_assert_int_eq(date_from_ymd(9999, 12, 31), DATE_MAX);
}
END_TEST

START_TEST(year_boundaries_are_consecutive_days)
{
	ck_assert_int_eq(ymd(2027, 1, 1) - ymd(2026, 12, 31), 1);
	ck_assert_int_eq(ymd(2000, 1, 1) - ymd(1999, 12, 31), 1);
	ck_assert_int_eq(ymd(2028, 3, 1) - ymd(2028, 2, 29), 1);
	ck_assert_int_eq(ymd(2100, 3, 1) - ymd(2100, 2, 28), 1);
	ck_assert_int_eq(ymd(2029, 1, 1) - ymd(2028, 1, 1), 366);
	ck_assert_int_eq(ymd(2101, 1, 1) - ymd(2100, 1, 1), 365);
	ck_assert_int_eq(ymd(2001, 1, 1) - ymd(2000, 1, 1), 366);
}
END_TEST

/* Walks every day from 0001-01-01 to 9999-12-31 with a naive calendar
 * and checks both conversions against it. */
START_TEST(every_day_round_trips_against_naive_calendar)
{
	int y = 1, m = 1, d = 1;

	for (int32_t day = DATE_MIN; day <= DATE_MAX; day++) {
		int gy, gm, gd;

		date_to_ymd(day, &gy, &gm, &gd);
		if (gy != y || gm != m || gd != d || date_from_ymd(y, m, d) != day)
			ck_abort_msg("day %d: got %04d-%02d-%02d, want %04d-%02d-%02d",
				     (int)day, gy, gm, gd, y, m, d);
		if (++d > date_days_in_month(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
}
END_TEST

START_TEST(to_ymd_accepts_null_outputs)
{
	int m = 0;

	date_to_ymd(ymd(2026, 7, 4), NULL, &m, NULL);
	ck_assert_int_eq(m, 7);
}
END_TEST

START_TEST(weekdays_monday_is_zero)
{
	ck_assert_int_eq(date_weekday(0), DATE_THU);		/* 1970-01-01 */
	ck_assert_int_eq(date_weekday(-1), DATE_WED);		/* 1969-12-31 */
	ck_assert_int_eq(date_weekday(-4), DATE_SUN);
	ck_assert_int_eq(date_weekday(ymd(2026, 1, 1)), DATE_THU);
	ck_assert_int_eq(date_weekday(ymd(2028, 2, 29)), DATE_TUE);
	ck_assert_int_eq(date_weekday(ymd(2000, 1, 1)), DATE_SAT);
	ck_assert_int_eq(date_weekday(ymd(2026, 2, 1)), DATE_SUN);
	ck_assert_int_eq(date_weekday(DATE_MIN), DATE_MON);
	ck_assert_int_eq(date_weekday(DATE_MAX), DATE_FRI);
	for (int32_t d = -30; d < 30; d++)
		ck_assert_int_eq(date_weekday(d + 1), (date_weekday(d) + 1) % 7);
}
END_TEST

/* ---- month arithmetic ---- */

START_TEST(add_months_clamps_to_month_end)
{
	ck_assert_str_eq(iso(date_add_months(ymd(2026, 1, 31), 1)), "2026-02-28");
	ck_assert_str_eq(iso(date_add_months(ymd(2028, 1, 31), 1)), "2028-02-29");
	ck_assert_str_eq(iso(date_add_months(ymd(2026, 3, 31), -1)), "2026-02-28");
	ck_assert_str_eq(iso(date_add_months(ymd(2026, 5, 31), 1)), "2026-06-30");
	ck_assert_str_eq(iso(date_add_months(ymd(2026, 1, 31), 2)), "2026-03-31");
	ck_assert_str_eq(iso(date_add_months(ymd(2100, 1, 29), 1)), "2100-02-28");
	ck_assert_str_eq(iso(date_add_months(ymd(2000, 1, 29), 1)), "2000-02-29");
}
END_TEST

START_TEST(add_months_crosses_years_both_ways)
{
	ck_assert_str_eq(iso(date_add_months(ymd(2026, 12, 15), 1)), "2027-01-15");
	ck_assert_str_eq(iso(date_add_months(ymd(2026, 1, 15), -1)), "2025-12-15");
	ck_assert_str_eq(iso(date_add_months(ymd(2028, 2, 29), 12)), "2029-02-28");
	ck_assert_str_eq(iso(date_add_months(ymd(2028, 2, 29), 48)), "2032-02-29");
	ck_assert_str_eq(iso(date_add_months(ymd(2026, 3, 10), -25)), "2024-02-10");
	ck_assert_str_eq(iso(date_add_months(ymd(2026, 3, 10), 0)), "2026-03-10");
	ck_assert_str_eq(iso(date_add_months(ymd(1, 1, 1), 1)), "0001-02-01");
}
END_TEST

/* ---- parsing ---- */

START_TEST(parse_rejects_impossible_days_with_reason)
{
	struct rd_error err;
	int32_t d = 12345;

	ck_assert_int_eq(date_parse_iso("2026-02-30", &d, &err), RD_INVALID);
	ck_assert_int_eq(err.status, RD_INVALID);
	ck_assert_str_eq(err.msg, "invalid date '2026-02-30': the day must be 01 to 28 in February 2026");
	ck_assert_int_eq(d, 12345);	/* untouched on failure */
	ck_assert_int_eq(date_parse_iso("2026-02-29", &d, &err), RD_INVALID);
	ck_assert_int_eq(date_parse_iso("2100-02-29", &d, &err), RD_INVALID);
	ck_assert_int_eq(date_parse_iso("2026-04-31", &d, &err), RD_INVALID);
	ck_assert(strstr(err.msg, "01 to 30 in April 2026") != NULL);
	ck_assert_int_eq(date_parse_iso("2026-01-00", &d, &err), RD_INVALID);
	ck_assert_int_eq(date_parse_iso("2026-01-32", &d, &err), RD_INVALID);
	ck_assert_int_eq(d, 12345);
}
END_TEST

START_TEST(parse_rejects_bad_month_and_year)
{
	struct rd_error err;
	int32_t d;

	ck_assert_int_eq(date_parse_iso("2026-13-01", &d, &err), RD_INVALID);
	ck_assert_str_eq(err.msg, "invalid date '2026-13-01': the month must be 01 to 12");
	ck_assert_int_eq(date_parse_iso("2026-00-10", &d, &err), RD_INVALID);
	ck_assert_int_eq(date_parse_iso("1899-12-31", &d, &err), RD_INVALID);
	ck_assert_str_eq(err.msg, "invalid date '1899-12-31': the year must be 1900 to 2999");
	ck_assert_int_eq(date_parse_iso("3000-01-01", &d, &err), RD_INVALID);
	ck_assert_int_eq(date_parse_iso("0000-01-01", &d, &err), RD_INVALID);
}
END_TEST

START_TEST(parse_rejects_other_shapes)
{
	static const char *const bad[] = {
		"", "2026", "2026-", "2026-01", "2026-01-0", "2026-1-01",
		"2026-01-1", "26-01-01", "20260101", "2026/01-01", "2026-01/01",
		"2026/1/01", "2026/01/01/",
		"2026-01-01x", "2026-01-01 ", " 2026-01-01", "2026-01-01\n",
		"2026-01-01T00:00", "+026-01-01", "-026-01-01", "2026-0a-01",
		"2026_01_01", "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x96-01-01",
		"2026-01-01-01", "0x7e-01-01",
	};
	struct rd_error err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int32_t d = 7;

		ck_assert_msg(date_parse_iso(bad[i], &d, &err) == RD_INVALID,
			      "accepted '%s'", bad[i]);
		ck_assert_msg(strstr(err.msg, "YYYY-MM-DD") != NULL,
			      "'%s': %s", bad[i], err.msg);
		ck_assert_int_eq(d, 7);
	}
}
END_TEST

START_TEST(parse_quotes_long_or_control_input_safely)
{
	char junk[600];
	struct rd_error err;
	int32_t d;

	memset(junk, 'z', sizeof(junk) - 1);
	junk[sizeof(junk) - 1] = '\0';
	ck_assert_int_eq(date_parse_iso(junk, &d, &err), RD_INVALID);
	ck_assert(strlen(err.msg) < 120);
	ck_assert(strstr(err.msg, "...") != NULL);
	ck_assert_int_eq(date_parse_iso("2026\x1b[2J", &d, &err), RD_INVALID);
	ck_assert(strchr(err.msg, '\x1b') == NULL);
	ck_assert(strstr(err.msg, "2026?[2J") != NULL);
	/* NULL err is allowed. */
	ck_assert_int_eq(date_parse_iso("x", &d, NULL), RD_INVALID);
}
END_TEST

START_TEST(parse_accepts_range_ends_and_leap_day)
{
	struct rd_error err;
	int32_t d;

	ck_assert_int_eq(date_parse_iso("2028-02-29", &d, &err), RD_OK);
	ck_assert_int_eq(d, 21243);
	ck_assert_int_eq(date_parse_iso("2000-02-29", &d, &err), RD_OK);
	ck_assert_int_eq(date_parse_iso("1900-01-01", &d, &err), RD_OK);
	ck_assert_int_eq(d, -25567);
	ck_assert_int_eq(date_parse_iso("2999-12-31", &d, &err), RD_OK);
	ck_assert_int_eq(d, 376199);
	ck_assert_int_eq(date_parse_iso("2026-04-01", &d, NULL), RD_OK);
	ck_assert_str_eq(iso(d), "2026-04-01");
	/* as a Japanese desk writes it */
	ck_assert_int_eq(date_parse_iso("2026/12/15", &d, &err), RD_OK);
	ck_assert_str_eq(iso(d), "2026-12-15");
	ck_assert_int_eq(date_parse_iso("2027/02/29", &d, &err), RD_INVALID);
}
END_TEST

/* ---- formatting ---- */

START_TEST(format_iso_and_short)
{
	char s[DATE_SHORT_SIZE], buf[DATE_ISO_SIZE];

	ck_assert_str_eq(date_format_iso(ymd(2026, 4, 1), buf), "2026-04-01");
	ck_assert_str_eq(date_format_iso(DATE_MIN, buf), "0001-01-01");
	ck_assert_str_eq(date_format_iso(DATE_MAX, buf), "9999-12-31");
	ck_assert_str_eq(date_format_short(ymd(2026, 12, 1), s), "12/01");
	ck_assert_str_eq(date_format_short(ymd(2027, 1, 9), s), "01/09");
	/* Far outside the exact range: still a NUL-terminated string. */
	date_format_iso(INT32_MAX, buf);
	ck_assert(strlen(buf) < DATE_ISO_SIZE);
	date_format_iso(INT32_MIN, buf);
	ck_assert(strlen(buf) < DATE_ISO_SIZE);
}
END_TEST

/* The catalogue is not loaded in the unit tests: the English forms. */
START_TEST(format_long_and_list_with_the_weekday)
{
	char l[DATE_LONG_SIZE], s[DATE_LIST_SIZE];

	ck_assert_str_eq(date_format_long(ymd(2026, 12, 12), l),
			 "2026/12/12(Sat)");
	ck_assert_str_eq(date_format_list(ymd(2026, 12, 12), s), "12/12(Sat)");
	ck_assert_str_eq(date_format_long(ymd(2027, 1, 4), l),
			 "2027/01/04(Mon)");
	ck_assert_str_eq(date_format_list(ymd(2028, 2, 29), s), "02/29(Tue)");
	ck_assert_str_eq(date_format_list(ymd(2026, 12, 13), s), "12/13(Sun)");
	ck_assert_str_eq(date_format_long(DATE_MIN, l), "0001/01/01(Mon)");
	date_format_long(INT32_MAX, l);
	ck_assert(strlen(l) < DATE_LONG_SIZE);
	ck_assert_str_eq(date_weekday_abbr(DATE_FRI), "Fri");
	ck_assert_str_eq(date_weekday_abbr(7), "?");
	ck_assert_str_eq(date_weekday_abbr(-1), "?");
}
END_TEST

START_TEST(format_stamp_from_database_text)
{
	char b[DATE_STAMP_SIZE];

	ck_assert_str_eq(date_format_stamp("2026-12-07 14:05", DATE_LONG, b),
			 "2026/12/07(Mon) 14:05");
	ck_assert_str_eq(date_format_stamp("2026-12-07 09:05:33", DATE_LIST, b),
			 "12/07(Mon) 09:05");
	ck_assert_str_eq(date_format_stamp("2026-12-07T23:59:01+09:00",
					   DATE_LIST, b), "12/07(Mon) 23:59");
	ck_assert_str_eq(date_format_stamp("2026-12-12", DATE_LONG, b),
			 "2026/12/12(Sat)");
	/* anything else as it is */
	ck_assert_str_eq(date_format_stamp("", DATE_LONG, b), "");
	ck_assert_str_eq(date_format_stamp(NULL, DATE_LONG, b), "");
	ck_assert_str_eq(date_format_stamp("14:05", DATE_LIST, b), "14:05");
	ck_assert_str_eq(date_format_stamp("2026-02-30 10:00", DATE_LIST, b),
			 "2026-02-30 10:00");
	ck_assert_str_eq(date_format_stamp("2026-12-07 25:00", DATE_LIST, b),
			 "2026-12-07 25:00");
	ck_assert_str_eq(date_format_stamp("2026-12-07 1", DATE_LIST, b),
			 "2026-12-07 1");
	ck_assert_str_eq(date_format_stamp("2026-12-07x", DATE_LIST, b),
			 "2026-12-07x");
}
END_TEST

START_TEST(weekday_and_month_names)
{
	ck_assert_str_eq(date_weekday_name(DATE_MON), "Monday");
	ck_assert_str_eq(date_weekday_name(DATE_SUN), "Sunday");
	ck_assert_str_eq(date_weekday_name(7), "?");
	ck_assert_str_eq(date_weekday_name(-1), "?");
	ck_assert_str_eq(date_month_name(2), "February");
	ck_assert_str_eq(date_month_name(12), "December");
	ck_assert_str_eq(date_month_name(0), "?");
	ck_assert_str_eq(date_month_name(13), "?");
}
END_TEST

Suite *date_suite(void)
{
	Suite *s = suite_create("date");
	TCase *edge = tcase_create("edge");
	TCase *conv = tcase_create("conversion");
	TCase *text = tcase_create("text");

	tcase_add_test(edge, leap_years_follow_gregorian_rules);
	tcase_add_test(edge, days_in_month_handles_february_and_bad_months);
	tcase_add_test(edge, ymd_valid_rejects_impossible_dates);
	tcase_add_test(edge, year_boundaries_are_consecutive_days);
	tcase_add_test(edge, add_months_clamps_to_month_end);
	tcase_add_test(edge, add_months_crosses_years_both_ways);
	suite_add_tcase(s, edge);

	tcase_add_test(conv, known_day_numbers);
	tcase_add_test(conv, every_day_round_trips_against_naive_calendar);
	tcase_add_test(conv, to_ymd_accepts_null_outputs);
	tcase_add_test(conv, weekdays_monday_is_zero);
	tcase_set_timeout(conv, 30);
	suite_add_tcase(s, conv);

	tcase_add_test(text, parse_rejects_impossible_days_with_reason);
	tcase_add_test(text, parse_rejects_bad_month_and_year);
	tcase_add_test(text, parse_rejects_other_shapes);
	tcase_add_test(text, parse_quotes_long_or_control_input_safely);
	tcase_add_test(text, parse_accepts_range_ends_and_leap_day);
	tcase_add_test(text, format_iso_and_short);
	tcase_add_test(text, weekday_and_month_names);
	tcase_add_test(text, format_long_and_list_with_the_weekday);
	tcase_add_test(text, format_stamp_from_database_text);
	tcase_add_test(text, rfc3339_from_postgres_text);
	suite_add_tcase(s, text);
	return s;
}
