/* media_cost.c: media codes and their monthly costs (media_cost.h).
 *
 * Writes go through rd.media_cost_set (0115), which only supervisors may
 * call and which refuses a stale version by writing nothing: it returns
 * version NULL and the current version, which this file turns into
 * RD_CONFLICT. */
#include "repeatdesk/media_cost.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/textcheck.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int32_t month_start(int32_t day)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	return date_from_ymd(y, m, 1);
}

static int32_t to_day(const char *iso)
{
	int32_t d = 0;

	if (iso)
		date_parse_iso(iso, &d, NULL);
	return d;
}

static const char *text(const char *s)
{
	return s ? s : "";
}

enum rd_status media_cost_this_month(struct rd_db *db, int32_t *out,
				     struct rd_error *err)
{
	char iso[DATE_ISO_SIZE + 8];
	enum rd_status st;

	st = db_query_value(db, "SELECT date_trunc('month', rd.customer_today())::date::text",
			    0, NULL, iso, sizeof(iso), NULL, err);
	if (st == RD_OK && date_parse_iso(iso, out, err) != RD_OK)
		st = RD_INTERNAL;
	return st;
}

enum rd_status media_list(struct rd_db *db, struct media_info **out, int *n,
			  struct rd_error *err)
{
	struct db_rows r;
	enum rd_status st;

	char may[8];

	*out = NULL;
	*n = 0;
	/* everyone reads the codes; only supervisors their costs */
	st = db_query_value(db, "SELECT has_table_privilege('rd.media_costs', 'SELECT')",
			    0, NULL, may, sizeof(may), NULL, err);
	if (st != RD_OK)
		return st;
	st = db_query(db, strcmp(may, "t") == 0
		      ? "SELECT m.code, m.name, m.channel, m.cost,"
			"       (SELECT coalesce(sum(k.amount), 0) FROM rd.media_costs k"
			"         WHERE k.media_code = m.code)"
			"  FROM rd.media m ORDER BY m.code"
		      : "SELECT m.code, m.name, m.channel, m.cost, NULL"
			"  FROM rd.media m ORDER BY m.code",
		      0, NULL, &r, err);
	if (st != RD_OK)
		return st;
	*out = xcalloc((size_t)r.nrows + 1, sizeof(**out));
	for (int i = 0; i < r.nrows; i++) {
		struct media_info *m = &(*out)[i];

		utf8_copy(m->code, sizeof(m->code), text(db_rows_get(&r, i, 0)));
		utf8_copy(m->name, sizeof(m->name), text(db_rows_get(&r, i, 1)));
		utf8_copy(m->channel, sizeof(m->channel), text(db_rows_get(&r, i, 2)));
		m->legacy_cost = strtoll(text(db_rows_get(&r, i, 3)), NULL, 10);
		m->cost_total = db_rows_get(&r, i, 4)
				? strtoll(db_rows_get(&r, i, 4), NULL, 10) : -1;
	}
	*n = r.nrows;
	db_rows_free(&r);
	return RD_OK;
}

enum rd_status media_cost_list(struct rd_db *db, const char *code,
			       int32_t from_month, int32_t to_month, bool all,
			       struct media_cost **out, int *n,
			       struct rd_error *err)
{
	char from[DATE_ISO_SIZE], to[DATE_ISO_SIZE];
	const char *params[4] = { date_format_iso(month_start(from_month), from),
				  date_format_iso(month_start(to_month), to),
				  code ? code : "", all ? "t" : "f" };
	struct db_rows r;
	enum rd_status st;

	*out = NULL;
	*n = 0;
	if (from_month > to_month)
		return rd_error_set(err, RD_USAGE,
				    _("the months start after they end: give --from before --to"));
	/* every code × month with its cost (or none): the screen's grid */
	st = db_query(db,
		      "SELECT m.code, m.name, g.month::date, k.amount, k.note, k.version"
		      "  FROM rd.media m"
		      " CROSS JOIN generate_series($1::date, $2::date, interval '1 month') AS g(month)"
		      "  LEFT JOIN rd.media_costs k"
		      "    ON k.media_code = m.code AND k.month = g.month::date"
		      " WHERE ($3 = '' OR m.code = $3)"
		      "   AND ($4::boolean OR k.id IS NOT NULL)"
		      " ORDER BY m.code, g.month",
		      4, params, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0 && code && *code) {
		bool is_null;

		db_rows_free(&r);
		/* no cost is fine; no such code is a mistake worth saying */
		st = db_query_value(db, "SELECT 1 FROM rd.media WHERE code = $1", 1,
				    params + 2, NULL, 0, &is_null, err);
		if (st == RD_NOT_FOUND)
			return rd_error_set(err, RD_NOT_FOUND, _("there is no media code %s"), code);
		return st;
	}
	*out = xcalloc((size_t)r.nrows + 1, sizeof(**out));
	for (int i = 0; i < r.nrows; i++) {
		struct media_cost *c = &(*out)[i];

		utf8_copy(c->code, sizeof(c->code), text(db_rows_get(&r, i, 0)));
		utf8_copy(c->name, sizeof(c->name), text(db_rows_get(&r, i, 1)));
		c->month = to_day(db_rows_get(&r, i, 2));
		c->set = db_rows_get(&r, i, 3) != NULL;
		c->amount = strtoll(text(db_rows_get(&r, i, 3)), NULL, 10);
		utf8_copy(c->note, sizeof(c->note), text(db_rows_get(&r, i, 4)));
		c->version = (int)strtol(text(db_rows_get(&r, i, 5)), NULL, 10);
	}
	*n = r.nrows;
	db_rows_free(&r);
	return RD_OK;
}

