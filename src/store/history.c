/* history.c: the change history read as timelines, records rebuilt as
 * they were, and the supervisors' revert (history.h). */
#include "repeatdesk/history.h"

#include "repeatdesk/history_text.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/date.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/textcheck.h"
#include "repeatdesk/width.h"
#include "repeatdesk/timeouts.h"
#include "repeatdesk/xalloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZONE "(SELECT coalesce((SELECT s.value FROM rd.settings s" \
	     " WHERE s.key = 'business_timezone'), 'Asia/Tokyo'))"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static long long to_ll(const char *s)
{
	return s ? strtoll(s, NULL, 10) : 0;
}

/* ---- resolving what was typed --------------------------------------------- */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

enum rd_status history_resolve(struct rd_db *db, enum history_scope scope,
			       const char *text, long long *id,
			       struct rd_error *err)
{
	const char *params[1] = { text };
	char out[32];
	const char *sql;
	enum rd_status st;
	char q[40];

	*id = 0;
	if (!text || !*text)
		return rd_error_set(err, RD_USAGE, _("say which customer, order, subscription or agent"));
	switch (scope) {
	case HISTORY_CUSTOMER:
		sql = all_digits(text)
			? "SELECT id FROM rd.customers WHERE id = $1::bigint"
			: "SELECT id FROM rd.customers WHERE code = upper($1)";
		break;
	case HISTORY_ORDER:
		sql = all_digits(text)
			? "SELECT id FROM rd.orders WHERE id = $1::bigint"
			: "SELECT id FROM rd.orders WHERE order_no = upper($1)";
		break;
	case HISTORY_SUBSCRIPTION:
		if (!all_digits(text))
			return rd_error_set(err, RD_USAGE, _("a subscription is named by its number, not '%s'"),
					    rd_quote_input(text, strlen(text), q, sizeof(q)));
		sql = "SELECT id FROM rd.subscriptions WHERE id = $1::bigint";
		break;
	case HISTORY_AGENT:
		/* an agent with no row (the admin, a removed login) still has a
		 * history: any login that appears in it counts */
		sql = "SELECT 1 WHERE EXISTS (SELECT 1 FROM rd.agents WHERE login = $1)"
		      " OR EXISTS (SELECT 1 FROM rd.history WHERE actor = $1)";
		break;
	default:
		return rd_error_set(err, RD_INTERNAL, "bad history scope");
	}
	if (strlen(text) > 18 && scope != HISTORY_AGENT && all_digits(text))
		st = RD_NOT_FOUND;
	else
		st = db_query_value(db, sql, 1, params, out, sizeof(out), NULL, err);
	if (st == RD_NOT_FOUND) {
		rd_quote_input(text, strlen(text), q, sizeof(q));
		switch (scope) {
		case HISTORY_CUSTOMER:
			return rd_error_set(err, st, _("no customer %s"), q);
		case HISTORY_ORDER:
			return rd_error_set(err, st, _("no order %s"), q);
		case HISTORY_SUBSCRIPTION:
			return rd_error_set(err, st, _("no subscription %s"), q);
		default:
			return rd_error_set(err, st, _("no agent or change made by %s"), q);
		}
	}
	if (st != RD_OK)
		return st;
	*id = scope == HISTORY_AGENT ? 0 : to_ll(out);
	return RD_OK;
}

/* ---- entries ------------------------------------------------------------------ */

#define ENTRY_COLUMNS \
	"h.id, to_char(h.at AT TIME ZONE " ZONE ", 'YYYY-MM-DD HH24:MI:SS'), h.at::text," \
	" h.actor, coalesce(a.display_name, ''), h.txid, h.table_name, h.row_key, h.op," \
	" h.old_row::text, h.new_row::text, array_to_string(h.changed, ',')," \
	" coalesce(h.reason, ''), coalesce(h.request_id, ''), coalesce(h.customer_id, 0)," \
	" coalesce(h.reverts, 0)," \
	" coalesce((SELECT min(r.id) FROM rd.history r WHERE r.reverts = h.id), 0)," \
	REFS

/* What the ids in a row stand for, as people know them: customers by
 * code, orders by number, agents by name ({"customer_id": {"2":
 * "C0000002"}, ...}); history_entry_words puts them in the words. */
