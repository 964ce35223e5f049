/* jpholiday.c: Japan's national holidays of a year (jpholiday.h has the
 * rules). The act's days are made first, then the substitutes, then the
 * citizens' holidays, since each later rule reads the days before it. */
#include "repeatdesk/jpholiday.h"
#include "repeatdesk/date.h"

#include <stdbool.h>
#include <stddef.h>

/* The equinox formula with integer arithmetic: 0.242194 as millionths,
 * so nothing depends on the floating point of the machine. */
static int equinox(int year, long base_millionths)
{
	long y = year - 1980;

	if (year < 1980 || year > 2099)
		return 0;
	return (int)((base_millionths + 242194L * y) / 1000000L - y / 4);
}

int jpholiday_vernal_equinox_day(int year)
{
	return equinox(year, 20843100L);
}

int jpholiday_autumnal_equinox_day(int year)
{
	return equinox(year, 23248800L);
}

/* The nth (1..5) Monday of month. */
static int32_t nth_monday(int year, int month, int nth)
{
	int32_t first = date_from_ymd(year, month, 1);
	int shift = ((int)DATE_MON - (int)date_weekday(first) + 7) % 7;

	return first + shift + 7 * (nth - 1);
}

static const struct {
	int month, mday;	/* a fixed day; mday 0: Happy Monday nth */
	int nth;
	const char *name;
} act[] = {
	{ 1, 1, 0, "元日" },
	{ 1, 0, 2, "成人の日" },
	{ 2, 11, 0, "建国記念の日" },
	{ 2, 23, 0, "天皇誕生日" },
	{ 3, -1, 0, "春分の日" },
	{ 4, 29, 0, "昭和の日" },
	{ 5, 3, 0, "憲法記念日" },
	{ 5, 4, 0, "みどりの日" },
	{ 5, 5, 0, "こどもの日" },
	{ 7, 0, 3, "海の日" },
	{ 8, 11, 0, "山の日" },
	{ 9, 0, 3, "敬老の日" },
	{ 9, -1, 0, "秋分の日" },
	{ 10, 0, 2, "スポーツの日" },
	{ 11, 3, 0, "文化の日" },
	{ 11, 23, 0, "勤労感謝の日" },
};

static int find(const struct jpholiday *h, int n, int32_t day)
{
	for (int i = 0; i < n; i++)
		if (h[i].date == day)
			return i;
	return -1;
}

/* Inserts (date order kept); the caller made sure there is room. */
static int insert(struct jpholiday *h, int n, int32_t day,
		  enum jpholiday_kind kind, const char *name)
{
	int i = n;

	while (i > 0 && h[i - 1].date > day) {
		h[i] = h[i - 1];
		i--;
	}
	h[i].date = day;
	h[i].kind = kind;
	h[i].name = name;
	return n + 1;
}

int jpholiday_year(int year, struct jpholiday out[JPHOLIDAY_MAX_PER_YEAR])
{
	struct jpholiday h[JPHOLIDAY_MAX_PER_YEAR];
	int n = 0, nact;

	if (year < JPHOLIDAY_YEAR_MIN || year > JPHOLIDAY_YEAR_MAX)
		return -1;
	for (size_t i = 0; i < sizeof(act) / sizeof(act[0]); i++) {
		int32_t day;

		if (act[i].mday > 0)
			day = date_from_ymd(year, act[i].month, act[i].mday);
		else if (act[i].mday == 0)
			day = nth_monday(year, act[i].month, act[i].nth);
		else
			day = date_from_ymd(year, act[i].month, act[i].month == 3
					    ? jpholiday_vernal_equinox_day(year)
					    : jpholiday_autumnal_equinox_day(year));
		n = insert(h, n, day, JPHOLIDAY_NATIONAL, act[i].name);
	}
	nact = n;
	/* 振替休日: the nearest day after a Sunday holiday that is not a
	 * holiday (a run 05-03..05-05 on a Sunday gives 05-06); the Sundays
	 * are listed first, since each substitute shifts the array */
	{
		int32_t sundays[JPHOLIDAY_MAX_PER_YEAR];
		int ns = 0;

		for (int i = 0; i < nact; i++)
			if (date_weekday(h[i].date) == DATE_SUN)
				sundays[ns++] = h[i].date;
		for (int i = 0; i < ns && n < JPHOLIDAY_MAX_PER_YEAR; i++) {
			int32_t day = sundays[i] + 1;

			while (find(h, n, day) >= 0)
				day++;
			n = insert(h, n, day, JPHOLIDAY_SUBSTITUTE, "振替休日");
		}
	}
	/* 国民の休日: between two days of the act, not itself a holiday */
	for (int i = 0; i + 1 < n; i++) {
		int32_t day = h[i].date + 1;

		if (h[i].kind == JPHOLIDAY_NATIONAL && h[i + 1].date == day + 1 &&
		    h[i + 1].kind == JPHOLIDAY_NATIONAL && n < JPHOLIDAY_MAX_PER_YEAR) {
			n = insert(h, n, day, JPHOLIDAY_CITIZENS, "国民の休日");
			i++;
		}
	}
	for (int i = 0; i < n; i++)
		out[i] = h[i];
	return n;
}
