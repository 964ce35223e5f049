/* cycle.h: delivery cycles and the schedule engine.
 *
 * A cycle says how far apart the deliveries of a subscription are. Its
 * compact spelling (the CLI and config form, DESIGN.md) is one of:
 *
 *   Nd          every N days                      45d        N 1..365
 *   Nw:DOW      every N weeks on a weekday        2w:fri     N 1..52
 *   Nm:D        every N months on day D           1m:15      N 1..12, D 1..31
 *   Nm:last     every N months on the last day    2m:last
 *   Nm:KDOW     every N months on the K-th DOW    1m:2tue    K 1..5
 *   Nm:lastDOW  every N months on the last DOW    1m:lastfri
 *
 * DOW is mon, tue, wed, thu, fri, sat or sun. Letters may be in either
 * case; spaces are allowed only before and after the whole spec.
 *
 * Rules of cycle_next(c, prev), the date of the delivery after one on
 * prev:
 *   Nd       prev + N.
 *   Nw:DOW   the first DOW strictly after prev + 7 * (N - 1). When prev
 *            is itself a DOW this is exactly prev + 7 * N; when it is not
 *            (a first delivery on another day), the series snaps onto DOW.
 *   monthly  a day in the month N months after prev's month; prev's day
 *            of the month plays no part, so nothing drifts:
 *            Nm:D     day D, clamped to the month's last day (1m:31 gives
 *                     01-31, 02-28 or 02-29, 03-31, 04-30, ...);
 *            Nm:last  the month's last day;
 *            Nm:KDOW  the K-th DOW of the month; a 5th DOW that the month
 *                     does not have falls back to its last (4th) DOW;
 *            Nm:lastDOW the month's last DOW.
 *   next(prev) is always later than prev. When prev itself fits the
 *   spec the gap is the whole interval; when it does not (a first
 *   delivery on an agreed day), the series snaps onto the spec at once:
 *   1m:15 after 01-20 is 02-15, after 01-05 also 02-15 (never 01-15).
 *
 * A schedule adds to a cycle what a subscription needs: an optional
 * different first interval (the step from delivery 1 to delivery 2 only:
 * "first 45 days, then every 90"), and closed days (weekdays and dates
 * such as holidays). A delivery whose nominal date falls on a closed day
 * is made on the next open day (its effective date), but the delivery
 * after it is computed from the nominal date, so closures never make a
 * series drift.
 *
 * Pure code: no I/O, no globals; only cycle_describe allocates (in the
 * caller's sbuf). */
#ifndef REPEATDESK_CYCLE_H
#define REPEATDESK_CYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/calendar.h"
#include "repeatdesk/date.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/status.h"

/* Bounds of N per unit. */
#define CYCLE_DAYS_MAX 365
#define CYCLE_WEEKS_MAX 52
#define CYCLE_MONTHS_MAX 12

/* Buffer size (with the NUL) for cycle_format; "12m:lastsun" is the
 * longest canonical spec. */
#define CYCLE_SPEC_SIZE 16

enum cycle_kind {
	CYCLE_DAYS,		/* Nd */
	CYCLE_WEEKS,		/* Nw:DOW */
	CYCLE_MONTH_DAY,	/* Nm:D */
	CYCLE_MONTH_LAST,	/* Nm:last */
	CYCLE_MONTH_NTH_WDAY,	/* Nm:KDOW */
	CYCLE_MONTH_LAST_WDAY,	/* Nm:lastDOW */
};

/* A parsed cycle; a plain value, copied freely. Fields that the kind
 * does not use are 0 after cycle_parse. */
struct cycle {
	enum cycle_kind kind;
	int n;		/* days, weeks or months between deliveries */
	int mday;	/* CYCLE_MONTH_DAY: 1..31 */
	int nth;	/* CYCLE_MONTH_NTH_WDAY: 1..5 */
	int wday;	/* weekday kinds: enum date_wday, 0 = Monday */
};

/* Parses a compact spec (see above) into *out. Returns RD_OK, or
 * RD_INVALID with a one-line message naming what is wrong and what to
 * type instead in err (if not NULL); *out is then untouched. */
enum rd_status cycle_parse(const char *spec, struct cycle *out,
			   struct rd_error *err);

/* True when every field of c is within its bounds for its kind. Other
 * functions assume a valid cycle (cycle_parse only makes valid ones). */
bool cycle_valid(const struct cycle *c);

/* True when a and b are the same cycle (fields the kind does not use are
 * ignored). */
bool cycle_equal(const struct cycle *a, const struct cycle *b);

/* Writes the canonical compact spec of c ("2w:fri", "1m:lastfri") into buf
 * and returns buf; an invalid cycle gives "". cycle_parse reads it back
 * to an equal cycle. */
char *cycle_format(const struct cycle *c, char buf[CYCLE_SPEC_SIZE]);

