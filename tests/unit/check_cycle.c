/* check_cycle.c: cycle specs and the schedule engine. Edge cases first:
 * month ends, leap days, missing 5th weekdays, year boundaries, garbage
 * specs; then every kind's rule, closures without drift, first intervals
 * and long-run properties. */
#include <check.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "repeatdesk/cycle.h"
#include "repeatdesk/date.h"
#include "repeatdesk/sbuf.h"

Suite *cycle_suite(void);

static int32_t ymd(int y, int m, int d)
{
	ck_assert_msg(date_ymd_valid(y, m, d), "test date %04d-%02d-%02d", y, m, d);
	return date_from_ymd(y, m, d);
}

static const char *iso(int32_t day)
{
	static char buf[4][DATE_ISO_SIZE];
	static int next;

	next = (next + 1) % 4;
	return date_format_iso(day, buf[next]);
}

static struct cycle parse_ok(const char *spec)
{
	struct cycle c;
	struct rd_error err;

	ck_assert_msg(cycle_parse(spec, &c, &err) == RD_OK, "'%s': %s", spec,
		      err.msg);
	return c;
}

/* Dates of count deliveries after from, as `cycle dates` prints them. */
static void expect_dates(const char *spec, int32_t from,
			 const char *const *want, size_t count)
{
	struct cycle c = parse_ok(spec);
	int32_t got = from;

	for (size_t i = 0; i < count; i++) {
		got = cycle_next(&c, got);
		ck_assert_msg(strcmp(iso(got), want[i]) == 0,
			      "%s step %zu from %s: got %s, want %s", spec, i + 1,
			      iso(from), iso(got), want[i]);
	}
}

#define EXPECT(spec, from, ...) do { \
		static const char *const want_[] = { __VA_ARGS__ }; \
		expect_dates(spec, from, want_, sizeof(want_) / sizeof(want_[0])); \
	} while (0)

/* ---- garbage specs ---- */

START_TEST(garbage_specs_are_refused_with_a_reason)
{
	static const struct {
		const char *spec;
		const char *says;
	} bad[] = {
		{ "", "empty" },
		{ "   \t\n", "empty" },
		{ "0d", "0 days in cycle '0d' is out of range: use 1 to 365 days" },
		{ "366d", "use 1 to 365 days" },
		{ "0w:fri", "use 1 to 52 weeks" },
		{ "53w:fri", "53 weeks" },
		{ "0m:15", "use 1 to 12 months" },
		{ "13m:15", "13 months" },
		{ "99999999999999999999d", "99999999999999999999 days" },
		{ "1m:32", "day 32 in cycle '1m:32' is out of range" },
		{ "1m:0", "day 0 in cycle" },
		{ "1m:00", "day 00 in cycle" },
		{ "1m:6tue", "week 6 in cycle '1m:6tue' is out of range" },
		{ "1m:0tue", "week 0" },
		{ "1m:99999tue", "week 99999" },
		{ "2w", "needs a weekday after a colon: write it like 2w:fri" },
		{ "2w:", "needs a weekday" },
		{ "2wfri", "needs a weekday" },
		{ "w:fri", "must start with a number" },
		{ ":fri", "must start with a number" },
		{ "-1d", "must start with a number" },
		{ "+1d", "must start with a number" },
		{ "d", "must start with a number" },
		{ "1x:3", "unknown unit 'x' in cycle '1x:3'" },
		{ "1:3", "unknown unit ':'" },
		{ "45", "lacks a unit" },
		{ "45d:3", "nothing may follow" },
		{ "45dd", "nothing may follow" },
		{ "2w:friday", "unknown weekday 'friday'" },
		{ "2w:fr", "unknown weekday 'fr'" },
		{ "2w:5fri", "unknown weekday '5fri'" },
		{ "1m", "needs a day of the month after a colon: write it like 1m:15" },
		{ "1m:", "needs a day of the month" },
		{ "3m15", "write it like 3m:15" },
		{ "1m:first", "unknown day 'first'" },
		{ "1m:2nd", "unknown weekday 'nd'" },
		{ "1m:lastfry", "unknown weekday 'fry'" },
		{ "1m:lastday", "unknown weekday 'day'" },
		{ "1m:last1", "unknown weekday '1'" },
		{ "1m:15:", "unknown weekday ':'" },
		{ "1m:1.5", "unknown weekday '.5'" },
		{ "2w: fri", "space or control character" },
		{ "2 w:fri", "space or control character" },
		{ "1m:15\t3", "space or control character" },
		{ "1d\x01", "space or control character" },
		{ "1d\x7f", "space or control character" },
		{ "\xef\xbc\x91m:15", "full-width" },			/* "１m:15" */
		{ "1m\xef\xbc\x9a" "15", "full-width" },		/* "1m：15" */
		{ "\xe3\x80\x80" "1m:15", "full-width" },		/* ideographic space */
		{ "1m:15\xff", "full-width" },
		{ "1m:15;drop", "unknown weekday ';drop'" },
		{ "every 2 weeks", "space or control character" },
		{ "1m:15xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "too long" },
	};
	struct rd_error err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct cycle c = { .kind = CYCLE_DAYS, .n = 77 };

		ck_assert_msg(cycle_parse(bad[i].spec, &c, &err) == RD_INVALID,
			      "accepted '%s'", bad[i].spec);
		ck_assert_int_eq(err.status, RD_INVALID);
		ck_assert_msg(strstr(err.msg, bad[i].says) != NULL,
			      "'%s': message '%s' lacks '%s'", bad[i].spec,
			      err.msg, bad[i].says);
		ck_assert_msg(strchr(err.msg, '\n') == NULL, "'%s': two lines",
			      bad[i].spec);
		ck_assert_int_eq(c.n, 77);	/* out untouched */
	}
}
END_TEST

