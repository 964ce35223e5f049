/* calendar.c: closed days and calendar_move, the one rule that moves a
 * delivery off a closed day (calendar.h). */
#include "repeatdesk/calendar.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/width.h"

#include <libintl.h>
#include <stdio.h>
#include <string.h>

#define ALL_WDAYS 0x7fu

void calendar_init(struct calendar *c)
{
	memset(c, 0, sizeof(*c));
	c->direction = CALENDAR_LATER;
	c->not_before = CALENDAR_NO_DATE;
}

enum rd_status calendar_check(const struct calendar *c, struct rd_error *err)
{
	char iso[DATE_ISO_SIZE];

	if (c->closed_wdays & ~ALL_WDAYS)
		return rd_error_set(err, RD_INVALID, _("the closed weekdays are not weekdays"));
	if (c->closed_wdays == ALL_WDAYS)
		return rd_error_set(err, RD_INVALID,
			_("every weekday is closed: no delivery could be made (ask a supervisor to correct closed_weekdays)"));
	if (c->ndays && !c->days)
		return rd_error_set(err, RD_INVALID, _("the closed days are missing"));
	for (size_t i = 0; i < c->ndays; i++) {
		if (c->days[i].date < DATE_MIN || c->days[i].date > DATE_MAX)
			return rd_error_set(err, RD_INVALID, _("a closed day is out of the calendar's range"));
		if (i > 0 && c->days[i].date <= c->days[i - 1].date)
			return rd_error_set(err, RD_INVALID,
				_("the closed days are not in date order (at %s)"),
				date_format_iso(c->days[i].date, iso));
	}
	return RD_OK;
}

static const struct calendar_day *find_day(const struct calendar *c, int32_t day)
{
	size_t lo = 0, hi = c->ndays;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->days[mid].date < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->ndays && c->days[lo].date == day ? &c->days[lo] : NULL;
}

/* "closed on Sundays" per weekday, translated where shown. */
static const char *const closed_on[7] = {
	N_("closed on Mondays"), N_("closed on Tuesdays"), N_("closed on Wednesdays"),
	N_("closed on Thursdays"), N_("closed on Fridays"), N_("closed on Saturdays"),
	N_("closed on Sundays"),
};

static void copy_reason(char dst[CALENDAR_REASON_SIZE], const char *src)
{
	utf8_copy(dst, CALENDAR_REASON_SIZE, src);
}

enum calendar_kind calendar_closed(const struct calendar *c, int32_t day,
				   char reason[CALENDAR_REASON_SIZE])
{
	const struct calendar_day *d = find_day(c, day);
	enum date_wday w;

	if (d) {
		if (reason)
			copy_reason(reason, d->reason[0] ? d->reason
				    : calendar_kind_label(d->kind));
		return d->kind;
	}
	w = date_weekday(day);
	if (c->closed_wdays & (1u << w)) {
		if (reason)
			copy_reason(reason, _(closed_on[w]));
		return CALENDAR_WEEKDAY;
	}
	if (reason)
		reason[0] = '\0';
	return CALENDAR_OPEN;
}

static bool is_open(const struct calendar *c, int32_t day)
{
	return calendar_closed(c, day, NULL) == CALENDAR_OPEN;
}

enum rd_status calendar_first_open(const struct calendar *c, int32_t day,
				   int32_t *out, struct rd_error *err)
{
	char iso[DATE_ISO_SIZE];

	for (int i = 0; i <= CALENDAR_MAX_SHIFT; i++) {
		if (day > DATE_MAX - i)
			break;
		if (is_open(c, day + i)) {
			*out = day + i;
			return RD_OK;
		}
	}
	return rd_error_set(err, RD_INVALID,
		_("no open delivery day within %d days from %s: check the closed weekdays and days (calendar show)"),
		CALENDAR_MAX_SHIFT, date_format_iso(day, iso));
}

/* The last open day on or before day, not before c->not_before. */
static bool last_open(const struct calendar *c, int32_t day, int32_t *out)
{
	for (int i = 0; i <= CALENDAR_MAX_SHIFT; i++) {
		if (day < DATE_MIN + i)
			return false;
		if (c->not_before != CALENDAR_NO_DATE && day - i < c->not_before)
			return false;
		if (is_open(c, day - i)) {
			*out = day - i;
			return true;
		}
	}
	return false;
}

enum rd_status calendar_move(const struct calendar *c, int32_t day,
			     struct calendar_move *out, struct rd_error *err)
{
	enum rd_status st = RD_OK;
	int32_t to = day;

	memset(out, 0, sizeof(*out));
	out->from = day;
	out->date = day;
	out->kind = calendar_closed(c, day, out->reason);
	if (out->kind == CALENDAR_OPEN)
		return RD_OK;
	if (c->direction == CALENDAR_EARLIER && last_open(c, day, &to))
		;
	else
		st = calendar_first_open(c, day, &to, err);
	if (st != RD_OK)
		return st;
	out->date = to;
	out->moved = true;
	return RD_OK;
}

int calendar_direction_parse(const char *s, enum calendar_direction *out)
{
	if (!s)
		return -1;
	if (strcmp(s, "later") == 0)
		*out = CALENDAR_LATER;
	else if (strcmp(s, "earlier") == 0)
		*out = CALENDAR_EARLIER;
	else
		return -1;
	return 0;
}

const char *calendar_direction_name(enum calendar_direction d)
{
	return d == CALENDAR_EARLIER ? "earlier" : "later";
}

static const char *const kind_names[] = {
	[CALENDAR_OPEN] = "open", [CALENDAR_WEEKDAY] = "weekday",
	[CALENDAR_HOLIDAY] = "holiday", [CALENDAR_CLOSING] = "closing",
	[CALENDAR_ONEOFF] = "oneoff",
};

static const char *const kind_labels[] = {
	[CALENDAR_OPEN] = NC_("calendar day", "open"), [CALENDAR_WEEKDAY] = N_("closed weekday"),
	[CALENDAR_HOLIDAY] = N_("national holiday"),
	[CALENDAR_CLOSING] = N_("year-end closing"),
	[CALENDAR_ONEOFF] = N_("closed day"),
};

int calendar_kind_parse(const char *s, enum calendar_kind *out)
{
	for (size_t i = 0; s && i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum calendar_kind)i;
			return 0;
		}
	return -1;
}

const char *calendar_kind_name(enum calendar_kind k)
{
	return (unsigned)k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "?";
}

const char *calendar_kind_label(enum calendar_kind k)
{
	return (unsigned)k < sizeof(kind_labels) / sizeof(kind_labels[0]) ? _(kind_labels[k]) : "?";
}

char *calendar_moved_text(const char *reason, char *buf, size_t size)
{
	char tmp[CALENDAR_REASON_SIZE + 64];

	if (!size)
		return buf;
	buf[0] = '\0';
	if (!reason || !*reason)
		return buf;
	snprintf(tmp, sizeof(tmp), _("moved: %s"), reason);
	utf8_copy(buf, size, tmp);	/* a cut never splits a character */
	return buf;
}