#define REF(col, tbl, words) \
	" '" col "', (SELECT jsonb_object_agg(x.id::text, " words ") FROM rd." tbl " x" \
	"   WHERE x.id = (h.old_row ->> '" col "')::bigint OR x.id = (h.new_row ->> '" col "')::bigint)"
#define REFS \
	" jsonb_strip_nulls(jsonb_build_object(" \
	REF("customer_id", "customers", "x.code") "," \
	REF("order_id", "orders", "x.order_no") "," \
	REF("assignee_id", "agents", "x.display_name") "," \
	REF("from_agent_id", "agents", "x.display_name") "," \
	REF("to_agent_id", "agents", "x.display_name") "," \
	REF("team_id", "teams", "x.name") "," \
	REF("to_team_id", "teams", "x.name") "))::text"

static void entry_from_row(const struct db_rows *r, int i, struct history_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->id = to_ll(db_rows_get(r, i, 0));
	utf8_copy(e->at, sizeof(e->at), db_rows_get(r, i, 1));
	utf8_copy(e->at_key, sizeof(e->at_key), db_rows_get(r, i, 2));
	utf8_copy(e->actor, sizeof(e->actor), db_rows_get(r, i, 3));
	e->actor_name = xstrdup(db_rows_get(r, i, 4));
	e->txid = to_ll(db_rows_get(r, i, 5));
	utf8_copy(e->table, sizeof(e->table), db_rows_get(r, i, 6));
	utf8_copy(e->row_key, sizeof(e->row_key), db_rows_get(r, i, 7));
	utf8_copy(e->op, sizeof(e->op), db_rows_get(r, i, 8));
	e->old_row = dup_or_null(db_rows_get(r, i, 9));
	e->new_row = dup_or_null(db_rows_get(r, i, 10));
	e->changed = xstrdup(db_rows_get(r, i, 11));
	e->reason = xstrdup(db_rows_get(r, i, 12));
	e->request_id = xstrdup(db_rows_get(r, i, 13));
	e->customer_id = to_ll(db_rows_get(r, i, 14));
	e->reverts = to_ll(db_rows_get(r, i, 15));
	e->reverted_by = to_ll(db_rows_get(r, i, 16));
	e->refs = dup_or_null(db_rows_get(r, i, 17));
}


void history_entry_done(struct history_entry *e)
{
	free(e->actor_name);
	free(e->old_row);
	free(e->new_row);
	free(e->changed);
	free(e->reason);
	free(e->request_id);
	free(e->refs);
	memset(e, 0, sizeof(*e));
}