START_TEST(unknown_weekday_message_names_the_choices)
{
	struct rd_error err;
	struct cycle c;

	ck_assert_int_eq(cycle_parse("2w:fry", &c, &err), RD_INVALID);
	ck_assert_str_eq(err.msg, "unknown weekday 'fry' in cycle '2w:fry': use mon, tue, wed, thu, fri, sat or sun");
	/* The spec is quoted as typed, not lower-cased. */
	ck_assert_int_eq(cycle_parse("2W:FRY", &c, &err), RD_INVALID);
	ck_assert_str_eq(err.msg, "unknown weekday 'FRY' in cycle '2W:FRY': use mon, tue, wed, thu, fri, sat or sun");
}
END_TEST

START_TEST(very_long_and_hostile_specs_give_short_messages)
{
	char *big = malloc(100001);
	struct rd_error err;
	struct cycle c;

	memset(big, '9', 100000);
	big[100000] = '\0';
	ck_assert_int_eq(cycle_parse(big, &c, &err), RD_INVALID);
	ck_assert(strstr(err.msg, "too long") != NULL);
	ck_assert(strlen(err.msg) < 160);
	memset(big, 'x', 100000);
	memcpy(big, "1m:", 3);
	ck_assert_int_eq(cycle_parse(big, &c, &err), RD_INVALID);
	ck_assert(strlen(err.msg) < 160);
	free(big);

	/* A cut never splits a UTF-8 character: 40 bytes of "あ" (3 bytes
	 * each) are quoted as 8 whole characters plus "...". */
	char kana[3 * 40 + 1];
	for (int i = 0; i < 40; i++)
		memcpy(kana + 3 * i, "\xe3\x81\x82", 3);
	kana[120] = '\0';
	ck_assert_int_eq(cycle_parse(kana, &c, &err), RD_INVALID);
	ck_assert_msg(strstr(err.msg, "'\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82"
				      "\xe3\x81\x82\xe3\x81\x82\xe3\x81\x82"
				      "\xe3\x81\x82\xe3\x81\x82...'") != NULL,
		      "%s", err.msg);

	/* Terminal escapes in a spec are not echoed into the message. */
	ck_assert_int_eq(cycle_parse("1m:\x1b[2J", &c, &err), RD_INVALID);
	ck_assert(strchr(err.msg, '\x1b') == NULL);
	ck_assert_int_eq(cycle_parse("x", &c, NULL), RD_INVALID);
}
END_TEST

/* ---- parsing valid specs ---- */

START_TEST(every_kind_parses_and_formats_canonically)
{
	static const struct {
		const char *spec;
		enum cycle_kind kind;
		int n, mday, nth, wday;
		const char *canon;
	} ok[] = {
		{ "45d", CYCLE_DAYS, 45, 0, 0, 0, "45d" },
		{ "1d", CYCLE_DAYS, 1, 0, 0, 0, "1d" },
		{ "365d", CYCLE_DAYS, 365, 0, 0, 0, "365d" },
		{ "045D", CYCLE_DAYS, 45, 0, 0, 0, "45d" },
		{ "2w:fri", CYCLE_WEEKS, 2, 0, 0, DATE_FRI, "2w:fri" },
		{ "1W:MON", CYCLE_WEEKS, 1, 0, 0, DATE_MON, "1w:mon" },
		{ "52w:sun", CYCLE_WEEKS, 52, 0, 0, DATE_SUN, "52w:sun" },
		{ "1m:15", CYCLE_MONTH_DAY, 1, 15, 0, 0, "1m:15" },
		{ "1m:01", CYCLE_MONTH_DAY, 1, 1, 0, 0, "1m:1" },
		{ "12m:31", CYCLE_MONTH_DAY, 12, 31, 0, 0, "12m:31" },
		{ "2m:last", CYCLE_MONTH_LAST, 2, 0, 0, 0, "2m:last" },
		{ "1M:LAST", CYCLE_MONTH_LAST, 1, 0, 0, 0, "1m:last" },
		{ "1m:2tue", CYCLE_MONTH_NTH_WDAY, 1, 0, 2, DATE_TUE, "1m:2tue" },
		{ "3m:5Sun", CYCLE_MONTH_NTH_WDAY, 3, 0, 5, DATE_SUN, "3m:5sun" },
		{ "1m:1mon", CYCLE_MONTH_NTH_WDAY, 1, 0, 1, DATE_MON, "1m:1mon" },
		{ "1m:lastfri", CYCLE_MONTH_LAST_WDAY, 1, 0, 0, DATE_FRI, "1m:lastfri" },
		{ "12m:LastSat", CYCLE_MONTH_LAST_WDAY, 12, 0, 0, DATE_SAT, "12m:lastsat" },
		{ "  1m:15  ", CYCLE_MONTH_DAY, 1, 15, 0, 0, "1m:15" },
		{ "\t2w:wed\r\n", CYCLE_WEEKS, 2, 0, 0, DATE_WED, "2w:wed" },
	};
	char buf[CYCLE_SPEC_SIZE];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct cycle c = parse_ok(ok[i].spec);

		ck_assert_msg(c.kind == ok[i].kind && c.n == ok[i].n
			      && c.mday == ok[i].mday && c.nth == ok[i].nth
			      && c.wday == ok[i].wday, "fields of '%s'",
			      ok[i].spec);
		ck_assert(cycle_valid(&c));
		ck_assert_str_eq(cycle_format(&c, buf), ok[i].canon);
	}
}
END_TEST

