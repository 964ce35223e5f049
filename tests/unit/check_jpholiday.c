/* check_jpholiday.c: Japan's national holidays against the Cabinet
 * Office's published lists (内閣府「国民の祝日について」) for 2024-2027,
 * then the rules one by one: substitutes after a Sunday run, citizens'
 * holidays of a silver week, the equinox formula and the range. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "repeatdesk/date.h"
#include "repeatdesk/jpholiday.h"

Suite *jpholiday_suite(void);

/* The official list of a year: "MM-DD name" a line. */
static void expect_year(int year, const char *const *want, int nwant)
{
	struct jpholiday h[JPHOLIDAY_MAX_PER_YEAR];
	int n = jpholiday_year(year, h);
	char got[64], iso[DATE_ISO_SIZE];

	for (int i = 0; i < n && i < nwant; i++) {
		snprintf(got, sizeof(got), "%s %s", date_format_iso(h[i].date, iso) + 5, h[i].name);
		ck_assert_msg(strcmp(got, want[i]) == 0, "%d #%d: got '%s', want '%s'",
			      year, i + 1, got, want[i]);
	}
	ck_assert_msg(n == nwant, "%d: %d holidays, the official list has %d", year, n, nwant);
}

#define EXPECT_YEAR(y, list) expect_year(y, list, (int)(sizeof(list) / sizeof(list[0])))

START_TEST(y2024_matches_the_official_list)
{
	static const char *const want[] = {
		"01-01 元日", "01-08 成人の日", "02-11 建国記念の日", "02-12 振替休日",
		"02-23 天皇誕生日", "03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日",
		"05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-15 海の日",
		"08-11 山の日", "08-12 振替休日", "09-16 敬老の日", "09-22 秋分の日",
		"09-23 振替休日", "10-14 スポーツの日", "11-03 文化の日", "11-04 振替休日",
		"11-23 勤労感謝の日",
	};
	EXPECT_YEAR(2024, want);
}
END_TEST

START_TEST(y2025_matches_the_official_list)
{
	static const char *const want[] = {
		"01-01 元日", "01-13 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
		"02-24 振替休日", "03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日",
		"05-04 みどりの日", "05-05 こどもの日", "05-06 振替休日", "07-21 海の日",
		"08-11 山の日", "09-15 敬老の日", "09-23 秋分の日", "10-13 スポーツの日",
		"11-03 文化の日", "11-23 勤労感謝の日", "11-24 振替休日",
	};
	EXPECT_YEAR(2025, want);
}
END_TEST

START_TEST(y2026_matches_the_official_list_with_a_citizens_holiday)
{
	static const char *const want[] = {
		"01-01 元日", "01-12 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
		"03-20 春分の日", "04-29 昭和の日", "05-03 憲法記念日", "05-04 みどりの日",
		"05-05 こどもの日", "05-06 振替休日", "07-20 海の日", "08-11 山の日",
		"09-21 敬老の日", "09-22 国民の休日", "09-23 秋分の日", "10-12 スポーツの日",
		"11-03 文化の日", "11-23 勤労感謝の日",
	};
	EXPECT_YEAR(2026, want);
}
END_TEST

START_TEST(y2027_matches_the_official_list)
{
	static const char *const want[] = {
		"01-01 元日", "01-11 成人の日", "02-11 建国記念の日", "02-23 天皇誕生日",
		"03-21 春分の日", "03-22 振替休日", "04-29 昭和の日", "05-03 憲法記念日",
		"05-04 みどりの日", "05-05 こどもの日", "07-19 海の日", "08-11 山の日",
		"09-20 敬老の日", "09-23 秋分の日", "10-11 スポーツの日", "11-03 文化の日",
		"11-23 勤労感謝の日",
	};
	EXPECT_YEAR(2027, want);
}
END_TEST

START_TEST(kinds_are_marked)
{
	struct jpholiday h[JPHOLIDAY_MAX_PER_YEAR];
	int n = jpholiday_year(2026, h), subst = 0, citizens = 0;

	for (int i = 0; i < n; i++) {
		if (h[i].kind == JPHOLIDAY_SUBSTITUTE) {
			subst++;
			ck_assert_int_eq(h[i].date, date_from_ymd(2026, 5, 6));
		}
		if (h[i].kind == JPHOLIDAY_CITIZENS) {
			citizens++;
			ck_assert_int_eq(h[i].date, date_from_ymd(2026, 9, 22));
		}
	}
	ck_assert_int_eq(subst, 1);
	ck_assert_int_eq(citizens, 1);
}
END_TEST

