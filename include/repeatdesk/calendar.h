/* calendar.h: the warehouse's business calendar, and the one rule that
 * moves a delivery off a closed day.
 *
 * A day is closed when its weekday is closed (the setting
 * closed_weekdays) or when it is in the calendar's list of closed days:
 * national holidays (jpholiday.h, loaded into rd.holidays), the year-end
 * closing 年末年始 (the setting year_end_closing) and one-off days a
 * supervisor closes, each with the reason a person reads ("元日",
 * "年末年始", "棚卸"). The store reads the list (rd.closed_days) into a
 * struct calendar; every date that is shipped on - the schedule and its
 * previews, the subscription screen, the order's date check and the
 * shipment run - goes through calendar_move(), so they all agree and all
 * can say why a date moved.
 *
 * A delivery whose day is closed moves to the nearest open day in the
 * calendar's direction (the setting closed_day_move: later, or earlier).
 * A move earlier never lands before not_before (today: nothing ships in
 * the past); when it would, the delivery moves later instead. A series of
 * deliveries keeps its nominal dates (cycle.h): closures never make a
 * series drift.
 *
 * Pure code: no I/O, no globals, no allocation. */
#ifndef REPEATDESK_CALENDAR_H
#define REPEATDESK_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repeatdesk/status.h"

/* A reason: 40 characters of up to 3 bytes, and the NUL. */
#define CALENDAR_REASON_SIZE 124
#define CALENDAR_REASON_CHARS 40
/* Farthest a delivery moves: a calendar that closes longer runs is an
 * error, not an endless search (the same bound as cycle.h's). */
#define CALENDAR_MAX_SHIFT 62
#define CALENDAR_NO_DATE INT32_MIN

enum calendar_kind {
	CALENDAR_OPEN,		/* not closed */
	CALENDAR_WEEKDAY,	/* a closed weekday */
	CALENDAR_HOLIDAY,	/* a national holiday */
	CALENDAR_CLOSING,	/* the year-end closing */
	CALENDAR_ONEOFF,	/* closed once by a supervisor */
};

enum calendar_direction { CALENDAR_LATER, CALENDAR_EARLIER };

/* One closed day of the list. */
struct calendar_day {
	int32_t date;
	enum calendar_kind kind;	/* HOLIDAY, CLOSING or ONEOFF */
	char reason[CALENDAR_REASON_SIZE];
};

/* Embedded by value; calendar_init, then set the fields. days stays the
 * caller's: ascending by date, one entry per date. */
struct calendar {
	unsigned closed_wdays;		/* bit (1u << wday), 0 = Monday */
	const struct calendar_day *days;
	size_t ndays;
	enum calendar_direction direction;
	int32_t not_before;		/* CALENDAR_NO_DATE: no bound */
};

/* Where a day's delivery is made, and why. */
struct calendar_move {
	int32_t from;			/* the day asked */
	int32_t date;			/* the day it is made on */
	bool moved;			/* date != from */
	enum calendar_kind kind;	/* why from is closed; OPEN when not */
	char reason[CALENDAR_REASON_SIZE];  /* "年末年始", "closed on Sundays"; "" */
};

/* An open calendar: no closed weekday, no closed day, moves later. */
void calendar_init(struct calendar *c);

/* RD_OK, or RD_INVALID with a message when a weekday bit is out of range,
 * every weekday is closed, or days are not ascending and unique. */
enum rd_status calendar_check(const struct calendar *c, struct rd_error *err);

/* Why day is closed (CALENDAR_OPEN when it is not). When reason is not
 * NULL it receives the words: the list's reason, or "closed on Sundays"
 * (translated) for a closed weekday; "" for an open day. A day in the
 * list wins over its weekday. */
enum calendar_kind calendar_closed(const struct calendar *c, int32_t day,
				   char reason[CALENDAR_REASON_SIZE]);

/* THE rule: fills *out with the day a delivery asked for day is made on
 * (the nearest open day in c's direction, see above) and why. Returns
 * RD_OK, or RD_INVALID with err set when no day within
 * CALENDAR_MAX_SHIFT is open (out is then day, unmoved). */
enum rd_status calendar_move(const struct calendar *c, int32_t day,
			     struct calendar_move *out, struct rd_error *err);

/* The first open day on or after day, whatever the direction (what order
 * entry offers instead of a closed day); RD_INVALID as calendar_move. */
enum rd_status calendar_first_open(const struct calendar *c, int32_t day,
				   int32_t *out, struct rd_error *err);

/* "later" / "earlier" (the setting closed_day_move) to an enum; 0, or -1
 * for anything else. */
int calendar_direction_parse(const char *s, enum calendar_direction *out);
const char *calendar_direction_name(enum calendar_direction d);

/* Stored kind names ("holiday", "closing", "oneoff", "weekday") and back;
 * parse returns 0, or -1. */
int calendar_kind_parse(const char *s, enum calendar_kind *out);
const char *calendar_kind_name(enum calendar_kind k);
/* Words for a screen ("national holiday", "year-end closing"), translated. */
const char *calendar_kind_label(enum calendar_kind k);

/* Writes "moved: REASON" (translated; the same words on every screen and
 * in every message) into buf (size bytes) and returns buf; "" when reason
 * is NULL or empty. */
char *calendar_moved_text(const char *reason, char *buf, size_t size);

#endif
