/* jpholiday.h: Japan's national holidays, computed by the rules of the
 * National Holidays Act (国民の祝日に関する法律) as it stands since its
 * 2018 amendment (in force 2020; the one-off Olympic moves of 2020 and
 * 2021 are not rules, so the years start at 2022):
 *
 *   fixed days      元日 01-01, 建国記念の日 02-11, 天皇誕生日 02-23,
 *                   昭和の日 04-29, 憲法記念日 05-03, みどりの日 05-04,
 *                   こどもの日 05-05, 山の日 08-11, 文化の日 11-03,
 *                   勤労感謝の日 11-23;
 *   Happy Monday    成人の日 (2nd Monday of January), 海の日 (3rd Monday
 *                   of July), 敬老の日 (3rd Monday of September),
 *                   スポーツの日 (2nd Monday of October);
 *   equinoxes       春分の日 and 秋分の日 by the usual approximation of
 *                   the astronomical equinox, valid 1980-2099:
 *                   floor(20.8431 + 0.242194 (Y - 1980)) - floor((Y - 1980) / 4)
 *                   floor(23.2488 + 0.242194 (Y - 1980)) - floor((Y - 1980) / 4)
 *                   (the Cabinet Office announces the real days each
 *                   February for the next year; the formula agrees with
 *                   every announced day of the range);
 *   振替休日        a holiday on a Sunday makes the nearest following day
 *                   that is not a holiday a holiday (article 3.2);
 *   国民の休日      a day that is not a holiday but whose day before and
 *                   day after both are holidays of the act (article 3.3;
 *                   in practice the Tuesday of a September "silver week").
 *
 * Names are the act's Japanese names (data, like a product name; the
 * desk works in Japanese). Pure code: no I/O, no globals, no allocation. */
#ifndef REPEATDESK_JPHOLIDAY_H
#define REPEATDESK_JPHOLIDAY_H

#include <stdint.h>

#define JPHOLIDAY_YEAR_MIN 2022
#define JPHOLIDAY_YEAR_MAX 2099
/* 16 days of the act, at most 3 substitutes and 1 citizens' holiday. */
#define JPHOLIDAY_MAX_PER_YEAR 24

enum jpholiday_kind {
	JPHOLIDAY_NATIONAL,	/* 国民の祝日 */
	JPHOLIDAY_SUBSTITUTE,	/* 振替休日 */
	JPHOLIDAY_CITIZENS,	/* 国民の休日 */
};

struct jpholiday {
	int32_t date;			/* day number (date.h) */
	enum jpholiday_kind kind;
	const char *name;		/* static Japanese name: "元日", "振替休日" */
};

/* Writes the holidays of year, in date order, to out and returns how many
 * (at most JPHOLIDAY_MAX_PER_YEAR); -1 when year is outside
 * JPHOLIDAY_YEAR_MIN..JPHOLIDAY_YEAR_MAX (out is then untouched). */
int jpholiday_year(int year, struct jpholiday out[JPHOLIDAY_MAX_PER_YEAR]);

/* Day of March (vernal) or September (autumnal) of the equinox holiday of
 * year, by the formula above; 0 when year is outside 1980..2099. */
int jpholiday_vernal_equinox_day(int year);
int jpholiday_autumnal_equinox_day(int year);

#endif
