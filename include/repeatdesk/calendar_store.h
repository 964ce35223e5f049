/* calendar_store.h: the business calendar in the database
 * (store/calendar_store.c): reading the closed days of a range into a
 * core calendar (calendar.h), closing and opening one-off days, and
 * loading Japan's national holidays (jpholiday.h) into rd.holidays.
 *
 * Reading is open to every desk role; writing is the supervisor's (the
 * database refuses everyone else: RD_PERMISSION). Every write runs in a
 * transaction with its reason and request id, so rd.history names who
 * closed which day and why. */
#ifndef REPEATDESK_CALENDAR_STORE_H
#define REPEATDESK_CALENDAR_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/calendar.h"
#include "repeatdesk/db.h"
#include "repeatdesk/status.h"

/* Most closed days one range holds (about 25 a year: holidays, the
 * year-end closing, one-off days); more is an error, never a cut. */
#define CALENDAR_STORE_MAX 320
/* Longest range calendar_store_load reads, in days. */
#define CALENDAR_STORE_SPAN 1200
#define CALENDAR_TODAY INT32_MIN

/* The closed days of a range and the settings that go with them.
 * cal.days points into days: copy only with calendar_set_fix. */
struct calendar_set {
	struct calendar cal;
	int32_t today;			/* the business date */
	int32_t from, to;		/* the range read */
	struct calendar_day days[CALENDAR_STORE_MAX];
};

/* An SQL expression, for a query's select list, that aggregates the
 * closed days of rd.closed_days(FROM, TO) into one text that
 * calendar_days_parse reads ("date TAB kind TAB reason" lines). FROM and
 * TO are SQL expressions of type date. */
#define CALENDAR_DAYS_AGG(from, to) \
	"(SELECT string_agg(cd.date::text || E'\\t' || cd.kind || E'\\t' || cd.reason," \
	" E'\\n' ORDER BY cd.date) FROM rd.closed_days(" from ", " to ") cd)"

/* Reads such a text (NULL: no day) into days (capacity cap); *n gets the
 * count. RD_INVALID when a line cannot be read, RD_INTERNAL when there are
 * more than cap days. */
enum rd_status calendar_days_parse(const char *text, struct calendar_day *days,
				   size_t cap, size_t *n, struct rd_error *err);

/* Reads the settings (closed_weekdays, closed_day_move) and the closed
 * days from `from` to `to` (at most CALENDAR_STORE_SPAN days apart) into
 * out. today CALENDAR_TODAY asks the database for the business date;
 * out->cal.not_before is today. from/to CALENDAR_TODAY: today - 70 and
 * today + 800 (what schedules look at). */
enum rd_status calendar_store_load(struct rd_db *db, int32_t today, int32_t from,
				   int32_t to, struct calendar_set *out,
				   struct rd_error *err);

/* Points s->cal.days at s->days again after a copy. */
void calendar_set_fix(struct calendar_set *s);

/* Closes day once (a one-off day) with reason (1..CALENDAR_REASON_CHARS
 * characters, one line; kept as the day's reason and in the history).
 * A day already closed once for any reason is left as it is and
 * *already is set (a retried command does nothing twice); a national
 * holiday or a day of the year-end closing is RD_DUPLICATE with a message
 * naming why it is closed. RD_PERMISSION unless a supervisor. */
enum rd_status calendar_store_close(struct rd_db *db, int32_t day, const char *reason,
				    const char *request_id, bool *already,
				    struct rd_error *err);

/* Opens a day closed once again (deletes the one-off day; history keeps
 * it). A day that is not closed sets *already; a national holiday or the
 * year-end closing is RD_REFUSED with what to do instead. */
enum rd_status calendar_store_open(struct rd_db *db, int32_t day, const char *reason,
				   const char *request_id, bool *already,
				   struct rd_error *err);

/* Loads the national holidays of years first_year .. first_year+years-1
 * (first_year 0: the business date's year) into rd.holidays; days already
 * there are kept as they are. *added gets how many were new (0 when run
 * again). Inside the caller's transaction when in_tx, else in its own
 * with reason. */
enum rd_status calendar_store_load_holidays(struct rd_db *db, int first_year, int years,
					    bool in_tx, const char *reason,
					    const char *request_id, int *added,
					    struct rd_error *err);

#endif