/* Every valid cycle there is formats to a spec that parses back to it. */
START_TEST(all_valid_cycles_round_trip)
{
	struct cycle c, back;
	char buf[CYCLE_SPEC_SIZE];
	int count = 0;

	for (int kind = CYCLE_DAYS; kind <= CYCLE_MONTH_LAST_WDAY; kind++) {
		for (int n = 1; n <= CYCLE_DAYS_MAX; n++) {
			for (int p = 0; p <= 31; p++) {
				for (int w = 0; w < 7; w++) {
					memset(&c, 0, sizeof(c));
					c.kind = (enum cycle_kind)kind;
					c.n = n;
					c.mday = kind == CYCLE_MONTH_DAY ? p : 0;
					c.nth = kind == CYCLE_MONTH_NTH_WDAY ? p : 0;
					c.wday = w;
					if (!cycle_valid(&c))
						continue;
					if ((kind == CYCLE_DAYS || kind == CYCLE_MONTH_LAST
					     || kind == CYCLE_MONTH_DAY) && w != 0)
						continue;
					if ((kind != CYCLE_MONTH_DAY
					     && kind != CYCLE_MONTH_NTH_WDAY) && p != 0)
						continue;
					cycle_format(&c, buf);
					ck_assert_msg(cycle_parse(buf, &back, NULL) == RD_OK,
						      "'%s'", buf);
					ck_assert_msg(cycle_equal(&c, &back), "'%s'", buf);
					count++;
				}
			}
		}
	}
	/* 365 + 52*7 + 12*31 + 12 + 12*5*7 + 12*7 */
	ck_assert_int_eq(count, 365 + 364 + 372 + 12 + 420 + 84);
}
END_TEST

START_TEST(valid_and_equal_check_hand_built_cycles)
{
	struct cycle a = { .kind = CYCLE_MONTH_DAY, .n = 1, .mday = 15 };
	struct cycle b = a;
	char buf[CYCLE_SPEC_SIZE];

	ck_assert(cycle_valid(&a));
	b.wday = 3;	/* unused by the kind: still equal */
	ck_assert(cycle_equal(&a, &b));
	b.mday = 16;
	ck_assert(!cycle_equal(&a, &b));
	a.mday = 0;
	ck_assert(!cycle_valid(&a));
	ck_assert_str_eq(cycle_format(&a, buf), "");
	a = (struct cycle){ .kind = CYCLE_WEEKS, .n = 1, .wday = 7 };
	ck_assert(!cycle_valid(&a));
	a = (struct cycle){ .kind = CYCLE_MONTH_NTH_WDAY, .n = 1, .nth = 6 };
	ck_assert(!cycle_valid(&a));
	a = (struct cycle){ .kind = CYCLE_DAYS, .n = 366 };
	ck_assert(!cycle_valid(&a));
	a = (struct cycle){ .kind = (enum cycle_kind)42, .n = 1 };
	ck_assert(!cycle_valid(&a));
}
END_TEST

/* ---- describe ---- */

START_TEST(describe_in_words)
{
	static const struct {
		const char *spec, *words;
	} cases[] = {
		{ "45d", "every 45 days" },
		{ "1d", "every day" },
		{ "2w:fri", "every 2 weeks on Friday" },
		{ "1w:mon", "every week on Monday" },
		{ "1m:15", "every month on the 15th" },
		{ "3m:1", "every 3 months on the 1st" },
		{ "1m:2", "every month on the 2nd" },
		{ "1m:3", "every month on the 3rd" },
		{ "1m:11", "every month on the 11th" },
		{ "1m:12", "every month on the 12th" },
		{ "1m:13", "every month on the 13th" },
		{ "1m:21", "every month on the 21st" },
		{ "1m:22", "every month on the 22nd" },
		{ "1m:23", "every month on the 23rd" },
		{ "1m:28", "every month on the 28th" },
		{ "1m:29", "every month on the 29th, or the last day of shorter months" },
		{ "2m:31", "every 2 months on the 31st, or the last day of shorter months" },
		{ "2m:last", "every 2 months on the last day" },
		{ "1m:last", "every month on the last day" },
		{ "1m:2tue", "every month on the 2nd Tuesday" },
		{ "2m:3wed", "every 2 months on the 3rd Wednesday" },
		{ "1m:5sun", "every month on the 5th Sunday, or the last one when a month has no 5th" },
		{ "1m:lastfri", "every month on the last Friday" },
		{ "12m:lastsat", "every 12 months on the last Saturday" },
	};
	struct sbuf sb;

	sbuf_init(&sb);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cycle c = parse_ok(cases[i].spec);

		sbuf_reset(&sb);
		cycle_describe(&c, &sb);
		ck_assert_str_eq(sb.buf, cases[i].words);
	}
	/* Appends, so a caller can build a sentence around it. */
	sbuf_reset(&sb);
	sbuf_adds(&sb, "Delivered ");
	struct cycle c = parse_ok("45d");
	cycle_describe(&c, &sb);
	ck_assert_str_eq(sb.buf, "Delivered every 45 days");
	sbuf_done(&sb);
}
END_TEST

/* ---- next(): month ends, leap years, 5th weekdays ---- */

