/* cycle.c: cycle specs (parse, format, describe), next-date rules and
 * schedules with a first interval and closed days. The rules are written
 * out in cycle.h; this file keeps them in one switch, cycle_next. */
#include "repeatdesk/cycle.h"
#include "repeatdesk/i18n.h"

#include <libintl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Longest spec (after trimming) worth parsing; "12m:lastsun" is 11. */
#define SPEC_MAX 32

static const char *const wday_abbr[7] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

/* Ordinals for days of the month and K-th weekdays, translated where
 * shown. */
static const char *const ordinals[31] = {
	N_("1st"), N_("2nd"), N_("3rd"), N_("4th"), N_("5th"), N_("6th"),
	N_("7th"), N_("8th"), N_("9th"), N_("10th"), N_("11th"), N_("12th"),
	N_("13th"), N_("14th"), N_("15th"), N_("16th"), N_("17th"),
	N_("18th"), N_("19th"), N_("20th"), N_("21st"), N_("22nd"),
	N_("23rd"), N_("24th"), N_("25th"), N_("26th"), N_("27th"),
	N_("28th"), N_("29th"), N_("30th"), N_("31st"),
};

/* ---- parsing ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'
	       || c == '\f';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads a run of digits at *p, advancing *p past it; the value saturates
 * at 100000, far above every bound. Returns the number of digits read. */
static int read_number(const char **p, int *value)
{
	const char *start = *p, *s = start;
	int v = 0;

	while (is_digit(*s)) {
		if (v < 100000)
			v = v * 10 + (*s - '0');
		s++;
	}
	*value = v;
	*p = s;
	return (int)(s - start);
}

static int wday_from_abbr(const char *s)
{
	for (int i = 0; i < 7; i++)
		if (strcmp(s, wday_abbr[i]) == 0)
			return i;
	return -1;
}

/* State shared by the parse helpers: the trimmed spec as typed (for
 * messages) and its lower-case copy (for matching), same offsets. */
struct spec {
	const char *orig;
	size_t len;
	char low[SPEC_MAX + 1];
	char quoted[SPEC_MAX + 8];
	struct rd_error *err;
};

static enum rd_status bad_wday(struct spec *sp, const char *low_at)
{
	size_t off = (size_t)(low_at - sp->low);
	char word[SPEC_MAX + 8];

	return rd_error_set(sp->err, RD_INVALID,
			    _("unknown weekday '%s' in cycle '%s': use mon, tue, wed, thu, fri, sat or sun"),
			    rd_quote_input(sp->orig + off, sp->len - off, word,
					sizeof(word)),
			    sp->quoted);
}

static enum rd_status parse_weeks(struct spec *sp, const char *p,
				  struct cycle *c)
{
	if (*p != ':' || p[1] == '\0')
		return rd_error_set(sp->err, RD_INVALID,
				    _("cycle '%s' needs a weekday after a colon: write it like %dw:fri"),
				    sp->quoted, c->n);
	p++;
	c->wday = wday_from_abbr(p);
	if (c->wday < 0)
		return bad_wday(sp, p);
	return RD_OK;
}

static enum rd_status parse_months(struct spec *sp, const char *p,
				   struct cycle *c)
{
	const char *num;
	int v, digits;

