/* check_calendar.c: closed days and calendar_move, the one rule that
 * moves a delivery off a closed day. Edge cases first: a run of closed
 * days across the year end (年末年始 then 元日 then a Sunday), moving
 * earlier into the past, a calendar with no open day; then reasons and
 * the schedule on top of it. */
#include <check.h>
#include <string.h>

#include "repeatdesk/calendar.h"
#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"

Suite *calendar_suite(void);

static int32_t ymd(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* 2026-12-29 .. 2027-01-03 closing (01-01 is also 元日: the closing's
 * reason wins, as rd.closed_days orders it), 2027-01-11 成人の日, a
 * one-off 2027-01-04 棚卸. */
static struct calendar_day days[9];
static struct calendar cal;

static void setup(void)
{
	int n = 0;

	for (int d = 29; d <= 31; d++)
		days[n++] = (struct calendar_day){ ymd(2026, 12, d), CALENDAR_CLOSING, "年末年始" };
	for (int d = 1; d <= 3; d++)
		days[n++] = (struct calendar_day){ ymd(2027, 1, d), CALENDAR_CLOSING, "年末年始" };
	days[n++] = (struct calendar_day){ ymd(2027, 1, 4), CALENDAR_ONEOFF, "棚卸" };
	days[n++] = (struct calendar_day){ ymd(2027, 1, 11), CALENDAR_HOLIDAY, "成人の日" };
	calendar_init(&cal);
	cal.days = days;
	cal.ndays = (size_t)n;
}

START_TEST(a_run_across_the_year_end_moves_later_to_the_first_open_day)
{
	struct calendar_move m;

	/* 12-29 .. 01-04 closed; 01-05 (Tuesday) open */
	ck_assert_int_eq(calendar_move(&cal, ymd(2026, 12, 30), &m, NULL), RD_OK);
	ck_assert(m.moved);
	ck_assert_int_eq(m.from, ymd(2026, 12, 30));
	ck_assert_int_eq(m.date, ymd(2027, 1, 5));
	ck_assert_int_eq(m.kind, CALENDAR_CLOSING);
	ck_assert_str_eq(m.reason, "年末年始");
	/* the reason is the asked day's, not the last closed day's */
	ck_assert_int_eq(calendar_move(&cal, ymd(2027, 1, 4), &m, NULL), RD_OK);
	ck_assert_int_eq(m.date, ymd(2027, 1, 5));
	ck_assert_str_eq(m.reason, "棚卸");
}
END_TEST

START_TEST(closed_sundays_extend_the_run)
{
	struct calendar_move m;

	/* 2027-01-10 is a Sunday, 01-11 a holiday: a Saturday close too
	 * pushes 01-09 to 01-12 */
	cal.closed_wdays = (1u << DATE_SAT) | (1u << DATE_SUN);
	ck_assert_int_eq(calendar_move(&cal, ymd(2027, 1, 9), &m, NULL), RD_OK);
	ck_assert_int_eq(m.date, ymd(2027, 1, 12));
	ck_assert_int_eq(m.kind, CALENDAR_WEEKDAY);
	ck_assert_str_eq(m.reason, "closed on Saturdays");
	/* 01-02 is a Saturday, but the list's reason wins */
	ck_assert_int_eq(calendar_move(&cal, ymd(2027, 1, 2), &m, NULL), RD_OK);
	ck_assert_str_eq(m.reason, "年末年始");
	ck_assert_int_eq(m.date, ymd(2027, 1, 5));
}
END_TEST

START_TEST(an_open_day_does_not_move)
{
	struct calendar_move m;

	ck_assert_int_eq(calendar_move(&cal, ymd(2026, 12, 28), &m, NULL), RD_OK);
	ck_assert(!m.moved);
	ck_assert_int_eq(m.date, ymd(2026, 12, 28));
	ck_assert_int_eq(m.kind, CALENDAR_OPEN);
	ck_assert_str_eq(m.reason, "");
}
END_TEST

START_TEST(earlier_moves_back_to_the_last_open_day)
{
	struct calendar_move m;

	cal.direction = CALENDAR_EARLIER;
	ck_assert_int_eq(calendar_move(&cal, ymd(2027, 1, 2), &m, NULL), RD_OK);
	ck_assert_int_eq(m.date, ymd(2026, 12, 28));
	ck_assert_str_eq(m.reason, "年末年始");
	ck_assert_int_eq(calendar_move(&cal, ymd(2027, 1, 11), &m, NULL), RD_OK);
	ck_assert_int_eq(m.date, ymd(2027, 1, 10));
}
END_TEST

START_TEST(earlier_never_moves_before_not_before_and_goes_later_instead)
{
	struct calendar_move m;

	cal.direction = CALENDAR_EARLIER;
	cal.not_before = ymd(2026, 12, 29);	/* "today" inside the closing */
	ck_assert_int_eq(calendar_move(&cal, ymd(2026, 12, 31), &m, NULL), RD_OK);
	ck_assert_int_eq(m.date, ymd(2027, 1, 5));
	cal.not_before = ymd(2026, 12, 28);
	ck_assert_int_eq(calendar_move(&cal, ymd(2026, 12, 31), &m, NULL), RD_OK);
	ck_assert_int_eq(m.date, ymd(2026, 12, 28));
}
END_TEST

START_TEST(first_open_ignores_the_direction)
{
	int32_t d = 0;

	cal.direction = CALENDAR_EARLIER;
	ck_assert_int_eq(calendar_first_open(&cal, ymd(2026, 12, 29), &d, NULL), RD_OK);
	ck_assert_int_eq(d, ymd(2027, 1, 5));
}
END_TEST

START_TEST(no_open_day_within_the_shift_is_an_error)
{
	static struct calendar_day many[CALENDAR_MAX_SHIFT + 1];
	struct calendar c;
	struct calendar_move m;
	struct rd_error err;

	for (int i = 0; i <= CALENDAR_MAX_SHIFT; i++)
		many[i] = (struct calendar_day){ ymd(2027, 3, 1) + i, CALENDAR_ONEOFF, "x" };
	calendar_init(&c);
	c.days = many;
	c.ndays = CALENDAR_MAX_SHIFT + 1;
	ck_assert_int_eq(calendar_move(&c, ymd(2027, 3, 1), &m, &err), RD_INVALID);
	ck_assert_ptr_nonnull(strstr(err.msg, "2027-03-01"));
	c.ndays = CALENDAR_MAX_SHIFT;
	ck_assert_int_eq(calendar_move(&c, ymd(2027, 3, 1), &m, &err), RD_OK);
	ck_assert_int_eq(m.date, ymd(2027, 3, 1) + CALENDAR_MAX_SHIFT);
}
END_TEST

START_TEST(check_refuses_disorder_and_all_weekdays)
{
	struct calendar_day two[2] = {
		{ ymd(2027, 1, 2), CALENDAR_ONEOFF, "a" },
		{ ymd(2027, 1, 2), CALENDAR_ONEOFF, "b" },
	};
	struct calendar c;

	ck_assert_int_eq(calendar_check(&cal, NULL), RD_OK);
	calendar_init(&c);
	c.days = two;
	c.ndays = 2;
	ck_assert_int_eq(calendar_check(&c, NULL), RD_INVALID);
	c.ndays = 0;
	c.closed_wdays = 0x7f;
	ck_assert_int_eq(calendar_check(&c, NULL), RD_INVALID);
}
END_TEST

START_TEST(the_schedule_moves_through_the_calendar_without_drift)
{
	struct cycle c;
	struct schedule s;
	int32_t nom[3], eff[3];
	struct calendar_move m;

	ck_assert_int_eq(cycle_parse("1m:30", &c, NULL), RD_OK);
	schedule_init(&s, &c);
	s.cal = &cal;
	ck_assert_int_eq(schedule_dates(&s, ymd(2026, 11, 30), 1, 3, nom, eff, NULL), RD_OK);
	ck_assert_int_eq(eff[0], ymd(2026, 11, 30));
	ck_assert_int_eq(nom[1], ymd(2026, 12, 30));
	ck_assert_int_eq(eff[1], ymd(2027, 1, 5));
	ck_assert_int_eq(nom[2], ymd(2027, 1, 30));
	ck_assert_int_eq(eff[2], ymd(2027, 1, 30));
	ck_assert_int_eq(schedule_move(&s, ymd(2026, 12, 30), &m, NULL), RD_OK);
	ck_assert_str_eq(m.reason, "年末年始");
	/* the bare cycle (no calendar) does not move */
	s.cal = NULL;
	ck_assert_int_eq(schedule_dates(&s, ymd(2026, 11, 30), 1, 3, nom, eff, NULL), RD_OK);
	ck_assert_int_eq(eff[1], ymd(2026, 12, 30));
}
END_TEST

START_TEST(words)
{
	char buf[64];
	enum calendar_direction d;
	enum calendar_kind k;

	ck_assert_str_eq(calendar_moved_text("年末年始", buf, sizeof(buf)), "moved: 年末年始");
	ck_assert_str_eq(calendar_moved_text("", buf, sizeof(buf)), "");
	/* a cut never splits a character: "moved: " is 7 bytes, 年 is 3 */
	ck_assert_str_eq(calendar_moved_text("年末年始", buf, 12), "moved: 年");
	ck_assert_int_eq(calendar_direction_parse("earlier", &d), 0);
	ck_assert_int_eq(d, CALENDAR_EARLIER);
	ck_assert_int_eq(calendar_direction_parse("sooner", &d), -1);
	ck_assert_int_eq(calendar_kind_parse("closing", &k), 0);
	ck_assert_int_eq(k, CALENDAR_CLOSING);
	ck_assert_str_eq(calendar_kind_name(CALENDAR_ONEOFF), "oneoff");
	ck_assert_int_eq(calendar_kind_parse("nope", &k), -1);
}
END_TEST

Suite *calendar_suite(void)
{
	Suite *s = suite_create("calendar");
	TCase *tc = tcase_create("move");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, a_run_across_the_year_end_moves_later_to_the_first_open_day);
	tcase_add_test(tc, closed_sundays_extend_the_run);
	tcase_add_test(tc, an_open_day_does_not_move);
	tcase_add_test(tc, earlier_moves_back_to_the_last_open_day);
	tcase_add_test(tc, earlier_never_moves_before_not_before_and_goes_later_instead);
	tcase_add_test(tc, first_open_ignores_the_direction);
	tcase_add_test(tc, no_open_day_within_the_shift_is_an_error);
	tcase_add_test(tc, check_refuses_disorder_and_all_weekdays);
	tcase_add_test(tc, the_schedule_moves_through_the_calendar_without_drift);
	tcase_add_test(tc, words);
	suite_add_tcase(s, tc);
	return s;
}