START_TEST(day_31_clamps_each_month_without_drift)
{
	EXPECT("1m:31", ymd(2026, 1, 31),
	       "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31",
	       "2026-06-30", "2026-07-31", "2026-08-31", "2026-09-30",
	       "2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31");
	EXPECT("1m:31", ymd(2028, 1, 31), "2028-02-29", "2028-03-31");
	EXPECT("1m:30", ymd(2026, 1, 30), "2026-02-28", "2026-03-30");
	EXPECT("1m:29", ymd(2026, 1, 29), "2026-02-28", "2026-03-29");
	EXPECT("1m:29", ymd(2028, 1, 29), "2028-02-29", "2028-03-29");
	EXPECT("1m:29", ymd(2100, 1, 29), "2100-02-28");	/* not leap */
	EXPECT("1m:29", ymd(2000, 1, 29), "2000-02-29");	/* leap */
	EXPECT("2m:31", ymd(2025, 12, 31), "2026-02-28", "2026-04-30",
	       "2026-06-30", "2026-08-31");
}
END_TEST

START_TEST(yearly_on_the_29th_returns_to_feb_29)
{
	EXPECT("12m:29", ymd(2028, 2, 29),
	       "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29");
	EXPECT("12m:last", ymd(2099, 2, 28), "2100-02-28", "2101-02-28");
}
END_TEST

START_TEST(last_day_follows_leap_years)
{
	EXPECT("1m:last", ymd(2028, 1, 31), "2028-02-29", "2028-03-31",
	       "2028-04-30");
	EXPECT("1m:last", ymd(2100, 1, 31), "2100-02-28");
	EXPECT("1m:last", ymd(2000, 1, 31), "2000-02-29");
	EXPECT("2m:last", ymd(2026, 1, 31), "2026-03-31", "2026-05-31",
	       "2026-07-31", "2026-09-30", "2026-11-30", "2027-01-31");
}
END_TEST

START_TEST(missing_fifth_weekday_falls_back_to_last)
{
	/* Sundays in 2026: 5 in March, May, August, November only. */
	EXPECT("1m:5sun", ymd(2025, 12, 28),
	       "2026-01-25", "2026-02-22", "2026-03-29", "2026-04-26",
	       "2026-05-31", "2026-06-28", "2026-07-26", "2026-08-30");
	/* February 2026 has exactly 4 of every weekday. */
	EXPECT("1m:5mon", ymd(2026, 1, 26), "2026-02-23");
	/* February 2028 (leap) has 5 Tuesdays: 1st and 29th. */
	EXPECT("1m:5tue", ymd(2028, 1, 25), "2028-02-29");
}
END_TEST

START_TEST(year_boundaries)
{
	EXPECT("45d", ymd(2026, 12, 20), "2027-02-03");
	EXPECT("1m:15", ymd(2026, 12, 15), "2027-01-15");
	EXPECT("1w:thu", ymd(2026, 12, 31), "2027-01-07");
	EXPECT("1m:1mon", ymd(2026, 12, 7), "2027-01-04");
	EXPECT("3m:lastfri", ymd(2026, 11, 27), "2027-02-26");
	EXPECT("12m:15", ymd(2999, 1, 15), "3000-01-15");
	EXPECT("1d", ymd(2028, 2, 28), "2028-02-29", "2028-03-01");
}
END_TEST

/* ---- next(): every kind's rule ---- */

START_TEST(days_add_n)
{
	EXPECT("45d", ymd(2026, 1, 1), "2026-02-15", "2026-04-01");
	EXPECT("365d", ymd(2027, 3, 1), "2028-02-29");
}
END_TEST

START_TEST(weeks_aligned_series_is_exactly_n_weeks)
{
	/* 2026-01-02 is a Friday. */
	EXPECT("2w:fri", ymd(2026, 1, 2), "2026-01-16", "2026-01-30",
	       "2026-02-13");
	EXPECT("1w:fri", ymd(2026, 1, 2), "2026-01-09");
	EXPECT("52w:fri", ymd(2026, 1, 2), "2027-01-01");
}
END_TEST

START_TEST(weeks_snap_onto_the_weekday_from_another_day)
{
	/* From Monday 2026-01-05: the first Friday after 5 + 7*(N-1). */
	EXPECT("1w:fri", ymd(2026, 1, 5), "2026-01-09", "2026-01-16");
	EXPECT("2w:fri", ymd(2026, 1, 5), "2026-01-16", "2026-01-30");
	/* From Saturday 2026-01-03: Friday 01-09 (6 days), then weekly. */
	EXPECT("1w:fri", ymd(2026, 1, 3), "2026-01-09");
	/* Same weekday as prev: a full N weeks, never 0 days. */
	EXPECT("1w:mon", ymd(2026, 1, 5), "2026-01-12");
}
END_TEST

START_TEST(monthly_ignores_prev_day_of_month)
{
	EXPECT("1m:15", ymd(2026, 1, 5), "2026-02-15");
	EXPECT("1m:15", ymd(2026, 1, 20), "2026-02-15");
	EXPECT("1m:15", ymd(2026, 1, 31), "2026-02-15", "2026-03-15");
	EXPECT("3m:1", ymd(2026, 1, 31), "2026-04-01", "2026-07-01");
}
END_TEST

START_TEST(nth_and_last_weekday)
{
	/* February 2026 starts on a Sunday and ends on a Saturday. */
	EXPECT("1m:2tue", ymd(2026, 1, 13), "2026-02-10", "2026-03-10");
	EXPECT("1m:1sun", ymd(2026, 1, 4), "2026-02-01");
	EXPECT("1m:1sat", ymd(2026, 1, 3), "2026-02-07");
	EXPECT("1m:lastfri", ymd(2026, 1, 30), "2026-02-27", "2026-03-27");
	EXPECT("1m:lastsat", ymd(2026, 1, 31), "2026-02-28");
	EXPECT("1m:lastsun", ymd(2026, 1, 25), "2026-02-22");
}
END_TEST