	if (*p != ':' || p[1] == '\0')
		return rd_error_set(sp->err, RD_INVALID,
				    _("cycle '%s' needs a day of the month after a colon: write it like %dm:15, %dm:last, %dm:2tue or %dm:lastfri"),
				    sp->quoted, c->n, c->n, c->n, c->n);
	p++;
	if (strncmp(p, "last", 4) == 0) {
		p += 4;
		if (*p == '\0') {
			c->kind = CYCLE_MONTH_LAST;
			return RD_OK;
		}
		c->kind = CYCLE_MONTH_LAST_WDAY;
		c->wday = wday_from_abbr(p);
		return c->wday < 0 ? bad_wday(sp, p) : RD_OK;
	}
	num = p;
	digits = read_number(&p, &v);
	if (digits == 0) {
		size_t off = (size_t)(num - sp->low);
		char word[SPEC_MAX + 8];

		return rd_error_set(sp->err, RD_INVALID,
				    _("unknown day '%s' in cycle '%s': use a day 1 to 31, last, a weekday like 2tue, or lastfri"),
				    rd_quote_input(sp->orig + off, sp->len - off, word,
						sizeof(word)),
				    sp->quoted);
	}
	if (*p == '\0') {
		if (v < 1 || v > 31)
			return rd_error_set(sp->err, RD_INVALID,
					    _("day %.*s in cycle '%s' is out of range: use 1 to 31, or last"),
					    digits, sp->orig + (num - sp->low),
					    sp->quoted);
		c->kind = CYCLE_MONTH_DAY;
		c->mday = v;
		return RD_OK;
	}
	/* The weekday first: in "1m:15:" the trouble is ':', not week 15. */
	c->wday = wday_from_abbr(p);
	if (c->wday < 0)
		return bad_wday(sp, p);
	if (v < 1 || v > 5)
		return rd_error_set(sp->err, RD_INVALID,
				    _("week %.*s in cycle '%s' is out of range: use 1 to 5 (as in 2tue), or last (as in lastfri)"),
				    digits, sp->orig + (num - sp->low), sp->quoted);
	c->kind = CYCLE_MONTH_NTH_WDAY;
	c->nth = v;
	return RD_OK;
}

enum rd_status cycle_parse(const char *spec, struct cycle *out,
			   struct rd_error *err)
{
	struct spec sp;
	struct cycle c;
	const char *p, *num;
	enum rd_status st;
	int digits, max;
	char unit;

	while (is_space(*spec))
		spec++;
	sp.orig = spec;
	sp.len = strlen(spec);
	while (sp.len > 0 && is_space(spec[sp.len - 1]))
		sp.len--;
	sp.err = err;
	rd_quote_input(spec, sp.len, sp.quoted, sizeof(sp.quoted));

