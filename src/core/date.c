/* date.c: civil dates as day numbers since 1970-01-01.
 *
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days,
 * computed in int64_t so that no int32_t input can overflow. They shift
 * the year to start on March 1st, which puts the leap day at the end and
 * turns month lengths into the closed form (153 * m + 2) / 5. */
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"

#include <stdio.h>
#include <string.h>

static const char *const month_names[12] = {
	N_("January"), N_("February"), N_("March"), N_("April"), N_("May"),
	N_("June"), N_("July"), N_("August"), N_("September"),
	N_("October"), N_("November"), N_("December"),
};

static const char *const wday_names[7] = {
	N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
	N_("Friday"), N_("Saturday"), N_("Sunday"),
};

/* The weekday in brackets after a date on screens: 12/12(土), 12/12(Sat). */
static const char *const wday_abbrs[7] = {
	N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"),
	N_("Sun"),
};

bool date_is_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
	static const unsigned char days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && date_is_leap_year(year))
		return 29;
	return days[month - 1];
}

bool date_ymd_valid(int year, int month, int mday)
{
	if (year < 1 || year > 9999)
		return false;
	return mday >= 1 && mday <= date_days_in_month(year, month);
}

int32_t date_from_ymd(int year, int month, int mday)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;			/* [0, 399] */
	int64_t mp = month > 2 ? month - 3 : month + 9;	/* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + mday - 1;	/* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(int32_t day, int *year, int *month, int *mday)
{
	int64_t z = (int64_t)day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;			/* [0, 146096] */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;		/* March = 0 */
	int64_t m = mp < 10 ? mp + 3 : mp - 9;

	if (year)
		*year = (int)(yoe + era * 400 + (m <= 2));
	if (month)
		*month = (int)m;
	if (mday)
		*mday = (int)(doy - (153 * mp + 2) / 5 + 1);
}

enum date_wday date_weekday(int32_t day)
{
	/* Day 0 was a Thursday (3). */
	int64_t r = ((int64_t)day + 3) % 7;

	return (enum date_wday)(r < 0 ? r + 7 : r);
}

int32_t date_add_months(int32_t day, int months)
{
	int y, m, d;
	int64_t total, ny;
	int nm, dim;

	date_to_ymd(day, &y, &m, &d);
	total = (int64_t)y * 12 + (m - 1) + months;
	ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
	nm = (int)(total - ny * 12) + 1;
	dim = date_days_in_month((int)ny, nm);
	return date_from_ymd((int)ny, nm, d < dim ? d : dim);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int digits_value(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

enum rd_status date_parse_iso(const char *s, int32_t *out,
			      struct rd_error *err)
{
	static const char pattern[] = "dddd-dd-dd";
	char q[32];
	int y, m, d, dim;
	/* 2026/12/15 as a Japanese desk writes it, when both separators are
	 * slashes */
	char sep = s[0] && s[1] && s[2] && s[3] && s[4] == '/' ? '/' : '-';

	/* Stops at the first mismatch, so a short string ends the loop at
	 * its NUL and nothing past it is read. */
	for (int i = 0; pattern[i]; i++) {
		if (pattern[i] == 'd' ? !is_digit(s[i])
				      : s[i] != (pattern[i] == '-' ? sep : pattern[i]))
			goto bad_form;
	}
	if (s[10] != '\0')
		goto bad_form;
	y = digits_value(s, 4);
	m = digits_value(s + 5, 2);
	d = digits_value(s + 8, 2);
	if (y < DATE_PARSE_YEAR_MIN || y > DATE_PARSE_YEAR_MAX)
		return rd_error_set(err, RD_INVALID,
				    _("invalid date '%s': the year must be %d to %d"),
				    s, DATE_PARSE_YEAR_MIN, DATE_PARSE_YEAR_MAX);
	if (m < 1 || m > 12)
		return rd_error_set(err, RD_INVALID,
				    _("invalid date '%s': the month must be 01 to 12"),
				    s);
	dim = date_days_in_month(y, m);
	if (d < 1 || d > dim)
		return rd_error_set(err, RD_INVALID,
				    _("invalid date '%s': the day must be 01 to %02d in %s %d"),
				    s, dim, date_month_name(m), y);
	*out = date_from_ymd(y, m, d);
	return RD_OK;

bad_form:
	return rd_error_set(err, RD_INVALID,
			    _("invalid date '%s': write it as YYYY-MM-DD, e.g. 2026-04-01"),
			    rd_quote_input(s, strlen(s), q, sizeof(q)));
}

char *date_format_iso(int32_t day, char buf[DATE_ISO_SIZE])
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, DATE_ISO_SIZE, "%04d-%02d-%02d", y, m, d);
	return buf;
}