/* The monthly rules agree with a brute-force scan of each month's days,
 * for every month from 1900 to 2999. (Plain comparisons in the loop: a
 * ck_assert per case would cost a pipe write each in fork mode.) */
START_TEST(monthly_rules_match_brute_force)
{
	for (int wday = 0; wday < 7; wday++) {
		for (int y = 1900; y < 3000; y++) {
			for (int m = 1; m <= 12; m++) {
				int dim = date_days_in_month(y, m);
				int32_t first = date_from_ymd(y, m, 1);
				int32_t prev = date_add_months(first, -1);
				int32_t seen[6];
				int nseen = 0;
				struct cycle last = { .kind = CYCLE_MONTH_LAST_WDAY,
						      .n = 1, .wday = wday };

				for (int32_t d = first; d < first + dim; d++)
					if ((int)date_weekday(d) == wday)
						seen[nseen++] = d;
				for (int k = 1; k <= 5; k++) {
					struct cycle c = { .kind = CYCLE_MONTH_NTH_WDAY,
							   .n = 1, .nth = k, .wday = wday };
					int32_t want = seen[k <= nseen ? k - 1 : nseen - 1];

					if (cycle_next(&c, prev) != want)
						ck_abort_msg("1m:%d%d in %04d-%02d: got %s, want %s",
							     k, wday, y, m,
							     iso(cycle_next(&c, prev)),
							     iso(want));
				}
				if (cycle_next(&last, prev) != seen[nseen - 1])
					ck_abort_msg("last weekday %d in %04d-%02d", wday,
						     y, m);
			}
		}
	}
}
END_TEST

/* ---- long-run properties ---- */

START_TEST(ten_thousand_months_of_day_31_never_drift)
{
	struct cycle c = parse_ok("1m:31");
	int32_t d = ymd(1900, 1, 31);

	for (int i = 0; i < 10000; i++) {
		int32_t next = cycle_next(&c, d);
		int y0, m0, y, m, dd;

		date_to_ymd(d, &y0, &m0, NULL);
		date_to_ymd(next, &y, &m, &dd);
		if (next <= d || y * 12 + m != y0 * 12 + m0 + 1
		    || dd != date_days_in_month(y, m))
			ck_abort_msg("step %d: %s -> %s", i, iso(d), iso(next));
		d = next;
	}
	ck_assert_str_eq(iso(d), "2733-05-31");	/* 1900-01 + 10000 months */
}
END_TEST

START_TEST(ten_thousand_steps_of_each_kind_strictly_increase)
{
	static const char *const specs[] = {
		"1d", "45d", "365d", "1w:sun", "2w:fri", "52w:mon", "1m:1",
		"1m:15", "1m:31", "12m:29", "1m:last", "2m:last", "1m:1mon",
		"1m:5sun", "3m:2tue", "1m:lastfri", "12m:lastsun",
	};
	const int32_t end = ymd(9000, 1, 1);

	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		struct cycle c = parse_ok(specs[i]);
		int32_t d = ymd(1900, 1, 1);
		int steps = 0;

		for (; steps < 10000 && d < end; steps++) {
			int32_t next = cycle_next(&c, d);
			bool has_wday = c.kind == CYCLE_WEEKS
					|| c.kind == CYCLE_MONTH_NTH_WDAY
					|| c.kind == CYCLE_MONTH_LAST_WDAY;

			if (next <= d
			    || (c.kind == CYCLE_WEEKS && steps > 0
				&& next - d != 7 * c.n)
			    || (has_wday && (int)date_weekday(next) != c.wday))
				ck_abort_msg("%s: %s -> %s", specs[i], iso(d),
					     iso(next));
			d = next;
		}
		ck_assert_int_ge(steps, 7000);	/* 52w and 12m reach 9000 */
	}
}
END_TEST

/* ---- schedules ---- */

START_TEST(schedule_refuses_all_closed_weekdays_and_bad_sets)
{
	struct cycle c = parse_ok("1m:15");
	struct schedule s;
	struct rd_error err;
	int32_t out[3];
	const int32_t unsorted[] = { ymd(2026, 5, 5), ymd(2026, 5, 4) };

	schedule_init(&s, &c);
	ck_assert_int_eq(schedule_check(&s, &err), RD_OK);
	s.closed_wdays = SCHEDULE_ALL_WDAYS;
	ck_assert_int_eq(schedule_check(&s, &err), RD_INVALID);
	ck_assert(strstr(err.msg, "every weekday is closed") != NULL);
	ck_assert_int_eq(schedule_dates(&s, ymd(2026, 1, 15), 1, 3, NULL, out,
					&err), RD_INVALID);
	s.closed_wdays = 0x80;
	ck_assert_int_eq(schedule_check(&s, &err), RD_INVALID);

	schedule_init(&s, &c);
	s.closed_dates = unsorted;
	s.n_closed_dates = 2;
	ck_assert_int_eq(schedule_check(&s, &err), RD_INVALID);
	ck_assert_str_eq(err.msg, "the closed dates are not in order: 2026-05-04 comes after 2026-05-05");
	s.closed_dates = NULL;
	ck_assert_int_eq(schedule_check(&s, &err), RD_INVALID);

	schedule_init(&s, &c);
	s.cycle.mday = 40;
	ck_assert_int_eq(schedule_check(&s, &err), RD_INVALID);
	schedule_init(&s, &c);
	s.has_first = true;	/* first left zeroed: not valid */
	ck_assert_int_eq(schedule_check(&s, &err), RD_INVALID);
	ck_assert(strstr(err.msg, "first interval") != NULL);
}
END_TEST