	if (sp.len == 0)
		return rd_error_set(err, RD_INVALID,
				    _("the cycle is empty: write it like 45d, 2w:fri, 1m:15, 1m:last, 1m:2tue or 1m:lastfri"));
	if (sp.len > SPEC_MAX)
		return rd_error_set(err, RD_INVALID,
				    _("cycle '%s' is too long: write it like 45d, 2w:fri, 1m:15 or 1m:lastfri"),
				    sp.quoted);
	for (size_t i = 0; i < sp.len; i++) {
		unsigned char ch = (unsigned char)spec[i];

		if (ch >= 0x80)
			return rd_error_set(err, RD_INVALID,
					    _("cycle '%s' has a full-width or non-ASCII character: type it in half-width letters and digits, like 1m:15"),
					    sp.quoted);
		if (ch <= 0x20 || ch == 0x7f)
			return rd_error_set(err, RD_INVALID,
					    _("cycle '%s' has a space or control character inside: write it without spaces, like 2w:fri"),
					    sp.quoted);
		sp.low[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : (char)ch;
	}
	sp.low[sp.len] = '\0';

	memset(&c, 0, sizeof(c));
	p = num = sp.low;
	digits = read_number(&p, &c.n);
	if (digits == 0)
		return rd_error_set(err, RD_INVALID,
				    _("cycle '%s' must start with a number of days, weeks or months: write it like 45d, 2w:fri or 1m:15"),
				    sp.quoted);
	unit = *p;
	switch (unit) {
	case 'd':
		c.kind = CYCLE_DAYS;
		max = CYCLE_DAYS_MAX;
		break;
	case 'w':
		c.kind = CYCLE_WEEKS;
		max = CYCLE_WEEKS_MAX;
		break;
	case 'm':
		c.kind = CYCLE_MONTH_DAY; /* refined by parse_months */
		max = CYCLE_MONTHS_MAX;
		break;
	case '\0':
		return rd_error_set(err, RD_INVALID,
				    _("cycle '%s' lacks a unit: add d (days), w (weeks) or m (months), like 45d"),
				    sp.quoted);
	default:
		return rd_error_set(err, RD_INVALID,
				    _("unknown unit '%c' in cycle '%s': use d (days), w (weeks) or m (months)"),
				    spec[p - sp.low], sp.quoted);
	}
	if (c.n < 1 || c.n > max) {
		const char *fmt = unit == 'd'
			? _("%.*s days in cycle '%s' is out of range: use 1 to %d days")
			: unit == 'w'
			? _("%.*s weeks in cycle '%s' is out of range: use 1 to %d weeks")
			: _("%.*s months in cycle '%s' is out of range: use 1 to %d months");

		return rd_error_set(err, RD_INVALID, fmt, digits, num, sp.quoted,
				    max);
	}
	p++;
	if (unit == 'd') {
		if (*p != '\0')
			return rd_error_set(err, RD_INVALID,
					    _("cycle '%s': nothing may follow the d of a cycle in days, like 45d"),
					    sp.quoted);
		st = RD_OK;
	} else if (unit == 'w') {
		st = parse_weeks(&sp, p, &c);
	} else {
		st = parse_months(&sp, p, &c);
	}
	if (st == RD_OK)
		*out = c;
	return st;
}

/* ---- checking, comparing, formatting ---- */

bool cycle_valid(const struct cycle *c)
{
	bool wday_ok = c->wday >= 0 && c->wday <= 6;

	switch (c->kind) {
	case CYCLE_DAYS:
		return c->n >= 1 && c->n <= CYCLE_DAYS_MAX;
	case CYCLE_WEEKS:
		return c->n >= 1 && c->n <= CYCLE_WEEKS_MAX && wday_ok;
	case CYCLE_MONTH_DAY:
		return c->n >= 1 && c->n <= CYCLE_MONTHS_MAX
		       && c->mday >= 1 && c->mday <= 31;
	case CYCLE_MONTH_LAST:
		return c->n >= 1 && c->n <= CYCLE_MONTHS_MAX;
	case CYCLE_MONTH_NTH_WDAY:
		return c->n >= 1 && c->n <= CYCLE_MONTHS_MAX
		       && c->nth >= 1 && c->nth <= 5 && wday_ok;
	case CYCLE_MONTH_LAST_WDAY:
		return c->n >= 1 && c->n <= CYCLE_MONTHS_MAX && wday_ok;
	}
	return false;
}

bool cycle_equal(const struct cycle *a, const struct cycle *b)
{
	if (a->kind != b->kind || a->n != b->n)
		return false;
	switch (a->kind) {
	case CYCLE_DAYS:
	case CYCLE_MONTH_LAST:
		return true;
	case CYCLE_WEEKS:
	case CYCLE_MONTH_LAST_WDAY:
		return a->wday == b->wday;
	case CYCLE_MONTH_DAY:
		return a->mday == b->mday;
	case CYCLE_MONTH_NTH_WDAY:
		return a->nth == b->nth && a->wday == b->wday;
	}
	return false;
}

char *cycle_format(const struct cycle *c, char buf[CYCLE_SPEC_SIZE])
{
	buf[0] = '\0';
	if (!cycle_valid(c))
		return buf;
	switch (c->kind) {
	case CYCLE_DAYS:
		snprintf(buf, CYCLE_SPEC_SIZE, "%dd", c->n);
		break;
	case CYCLE_WEEKS:
		snprintf(buf, CYCLE_SPEC_SIZE, "%dw:%s", c->n, wday_abbr[c->wday]);
		break;
	case CYCLE_MONTH_DAY:
		snprintf(buf, CYCLE_SPEC_SIZE, "%dm:%d", c->n, c->mday);
		break;
	case CYCLE_MONTH_LAST:
		snprintf(buf, CYCLE_SPEC_SIZE, "%dm:last", c->n);
		break;
	case CYCLE_MONTH_NTH_WDAY:
		snprintf(buf, CYCLE_SPEC_SIZE, "%dm:%d%s", c->n, c->nth,
			 wday_abbr[c->wday]);
		break;
	case CYCLE_MONTH_LAST_WDAY:
		snprintf(buf, CYCLE_SPEC_SIZE, "%dm:last%s", c->n,
			 wday_abbr[c->wday]);
		break;
	}
	return buf;
}

/* The plural forms of "every %d months ..." (n > 1) are dngettext calls
 * written out, so that xgettext finds them without a keyword of ours; n ==
 * 1 has its own message: "every month", never "every 1 month". */
void cycle_describe(const struct cycle *c, struct sbuf *out)
{
	const int n = c->n;
	const char *wday, *ord;

	if (!cycle_valid(c)) {
		sbuf_adds(out, _("an invalid cycle"));
		return;
	}
	wday = date_weekday_name(c->wday);
	switch (c->kind) {
	case CYCLE_DAYS:
		if (n == 1)
			sbuf_adds(out, _("every day"));
		else
			sbuf_printf(out, dngettext(RD_TEXTDOMAIN, "every %d day",
						   "every %d days", (unsigned long)n),
				    n);
		break;
	case CYCLE_WEEKS:
		if (n == 1)
			sbuf_printf(out, _("every week on %s"), wday);
		else
			/* TRANSLATORS: %d is the number of weeks, %s a weekday
			 * ("Friday"). */
			sbuf_printf(out, dngettext(RD_TEXTDOMAIN, "every %d week on %s",
						   "every %d weeks on %s", (unsigned long)n),
				    n, wday);
		break;
	case CYCLE_MONTH_DAY:
		ord = _(ordinals[c->mday - 1]);
		if (n == 1)
			sbuf_printf(out, _("every month on the %s"), ord);
		else
			/* TRANSLATORS: %d is the number of months, %s a day of the
			 * month as an ordinal ("15th", its translation). */
			sbuf_printf(out, dngettext(RD_TEXTDOMAIN, "every %d month on the %s",
						   "every %d months on the %s", (unsigned long)n),
				    n, ord);
		/* 1m:31 is not "never in February": say so. */
		if (c->mday >= 29)
			sbuf_adds(out, _(", or the last day of shorter months"));
		break;
	case CYCLE_MONTH_LAST:
		if (n == 1)
			sbuf_adds(out, _("every month on the last day"));
		else
			sbuf_printf(out, dngettext(RD_TEXTDOMAIN, "every %d month on the last day",
						   "every %d months on the last day",
						   (unsigned long)n),
				    n);
		break;
	case CYCLE_MONTH_NTH_WDAY:
		ord = _(ordinals[c->nth - 1]);
		if (n == 1)
			sbuf_printf(out, _("every month on the %s %s"), ord, wday);
		else
			/* TRANSLATORS: %d is the number of months, then the
			 * ordinal ("2nd", its translation) and the weekday
			 * ("Tuesday"): write %1$d, %2$s, %3$s to reorder. */
			sbuf_printf(out, dngettext(RD_TEXTDOMAIN, "every %d month on the %s %s",
						   "every %d months on the %s %s", (unsigned long)n),
				    n, ord, wday);
		/* A 5th weekday is missing in most months. */
		if (c->nth == 5)
			sbuf_adds(out, _(", or the last one when a month has no 5th"));
		break;
	case CYCLE_MONTH_LAST_WDAY:
		if (n == 1)
			sbuf_printf(out, _("every month on the last %s"), wday);
		else
			/* TRANSLATORS: %d is the number of months, %s a weekday. */
			sbuf_printf(out, dngettext(RD_TEXTDOMAIN, "every %d month on the last %s",
						   "every %d months on the last %s",
						   (unsigned long)n),
				    n, wday);
		break;
	}
}

/* ---- next date ---- */

/* Weekday distance forward from a to b: 0..6. */
static int wday_ahead(int a, int b)
{
	return (b - a + 7) % 7;
}

int32_t cycle_next(const struct cycle *c, int32_t prev)
{
	int y, m, dim, first_wday;
	int32_t base, first;
	int64_t total;

	switch (c->kind) {
	case CYCLE_DAYS:
		return prev + c->n;
	case CYCLE_WEEKS:
		base = prev + 7 * (c->n - 1);
		/* 1..7: the first c->wday strictly after base. */
		return base + 1 + wday_ahead(((int)date_weekday(base) + 1) % 7,
					     c->wday);
	case CYCLE_MONTH_DAY:
	case CYCLE_MONTH_LAST:
	case CYCLE_MONTH_NTH_WDAY:
	case CYCLE_MONTH_LAST_WDAY:
		break;
	}

	/* Monthly kinds: move to the month c->n after prev's, then pick the
	 * day there; prev's own day of the month plays no part. */
	date_to_ymd(prev, &y, &m, NULL);
	total = (int64_t)y * 12 + (m - 1) + c->n;
	y = (int)(total / 12);	/* prev >= DATE_MIN, so total > 0 */
	m = (int)(total % 12) + 1;
	dim = date_days_in_month(y, m);
	first = date_from_ymd(y, m, 1);

	switch (c->kind) {
	case CYCLE_MONTH_DAY:
		return first + (c->mday < dim ? c->mday : dim) - 1;
	case CYCLE_MONTH_LAST:
		return first + dim - 1;
	case CYCLE_MONTH_NTH_WDAY: {
		int mday;

		first_wday = (int)date_weekday(first);
		mday = 1 + wday_ahead(first_wday, c->wday) + 7 * (c->nth - 1);
		if (mday > dim)	/* no 5th one this month: the last one */
			mday -= 7;
		return first + mday - 1;
	}
	case CYCLE_MONTH_LAST_WDAY: {
		int32_t last = first + dim - 1;

		return last - wday_ahead(c->wday, (int)date_weekday(last));
	}
	default:
		return prev + 1;	/* unreachable for a valid cycle */
	}
}

/* ---- schedules ---- */

void schedule_init(struct schedule *s, const struct cycle *c)
{
	memset(s, 0, sizeof(*s));
	s->cycle = *c;
}

enum rd_status schedule_check(const struct schedule *s, struct rd_error *err)
{
	char a[DATE_ISO_SIZE], b[DATE_ISO_SIZE];

