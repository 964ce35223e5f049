/* date.h: civil (calendar) dates as day numbers.
 *
 * A date is an int32_t counting days since 1970-01-01 (day 0), in the
 * proleptic Gregorian calendar, with no time of day and no time zone:
 * which day "today" is belongs to the caller (DESIGN.md: Asia/Tokyo).
 * Day numbers make date arithmetic plain integer arithmetic and compare
 * with < and ==.
 *
 * The conversions follow Howard Hinnant's days_from_civil and
 * civil_from_days ("chrono-Compatible Low-Level Date Algorithms") and are
 * exact for every date from DATE_MIN to DATE_MAX; the schedule engine
 * keeps its results inside that range. Text a person types is accepted
 * only for years DATE_PARSE_YEAR_MIN..DATE_PARSE_YEAR_MAX.
 *
 * Everything here is pure: no I/O, no globals, no allocation. */
#ifndef REPEATDESK_DATE_H
#define REPEATDESK_DATE_H

#include <stdbool.h>
#include <stdint.h>

#include "repeatdesk/status.h"

/* 0001-01-01 and 9999-12-31: the range of exact day numbers. */
#define DATE_MIN (-719162)
#define DATE_MAX 2932896

/* Years that date_parse_iso accepts. */
#define DATE_PARSE_YEAR_MIN 1900
#define DATE_PARSE_YEAR_MAX 2999

/* Buffer sizes (with the NUL) for date_format_iso and date_format_short.
 * DATE_ISO_SIZE has room for any int32_t, not only DATE_MIN..DATE_MAX. */
#define DATE_ISO_SIZE 16
#define DATE_SHORT_SIZE 8

/* Weekdays, numbered as ISO 8601 does but from 0: Monday is 0. */
enum date_wday {
	DATE_MON,
	DATE_TUE,
	DATE_WED,
	DATE_THU,
	DATE_FRI,
	DATE_SAT,
	DATE_SUN
};

/* True when year (Gregorian) has a February 29th. */
bool date_is_leap_year(int year);

/* Days in month (1..12) of year: 28..31; 0 when month is out of range. */
int date_days_in_month(int year, int month);

/* True when year-month-mday names a real date within DATE_MIN..DATE_MAX. */
bool date_ymd_valid(int year, int month, int mday);

/* Day number of year-month-mday. The arguments must form a valid date
 * (date_ymd_valid); the result is then within DATE_MIN..DATE_MAX. */
int32_t date_from_ymd(int year, int month, int mday);

/* Splits day into year, month (1..12) and day of month (1..31). Exact for
 * DATE_MIN..DATE_MAX and defined for every int32_t. Any of the out
 * pointers may be NULL. */
void date_to_ymd(int32_t day, int *year, int *month, int *mday);

/* Weekday of day: DATE_MON (0) .. DATE_SUN (6). 1970-01-01 is a Thursday. */
enum date_wday date_weekday(int32_t day);

/* Adds months (may be negative) to day, keeping the day of the month and
 * clamping it to the end of the target month: 01-31 + 1 = 02-28 (or 29),
 * 03-31 - 1 = 02-28. Clamping loses the original day, so to step a series
 * without drift add k months to the same start rather than 1 month k
 * times. day must be within DATE_MIN..DATE_MAX. */
int32_t date_add_months(int32_t day, int months);

/* Parses a strict ISO date "YYYY-MM-DD" (or "YYYY/MM/DD", both separators
 * slashes, as a Japanese desk writes it): exactly ten characters, ASCII
 * digits, no spaces, a real date, year within DATE_PARSE_YEAR_MIN..MAX.
 * Returns RD_OK and sets *out, or RD_INVALID with a one-line message for
 * an operator in err (if not NULL), leaving *out untouched. */
enum rd_status date_parse_iso(const char *s, int32_t *out,
			      struct rd_error *err);

/* Writes day as "YYYY-MM-DD" into buf and returns buf. */
char *date_format_iso(int32_t day, char buf[DATE_ISO_SIZE]);

/* Writes day as "MM/DD" (the short form on screens and in messages) into
 * buf and returns buf. */
char *date_format_short(int32_t day, char buf[DATE_SHORT_SIZE]);

/* Buffer sizes (with the NUL) for the dates people read on screens, in
 * CLI tables and messages; room for a long translation of the weekday. */
#define DATE_LONG_SIZE 48   /* 2026/12/12(土) */
#define DATE_LIST_SIZE 40   /* 12/12(土) */
#define DATE_STAMP_SIZE 64  /* 2026/12/12(土) 14:05 */

enum date_style {
	DATE_LONG,  /* 2026/12/12(土), 2026/12/12(Sat) */
	DATE_LIST   /* 12/12(土), 12/12(Sat): lists, where the year is clear */
};

/* Writes day as a Japanese desk writes it, "2026/12/12(土)" (in English
 * "2026/12/12(Sat)": the weekday comes from the catalogue), into buf and
 * returns buf. json and csv keep date_format_iso. */
char *date_format_long(int32_t day, char buf[DATE_LONG_SIZE]);

/* Writes day as "12/12(土)" ("12/12(Sat)"), the form in lists, into buf
 * and returns buf. */
char *date_format_list(int32_t day, char buf[DATE_LIST_SIZE]);

/* Rewrites a timestamp as the database gives it, "YYYY-MM-DD HH:MM…" or
 * "YYYY-MM-DDTHH:MM…" (seconds and zone dropped) or a bare "YYYY-MM-DD",
 * as "2026/12/12(土) 14:05" (DATE_LONG) or "12/12(土) 14:05" (DATE_LIST),
 * 24-hour, into buf; returns buf. Any other text (NULL: "") is copied as
 * it is, cut at a character to fit. */
char *date_format_stamp(const char *text, enum date_style style,
			char buf[DATE_STAMP_SIZE]);

/* Buffer size (with the NUL) for date_rfc3339_from_pg. */
#define DATE_RFC3339_SIZE 48

/* Rewrites a timestamp as PostgreSQL writes a timestamptz in the ISO
 * DateStyle, "2026-12-07 18:00:00.123+09" or "...+05:30", as RFC 3339
 * with its offset, "2026-12-07T18:00:00.123+09:00", into buf and returns
 * buf: what every json output gives for a moment. A timestamp without
 * an offset only gets its 'T'. Anything else (a plain date "2026-12-07",
 * an offset with seconds, "infinity", text that does not fit) is returned
 * as it is (text itself, NULL stays NULL). */
const char *date_rfc3339_from_pg(const char *text, char buf[DATE_RFC3339_SIZE]);

/* Abbreviated weekday for the brackets after a date ("Sat", 土),
 * translated; static storage. Returns "?" when wday is out of range. */
const char *date_weekday_abbr(int wday);

/* Name of a weekday ("Monday"), translated; static storage, do not free.
 * Returns "?" when wday is out of range. */
const char *date_weekday_name(int wday);

/* Name of a month 1..12 ("February"), translated; static storage, do not
 * free. Returns "?" when month is out of range. */
const char *date_month_name(int month);

#endif