char *date_format_short(int32_t day, char buf[DATE_SHORT_SIZE])
{
	int m, d;

	/* By hand: m is 1..12 and d 1..31 for any day, which snprintf's
	 * truncation warning cannot know. */
	date_to_ymd(day, NULL, &m, &d);
	buf[0] = (char)('0' + m / 10);
	buf[1] = (char)('0' + m % 10);
	buf[2] = '/';
	buf[3] = (char)('0' + d / 10);
	buf[4] = (char)('0' + d % 10);
	buf[5] = '\0';
	return buf;
}

const char *date_weekday_abbr(int wday)
{
	if (wday < 0 || wday > 6)
		return "?";
	return _(wday_abbrs[wday]);
}

char *date_format_long(int32_t day, char buf[DATE_LONG_SIZE])
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, DATE_LONG_SIZE, "%04d/%02d/%02d(%s)", y, m, d,
		 date_weekday_abbr((int)date_weekday(day)));
	return buf;
}

char *date_format_list(int32_t day, char buf[DATE_LIST_SIZE])
{
	char md[DATE_SHORT_SIZE];

	snprintf(buf, DATE_LIST_SIZE, "%s(%s)", date_format_short(day, md),
		 date_weekday_abbr((int)date_weekday(day)));
	return buf;
}

/* Reads n digits at s; -1 when one is not a digit. */
static int digits_at(const char *s, int n)
{
	for (int i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
	}
	return digits_value(s, n);
}

char *date_format_stamp(const char *text, enum date_style style,
			char buf[DATE_STAMP_SIZE])
{
	char date[DATE_LONG_SIZE];
	int y, m, d, hh = -1, mm = -1;
	size_t n = text ? strlen(text) : 0;

	if (n < 10 || (y = digits_at(text, 4)) < 0 || text[4] != '-' ||
	    (m = digits_at(text + 5, 2)) < 0 || text[7] != '-' ||
	    (d = digits_at(text + 8, 2)) < 0 || !date_ymd_valid(y, m, d))
		goto as_is;
	if (n > 10) {
		if ((text[10] != ' ' && text[10] != 'T') || n < 16 ||
		    (hh = digits_at(text + 11, 2)) < 0 || text[13] != ':' ||
		    (mm = digits_at(text + 14, 2)) < 0 || hh > 23 || mm > 59)
			goto as_is;
	}
	if (style == DATE_LONG)
		date_format_long(date_from_ymd(y, m, d), date);
	else
		date_format_list(date_from_ymd(y, m, d), date);
	if (hh < 0)
		snprintf(buf, DATE_STAMP_SIZE, "%s", date);
	else
		snprintf(buf, DATE_STAMP_SIZE, "%s %02d:%02d", date, hh, mm);
	return buf;
as_is:
	utf8_copy(buf, DATE_STAMP_SIZE, text);
	return buf;
}

/* n ASCII digits at s, nothing else. */
static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

const char *date_rfc3339_from_pg(const char *text, char buf[DATE_RFC3339_SIZE])
{
	const char *p, *zone;
	size_t n, frac = 0;
	int y, m, d;

	/* YYYY-MM-DD HH:MM:SS */
	if (!text || (n = strlen(text)) < 19 || n >= DATE_RFC3339_SIZE - 3 ||
	    (y = digits_at(text, 4)) < 0 || text[4] != '-' ||
	    (m = digits_at(text + 5, 2)) < 0 || text[7] != '-' ||
	    (d = digits_at(text + 8, 2)) < 0 || !date_ymd_valid(y, m, d) ||
	    (text[10] != ' ' && text[10] != 'T') ||
	    !all_digits(text + 11, 2) || text[13] != ':' ||
	    !all_digits(text + 14, 2) || text[16] != ':' ||
	    !all_digits(text + 17, 2))
		return text;
	p = text + 19;
	if (*p == '.') {
		while (p[1 + frac] >= '0' && p[1 + frac] <= '9')
			frac++;
		if (frac == 0)
			return text;
		p += 1 + frac;
	}
	zone = p;
	memcpy(buf, text, (size_t)(zone - text));
	buf[10] = 'T';
	buf[zone - text] = '\0';
	if (*zone == '\0')
		return buf;
	/* +HH, +HH:MM; an offset with seconds (before 1888 in Tokyo) has no
	 * RFC 3339 form */
	if ((zone[0] != '+' && zone[0] != '-') || !all_digits(zone + 1, 2))
		return text;
	if (zone[3] == '\0') {
		snprintf(buf + (zone - text), DATE_RFC3339_SIZE - (size_t)(zone - text),
			 "%.3s:00", zone);
		return buf;
	}
	if (zone[3] == ':' && all_digits(zone + 4, 2) && zone[6] == '\0') {
		snprintf(buf + (zone - text), DATE_RFC3339_SIZE - (size_t)(zone - text),
			 "%s", zone);
		return buf;
	}
	return text;
}

const char *date_weekday_name(int wday)
{
	if (wday < 0 || wday > 6)
		return "?";
	return _(wday_names[wday]);
}

const char *date_month_name(int month)
{
	if (month < 1 || month > 12)
		return "?";
	return _(month_names[month - 1]);
}