	if (!cycle_valid(&s->cycle))
		return rd_error_set(err, RD_INVALID,
				    _("the schedule's cycle is not valid: set it again, like 1m:15"));
	if (s->has_first && !cycle_valid(&s->first))
		return rd_error_set(err, RD_INVALID,
				    _("the schedule's first interval is not valid: set it again, like 45d"));
	if (s->cal)
		return calendar_check(s->cal, err);
	if (s->closed_wdays & ~SCHEDULE_ALL_WDAYS)
		return rd_error_set(err, RD_INVALID,
				    _("the closed weekdays are not valid: use Monday to Sunday"));
	if ((s->closed_wdays & SCHEDULE_ALL_WDAYS) == SCHEDULE_ALL_WDAYS)
		return rd_error_set(err, RD_INVALID,
				    _("every weekday is closed, so nothing can be delivered: open at least one weekday"));
	if (s->n_closed_dates > 0 && !s->closed_dates)
		return rd_error_set(err, RD_INVALID,
				    _("the closed dates are missing"));
	for (size_t i = 0; i < s->n_closed_dates; i++) {
		int32_t d = s->closed_dates[i];

		if (d < DATE_MIN || d > DATE_MAX)
			return rd_error_set(err, RD_INVALID,
					    _("closed date number %zu is out of range: use years 1 to 9999"),
					    i + 1);
		if (i > 0 && d < s->closed_dates[i - 1])
			return rd_error_set(err, RD_INVALID,
					    _("the closed dates are not in order: %s comes after %s"),
					    date_format_iso(d, a),
					    date_format_iso(s->closed_dates[i - 1], b));
	}
	return RD_OK;
}

static bool closed_date(const struct schedule *s, int32_t day)
{
	size_t lo = 0, hi = s->n_closed_dates;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->closed_dates[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n_closed_dates && s->closed_dates[lo] == day;
}

bool schedule_is_closed(const struct schedule *s, int32_t day)
{
	if (s->cal)
		return calendar_closed(s->cal, day, NULL) != CALENDAR_OPEN;
	if (s->closed_wdays & (1u << date_weekday(day)))
		return true;
	return closed_date(s, day);
}

int32_t schedule_step(const struct schedule *s, int32_t nominal,
		      unsigned number)
{
	if (number == 1 && s->has_first)
		return cycle_next(&s->first, nominal);
	return cycle_next(&s->cycle, nominal);
}

enum rd_status schedule_move(const struct schedule *s, int32_t day,
			     struct calendar_move *out, struct rd_error *err)
{
	char iso[DATE_ISO_SIZE];

	if (s->cal)
		return calendar_move(s->cal, day, out, err);
	memset(out, 0, sizeof(*out));
	out->from = day;
	out->date = day;
	for (int i = 0; i <= SCHEDULE_MAX_SHIFT; i++) {
		if (!schedule_is_closed(s, day + i)) {
			out->date = day + i;
			out->moved = i > 0;
			out->kind = i == 0 ? CALENDAR_OPEN
				: s->closed_wdays & (1u << date_weekday(day)) ? CALENDAR_WEEKDAY
				: CALENDAR_ONEOFF;
			return RD_OK;
		}
	}
	return rd_error_set(err, RD_INVALID,
			    _("no open delivery day within %d days from %s: check the closed weekdays and dates"),
			    SCHEDULE_MAX_SHIFT, date_format_iso(day, iso));
}

enum rd_status schedule_open_day(const struct schedule *s, int32_t day,
				 int32_t *out, struct rd_error *err)
{
	struct calendar_move m;
	enum rd_status st = schedule_move(s, day, &m, err);

	if (st == RD_OK)
		*out = m.date;
	return st;
}

enum rd_status schedule_dates(const struct schedule *s, int32_t nominal,
			      unsigned number, size_t count,
			      int32_t *out_nominal, int32_t *out_effective,
			      struct rd_error *err)
{
	enum rd_status st;
	char iso[DATE_ISO_SIZE];

	st = schedule_check(s, err);
	if (st != RD_OK)
		return st;
	if (number == 0)
		return rd_error_set(err, RD_INVALID,
				    _("delivery numbers start at 1"));
	for (size_t i = 0; i < count; i++) {
		int32_t eff;

		/* Step from delivery number + i - 1; only whether that is
		 * delivery 1 matters, so later ones pass 2 (no overflow). */
		if (i > 0)
			nominal = schedule_step(s, nominal,
						i == 1 ? number : 2);
		/* Stop before the day numbers leave the exact range. */
		if (nominal < DATE_MIN || nominal > DATE_MAX - SCHEDULE_MAX_SHIFT)
			return rd_error_set(err, RD_INVALID,
					    _("the schedule runs out of the calendar at %s: list fewer deliveries"),
					    date_format_iso(nominal, iso));
		st = schedule_open_day(s, nominal, &eff, err);
		if (st != RD_OK)
			return st;
		if (out_nominal)
			out_nominal[i] = nominal;
		if (out_effective)
			out_effective[i] = eff;
	}
	return RD_OK;
}

enum rd_status schedule_dates_after(const struct schedule *s, int32_t from,
				    unsigned from_number, size_t count,
				    int32_t *out_nominal,
				    int32_t *out_effective,
				    struct rd_error *err)
{
	enum rd_status st;
	char iso[DATE_ISO_SIZE];

	st = schedule_check(s, err);
	if (st != RD_OK)
		return st;
	if (from < DATE_MIN || from > DATE_MAX - SCHEDULE_MAX_SHIFT)
		return rd_error_set(err, RD_INVALID,
				    _("the date %s is out of the calendar's range"),
				    date_format_iso(from, iso));
	if (from_number == UINT_MAX)
		return rd_error_set(err, RD_INVALID,
				    _("delivery number %u is too large"), from_number);
	if (count == 0)
		return RD_OK;
	return schedule_dates(s, schedule_step(s, from, from_number),
			      from_number + 1, count, out_nominal,
			      out_effective, err);
}