START_TEST(open_day_search_is_bounded)
{
	struct cycle c = parse_ok("1d");
	struct schedule s;
	struct rd_error err;
	int32_t closed[SCHEDULE_MAX_SHIFT + 1], out = 0;
	const int32_t start = ymd(2026, 8, 1);

	for (int i = 0; i <= SCHEDULE_MAX_SHIFT; i++)
		closed[i] = start + i;
	schedule_init(&s, &c);
	s.closed_dates = closed;

	/* SCHEDULE_MAX_SHIFT closed days: the day after is found. */
	s.n_closed_dates = SCHEDULE_MAX_SHIFT;
	ck_assert_int_eq(schedule_open_day(&s, start, &out, &err), RD_OK);
	ck_assert_int_eq(out, start + SCHEDULE_MAX_SHIFT);

	/* One more and the search gives up with a reason. */
	s.n_closed_dates = SCHEDULE_MAX_SHIFT + 1;
	ck_assert_int_eq(schedule_open_day(&s, start, &out, &err), RD_INVALID);
	ck_assert(strstr(err.msg, "no open delivery day within 62 days from 2026-08-01") != NULL);
	ck_assert_int_eq(schedule_dates(&s, start, 1, 2, NULL, NULL, &err),
			 RD_INVALID);

	/* Six closed weekdays plus a holiday on the seventh still work. */
	schedule_init(&s, &c);
	s.closed_wdays = SCHEDULE_ALL_WDAYS & ~(1u << DATE_WED);
	closed[0] = ymd(2026, 1, 7);	/* a Wednesday */
	s.closed_dates = closed;
	s.n_closed_dates = 1;
	ck_assert_int_eq(schedule_open_day(&s, ymd(2026, 1, 5), &out, &err), RD_OK);
	ck_assert_str_eq(iso(out), "2026-01-14");
}
END_TEST

START_TEST(closed_weekday_moves_delivery_without_drift)
{
	/* Weekly on Sunday, but the warehouse does not ship on Sundays. */
	struct cycle c = parse_ok("1w:sun");
	struct schedule s;
	int32_t nom[6], eff[6];

	schedule_init(&s, &c);
	s.closed_wdays = 1u << DATE_SUN;
	ck_assert_int_eq(schedule_dates(&s, ymd(2026, 1, 4), 1, 6, nom, eff,
					NULL), RD_OK);
	for (int i = 0; i < 6; i++) {
		ck_assert_int_eq(nom[i], ymd(2026, 1, 4) + 7 * i);
		ck_assert_int_eq(eff[i], nom[i] + 1);
		ck_assert_int_eq(date_weekday(eff[i]), DATE_MON);
	}
}
END_TEST

START_TEST(holidays_move_delivery_and_next_uses_nominal)
{
	/* Golden Week 2026 and weekends closed; delivery on the 3rd. */
	const int32_t holidays[] = {
		ymd(2026, 4, 29), ymd(2026, 5, 3), ymd(2026, 5, 4),
		ymd(2026, 5, 5), ymd(2026, 5, 6),
	};
	struct cycle c = parse_ok("1m:3");
	struct schedule s;
	int32_t nom[3], eff[3];

	schedule_init(&s, &c);
	s.closed_wdays = (1u << DATE_SAT) | (1u << DATE_SUN);
	s.closed_dates = holidays;
	s.n_closed_dates = 5;
	ck_assert_int_eq(schedule_dates(&s, ymd(2026, 4, 3), 3, 3, nom, eff,
					NULL), RD_OK);
	ck_assert_str_eq(iso(eff[0]), "2026-04-03");
	ck_assert_str_eq(iso(nom[1]), "2026-05-03");
	ck_assert_str_eq(iso(eff[1]), "2026-05-07");
	ck_assert_str_eq(iso(nom[2]), "2026-06-03");	/* not 06-07 */
	ck_assert_str_eq(iso(eff[2]), "2026-06-03");
}
END_TEST

START_TEST(month_end_holiday_does_not_shift_later_months)
{
	const int32_t closed[] = { ymd(2026, 3, 31), ymd(2026, 4, 1) };
	struct cycle c = parse_ok("1m:31");
	struct schedule s;
	int32_t nom[4], eff[4];

	schedule_init(&s, &c);
	s.closed_dates = closed;
	s.n_closed_dates = 2;
	ck_assert_int_eq(schedule_dates(&s, ymd(2026, 2, 28), 2, 4, nom, eff,
					NULL), RD_OK);
	ck_assert_str_eq(iso(eff[1]), "2026-04-02");
	ck_assert_str_eq(iso(nom[2]), "2026-04-30");
	ck_assert_str_eq(iso(nom[3]), "2026-05-31");
}
END_TEST

START_TEST(long_closure_can_merge_daily_deliveries)
{
	/* New-year closure longer than a 1-day cycle: effective dates never
	 * decrease, and several deliveries share the first open day. */
	const int32_t closed[] = {
		ymd(2026, 12, 30), ymd(2026, 12, 31), ymd(2027, 1, 1),
		ymd(2027, 1, 2), ymd(2027, 1, 3),
	};
	struct cycle c = parse_ok("1d");
	struct schedule s;
	int32_t eff[7];

	schedule_init(&s, &c);
	s.closed_dates = closed;
	s.n_closed_dates = 5;
	ck_assert_int_eq(schedule_dates(&s, ymd(2026, 12, 29), 1, 7, NULL, eff,
					NULL), RD_OK);
	ck_assert_str_eq(iso(eff[0]), "2026-12-29");
	for (int i = 1; i <= 6; i++)
		ck_assert_str_eq(iso(eff[i]), "2027-01-04");
}
END_TEST