/* Appends c in words, translated, to out: "every 45 days", "every 2 weeks
 * on Friday", "every month on the 15th", "every 2 months on the last day",
 * "every month on the 2nd Tuesday", "every month on the last Friday".
 * Where the rule bends, it says so: a day of 29..31 adds ", or the last
 * day of shorter months", a 5th weekday ", or the last one when a month
 * has no 5th". */
void cycle_describe(const struct cycle *c, struct sbuf *out);

/* Date of the delivery after one on prev, by the rules above. c must be
 * valid and prev within DATE_MIN..DATE_MAX; the result is > prev (and may
 * exceed DATE_MAX by at most a year). */
int32_t cycle_next(const struct cycle *c, int32_t prev);

/* ---- schedules ---- */

/* Farthest a closure may push a delivery: the search for an open day
 * gives up after this many days, so a set of closures that closes every
 * day is an error rather than an endless loop. */
#define SCHEDULE_MAX_SHIFT 62

/* All seven bits of schedule.closed_wdays. */
#define SCHEDULE_ALL_WDAYS 0x7fu

/* Embedded by value; schedule_init, then set the optional fields. It holds
 * no heap memory (closed_dates stays the caller's), so there is no done. */
struct schedule {
	struct cycle cycle;	/* every step, except as below */
	bool has_first;		/* first is used for delivery 1 -> 2 */
	struct cycle first;
	unsigned closed_wdays;	/* bit (1u << wday), wday 0 = Monday */
	const int32_t *closed_dates;	/* ascending; caller-owned; may be NULL */
	size_t n_closed_dates;
	/* The business calendar (calendar.h), caller-owned; may be NULL.
	 * When set it alone decides which days are closed and where a
	 * delivery moves (calendar_move), and the two fields above are not
	 * used: the bare cycle (`repeatdesk cycle`) leaves it NULL. */
	const struct calendar *cal;
};

/* Sets s to cycle c with no first interval and no closed days. */
void schedule_init(struct schedule *s, const struct cycle *c);

/* Checks s: valid cycles, at least one open weekday, closed dates
 * ascending and within DATE_MIN..DATE_MAX. Returns RD_OK or RD_INVALID
 * with a message in err (if not NULL). */
enum rd_status schedule_check(const struct schedule *s, struct rd_error *err);

/* True when day is a closed weekday or one of the closed dates. */
bool schedule_is_closed(const struct schedule *s, int32_t day);

/* Nominal date of delivery number + 1, given that delivery number was
 * (nominally) on nominal: the first cycle when number is 1 and s has one,
 * else the cycle. number 0 means "nominal is a start date, not a
 * delivery" and steps with the cycle. s must pass schedule_check. */
int32_t schedule_step(const struct schedule *s, int32_t nominal,
		      unsigned number);

/* Sets *out to the day a delivery due on day is made: with a calendar,
 * calendar_move()'s day; without, the first open day on or after day.
 * Returns RD_OK, or RD_INVALID when no day within SCHEDULE_MAX_SHIFT days
 * is open. */
enum rd_status schedule_open_day(const struct schedule *s, int32_t day,
				 int32_t *out, struct rd_error *err);

/* The same, with why (calendar.h): schedule_open_day's day in out->date. */
enum rd_status schedule_move(const struct schedule *s, int32_t day,
			     struct calendar_move *out, struct rd_error *err);

/* Lists count deliveries starting with delivery number (>= 1), whose
 * nominal date is nominal: index i is delivery number + i. Writes nominal
 * dates to out_nominal and effective (open-day) dates to out_effective;
 * either may be NULL, otherwise each holds count elements. Nominal dates
 * strictly increase; effective dates never decrease, but when a closure
 * is longer than the interval (1d over a holiday) two deliveries can
 * share an open day: the caller decides whether to merge them.
 * Returns RD_OK, or RD_INVALID (s fails schedule_check, number is 0, no
 * open day, or the series passes DATE_MAX) with err set; the arrays'
 * contents are then unspecified. */
enum rd_status schedule_dates(const struct schedule *s, int32_t nominal,
			      unsigned number, size_t count,
			      int32_t *out_nominal, int32_t *out_effective,
			      struct rd_error *err);

/* Lists the count deliveries after from, which is the nominal date of
 * delivery from_number, or 0 when from is merely a date: the first listed
 * is schedule_step(s, from, from_number), numbered from_number + 1. This
 * is what `repeatdesk cycle dates SPEC --from DATE --count N` prints (a
 * schedule_init'ed schedule, from_number 0). Same arrays, returns and
 * errors as schedule_dates. */
enum rd_status schedule_dates_after(const struct schedule *s, int32_t from,
				    unsigned from_number, size_t count,
				    int32_t *out_nominal,
				    int32_t *out_effective,
				    struct rd_error *err);

#endif