START_TEST(the_2032_and_2037_silver_weeks)
{
	/* 2032: 敬老の日 09-20, 秋分の日 09-22 (Wednesday): 09-21 is a
	 * citizens' holiday; 2037 likewise (09-21 Mon, 09-23 Wed) */
	struct jpholiday h[JPHOLIDAY_MAX_PER_YEAR];
	int n = jpholiday_year(2032, h), found = 0;

	for (int i = 0; i < n; i++)
		if (h[i].kind == JPHOLIDAY_CITIZENS && h[i].date == date_from_ymd(2032, 9, 21))
			found++;
	ck_assert_int_eq(found, 1);
	n = jpholiday_year(2037, h);
	found = 0;
	for (int i = 0; i < n; i++)
		if (h[i].kind == JPHOLIDAY_CITIZENS && h[i].date == date_from_ymd(2037, 9, 22))
			found++;
	ck_assert_int_eq(found, 1);
}
END_TEST

START_TEST(equinox_formula)
{
	/* days announced by the Cabinet Office / the formula's known values */
	ck_assert_int_eq(jpholiday_vernal_equinox_day(2024), 20);
	ck_assert_int_eq(jpholiday_vernal_equinox_day(2025), 20);
	ck_assert_int_eq(jpholiday_vernal_equinox_day(2027), 21);
	ck_assert_int_eq(jpholiday_autumnal_equinox_day(2024), 22);
	ck_assert_int_eq(jpholiday_autumnal_equinox_day(2025), 23);
	ck_assert_int_eq(jpholiday_autumnal_equinox_day(2012), 22);
	ck_assert_int_eq(jpholiday_vernal_equinox_day(2092), 19);
	ck_assert_int_eq(jpholiday_autumnal_equinox_day(2044), 22);
	ck_assert_int_eq(jpholiday_vernal_equinox_day(1979), 0);
	ck_assert_int_eq(jpholiday_autumnal_equinox_day(2100), 0);
}
END_TEST

START_TEST(years_out_of_range_are_refused)
{
	struct jpholiday h[JPHOLIDAY_MAX_PER_YEAR];

	ck_assert_int_eq(jpholiday_year(JPHOLIDAY_YEAR_MIN - 1, h), -1);
	ck_assert_int_eq(jpholiday_year(JPHOLIDAY_YEAR_MAX + 1, h), -1);
	ck_assert_int_gt(jpholiday_year(JPHOLIDAY_YEAR_MAX, h), 15);
}
END_TEST

START_TEST(every_year_is_ordered_and_a_substitute_never_falls_on_a_holiday)
{
	for (int y = JPHOLIDAY_YEAR_MIN; y <= JPHOLIDAY_YEAR_MAX; y++) {
		struct jpholiday h[JPHOLIDAY_MAX_PER_YEAR];
		int n = jpholiday_year(y, h);

		ck_assert_int_ge(n, 16);
		for (int i = 1; i < n; i++)
			ck_assert_msg(h[i].date > h[i - 1].date, "%d: not ascending at %d", y, i);
		for (int i = 0; i < n; i++) {
			if (h[i].kind == JPHOLIDAY_NATIONAL && date_weekday(h[i].date) == DATE_SUN) {
				/* some day after it (within 3) is a substitute */
				bool ok = false;

				for (int j = i + 1; j < n && h[j].date <= h[i].date + 3; j++)
					ok = ok || h[j].kind == JPHOLIDAY_SUBSTITUTE;
				ck_assert_msg(ok, "%d: a Sunday holiday without a substitute", y);
			}
		}
	}
}
END_TEST

Suite *jpholiday_suite(void)
{
	Suite *s = suite_create("jpholiday");
	TCase *tc = tcase_create("official");

	tcase_add_test(tc, y2024_matches_the_official_list);
	tcase_add_test(tc, y2025_matches_the_official_list);
	tcase_add_test(tc, y2026_matches_the_official_list_with_a_citizens_holiday);
	tcase_add_test(tc, y2027_matches_the_official_list);
	tcase_add_test(tc, kinds_are_marked);
	tcase_add_test(tc, the_2032_and_2037_silver_weeks);
	tcase_add_test(tc, equinox_formula);
	tcase_add_test(tc, years_out_of_range_are_refused);
	tcase_add_test(tc, every_year_is_ordered_and_a_substitute_never_falls_on_a_holiday);
	suite_add_tcase(s, tc);
	return s;
}