START_TEST(first_interval_applies_to_second_delivery_only)
{
	/* "First 45 days, then every 90". */
	struct cycle c = parse_ok("90d");
	struct schedule s;
	int32_t nom[4], after[3];

	schedule_init(&s, &c);
	s.has_first = true;
	s.first = parse_ok("45d");
	ck_assert_int_eq(schedule_dates(&s, ymd(2026, 1, 10), 1, 4, nom, NULL,
					NULL), RD_OK);
	ck_assert_str_eq(iso(nom[0]), "2026-01-10");
	ck_assert_str_eq(iso(nom[1]), "2026-02-24");
	ck_assert_str_eq(iso(nom[2]), "2026-05-25");
	ck_assert_str_eq(iso(nom[3]), "2026-08-23");

	/* Listing from delivery 2 never uses the first interval. */
	ck_assert_int_eq(schedule_dates(&s, nom[1], 2, 3, after, NULL, NULL),
			 RD_OK);
	ck_assert_int_eq(after[1], nom[2]);
	/* After delivery 1: the first interval; after a plain date: not. */
	ck_assert_int_eq(schedule_dates_after(&s, nom[0], 1, 3, after, NULL,
					      NULL), RD_OK);
	ck_assert_int_eq(after[0], nom[1]);
	ck_assert_int_eq(after[2], nom[3]);
	ck_assert_int_eq(schedule_dates_after(&s, nom[0], 0, 1, after, NULL,
					      NULL), RD_OK);
	ck_assert_str_eq(iso(after[0]), "2026-04-10");
}
END_TEST

START_TEST(first_interval_of_another_kind)
{
	/* First in 2 weeks on Friday, then monthly on the last Friday. */
	struct cycle c = parse_ok("1m:lastfri");
	struct schedule s;
	int32_t nom[4];

	schedule_init(&s, &c);
	s.has_first = true;
	s.first = parse_ok("2w:fri");
	ck_assert_int_eq(schedule_dates(&s, ymd(2026, 1, 5), 1, 4, nom, NULL,
					NULL), RD_OK);
	ck_assert_str_eq(iso(nom[1]), "2026-01-16");
	ck_assert_str_eq(iso(nom[2]), "2026-02-27");
	ck_assert_str_eq(iso(nom[3]), "2026-03-27");
}
END_TEST

START_TEST(cycle_dates_from_a_plain_date)
{
	/* repeatdesk cycle dates 1m:15 --from 2026-01-05 --count 3 */
	struct cycle c = parse_ok("1m:15");
	struct schedule s;
	int32_t out[3];

	schedule_init(&s, &c);
	ck_assert_int_eq(schedule_dates_after(&s, ymd(2026, 1, 5), 0, 3, NULL,
					      out, NULL), RD_OK);
	ck_assert_str_eq(iso(out[0]), "2026-02-15");
	ck_assert_str_eq(iso(out[1]), "2026-03-15");
	ck_assert_str_eq(iso(out[2]), "2026-04-15");

	c = parse_ok("2w:fri");
	schedule_init(&s, &c);
	ck_assert_int_eq(schedule_dates_after(&s, ymd(2026, 1, 2), 0, 3, out,
					      NULL, NULL), RD_OK);
	ck_assert_str_eq(iso(out[0]), "2026-01-16");
	ck_assert_str_eq(iso(out[2]), "2026-02-13");
	ck_assert_int_eq(schedule_dates_after(&s, ymd(2026, 1, 2), 0, 0, NULL,
					      NULL, NULL), RD_OK);
}
END_TEST

START_TEST(schedule_refuses_bad_numbers_and_calendar_overflow)
{
	struct cycle c = parse_ok("12m:1");
	struct schedule s;
	struct rd_error err;
	int32_t out[10];

	schedule_init(&s, &c);
	ck_assert_int_eq(schedule_dates(&s, ymd(2026, 1, 1), 0, 1, out, NULL,
					&err), RD_INVALID);
	ck_assert(strstr(err.msg, "start at 1") != NULL);
	ck_assert_int_eq(schedule_dates(&s, ymd(9995, 1, 1), 1, 10, out, NULL,
					&err), RD_INVALID);
	ck_assert(strstr(err.msg, "runs out of the calendar") != NULL);
	ck_assert_int_eq(schedule_dates_after(&s, DATE_MAX, 0, 1, out, NULL,
					      &err), RD_INVALID);
	ck_assert_int_eq(schedule_dates_after(&s, 0, UINT_MAX, 1, out, NULL,
					      &err), RD_INVALID);
	ck_assert_int_eq(schedule_dates(&s, ymd(2026, 1, 1), UINT_MAX, 3, out,
					NULL, &err), RD_OK);
}
END_TEST

/* A thousand deliveries over pseudo-random holidays: nominal dates equal
 * the plain cycle's (closures cause no drift), effective dates are open,
 * not earlier than nominal, at most SCHEDULE_MAX_SHIFT later, in order. */
