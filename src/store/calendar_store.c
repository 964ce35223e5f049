/* calendar_store.c: the business calendar in the database
 * (calendar_store.h). rd.closed_days (migration 0065) lists the closed
 * days; core/calendar moves deliveries off them. */
#include "repeatdesk/calendar_store.h"
#include "repeatdesk/bizlang.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/jpholiday.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/subrule.h"
#include "repeatdesk/width.h"

#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUSINESS_TODAY \
	"(now() AT TIME ZONE coalesce((SELECT value FROM rd.settings" \
	" WHERE key = 'business_timezone'), 'Asia/Tokyo'))::date"

void calendar_set_fix(struct calendar_set *s)
{
	s->cal.days = s->days;
}

enum rd_status calendar_days_parse(const char *text, struct calendar_day *days,
				   size_t cap, size_t *n, struct rd_error *err)
{
	const char *p = text;

	*n = 0;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[DATE_ISO_SIZE + 16 + CALENDAR_REASON_SIZE * 2];
		char *kind, *reason;
		struct calendar_day *d;

		if (*n == cap)
			return rd_error_set(err, RD_INTERNAL,
				_("more than %zu closed days in the range: ask a supervisor to check the calendar (calendar show)"),
				cap);
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		kind = strchr(line, '\t');
		reason = kind ? strchr(kind + 1, '\t') : NULL;
		if (!reason)
			return rd_error_set(err, RD_INVALID, _("a closed day could not be read"));
		*kind++ = '\0';
		*reason++ = '\0';
		d = &days[*n];
		memset(d, 0, sizeof(*d));
		if (date_parse_iso(line, &d->date, NULL) != RD_OK ||
		    calendar_kind_parse(kind, &d->kind) != 0)
			return rd_error_set(err, RD_INVALID, _("a closed day could not be read"));
		utf8_copy(d->reason, sizeof(d->reason), reason);
		(*n)++;
		p = eol ? eol + 1 : NULL;
	}
	return RD_OK;
}

enum rd_status calendar_store_load(struct rd_db *db, int32_t today, int32_t from,
				   int32_t to, struct calendar_set *out,
				   struct rd_error *err)
{
	char t[DATE_ISO_SIZE], f[DATE_ISO_SIZE], e[DATE_ISO_SIZE];
	const char *params[3] = {
		today == CALENDAR_TODAY ? NULL : date_format_iso(today, t),
		from == CALENDAR_TODAY ? NULL : date_format_iso(from, f),
		to == CALENDAR_TODAY ? NULL : date_format_iso(to, e),
	};
	struct db_rows r;
	enum rd_status st;
	size_t n = 0;
	const char *v;

	memset(out, 0, sizeof(*out));
	calendar_init(&out->cal);
	if (from != CALENDAR_TODAY && to != CALENDAR_TODAY &&
	    (to < from || to - from > CALENDAR_STORE_SPAN))
		return rd_error_set(err, RD_INVALID,
			_("show at most %d days of the calendar at once, from a day to a later one"),
			CALENDAR_STORE_SPAN);
	st = db_query(db,
		"WITH t AS (SELECT coalesce($1::date, " BUSINESS_TODAY ") AS today),"
		" r AS (SELECT t.today, coalesce($2::date, t.today - 70) AS f,"
		"              coalesce($3::date, t.today + 800) AS e FROM t)"
		" SELECT r.today, r.f, r.e,"
		"  (SELECT value FROM rd.settings WHERE key = 'closed_weekdays'),"
		"  (SELECT value FROM rd.settings WHERE key = 'closed_day_move'),"
		"  " CALENDAR_DAYS_AGG("r.f", "r.e")
		" FROM r", 3, params, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows != 1 || date_parse_iso(db_rows_get(&r, 0, 0), &out->today, NULL) != RD_OK ||
	    date_parse_iso(db_rows_get(&r, 0, 1), &out->from, NULL) != RD_OK ||
	    date_parse_iso(db_rows_get(&r, 0, 2), &out->to, NULL) != RD_OK) {
		st = rd_error_set(err, RD_INTERNAL, _("the database did not say which day it is"));
		goto out;
	}
	if (out->to - out->from > CALENDAR_STORE_SPAN) {
		st = rd_error_set(err, RD_INVALID,
			_("show at most %d days of the calendar at once, from a day to a later one"),
			CALENDAR_STORE_SPAN);
		goto out;
	}
	v = db_rows_get(&r, 0, 3);
	if (v && subrule_wdays_parse(v, &out->cal.closed_wdays, NULL) != RD_OK) {
		st = rd_error_set(err, RD_INVALID,
			_("the setting closed_weekdays is '%s': use weekdays like sat,sun (ask a supervisor)"), v);
		goto out;
	}
	v = db_rows_get(&r, 0, 4);
	if (v && calendar_direction_parse(v, &out->cal.direction) != 0) {
		st = rd_error_set(err, RD_INVALID,
			_("the setting closed_day_move is '%s', not later or earlier: ask a supervisor to correct it"), v);
		goto out;
	}
	st = calendar_days_parse(db_rows_get(&r, 0, 5), out->days, CALENDAR_STORE_MAX, &n, err);
	if (st != RD_OK)
		goto out;
	out->cal.ndays = n;
	out->cal.not_before = out->today;
	calendar_set_fix(out);
	st = calendar_check(&out->cal, err);
out:
	db_rows_free(&r);
	return st;
}