void history_page_free(struct history_page *p)
{
	for (int i = 0; i < p->n; i++)
		history_entry_done(&p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

enum rd_status history_get(struct rd_db *db, long long id,
			   struct history_entry *out, struct rd_error *err)
{
	char ids[24];
	const char *params[1] = { ids };
	struct db_rows r;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	snprintf(ids, sizeof(ids), "%lld", id);
	st = db_query(db, "SELECT " ENTRY_COLUMNS " FROM rd.history h"
		      " LEFT JOIN rd.agents a ON a.login = h.actor WHERE h.id = $1::bigint",
		      1, params, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0)
		st = rd_error_set(err, RD_NOT_FOUND, _("there is no change #%lld in the history"), id);
	else
		entry_from_row(&r, 0, out);
	db_rows_free(&r);
	return st;
}

/* The scope conditions: constant SQL, chosen by the scope; $1 is the id
 * (or the login). Rows of a part name their parent in their own json. */
static const char *scope_sql(enum history_scope scope)
{
	switch (scope) {
	case HISTORY_CUSTOMER:
		return "h.customer_id = $1::bigint";
	case HISTORY_ORDER:
		return "h.customer_id = (SELECT o.customer_id FROM rd.orders o WHERE o.id = $1::bigint)"
		       " AND ((h.table_name = 'orders' AND h.row_key = $1::text)"
		       "   OR (h.table_name IN ('order_lines', 'order_inserts', 'inquiries')"
		       "       AND coalesce(h.new_row, h.old_row) ->> 'order_id' = $1::text))";
	case HISTORY_SUBSCRIPTION:
		return "h.customer_id = (SELECT s.customer_id FROM rd.subscriptions s WHERE s.id = $1::bigint)"
		       " AND ((h.table_name = 'subscriptions' AND h.row_key = $1::text)"
		       "   OR coalesce(h.new_row, h.old_row) ->> 'subscription_id' = $1::text)";
	case HISTORY_AGENT:
	default:
		return "h.actor = $1::text";
	}
}

enum rd_status history_timeline(struct rd_db *db, const struct history_query *q,
				struct history_page *out, struct rd_error *err)
{
	char id[24], since[DATE_ISO_SIZE], until[DATE_ISO_SIZE], after_id[24], lim[16];
	const char *params[8];
	struct sbuf sql;
	struct db_rows r;
	enum rd_status st;
	int limit = q->limit > 0 ? q->limit : 50;

	memset(out, 0, sizeof(*out));
	if (limit > HISTORY_PAGE_MAX)
		return rd_error_set(err, RD_USAGE, _("at most %d changes a page"), HISTORY_PAGE_MAX);
	snprintf(id, sizeof(id), "%lld", q->id);
	snprintf(after_id, sizeof(after_id), "%lld", q->after_id);
	snprintf(lim, sizeof(lim), "%d", limit + 1);
	params[0] = q->scope == HISTORY_AGENT ? q->login : id;
	params[1] = q->table[0] ? q->table : NULL;
	params[2] = q->actor[0] ? q->actor : NULL;
	params[3] = q->since ? date_format_iso(q->since, since) : NULL;
	params[4] = q->until ? date_format_iso(q->until, until) : NULL;
	params[5] = q->after_key[0] ? q->after_key : NULL;
	params[6] = after_id;
	params[7] = lim;

	sbuf_init(&sql);
	sbuf_adds(&sql, "SELECT " ENTRY_COLUMNS " FROM rd.history h"
		  " LEFT JOIN rd.agents a ON a.login = h.actor WHERE ");
	sbuf_adds(&sql, scope_sql(q->scope));
	sbuf_adds(&sql,
		  " AND ($2::text IS NULL OR h.table_name = $2::text)"
		  " AND ($3::text IS NULL OR h.actor = $3::text)"
		  " AND ($4::date IS NULL OR h.at >= ($4::date::timestamp AT TIME ZONE " ZONE "))"
		  " AND ($5::date IS NULL OR h.at < (($5::date + 1)::timestamp AT TIME ZONE " ZONE "))"
		  " AND ($6::timestamptz IS NULL OR (h.at, h.id) < ($6::timestamptz, $7::bigint))"
		  " ORDER BY h.at DESC, h.id DESC LIMIT $8::int");
	st = db_query(db, sql.buf, 8, params, &r, err);
	sbuf_done(&sql);
	if (st != RD_OK)
		return st;
	out->more = r.nrows > limit;
	out->n = r.nrows > limit ? limit : r.nrows;
	out->v = xcalloc((size_t)(out->n ? out->n : 1), sizeof(*out->v));
	for (int i = 0; i < out->n; i++)
		entry_from_row(&r, i, &out->v[i]);
	db_rows_free(&r);
	return RD_OK;
}

/* ---- as of ----------------------------------------------------------------- */

enum rd_status history_time_parse(const char *s, char out[HISTORY_AT_SIZE],
				  struct rd_error *err)
{
	int y, mo, d, h = 0, mi = 0, se = 0;
	char frac[8] = "";
	const char *p;
	char q[40];

	if (!s)
		s = "";
	p = s;
	/* every field is exactly its digits: sscanf's %d would take "-1" */
	if (strlen(p) < 10 || !textcheck_digits(p, 4, &y) || p[4] != '-' ||
	    !textcheck_digits(p + 5, 2, &mo) || p[7] != '-' || !textcheck_digits(p + 8, 2, &d))
		goto bad;
	p += 10;
	if (*p == 'T' || *p == ' ') {
		if (!textcheck_digits(p + 1, 2, &h) || p[3] != ':' || !textcheck_digits(p + 4, 2, &mi))
			goto bad;
		p += 6;
		if (*p == ':') {
			if (!textcheck_digits(p + 1, 2, &se))
				goto bad;
			p += 3;
			if (*p == '.') {
				size_t n = strspn(p + 1, "0123456789");

				if (n < 1 || n > 6)
					goto bad;
				memcpy(frac, p, n + 1);
				frac[n + 1] = '\0';
				p += 1 + n;
			}
		}
	}
	if (*p || !date_ymd_valid(y, mo, d) || h > 23 || mi > 59 || se > 59)
		goto bad;
	snprintf(out, HISTORY_AT_SIZE, "%04d-%02d-%02d %02d:%02d:%02d%s", y, mo, d, h, mi, se, frac);
	return RD_OK;
bad:
	return rd_error_set(err, RD_INVALID,
			    _("'%s' is not a time: type 2026-11-23 or 2026-11-23 10:42"),
			    rd_quote_input(s, strlen(s), q, sizeof(q)));
}

void history_state_free(struct history_state *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->v[i].row);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* As of t: each row of the scope as it is now, unless a change was made
 * to it after t (a transaction counts as after t when any of its rows
 * was written after t): then the first such change's old row, or nothing
 * when that change created it. So rows that were loaded in bulk before
 * the history began are rebuilt too. Fields come in the table's column
 * order. */
#define AS_OF_SQL(CURRENT, BELONGS) \
	"WITH t AS (SELECT ($2::timestamp AT TIME ZONE " ZONE ") AS at)," \
	" cur AS (" CURRENT ")," \
	" hi AS (SELECT DISTINCT ON (h.table_name, h.row_key)" \
	"         h.table_name, h.row_key, h.op, h.old_row" \
	"    FROM rd.history h, t" \
	"   WHERE " BELONGS \
	"     AND (h.at > t.at OR EXISTS (SELECT 1 FROM rd.history l" \
	"                                  WHERE l.txid = h.txid AND l.at > t.at))" \
	"   ORDER BY h.table_name, h.row_key, h.id)," \
	" v AS (SELECT coalesce(c.table_name, hi.table_name) AS table_name," \
	"              coalesce(c.row_key, hi.row_key) AS row_key," \
	"              CASE WHEN hi.op IS NULL THEN" \
	"                        CASE WHEN (c.row ->> 'created_at')::timestamptz <= t.at" \
	"                             THEN c.row END" \
	"                   WHEN hi.op = 'INSERT' THEN NULL" \
	"                   ELSE hi.old_row END AS row" \
	"         FROM cur c FULL JOIN hi ON hi.table_name = c.table_name" \
	"                                AND hi.row_key = c.row_key" \
	"        CROSS JOIN t)" \
	" SELECT v.table_name, v.row_key," \
	"        (SELECT json_object_agg(e.key, e.value ORDER BY a.attnum)" \
	"           FROM jsonb_each(v.row) e" \
	"           LEFT JOIN pg_attribute a ON a.attrelid = ('rd.' || v.table_name)::regclass" \
	"                                   AND a.attname = e.key)::text" \
	"   FROM v WHERE v.row IS NOT NULL"

/* a row as the history keeps it: without its generated columns */
#define ROW(alias, table) \
	"to_jsonb(" alias ") - ARRAY(SELECT a.attname::text FROM pg_attribute a" \
	" WHERE a.attrelid = '" table "'::regclass AND a.attgenerated <> '')"

static const char as_of_customer[] =
	AS_OF_SQL("SELECT 'customers'::text AS table_name, c.id::text AS row_key,"
		  "       " ROW("c", "rd.customers") " AS row"
		  "  FROM rd.customers c WHERE c.id = $1::bigint"
		  " UNION ALL"
		  " SELECT 'customer_addresses', a.id::text, " ROW("a", "rd.customer_addresses")
		  "  FROM rd.customer_addresses a WHERE a.customer_id = $1::bigint",
		  "h.customer_id = $1::bigint"
		  " AND h.table_name IN ('customers', 'customer_addresses')")
	" ORDER BY v.table_name <> 'customers', v.table_name, v.row_key::bigint";

static const char as_of_subscription[] =
	AS_OF_SQL("SELECT 'subscriptions'::text AS table_name, s.id::text AS row_key,"
		  "       to_jsonb(s) AS row"
		  "  FROM rd.subscriptions s WHERE s.id = $1::bigint"
		  " UNION ALL SELECT 'subscription_lines', x.id::text, to_jsonb(x)"
		  "  FROM rd.subscription_lines x WHERE x.subscription_id = $1::bigint"
		  " UNION ALL SELECT 'subscription_skips', x.id::text, to_jsonb(x)"
		  "  FROM rd.subscription_skips x WHERE x.subscription_id = $1::bigint"
		  " UNION ALL SELECT 'subscription_reservations', x.id::text, to_jsonb(x)"
		  "  FROM rd.subscription_reservations x WHERE x.subscription_id = $1::bigint",
		  "h.customer_id = (SELECT s.customer_id FROM rd.subscriptions s"
		  "                  WHERE s.id = $1::bigint)"
		  " AND ((h.table_name = 'subscriptions' AND h.row_key = $1::text)"
		  "   OR (h.table_name IN ('subscription_lines', 'subscription_skips',"
		  "                        'subscription_reservations')"
		  "       AND coalesce(h.new_row, h.old_row) ->> 'subscription_id' = $1::text))")
	" ORDER BY v.table_name <> 'subscriptions', v.table_name, v.row_key::bigint";

enum rd_status history_as_of(struct rd_db *db, enum history_scope scope,
			     long long id, const char *time,
			     struct history_state *out, struct rd_error *err)
{
	char ids[24];
	const char *params[2] = { ids, time };
	struct db_rows r;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	snprintf(ids, sizeof(ids), "%lld", id);
	if (scope != HISTORY_CUSTOMER && scope != HISTORY_SUBSCRIPTION)
		return rd_error_set(err, RD_USAGE, _("as of works for a customer or a subscription"));
	st = db_query(db, scope == HISTORY_CUSTOMER ? as_of_customer : as_of_subscription,
		      2, params, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0 || strcmp(db_rows_get(&r, 0, 0),
				   scope == HISTORY_CUSTOMER ? "customers" : "subscriptions") != 0) {
		db_rows_free(&r);
		return rd_error_set(err, RD_NOT_FOUND, _("it did not exist at %s"), time);
	}
	out->n = r.nrows;
	out->v = xcalloc((size_t)r.nrows, sizeof(*out->v));
	for (int i = 0; i < r.nrows; i++) {
		utf8_copy(out->v[i].table, sizeof(out->v[i].table), db_rows_get(&r, i, 0));
		utf8_copy(out->v[i].row_key, sizeof(out->v[i].row_key), db_rows_get(&r, i, 1));
		out->v[i].row = xstrdup(db_rows_get(&r, i, 2));
	}
	db_rows_free(&r);
	return RD_OK;
}

/* ---- revert ----------------------------------------------------------------- */

enum rd_status history_row_version(struct rd_db *db, long long id, int *version,
				   struct rd_error *err)
{
	char ids[24], out[24];
	const char *params[1] = { ids };
	bool null = false;
	enum rd_status st;

	snprintf(ids, sizeof(ids), "%lld", id);
	st = db_query_value(db, "SELECT rd.history_row_version($1::bigint)", 1, params,
			    out, sizeof(out), &null, err);
	if (st != RD_OK)
		return st;
	*version = null ? -1 : atoi(out);
	return RD_OK;
}

enum rd_status history_revert_plan(struct rd_db *db, long long id,
				   struct history_revert_item *out, int cap,
				   int *n, struct rd_error *err)
{
	char ids[24];
	const char *params[1] = { ids };
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	snprintf(ids, sizeof(ids), "%lld", id);
	st = db_query(db, "SELECT id, table_name, op, coalesce(kind, '')"
		      " FROM rd.history_revert_group($1::bigint)", 1, params, &r, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < r.nrows && i < cap; i++) {
		out[i].id = to_ll(db_rows_get(&r, i, 0));
		utf8_copy(out[i].table, sizeof(out[i].table), db_rows_get(&r, i, 1));
		utf8_copy(out[i].op, sizeof(out[i].op), db_rows_get(&r, i, 2));
		utf8_copy(out[i].kind, sizeof(out[i].kind), db_rows_get(&r, i, 3));
		(*n)++;
	}
	db_rows_free(&r);
	if (*n == 0)
		return rd_error_set(err, RD_NOT_FOUND, _("there is no change #%lld in the history"), id);
	return RD_OK;
}

/* After the database refused: say in words which fields changed again,
 * who changed them and when (the database's own message names columns). */
static void conflict_words(struct rd_db *db, long long id, struct rd_error *err)
{
	char ids[24];
	const char *params[1] = { ids };
	struct db_rows r;
	struct rd_error e2;
	struct sbuf sb;

	snprintf(ids, sizeof(ids), "%lld", id);
	if (db_query(db, "SELECT c.later_id, c.table_name, c.fields, c.actor,"
		     " coalesce(a.display_name, ''), c.at_text, c.already"
		     " FROM rd.history_revert_conflict($1::bigint) c"
		     " LEFT JOIN rd.agents a ON a.login = c.actor", 1, params, &r, &e2) != RD_OK)
		return;
	if (r.nrows == 1) {
		const char *name = db_rows_get(&r, 0, 4);
		char who[200];

		if (*name)
			snprintf(who, sizeof(who), "%s (%s)", name, db_rows_get(&r, 0, 3));
		else
			snprintf(who, sizeof(who), "%s", db_rows_get(&r, 0, 3));
		sbuf_init(&sb);
		if (strcmp(db_rows_get(&r, 0, 6), "t") == 0) {
			sbuf_printf(&sb, _("Change #%lld was already reverted by %s at %s (#%s)."),
				    id, who, db_rows_get(&r, 0, 5), db_rows_get(&r, 0, 0));
		} else {
			const char *table = db_rows_get(&r, 0, 1);

			sbuf_printf(&sb, _("Cannot revert #%lld: %s changed "), id,
				    history_table_label(table));
			history_labels(table, db_rows_get(&r, 0, 2), &sb);
			sbuf_printf(&sb, _(" again at %s (%s, #%s); revert that change first."),
				    db_rows_get(&r, 0, 5), who, db_rows_get(&r, 0, 0));
		}
		rd_error_set(err, RD_REFUSED, "%s", sb.buf);
		sbuf_done(&sb);
	}
	db_rows_free(&r);
}

enum rd_status history_revert(struct rd_db *db, long long id, int version,
			      const char *reason, const char *request_id,
			      long long *new_ids, int cap, int *n,
			      struct rd_error *err)
{
	char ids[24], ver[16];
	const char *params[4] = { ids, reason, request_id, NULL };
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	if (!reason || !*reason)
		return rd_error_set(err, RD_USAGE, _("a revert needs a reason (it is kept in the history)"));
	snprintf(ids, sizeof(ids), "%lld", id);
	if (version >= 0) {
		snprintf(ver, sizeof(ver), "%d", version);
		params[3] = ver;
	}
	if ((st = db_begin(db, reason, request_id, err)) != RD_OK)
		return st;
	st = db_query(db, "SELECT history_id, reverts, current_version"
		      " FROM rd.history_revert($1::bigint, $2, $3, $4::int)", 4, params, &r, err);
	if (st != RD_OK) {
		db_rollback(db);
		if (st == RD_REFUSED)
			conflict_words(db, id, err);
		return st;
	}
	if (r.nrows > 0 && db_rows_get(&r, 0, 0) == NULL) {
		const char *cur = db_rows_get(&r, 0, 2);

		if (cur)
			st = rd_error_set(err, RD_CONFLICT,
					  _("Someone changed this record since you looked (version %s now, you saw %d): look again, then decide."),
					  cur, version);
		else
			st = rd_error_set(err, RD_CONFLICT,
					  _("The record of this change no longer exists."));
		db_rows_free(&r);
		db_rollback(db);
		return st;
	}
	for (int i = 0; i < r.nrows && i < cap; i++)
		new_ids[(*n)++] = to_ll(db_rows_get(&r, i, 0));
	db_rows_free(&r);
	return db_commit(db, err);
}

/* ---- undo a call ------------------------------------------------------------ */

enum rd_status history_undo_target(struct rd_db *db, long long id, long long *call,
				   char *request, struct rd_error *err)
{
	char ids[24];
	const char *params[1] = { ids };
	struct db_rows r;
	enum rd_status st;

	*call = 0;
	request[0] = '\0';
	snprintf(ids, sizeof(ids), "%lld", id);
	st = db_query(db,
		      "SELECT (SELECT e.inquiry_id FROM rd.inquiry_entries e"
		      "          JOIN rd.history l ON l.id = e.history_id"
		      "         WHERE l.txid = h.txid AND l.customer_id = h.customer_id"
		      "           AND e.kind = 'change_link' ORDER BY e.id LIMIT 1),"
		      "       coalesce(h.request_id, '')"
		      "  FROM rd.history h WHERE h.id = $1::bigint",
		      1, params, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0) {
		db_rows_free(&r);
		return rd_error_set(err, RD_NOT_FOUND, _("there is no change #%lld in the history"), id);
	}
	*call = to_ll(db_rows_get(&r, 0, 0));
	utf8_copy(request, HISTORY_REQUEST_SIZE, db_rows_get(&r, 0, 1));
	db_rows_free(&r);
	if (*call <= 0 && !request[0])
		return rd_error_set(err, RD_NOT_FOUND,
				    _("Change #%lld belongs to no call and no request: revert it alone (r)."), id);
	return RD_OK;
}

enum rd_status history_undo_count(struct rd_db *db, const char *request, long long call,
				  int *n, struct rd_error *err)
{
	char cs[24], out[24];
	const char *params[2] = { request && *request ? request : NULL, NULL };
	enum rd_status st;

	if (call > 0) {
		snprintf(cs, sizeof(cs), "%lld", call);
		params[0] = NULL;
		params[1] = cs;
	}
	st = db_query_value(db, "SELECT count(*) FROM rd.history_undo_entries($1, $2::bigint)"
			    " WHERE kind IS DISTINCT FROM 'keep'", 2, params, out, sizeof(out),
			    NULL, err);
	if (st == RD_OK)
		*n = atoi(out);
	return st;
}

/* The refusal in words: one line per later change that stops the undo. */
static int undo_conflict_words(struct rd_db *db, const char *const *params, struct sbuf *why)
{
	struct db_rows r;
	struct rd_error e2;
	int n;

	if (db_query(db, "SELECT c.table_name, c.fields, c.actor, coalesce(a.display_name, ''),"
		     " c.at_text, coalesce(c.later_id::text, '?'),"
		     " CASE c.table_name"
		     "  WHEN 'customers' THEN (SELECT x.code FROM rd.customers x WHERE x.id::text = c.row_key)"
		     "  WHEN 'orders' THEN (SELECT x.order_no FROM rd.orders x WHERE x.id::text = c.row_key)"
		     "  ELSE '' END"
		     " FROM rd.history_undo_conflicts($1, $2::bigint) c"
		     " LEFT JOIN rd.agents a ON a.login = c.actor ORDER BY c.entry_id",
		     2, params, &r, &e2) != RD_OK)
		return 0;
	n = r.nrows;
	for (int i = 0; why && i < r.nrows; i++) {
		const char *table = db_rows_get(&r, i, 0);
		const char *name = db_rows_get(&r, i, 3);
		const char *what = db_rows_get(&r, i, 6);

		sbuf_printf(why, "- %s", history_table_label(table));
		if (what && *what)
			sbuf_printf(why, " %s", what);
		sbuf_adds(why, ": ");
		history_labels(table, db_rows_get(&r, i, 1), why);
		/* TRANSLATORS: "- subscription: next delivery" then this:
		 * who (name and login), when, which change */
		sbuf_printf(why, _(" changed by %s (%s) at %s (#%s)\n"),
			    *name ? name : db_rows_get(&r, i, 2), db_rows_get(&r, i, 2),
			    db_rows_get(&r, i, 4) ? db_rows_get(&r, i, 4) : "?",
			    db_rows_get(&r, i, 5));
	}
	db_rows_free(&r);
	return n;
}

enum rd_status history_undo(struct rd_db *db, const char *request, long long call,
			    const char *reason, const char *request_id,
			    long long *new_ids, int cap, int *n, struct sbuf *why,
			    struct rd_error *err)
{
	char cs[24];
	const char *params[4] = { request && *request ? request : NULL, NULL, reason, request_id };
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	if (!reason || !*reason)
		return rd_error_set(err, RD_USAGE, _("an undo needs a reason (it is kept in the history)"));
	if (call > 0) {
		snprintf(cs, sizeof(cs), "%lld", call);
		params[0] = NULL;
		params[1] = cs;
	}
	if (!params[0] && !params[1])
		return rd_error_set(err, RD_USAGE, _("say which request or call to undo"));
	if ((st = db_begin(db, reason, request_id, err)) != RD_OK)
		return st;
	st = db_query(db, "SELECT history_id, reverts FROM rd.history_undo($1, $2::bigint, $3, $4)",
		      4, params, &r, err);
	if (st != RD_OK) {
		int k;

		db_rollback(db);
		if (st == RD_REFUSED && (k = undo_conflict_words(db, params, why)) > 0)
			rd_error_set(err, RD_REFUSED,
				     _("Cannot undo: %d later change(s) by others touched the same fields; revert them first."),
				     k);
		return st;
	}
	for (int i = 0; i < r.nrows && i < cap; i++)
		new_ids[(*n)++] = to_ll(db_rows_get(&r, i, 0));
	db_rows_free(&r);
	return db_commit(db, err);
}

/* ---- seals -------------------------------------------------------------- */

enum rd_status history_seal(struct rd_db *db, struct history_seal *out,
			    struct rd_error *err)
{
	struct db_rows r;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	/* after a month's shipment run a seal hashes millions of rows: no
	 * statement limit for this transaction alone */
	if ((st = db_begin(db, NULL, NULL, err)) != RD_OK)
		return st;
	if ((st = timeouts_long_job(db, TIMEOUTS_LOCKS_DESK, err)) == RD_OK)
		st = db_query(db, "SELECT seal_id, row_count, first_id, last_id, hash"
			      " FROM rd.history_seal()", 0, NULL, &r, err);
	if (st == RD_OK && (st = db_commit(db, err)) != RD_OK)
		db_rows_free(&r);
	if (st != RD_OK) {
		db_rollback(db);
		return st;
	}
	if (r.nrows == 1) {
		out->sealed = true;
		out->seal_id = to_ll(db_rows_get(&r, 0, 0));
		out->rows = to_ll(db_rows_get(&r, 0, 1));
		out->first_id = to_ll(db_rows_get(&r, 0, 2));
		out->last_id = to_ll(db_rows_get(&r, 0, 3));
		utf8_copy(out->hash, sizeof(out->hash), db_rows_get(&r, 0, 4));
	}
	db_rows_free(&r);
	return RD_OK;
}

enum rd_status history_verify(struct rd_db *db, long long from, struct history_check *out,
			      struct rd_error *err)
{
	char fb[24];
	const char *p[1] = { NULL };
	struct db_rows r;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (from > 0) {
		snprintf(fb, sizeof(fb), "%lld", from);
		p[0] = fb;
	}
	/* the whole chain is read again: no statement limit for this
	 * read-only transaction alone */
	if ((st = db_exec(db, "BEGIN READ ONLY", 0, NULL, NULL, err)) != RD_OK)
		return st;
	if ((st = timeouts_long_job(db, TIMEOUTS_LOCKS_DESK, err)) == RD_OK)
		st = db_query(db, "SELECT seals, rows_checked, coalesce(last_hash, ''),"
			      " coalesce(problem, ''), history_id, seal_id, unsealed"
			      " FROM rd.history_verify($1::bigint)", 1, p, &r, err);
	/* nothing was written: rollback ends it either way */
	db_rollback(db);
	if (st != RD_OK)
		return st;
	if (r.nrows == 1) {
		out->seals = to_ll(db_rows_get(&r, 0, 0));
		out->rows = to_ll(db_rows_get(&r, 0, 1));
		utf8_copy(out->last_hash, sizeof(out->last_hash), db_rows_get(&r, 0, 2));
		utf8_copy(out->problem, sizeof(out->problem), db_rows_get(&r, 0, 3));
		out->history_id = to_ll(db_rows_get(&r, 0, 4));
		out->seal_id = to_ll(db_rows_get(&r, 0, 5));
		out->unsealed = to_ll(db_rows_get(&r, 0, 6));
	}
	db_rows_free(&r);
	return RD_OK;
}