START_TEST(closures_never_cause_drift_over_a_thousand_deliveries)
{
	static const char *const specs[] = {
		"1m:31", "2w:fri", "45d", "1m:lastfri", "1m:5sun", "1m:last",
	};
	enum { N = 1000 };
	int32_t *closed = malloc(sizeof(int32_t) * 40000);
	int32_t *nom = malloc(sizeof(int32_t) * N);
	int32_t *eff = malloc(sizeof(int32_t) * N);
	size_t nclosed = 0;
	uint32_t rng = 12345;

	/* About one day in six closed, from 2026 for a century or so. */
	for (int32_t d = ymd(2026, 1, 1); d < ymd(2200, 1, 1); d++) {
		rng = rng * 1103515245u + 12345u;
		if ((rng >> 16) % 6 == 0)
			closed[nclosed++] = d;
	}
	ck_assert_uint_lt(nclosed, 40000);
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		struct cycle c = parse_ok(specs[i]);
		struct schedule s;
		struct rd_error err;
		int32_t plain = ymd(2026, 1, 30);

		schedule_init(&s, &c);
		s.closed_wdays = 1u << DATE_SUN;
		s.closed_dates = closed;
		s.n_closed_dates = nclosed;
		ck_assert_msg(schedule_dates(&s, plain, 1, N, nom, eff, &err)
			      == RD_OK, "%s: %s", specs[i], err.msg);
		for (int k = 0; k < N; k++) {
			if (nom[k] != plain || schedule_is_closed(&s, eff[k])
			    || eff[k] < nom[k]
			    || eff[k] - nom[k] > SCHEDULE_MAX_SHIFT
			    || (k > 0 && (nom[k] <= nom[k - 1]
					  || eff[k] < eff[k - 1])))
				ck_abort_msg("%s delivery %d: nominal %s (plain %s), effective %s",
					     specs[i], k + 1, iso(nom[k]),
					     iso(plain), iso(eff[k]));
			plain = cycle_next(&c, plain);
		}
	}
	free(closed);
	free(nom);
	free(eff);
}
END_TEST

START_TEST(is_closed_checks_weekdays_and_dates)
{
	const int32_t closed[] = { ymd(2026, 1, 1), ymd(2026, 1, 2),
				   ymd(2026, 1, 2), ymd(2026, 2, 11) };
	struct cycle c = parse_ok("1d");
	struct schedule s;

	schedule_init(&s, &c);
	ck_assert(!schedule_is_closed(&s, ymd(2026, 1, 1)));
	s.closed_dates = closed;
	s.n_closed_dates = 4;	/* duplicates are harmless */
	s.closed_wdays = 1u << DATE_MON;
	ck_assert_int_eq(schedule_check(&s, NULL), RD_OK);
	ck_assert(schedule_is_closed(&s, ymd(2026, 1, 1)));
	ck_assert(schedule_is_closed(&s, ymd(2026, 1, 2)));
	ck_assert(!schedule_is_closed(&s, ymd(2026, 1, 3)));
	ck_assert(schedule_is_closed(&s, ymd(2026, 1, 5)));	/* Monday */
	ck_assert(schedule_is_closed(&s, ymd(2026, 2, 11)));
	ck_assert(!schedule_is_closed(&s, ymd(2026, 2, 12)));
	ck_assert(!schedule_is_closed(&s, ymd(2025, 12, 30)));
}
END_TEST

Suite *cycle_suite(void)
{
	Suite *s = suite_create("cycle");
	TCase *parse = tcase_create("parse");
	TCase *next = tcase_create("next");
	TCase *sched = tcase_create("schedule");

	tcase_add_test(parse, garbage_specs_are_refused_with_a_reason);
	tcase_add_test(parse, unknown_weekday_message_names_the_choices);
	tcase_add_test(parse, very_long_and_hostile_specs_give_short_messages);
	tcase_add_test(parse, every_kind_parses_and_formats_canonically);
	tcase_add_test(parse, all_valid_cycles_round_trip);
	tcase_add_test(parse, valid_and_equal_check_hand_built_cycles);
	tcase_add_test(parse, describe_in_words);
	suite_add_tcase(s, parse);

	tcase_add_test(next, day_31_clamps_each_month_without_drift);
	tcase_add_test(next, yearly_on_the_29th_returns_to_feb_29);
	tcase_add_test(next, last_day_follows_leap_years);
	tcase_add_test(next, missing_fifth_weekday_falls_back_to_last);
	tcase_add_test(next, year_boundaries);
	tcase_add_test(next, days_add_n);
	tcase_add_test(next, weeks_aligned_series_is_exactly_n_weeks);
	tcase_add_test(next, weeks_snap_onto_the_weekday_from_another_day);
	tcase_add_test(next, monthly_ignores_prev_day_of_month);
	tcase_add_test(next, nth_and_last_weekday);
	tcase_add_test(next, monthly_rules_match_brute_force);
	tcase_add_test(next, ten_thousand_months_of_day_31_never_drift);
	tcase_add_test(next, ten_thousand_steps_of_each_kind_strictly_increase);
	tcase_set_timeout(next, 30);
	suite_add_tcase(s, next);

	tcase_add_test(sched, schedule_refuses_all_closed_weekdays_and_bad_sets);
	tcase_add_test(sched, open_day_search_is_bounded);
	tcase_add_test(sched, closed_weekday_moves_delivery_without_drift);
	tcase_add_test(sched, holidays_move_delivery_and_next_uses_nominal);
	tcase_add_test(sched, month_end_holiday_does_not_shift_later_months);
	tcase_add_test(sched, long_closure_can_merge_daily_deliveries);
	tcase_add_test(sched, first_interval_applies_to_second_delivery_only);
	tcase_add_test(sched, first_interval_of_another_kind);
	tcase_add_test(sched, cycle_dates_from_a_plain_date);
	tcase_add_test(sched, schedule_refuses_bad_numbers_and_calendar_overflow);
	tcase_add_test(sched, closures_never_cause_drift_over_a_thousand_deliveries);
	tcase_add_test(sched, is_closed_checks_weekdays_and_dates);
	tcase_set_timeout(sched, 30);
	suite_add_tcase(s, sched);
	return s;
}