/* RD_OK when reason is one line of 1..CALENDAR_REASON_CHARS characters. */
static enum rd_status check_reason(const char *reason, struct rd_error *err)
{
	int chars = 0;

	if (!reason || !*reason)
		return rd_error_set(err, RD_USAGE,
			_("say why the day is closed (--reason): the reason is what the screens show"));
	if (!utf8_valid_text(reason, strlen(reason)) || strpbrk(reason, "\t\r\n"))
		return rd_error_set(err, RD_INVALID, _("the reason must be one line of text"));
	for (const unsigned char *p = (const unsigned char *)reason; *p; p++)
		chars += (*p & 0xc0) != 0x80;
	if (chars > CALENDAR_REASON_CHARS)
		return rd_error_set(err, RD_INVALID,
			_("the reason is too long: at most %d characters (it is shown next to each moved delivery)"),
			CALENDAR_REASON_CHARS);
	return RD_OK;
}

/* Starts the write's transaction; a request id that is not a UUID is
 * RD_INVALID (the database reads it). */
static enum rd_status begin(struct rd_db *db, const char *reason, const char *request_id,
			    struct rd_error *err)
{
	enum rd_status st;

	if (request_id) {
		const char *p[1] = { request_id };
		char ok[8];

		st = db_query_value(db, "SELECT CASE WHEN $1 ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'"
				    " THEN 't' ELSE 'f' END", 1, p, ok, sizeof(ok), NULL, err);
		if (st != RD_OK)
			return st;
		if (strcmp(ok, "t") != 0)
			return rd_error_set(err, RD_INVALID,
				_("a request id is a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e"));
	}
	return db_begin(db, reason, request_id, err);
}

/* Why day is closed by the list: its kind and reason; kind "" when open. */
static enum rd_status closed_by(struct rd_db *db, const char *iso, char *kind, size_t ksz,
				char *reason, size_t rsz, struct rd_error *err)
{
	const char *p[1] = { iso };
	struct db_rows r;
	enum rd_status st;

	kind[0] = reason[0] = '\0';
	st = db_query(db, "SELECT kind, reason FROM rd.closed_days($1::date, $1::date)",
		      1, p, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows > 0) {
		snprintf(kind, ksz, "%s", db_rows_get(&r, 0, 0));
		utf8_copy(reason, rsz, db_rows_get(&r, 0, 1));
	}
	db_rows_free(&r);
	return RD_OK;
}

enum rd_status calendar_store_close(struct rd_db *db, int32_t day, const char *reason,
				    const char *request_id, bool *already,
				    struct rd_error *err)
{
	char iso[DATE_ISO_SIZE], kind[16], why[CALENDAR_REASON_SIZE];
	const char *p[2] = { date_format_iso(day, iso), reason };
	enum rd_status st;
	long n = 0;

	*already = false;
	if ((st = check_reason(reason, err)) != RD_OK)
		return st;
	if ((st = begin(db, reason, request_id, err)) != RD_OK)
		return st;
	st = db_exec(db, "LOCK TABLE rd.holidays IN SHARE ROW EXCLUSIVE MODE", 0, NULL, NULL, err);
	if (st == RD_OK)
		st = closed_by(db, iso, kind, sizeof(kind), why, sizeof(why), err);
	if (st != RD_OK)
		goto fail;
	if (strcmp(kind, "oneoff") == 0) {
		*already = true;
		db_rollback(db);
		return RD_OK;
	}
	if (kind[0]) {
		st = rd_error_set(err, RD_DUPLICATE, _("%s is already closed (%s)"), iso, why);
		goto fail;
	}
	st = db_exec(db, "INSERT INTO rd.holidays (date, kind, name) VALUES ($1::date, 'oneoff', $2)",
		     2, p, &n, err);
	if (st == RD_OK && n != 1)
		st = rd_error_set(err, RD_INTERNAL, _("the closed day was not stored"));
	if (st != RD_OK)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	if (st == RD_PERMISSION)
		rd_error_set(err, st, _("only a supervisor closes the warehouse on a day"));
	return st;
}

enum rd_status calendar_store_open(struct rd_db *db, int32_t day, const char *reason,
				   const char *request_id, bool *already,
				   struct rd_error *err)
{
	char iso[DATE_ISO_SIZE], kind[16], why[CALENDAR_REASON_SIZE];
	const char *p[1] = { date_format_iso(day, iso) };
	enum rd_status st;
	long n = 0;