enum rd_status media_cost_set(struct rd_db *db, const char *code, int32_t month,
			      int64_t amount, int version, const char *note,
			      const char *reason, const char *request_id,
			      int *new_version, struct rd_error *err)
{
	char mon[DATE_ISO_SIZE], amt[TEXTCHECK_LL_SIZE], ver[TEXTCHECK_LL_SIZE];
	const char *params[5] = { code, date_format_iso(month_start(month), mon),
				  textcheck_ll(amount, amt), textcheck_ll(version, ver),
				  note };
	struct db_rows r;
	enum rd_status st;

	if (!reason || !*reason || textcheck_chars(reason) == 0)
		return rd_error_set(err, RD_USAGE,
				    _("say why the cost changes (a reason): the history keeps it"));
	if (request_id && *request_id && !textcheck_uuid(request_id))
		return rd_error_set(err, RD_USAGE, _("a request id is a UUID"));
	if (amount < 0)
		return rd_error_set(err, RD_INVALID, _("a cost is 0 yen or more"));
	if ((st = db_begin(db, reason, request_id && *request_id ? request_id : NULL, err)) != RD_OK)
		return st;
	st = db_query(db, "SELECT id, version, current_version"
		      "  FROM rd.media_cost_set($1, $2::date, $3::bigint, $4::int, $5)",
		      5, params, &r, err);
	if (st != RD_OK) {
		db_rollback(db);
		return st;
	}
	if (r.nrows != 1 || !db_rows_get(&r, 0, 1)) {
		const char *cur = r.nrows == 1 ? db_rows_get(&r, 0, 2) : NULL;
		char shown[DATE_SHORT_SIZE];

		date_format_short(month_start(month), shown);
		if (cur)
			st = rd_error_set(err, RD_CONFLICT,
				_("Someone changed the cost of %s for %s meanwhile (version %s now, you saw %d); nothing was saved: look again."),
				code, shown, cur, version);
		else
			st = rd_error_set(err, RD_CONFLICT,
				_("The cost of %s for %s you saw is gone; nothing was saved: look again."),
				code, shown);
		db_rows_free(&r);
		db_rollback(db);
		return st;
	}
	if (new_version)
		*new_version = (int)strtol(db_rows_get(&r, 0, 1), NULL, 10);
	db_rows_free(&r);
	return db_commit(db, err);
}

enum rd_status media_cost_history(struct rd_db *db, const char *code, int cap,
				  struct media_cost_change **out, int *n,
				  struct rd_error *err)
{
	char lim[TEXTCHECK_LL_SIZE];
	const char *params[2] = { code, textcheck_ll(cap, lim) };
	struct db_rows r;
	enum rd_status st;

	*out = NULL;
	*n = 0;
	st = db_query(db,
		      "SELECT to_char(h.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
		      "       h.actor, coalesce(h.new_row, h.old_row) ->> 'month',"
		      "       h.old_row ->> 'amount', h.new_row ->> 'amount',"
		      "       h.reason, h.request_id"
		      "  FROM rd.history h"
		      " WHERE h.table_name = 'media_costs'"
		      "   AND coalesce(h.new_row, h.old_row) ->> 'media_code' = $1"
		      " ORDER BY h.id DESC LIMIT $2::int",
		      2, params, &r, err);
	if (st != RD_OK)
		return st;
	*out = xcalloc((size_t)r.nrows + 1, sizeof(**out));
	for (int i = 0; i < r.nrows; i++) {
		struct media_cost_change *c = &(*out)[i];

		utf8_copy(c->at, sizeof(c->at), text(db_rows_get(&r, i, 0)));
		utf8_copy(c->actor, sizeof(c->actor), text(db_rows_get(&r, i, 1)));
		c->month = to_day(db_rows_get(&r, i, 2));
		c->had_old = db_rows_get(&r, i, 3) != NULL;
		c->old_amount = strtoll(text(db_rows_get(&r, i, 3)), NULL, 10);
		c->new_amount = strtoll(text(db_rows_get(&r, i, 4)), NULL, 10);
		utf8_copy(c->reason, sizeof(c->reason), text(db_rows_get(&r, i, 5)));
		utf8_copy(c->request_id, sizeof(c->request_id), text(db_rows_get(&r, i, 6)));
	}
	*n = r.nrows;
	db_rows_free(&r);
	return RD_OK;
}