	*already = false;
	if (!reason || !*reason)
		return rd_error_set(err, RD_USAGE, _("say why the day opens again (--reason)"));
	if ((st = check_reason(reason, err)) != RD_OK)
		return st;
	if ((st = begin(db, reason, request_id, err)) != RD_OK)
		return st;
	st = db_exec(db, "LOCK TABLE rd.holidays IN SHARE ROW EXCLUSIVE MODE", 0, NULL, NULL, err);
	if (st == RD_OK)
		st = closed_by(db, iso, kind, sizeof(kind), why, sizeof(why), err);
	if (st != RD_OK)
		goto fail;
	if (!kind[0]) {
		*already = true;
		db_rollback(db);
		return RD_OK;
	}
	if (strcmp(kind, "oneoff") != 0) {
		st = rd_error_set(err, RD_REFUSED,
			strcmp(kind, "closing") == 0
			? _("%s is in the year-end closing (%s): change the setting year_end_closing to open it")
			: _("%s is a national holiday (%s): only days closed once can be opened again"),
			iso, why);
		goto fail;
	}
	st = db_exec(db, "DELETE FROM rd.holidays WHERE date = $1::date AND kind = 'oneoff'",
		     1, p, &n, err);
	if (st == RD_OK && n != 1)
		st = rd_error_set(err, RD_INTERNAL, _("the closed day was not removed"));
	if (st != RD_OK)
		goto fail;
	return db_commit(db, err);
fail:
	db_rollback(db);
	if (st == RD_PERMISSION)
		rd_error_set(err, st, _("only a supervisor opens a closed day again"));
	return st;
}

enum rd_status calendar_store_load_holidays(struct rd_db *db, int first_year, int years,
					    bool in_tx, const char *reason,
					    const char *request_id, int *added,
					    struct rd_error *err)
{
	struct sbuf dates, names;
	enum rd_status st;
	long n = 0;
	char why[200];

	*added = 0;
	if (years < 1 || years > 20)
		return rd_error_set(err, RD_USAGE, _("load 1 to 20 years of holidays, not %d"), years);
	if (first_year == 0) {
		char day[DATE_ISO_SIZE];
		int32_t today;

		st = db_query_value(db, "SELECT " BUSINESS_TODAY "::text", 0, NULL, day,
				    sizeof(day), NULL, err);
		if (st != RD_OK)
			return st;
		if (date_parse_iso(day, &today, err) != RD_OK)
			return RD_INTERNAL;
		date_to_ymd(today, &first_year, NULL, NULL);
	}
	if (first_year < JPHOLIDAY_YEAR_MIN || first_year + years - 1 > JPHOLIDAY_YEAR_MAX)
		return rd_error_set(err, RD_INVALID,
			_("holidays are known for %d to %d"), JPHOLIDAY_YEAR_MIN, JPHOLIDAY_YEAR_MAX);
	sbuf_init(&dates);
	sbuf_init(&names);
	sbuf_adds(&dates, "{");
	sbuf_adds(&names, "{");
	for (int y = first_year; y < first_year + years; y++) {
		struct jpholiday h[JPHOLIDAY_MAX_PER_YEAR];
		int k = jpholiday_year(y, h);
		char iso[DATE_ISO_SIZE];

		for (int i = 0; i < k; i++) {
			bool first = dates.len == 1;

			sbuf_printf(&dates, "%s%s", first ? "" : ",", date_format_iso(h[i].date, iso));
			sbuf_printf(&names, "%s\"%s\"", first ? "" : ",", h[i].name);
		}
	}
	sbuf_adds(&dates, "}");
	sbuf_adds(&names, "}");
	if (!in_tx && !reason) {
		/* the history's reason is read later: the business's language */
		struct bizlang_scope sc;

		if ((st = bizlang_enter_db(db, &sc, err)) != RD_OK)
			goto done;
		snprintf(why, sizeof(why), "%s", _("national holidays loaded"));
		bizlang_leave(&sc);
		reason = why;
	}
	st = in_tx ? RD_OK : begin(db, reason, request_id, err);
	if (st == RD_OK)
		st = db_exec(db,
			"INSERT INTO rd.holidays (date, kind, name)"
			" SELECT d, 'holiday', n FROM unnest($1::date[], $2::text[]) AS u (d, n)"
			" ON CONFLICT (date) DO NOTHING",
			2, (const char *const[]){ dates.buf, names.buf }, &n, err);
	if (st == RD_OK && !in_tx)
		st = db_commit(db, err);
	else if (st != RD_OK && !in_tx)
		db_rollback(db);
	if (st == RD_PERMISSION)
		rd_error_set(err, st, _("only a supervisor loads the national holidays"));
	if (st == RD_OK)
		*added = (int)n;
done:
	sbuf_done(&dates);
	sbuf_done(&names);
	return st;
}
